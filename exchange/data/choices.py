"""Choices of the data-field catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataType(models.TextChoices):
    """How a catalogue field's value is written, so a proposed value can be checked before it travels."""

    TEXT = "text", _("Teks")
    DATE = "date", _("Tanggal (TTTT-BB-HH)")
    INTEGER = "integer", _("Bilangan bulat")
    IDENTIFIER = "identifier", _("Kode/ID referensi")
    NIP = "nip", _("NIP")


class Sensitivity(models.TextChoices):
    """How closely a field is guarded; personal data (UU 27/2022) is masked without the grant."""

    OPEN = "open", _("Terbuka")
    LIMITED = "limited", _("Terbatas (kepegawaian)")
    PERSONAL = "personal", _("Data pribadi")
