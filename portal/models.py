"""Who is who (institutions and their users), the mail outbox and in-portal notifications."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import MailStatus, Role


class Institution(models.Model):
    """A government agency (instansi) that can be a party to agreements; every user belongs to one."""

    name = models.CharField(_("nama"), max_length=255, unique=True)
    short_name = models.CharField(_("singkatan"), max_length=40, unique=True)
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    letter_number_format = models.CharField(
        _("format nomor surat"),
        max_length=120,
        default="{seq}/HKM.07.01/{roman_month}/{year}",
        help_text=_("Gunakan {seq}, {roman_month}, {month} dan {year}."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in; belongs to one institution and holds roles as auth groups."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Kosong hanya untuk administrator sistem."),
    )
    position = models.CharField(_("jabatan"), max_length=255, blank=True)
    phone = models.CharField(_("telepon"), max_length=60, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, role: Role | str) -> bool:
        names = getattr(self, "_role_names", None)
        if names is None:
            names = set(self.groups.values_list("name", flat=True))
            self._role_names = names
        return str(role) in names

    @property
    def is_portal_admin(self) -> bool:
        return self.is_superuser or self.has_role(Role.ADMINISTRATOR)


class OutboxMail(models.Model):
    """One outgoing e-mail. The row is the truth; a Celery message only rings the bell with its id."""

    key = models.CharField(
        _("kunci unik"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Mencegah surel yang sama terkirim dua kali (mis. pengingat per tenggat dan penerima)."),
    )
    kind = models.CharField(_("jenis"), max_length=60, blank=True)
    from_email = models.CharField(_("pengirim"), max_length=255)
    to = models.JSONField(_("kepada"), default=list)
    cc = models.JSONField(_("tembusan"), default=list, blank=True)
    subject = models.CharField(_("perihal"), max_length=998)
    body_text = models.TextField(_("isi (teks)"))
    body_html = models.TextField(_("isi (HTML)"), blank=True)
    headers = models.JSONField(_("header"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MailStatus.choices, default=MailStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("surel keluar")
        verbose_name_plural = _("kotak keluar")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc]


class OutboxAttachment(models.Model):
    """A file that travels with an outgoing e-mail (an .ics, a PDF letter)."""

    mail = models.ForeignKey(OutboxMail, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()

    class Meta:
        verbose_name = _("lampiran surel")
        verbose_name_plural = _("lampiran surel")

    def __str__(self) -> str:
        return self.filename


class Notification(models.Model):
    """A line under the bell: something happened that this user should see; once per (user, key)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=255)
    title = models.CharField(_("judul"), max_length=255)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
