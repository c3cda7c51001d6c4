"""Pasal 9 and UU 27/2022 (pelindungan data pribadi): the acknowledgement of the confidentiality duties
before personal data, and the register of disclosures outside the agreement."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.privacy.choices import DisclosureBasis


class Acknowledgement(models.Model):
    """A user's acknowledgement of the confidentiality duties on one agreement (Pasal 9 ayat (5)), with the
    version of the text acknowledged and when. Until one exists for the current text, the personal-data
    right on that agreement is withheld whatever the user's grants."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("perjanjian"), on_delete=models.PROTECT, related_name="+"
    )
    text_version = models.CharField(_("versi naskah"), max_length=20)
    acknowledged_at = models.DateTimeField(_("waktu pernyataan"), default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at", "-id"]
        verbose_name = _("pernyataan kerahasiaan")
        verbose_name_plural = _("pernyataan kerahasiaan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agreement", "text_version"], name="acknowledged_once_per_text"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.agreement_id}:{self.text_version}"


class Disclosure(models.Model):
    """One disclosure of data outside the agreement (Pasal 9 ayat (3)): on which basis (written consent of
    both parties with its document, a court order, a law), what was disclosed, to whom, who approved it."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("perjanjian"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak yang mengungkapkan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    basis = models.CharField(_("dasar pengungkapan"), max_length=10, choices=DisclosureBasis.choices)
    basis_reference = models.CharField(
        _("nomor dasar"),
        max_length=200,
        help_text=_("Nomor surat persetujuan, putusan/penetapan pengadilan, atau pasal peraturan."),
    )
    document = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("dokumen dasar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    what = models.TextField(_("data yang diungkapkan"))
    recipient = models.CharField(_("penerima"), max_length=300)
    disclosed_on = models.DateField(_("tanggal pengungkapan"))
    approved_by = models.CharField(_("disetujui oleh"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("dicatat"), default=timezone.now)

    class Meta:
        ordering = ["-disclosed_on", "-id"]
        verbose_name = _("pengungkapan data")
        verbose_name_plural = _("register pengungkapan data")

    def __str__(self) -> str:
        return f"{self.disclosed_on} → {self.recipient}"


class SubjectAccessRequest(models.Model):
    """A data subject's request to know who saw or received their data (UU PDP Pasal 32), to be answered
    within 3 x 24 hours of its receipt with the subject access report (a numbered PDF). The NIP is personal
    data: it is shown only to who holds the personal-data right, never put in an address or a log."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("perjanjian"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak yang menangani"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    nip = models.CharField(_("NIP"), max_length=18)
    requester = models.CharField(_("pemohon"), max_length=200)
    received_at = models.DateTimeField(_("diterima"))
    due_at = models.DateTimeField(_("batas jawaban"), db_index=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("petugas"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("nomor laporan"), max_length=120, blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    document = models.ForeignKey(
        "agreements.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("permintaan akses subjek data")
        verbose_name_plural = _("permintaan akses subjek data")

    def __str__(self) -> str:
        return f"{self.pk}: {self.requester}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
