from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenState(models.TextChoices):
    """What the portal knows of one SIASN token as of now."""

    MISSING = "missing", _("belum ada")
    VALID = "valid", _("berlaku")
    EXPIRING = "expiring", _("segera kedaluwarsa")
    EXPIRED = "expired", _("kedaluwarsa")
