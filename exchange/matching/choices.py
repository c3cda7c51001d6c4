"""Choices of pemadanan: the run's status, the outcome per person and the rule that decided it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exchange.matching import engine


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class Outcome(models.TextChoices):
    PADAN = engine.PADAN, _("Padan")
    TIDAK_PADAN = engine.TIDAK_PADAN, _("Tidak padan")
    HANYA_KIRI = engine.HANYA_KIRI, _("Hanya di data pertama")
    HANYA_KANAN = engine.HANYA_KANAN, _("Hanya di data pembanding")
    GANDA = engine.GANDA, _("Ganda")
    NIP_TIDAK_VALID = engine.NIP_TIDAK_VALID, _("NIP tidak valid")


class Rule(models.TextChoices):
    NIP = engine.RULE_NIP, _("Dipasangkan menurut NIP")
    NAME_DATE = engine.RULE_NAME_DATE, _("Dipasangkan menurut nama dan tanggal lahir")
    FUZZY = engine.RULE_FUZZY, _("Dipasangkan menurut kemiripan nama dan tanggal lahir")
    NIP_DUPLICATE = engine.RULE_NIP_DUPLICATE, _("NIP tercatat lebih dari sekali")
    NAME_DUPLICATE = engine.RULE_NAME_DUPLICATE, _("Nama dan tanggal lahir sama dengan rekaman lain")
    NIP_STRUCTURE = engine.RULE_NIP_STRUCTURE, _("Susunan NIP tidak sah")
    NIP_BIRTH = "nip_vs_tgl_lahir", _("Tanggal lahir tidak sesuai dengan NIP")
    NIP_TMT = "nip_vs_tmt_cpns", _("TMT CPNS tidak sesuai dengan NIP")
    NIP_SEX = "nip_vs_jenis_kelamin", _("Jenis kelamin tidak sesuai dengan NIP")
    UNPAIRED = engine.RULE_UNPAIRED, _("Tidak ditemukan pasangannya")
