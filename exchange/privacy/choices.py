from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureBasis(models.TextChoices):
    """The only grounds on which data may leave the agreement (Pasal 9 ayat (3))."""

    CONSENT = "consent", _("Persetujuan tertulis PARA PIHAK")
    COURT = "court", _("Perintah pengadilan")
    LAW = "law", _("Ketentuan peraturan perundang-undangan")
