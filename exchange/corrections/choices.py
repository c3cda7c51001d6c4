"""Choices of the correction proposals: their flow, sides, comments and the kinds of personal-data read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    REVIEW = "review", _("Diproses")
    INFO_NEEDED = "info_needed", _("Perlu kelengkapan")
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Ditolak")
    APPLIED = "applied", _("Sudah diperbaiki")
    CLOSED = "closed", _("Ditutup")
    WITHDRAWN = "withdrawn", _("Ditarik")


class Side(models.TextChoices):
    """Which end of a proposal a user stands on."""

    PROPOSER = "proposer", _("Pihak pengusul")
    RECEIVER = "receiver", _("Pihak penerima")


class CommentVisibility(models.TextChoices):
    SHARED = "shared", _("Dibagikan kepada pihak lain")
    INTERNAL = "internal", _("Catatan internal")


class ProposalEventKind(models.TextChoices):
    CREATED = "created", _("Draf dibuat")
    UPDATED = "updated", _("Draf diubah")
    SUBMITTED = "submitted", _("Diajukan")
    TAKEN = "taken", _("Diambil untuk ditangani")
    ASSIGNED = "assigned", _("Ditugaskan")
    REVIEW_STARTED = "review_started", _("Mulai diproses")
    INFO_REQUESTED = "info_requested", _("Kelengkapan diminta")
    INFO_PROVIDED = "info_provided", _("Kelengkapan disampaikan")
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Ditolak")
    APPLIED = "applied", _("Perbaikan diterapkan")
    CLOSED = "closed", _("Ditutup")
    WITHDRAWN = "withdrawn", _("Ditarik")
    COMMENTED = "commented", _("Komentar")
    EVIDENCE_ADDED = "evidence_added", _("Bukti diunggah")


class AccessAction(models.TextChoices):
    """Where personal data of a proposal was read (Pasal 9: the access log of every personal-data read)."""

    DETAIL = "detail", _("Membuka rincian usulan")
    LIST = "list", _("Daftar usulan")
    SEARCH = "search", _("Pencarian NIP/nama")
    EXPORT = "export", _("Ekspor XLSX")
    EVIDENCE = "evidence", _("Mengunduh bukti")


class ImportStatus(models.TextChoices):
    """Where an XLSX import of proposals stands: queued, being written by a worker, or finished."""

    QUEUED = "queued", _("Menunggu giliran")
    RUNNING = "running", _("Sedang diproses")
    DONE = "done", _("Selesai")
    REFUSED = "refused", _("Ditolak; tidak ada yang disimpan")
    FAILED = "failed", _("Gagal; tidak ada yang disimpan")
