from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The four roles of the portal, kept as auth groups so administrators can grant them in the admin."""

    STAF = "Staf", _("Staf")
    PENGHUBUNG = "Petugas penghubung", _("Petugas penghubung")
    PIMPINAN = "Pimpinan", _("Pimpinan")
    ADMINISTRATOR = "Administrator", _("Administrator")


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Antre")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    KEPT = "kept", _("Disimpan di kotak keluar (tanpa SMTP)")
    FAILED = "failed", _("Gagal")


class DeadlineStatus(models.TextChoices):
    """Where a deadline stands as of a day."""

    UPCOMING = "upcoming", _("Akan datang")
    TODAY = "today", _("Hari ini")
    OVERDUE = "overdue", _("Terlambat")
    SUSPENDED = "suspended", _("Ditangguhkan (keadaan kahar)")
    DONE = "done", _("Selesai")
    PASSED = "passed", _("Telah lewat")
