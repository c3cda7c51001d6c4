from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    """Where a report run stands: the figures are computed in the background, then the party reviews them."""

    QUEUED = "queued", _("menunggu")
    RUNNING = "running", _("disusun")
    DRAFT = "draft", _("konsep")
    ISSUED = "issued", _("diterbitkan")
    FAILED = "failed", _("gagal")


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", _("terjadwal (periode berakhir)")
    MANUAL = "manual", _("diminta pengguna")
