"""Who is who (institutions and their users), the mail outbox, in-portal notifications, and the reminder
machinery: policies per deadline kind, users' preferences, the sent-reminder ledger and calendar feeds."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from portal.choices import (
    MailStatus,
    Role,
)
from portal.lib.stored_text import render
from portal.registry import deadline_kind_choices, registry


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
    logo = models.ImageField(
        _("logo"),
        upload_to="institutions/logos/",
        blank=True,
        help_text=_("Lambang untuk kop surat: PNG atau JPEG."),
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
    # The language the user last chose with the language switch: mails and bell lines written for them by
    # other people's actions are rendered in it. Empty: the portal's language.
    language = models.CharField(_("bahasa"), max_length=8, choices=settings.LANGUAGES, blank=True)

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
    def mail_language(self) -> str:
        """The language of what is written to this user (mails, reminders)."""
        return self.language or settings.LANGUAGE_CODE

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
    # The subject as a message with parameters (portal.lib.stored_text), shown in the reader's language;
    # the mail itself goes out with `subject`.
    subject_message = models.JSONField(default=dict, blank=True)
    body_text = models.TextField(_("isi (teks)"))
    body_html = models.TextField(_("isi (HTML)"), blank=True)
    headers = models.JSONField(_("header"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MailStatus.choices, default=MailStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The sender holding the mail (a random token) and until when; the sender renews the lease while it
    # talks to the SMTP server, a crashed sender's mail goes back to the queue once the lease lapses.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("surel keluar")
        verbose_name_plural = _("kotak keluar")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.subject_text

    @property
    def subject_text(self) -> str:
        return render(self.subject_message, self.subject)

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

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("pengguna"),
    )
    key = models.CharField(max_length=255)
    title = models.CharField(_("judul"), max_length=255)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    # Title and body as messages with parameters ({"title": ..., "body": ...}, portal.lib.stored_text),
    # rendered in the reader's language; empty on rows written before, which show `title` and `body`.
    message = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title_text

    @property
    def title_text(self) -> str:
        return render(self.message.get("title"), self.title)

    @property
    def body_text(self) -> str:
        return render(self.message.get("body"), self.body)


DEFAULT_DAYS_BEFORE = (60, 30, 14, 7, 1)
MAX_DAYS_BEFORE = 366


@dataclass(frozen=True)
class Milestone:
    """One moment a reminder is due: some days before the deadline, on the day, or a week into overdue."""

    code: str  # "h-30", "h", "h+7": part of the once-only key, never reworded
    on: date


class ReminderPolicy(models.Model):
    """When reminders of one kind of deadline go out; administrators edit it, a migration seeds defaults."""

    kind = models.CharField(_("jenis tenggat"), max_length=30, choices=deadline_kind_choices, unique=True)
    days_before = models.JSONField(
        _("hari sebelum tenggat"),
        default=list,
        blank=True,
        help_text=_("Mis. 60, 30, 14, 7, 1: pengingat dikirim sekian hari sebelum tenggat."),
    )
    on_the_day = models.BooleanField(_("pada hari tenggat"), default=True)
    overdue_every_days = models.PositiveSmallIntegerField(
        _("ulangi tiap (hari) selama terlambat"),
        default=7,
        help_text=_("0 berarti tidak ada pengingat setelah tenggat lewat."),
    )
    overdue_limit = models.PositiveSmallIntegerField(
        _("batas pengingat keterlambatan"),
        default=4,
        help_text=_("Pengingat keterlambatan berhenti setelah sekian kali; 0 berarti tanpa batas."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("kebijakan pengingat")
        verbose_name_plural = _("kebijakan pengingat")

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_legal(self) -> bool:
        return registry.deadlines.is_legal(self.kind)

    def clean(self) -> None:
        days = self.days_before
        if not isinstance(days, list) or not all(isinstance(d, int) for d in days):
            raise ValidationError({"days_before": _("Isi dengan bilangan bulat hari, dipisahkan koma.")})
        if any(d < 1 or d > MAX_DAYS_BEFORE for d in days):
            raise ValidationError(
                {"days_before": _("Setiap nilai harus antara 1 dan %(max)s hari.") % {"max": MAX_DAYS_BEFORE}}
            )
        self.days_before = sorted(set(days), reverse=True)
        if self.is_legal and not self.is_active:
            raise ValidationError({"is_active": _("Pengingat tenggat hukum tidak dapat dimatikan.")})
        if self.is_legal and not (self.days_before or self.on_the_day):
            raise ValidationError(
                _("Tenggat hukum memerlukan paling sedikit satu pengingat sebelum atau pada harinya.")
            )

    def milestones_until(self, due: date, today: date, *, may_be_overdue: bool) -> list[Milestone]:
        """Every milestone of a deadline due on `due` that has come by `today`, in date order."""
        found = [
            Milestone(f"h-{d}", due - timedelta(days=d)) for d in sorted(set(self.days_before), reverse=True)
        ]
        if self.on_the_day:
            found.append(Milestone("h", due))
        if may_be_overdue and self.overdue_every_days and today > due:
            weeks = (today - due).days // self.overdue_every_days
            if self.overdue_limit:
                weeks = min(weeks, self.overdue_limit)
            every = self.overdue_every_days
            found += [
                Milestone(f"h+{k * every}", due + timedelta(days=k * every)) for k in range(1, weeks + 1)
            ]
        return [m for m in found if m.on <= today]

    def current_milestone(self, due: date, today: date, *, may_be_overdue: bool) -> Milestone | None:
        """The latest milestone that has come: the only one a run on `today` may send.

        Run daily, that is each milestone on its own day; run once after a gap, the missed milestones
        collapse into the most recent one, so a deadline never gets a burst and never gets nothing.
        Past the overdue limit nothing more is due: the last overdue reminder was the last one.
        """
        reached = self.milestones_until(due, today, may_be_overdue=may_be_overdue)
        if not reached:
            return None
        last = reached[-1]
        if last.code.startswith("h+") and (today - last.on).days >= self.overdue_every_days:
            return None  # the limit stopped the overdue reminders; this day is not one of them
        return last


class ReminderPreference(models.Model):
    """What one user wants from reminders: kinds muted (never a legal one) and the weekly digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
        verbose_name=_("pengguna"),
    )
    muted_kinds = models.JSONField(_("jenis yang dibisukan"), default=list, blank=True)
    # On by default: a Pimpinan without a preference row gets the digest too (portal.reminders).
    weekly_digest = models.BooleanField(_("ringkasan mingguan"), default=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("preferensi pengingat")
        verbose_name_plural = _("preferensi pengingat")

    def __str__(self) -> str:
        return str(self.user)

    def mutes(self, kind: str) -> bool:
        return not registry.deadlines.is_legal(kind) and kind in self.muted_kinds

    def clean(self) -> None:
        if any(registry.deadlines.is_legal(kind) for kind in self.muted_kinds):
            raise ValidationError({"muted_kinds": _("Pengingat tenggat hukum tidak dapat dibisukan.")})
        unknown = set(self.muted_kinds) - set(registry.deadlines.codes())
        if unknown:
            raise ValidationError({"muted_kinds": _("Jenis tenggat tidak dikenal.")})


class SentReminder(models.Model):
    """The ledger of reminders: one row per (deadline, milestone, recipient), so each goes out once."""

    deadline_key = models.CharField(_("kunci tenggat"), max_length=200)
    milestone = models.CharField(_("tahap"), max_length=16)
    recipient = models.EmailField(_("penerima"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    kind = models.CharField(_("jenis tenggat"), max_length=30, choices=deadline_kind_choices)
    agreement_id = models.PositiveBigIntegerField(_("perjanjian"), null=True, blank=True, db_index=True)
    deadline_on = models.DateField(_("tenggat"))
    sent_on = models.DateField(_("hari pengiriman"))
    mail = models.ForeignKey(
        OutboxMail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("surel"),
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline_key", "milestone", "recipient"],
                name="reminder_once_per_milestone_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline_key} {self.milestone}"


class ReminderCursor(models.Model):
    """How far the reminder sweeper has read the agreements' event log.

    Every service that changes an agreement writes an event row in the same transaction; the sweeper reads
    the rows past this mark and looks at those agreements' reminders at once. The event row is the durable
    request: with the broker away nothing is lost, the next sweep finds it.
    """

    name = models.CharField(max_length=60, unique=True)
    last_event_id = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penanda pengingat")
        verbose_name_plural = _("penanda pengingat")

    def __str__(self) -> str:
        return f"{self.name}: {self.last_event_id}"


def _new_public_id() -> str:
    return secrets.token_urlsafe(12)


def _new_nonce() -> str:
    return secrets.token_hex(32)


class CalendarFeedToken(models.Model):
    """A user's secret calendar feed link; revoking it (or making a new one) kills the old link at once.

    The link is the public id plus an HMAC of it under the site's secret key: the database alone (a backup,
    a leak) never holds a working link, yet the user can see the link again at any time.
    """

    SALT = "portal.calendar-feed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("pengguna"),
    )
    public_id = models.CharField(max_length=32, unique=True, default=_new_public_id, editable=False)
    nonce = models.CharField(max_length=64, default=_new_nonce, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tautan kalender")
        verbose_name_plural = _("tautan kalender")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="one_live_calendar_feed"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    def _signature(self) -> str:
        return salted_hmac(self.SALT, f"{self.public_id}:{self.nonce}", algorithm="sha256").hexdigest()[:40]

    @property
    def token(self) -> str:
        return f"{self.public_id}.{self._signature()}"

    def matches(self, token: str) -> bool:
        return self.revoked_at is None and constant_time_compare(token, self.token)


class DailyJobRun(models.Model):
    """One day's run of a daily job (the 07:00 reminders): written when the run is claimed, finished after.

    The beat rings the job often; a day's run happens once, whichever tick or worker comes first after the
    job's hour, so a broker outage at 07:00 only delays the run. Days missed entirely are run in order the
    next time, so what fell due on them (a milestone overtaken by the next one) still goes out.
    """

    job = models.CharField(_("tugas"), max_length=60)
    day = models.DateField(_("hari"))
    claimed_at = models.DateTimeField(_("diambil"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    summary = models.CharField(_("ringkasan"), max_length=255, blank=True)

    class Meta:
        ordering = ["-day", "job"]
        verbose_name = _("jalannya tugas harian")
        verbose_name_plural = _("jalannya tugas harian")
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="daily_job_once_per_day")]

    def __str__(self) -> str:
        return f"{self.job} {self.day:%Y-%m-%d}"


class AdminEvent(models.Model):
    """One change made in the portal's administration (an institution, a user): who, when, what.

    Written by the administration services in the change's own transaction; never edited or deleted.
    `changes` maps each changed field to its old and new value as shown to people (never a password).
    """

    class Kind(models.TextChoices):
        INSTITUTION_CREATED = "institution_created", _("Instansi ditambahkan")
        INSTITUTION_UPDATED = "institution_updated", _("Instansi diubah")
        USER_INVITED = "user_invited", _("Pengguna diundang")
        USER_UPDATED = "user_updated", _("Pengguna diubah")
        USER_DEACTIVATED = "user_deactivated", _("Pengguna dinonaktifkan")
        USER_ACTIVATED = "user_activated", _("Pengguna diaktifkan kembali")
        INVITATION_RESENT = "invitation_resent", _("Undangan dikirim ulang")

    occurred_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("jenis"), max_length=24, choices=Kind.choices)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("instansi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.CharField(_("ringkasan"), max_length=500)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("riwayat administrasi")
        verbose_name_plural = _("riwayat administrasi")

    def __str__(self) -> str:
        return self.summary
