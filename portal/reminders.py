"""Reminders: who is told about which deadline, when, and how it is made sure they are told only once.

One service runs the day's reminders (`reminders_send_daily`), used by the 07:00 beat job and by
`manage.py send_reminders`. For each open deadline it takes the *current milestone* of its kind's policy
(the latest one that has come, see ReminderPolicy.current_milestone); then each recipient gets ONE mail
for the day, listing every deadline that reached a milestone, grouped by agreement, legal clocks first,
with (once a week, for a Pimpinan) the weekly digest in the same mail. Per recipient, in one transaction:
a ledger row per (deadline, milestone, recipient), the mail, a bell line per deadline. The ledger's unique
(deadline, milestone, recipient) makes a second run, a second worker or a redelivered task a no-op.

The beat rings the job every few minutes; `reminders_send_daily_catching_up` runs each day since the last
recorded run once (portal.jobs.DailyJobRun), so a missed 07:00 is made up day by day. Dues entered after
their date (a historical agreement) remind nobody; overdue reminders stop after the policy's limit.

A sweeper (every minute) does the same at once for agreements whose clocks just changed, reading the
change feeds the apps registered (the agreements' event log): a force majeure recorded in a request is
reminded about without the request ever touching the broker.

Recipients: each kind of deadline names its audience in the registry (the agreements: the Pimpinan of the
owing institution and the party's Pasal 8 contacts valid that day; correction proposals: the assignee or the
receiving party's liaison officers). This module resolves them to addresses, users and their mutes. Users
may mute kinds that are not legal notices.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from portal.calendar_feed import deadlines_ical
from portal.choices import DeadlineStatus, Role
from portal.deadlines import Deadline, deadlines_all, deadlines_for
from portal.jobs import daily_job_run
from portal.lib.stored_text import Keyed, as_written, counted, day_of, keyed, keyed_plural, term, texts
from portal.models import (
    DEFAULT_DAYS_BEFORE,
    Milestone,
    OutboxMail,
    ReminderCursor,
    ReminderPolicy,
    ReminderPreference,
    SentReminder,
    User,
)
from portal.registry import Addressee, ChangeFeed, InstitutionRole, Mailbox, PortalUser, registry
from portal.services import Attachment, mail_enqueue, notification_create

logger = logging.getLogger(__name__)

DIGEST_HORIZON_DAYS = 30
# The weekly digest's rows in the reminder ledger (never renamed: they are the once-a-week keys).
DIGEST_KIND = "digest"
DIGEST_MILESTONE = "week"
# The daily job's name in the last-run record (DailyJobRun) and its hour, Asia/Jakarta.
DAILY_JOB = "reminders"
DAILY_AT = time(7, 0)
EVENT_SETTLE = timedelta(seconds=60)
EVENT_BATCH = 2000


@dataclass
class ReminderReport:
    """What one run did, in numbers (never names or addresses: it goes to logs and task results)."""

    today: date
    deadlines: int = 0
    due: int = 0
    sent: int = 0
    already: int = 0
    muted: int = 0
    without_recipient: int = 0
    digests: int = 0
    mails: int = 0
    recorded_late: int = 0

    def summary(self) -> str:
        return (
            f"{self.today.isoformat()}: {self.sent} pengingat baru dalam {self.mails} surel, "
            f"{self.already} sudah terkirim, {self.muted} dibisukan, {self.without_recipient} tanpa "
            f"penerima, {self.digests} ringkasan, {self.recorded_late} dicatat setelah jatuh tempo "
            f"({self.due} dari {self.deadlines} tenggat terbuka mencapai tahap pengingat)"
        )


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    user: User | None = field(default=None, compare=False)

    @property
    def language(self) -> str:
        """A portal user's chosen language; an address the portal only keeps gets the portal's."""
        return self.user.mail_language if self.user is not None else settings.LANGUAGE_CODE


# --- Policies and preferences --------------------------------------------------------------------------


def default_policy(kind: str) -> ReminderPolicy:
    return ReminderPolicy(
        kind=kind, days_before=list(DEFAULT_DAYS_BEFORE), on_the_day=True, overdue_every_days=7
    )


def policies() -> dict[str, ReminderPolicy]:
    """The policy of every kind; a kind without a row (deleted by hand) falls back to the defaults."""
    found = {p.kind: p for p in ReminderPolicy.objects.all()}
    return {kind: found.get(kind) or default_policy(kind) for kind in registry.deadlines.codes()}


@transaction.atomic
def policy_save(*, policy: ReminderPolicy, acting_user: User) -> ReminderPolicy:
    """An administrator changes when reminders of one kind go out."""
    policy.full_clean()
    policy.updated_by = acting_user
    policy.save()
    logger.info("Reminder policy %s changed by user %s", policy.kind, acting_user.pk)
    return policy


def preference_of(user: User) -> ReminderPreference:
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


@transaction.atomic
def preference_update(
    *, acting_user: User, muted_kinds: Iterable[str], weekly_digest: bool
) -> ReminderPreference:
    """A user mutes kinds of reminders (never a legal notice) and opts in or out of the weekly digest."""
    preference, _created = ReminderPreference.objects.select_for_update().get_or_create(user=acting_user)
    preference.muted_kinds = sorted(set(muted_kinds))
    preference.weekly_digest = bool(weekly_digest) and acting_user.has_role(Role.PIMPINAN)
    preference.full_clean()
    preference.save()
    return preference


# --- Recipients --------------------------------------------------------------------------------------


def _normal(email: str) -> str:
    return email.strip().lower()


def _address_hash(email: str) -> str:
    """Keys name recipients by a hash, so the outbox key column holds no address."""
    return hashlib.sha256(_normal(email).encode()).hexdigest()[:20]


class RecipientBook:
    """The people to remind for a batch of deadlines, loaded in a fixed number of queries.

    Each deadline's kind names its audience (registered by the app that owns the clock); an audience is
    asked once for the whole batch and answers, per deadline, with addressees: the users of a role in an
    institution, one user, or an address the app keeps. A kept address that belongs to a portal user is
    that user: one mail, a bell line, their mutes.
    """

    def __init__(self, deadlines: Sequence[Deadline], today: date):
        self.today = today
        by_audience: dict[object, list[Deadline]] = defaultdict(list)
        for deadline in deadlines:
            by_audience[registry.deadlines.kind(deadline.kind).audience].append(deadline)
        self.addressees: dict[str, list[Addressee]] = {}
        for audience, batch in by_audience.items():
            of = audience(batch, today)
            for deadline in batch:
                self.addressees[deadline.key] = list(of(deadline))
        wanted = [a for found in self.addressees.values() for a in found]
        self.by_role = self._users_by_role({a for a in wanted if isinstance(a, InstitutionRole)})
        user_ids = {a.user_id for a in wanted if isinstance(a, PortalUser)}
        self.users = (
            {u.pk: u for u in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="")}
            if user_ids
            else {}
        )
        emails = {_normal(a.email) for a in wanted if isinstance(a, Mailbox)}
        self.users_by_email: dict[str, User] = {}
        if emails:
            users = User.objects.annotate(email_lower=Lower("email")).filter(
                is_active=True, email_lower__in=emails
            )
            for user in users.order_by("pk"):
                self.users_by_email.setdefault(_normal(user.email), user)
        known = {u.pk for us in self.by_role.values() for u in us}
        known |= set(self.users) | {u.pk for u in self.users_by_email.values()}
        self.preferences = {p.user_id: p for p in ReminderPreference.objects.filter(user_id__in=known)}

    @staticmethod
    def _users_by_role(wanted: set[InstitutionRole]) -> dict[InstitutionRole, list[User]]:
        """One query per role, whatever the number of institutions."""
        found: dict[InstitutionRole, list[User]] = defaultdict(list)
        institutions: dict[str, set[int]] = defaultdict(set)
        for addressee in wanted:
            institutions[addressee.role].add(addressee.institution_id)
        for role, institution_ids in sorted(institutions.items()):
            users = User.objects.filter(
                institution_id__in=institution_ids, is_active=True, groups__name=role
            ).exclude(email="")
            for user in users.order_by("pk").distinct():
                found[InstitutionRole(user.institution_id, role)].append(user)
        return found

    def for_deadline(self, deadline: Deadline) -> list[Recipient]:
        found: dict[str, Recipient] = {}

        def add(email: str, name: str, user: User | None) -> None:
            email = _normal(email)
            if email and (email not in found or (user and not found[email].user)):
                found[email] = Recipient(email=email, name=name, user=user)

        def add_user(user: User) -> None:
            add(user.email, user.get_full_name() or user.username, user)

        for addressee in self.addressees.get(deadline.key, ()):
            if isinstance(addressee, InstitutionRole):
                for user in self.by_role.get(addressee, ()):
                    add_user(user)
            elif isinstance(addressee, PortalUser):
                if addressee.user_id in self.users:
                    add_user(self.users[addressee.user_id])
            elif (user := self.users_by_email.get(_normal(addressee.email))) is not None:
                add_user(user)
            else:
                add(addressee.email, addressee.name, None)
        return list(found.values())

    def mutes(self, recipient: Recipient, kind: str) -> bool:
        if recipient.user is None or registry.deadlines.is_legal(kind):
            return False
        preference = self.preferences.get(recipient.user.pk)
        return bool(preference and preference.mutes(kind))


# --- The mail -----------------------------------------------------------------------------------------


def _render(name: str, context: dict, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        subject = render_to_string(f"emails/{name}-subject.txt", context)
        text = render_to_string(f"emails/{name}-body-text.txt", context)
        html = render_to_string(f"emails/{name}-body-html.html", context)
    return " ".join(subject.split()), text, html


def reminder_subject(item: Item, translations: Translations) -> Keyed:
    """The subject of one reminder and its bell line, kept as a message so that it shows in the reader's
    language: 'Pengingat PKS 26/...: Batas pemberitahuan ... — 8 September 2025 (30 hari lagi)'."""
    deadline = item.deadline
    return keyed(
        gettext_noop("Terlambat %(agreement)s: %(title)s — %(day)s (%(when)s)")
        if item.overdue
        else gettext_noop("Pengingat %(agreement)s: %(title)s — %(day)s (%(when)s)"),
        agreement=deadline.agreement.label,
        title=translations.of(deadline, "title"),
        day=day_of(deadline.date),
        when=translations.of(deadline, "when_label"),
    )


def reminders_subject(items: Sequence[Item], translations: Translations) -> Keyed:
    """The subject of a mail of several reminders, kept as a message: 'Pengingat 3 tenggat pada 2 perjanjian:
    <the first one's title> — <its agreement>, <date> (<when>)'."""
    groups = _groups(items)
    first = groups[0].items[0].deadline
    params = {
        "lead": term(
            gettext_noop("Terlambat") if any(i.overdue for i in items) else gettext_noop("Pengingat")
        ),
        "count": counted(gettext_noop("%(n)s tenggat"), gettext_noop("%(n)s tenggat"), len(items)),
        "title": translations.of(first, "title"),
        "agreement": first.agreement.label,
        "day": day_of(first.date),
        "when": translations.of(first, "when_label"),
    }
    if len(groups) > 1:
        spread = counted(
            gettext_noop("pada %(n)s perjanjian"), gettext_noop("pada %(n)s perjanjian"), len(groups)
        )
        return keyed(
            "%(lead)s %(count)s %(spread)s: %(title)s — %(agreement)s, %(day)s (%(when)s)",
            spread=spread,
            **params,
        )
    return keyed("%(lead)s %(count)s: %(title)s — %(agreement)s, %(day)s (%(when)s)", **params)


def digest_subject(today: date, total: int) -> Keyed:
    """The subject of a weekly digest on its own, kept as a message."""
    return keyed_plural(
        gettext_noop("Ringkasan mingguan Portal PKS %(day)s: %(n)s tenggat"),
        gettext_noop("Ringkasan mingguan Portal PKS %(day)s: %(n)s tenggat"),
        "n",
        day=day_of(today),
        n=total,
    )


def reminder_message(deadline: Deadline, milestone: Milestone, recipient: Recipient) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one reminder, in the active language (the deadline's own)."""
    context = {
        "deadline": deadline,
        "milestone": milestone,
        "recipient": recipient,
        "site_url": settings.SITE_URL,
        "link": settings.SITE_URL + deadline.url,
        "preferences_link": settings.SITE_URL + reverse("portal:reminder_preferences"),
        "overdue": deadline.status == DeadlineStatus.OVERDUE,
    }
    return _render("reminder", context, translation.get_language())


def _ics(deadline: Deadline) -> Attachment:
    content = deadlines_ical([deadline], name=deadline.agreement.label, method="PUBLISH")
    return Attachment(
        f"tenggat-{deadline.date:%Y%m%d}.ics", content, "text/calendar; charset=utf-8; method=PUBLISH"
    )


class Translations:
    """A run's deadlines in each language of the portal. A deadline's title is written in the language it
    was computed in, so a recipient who reads another language gets the deadlines computed again in theirs,
    once per run and only for a language somebody reads."""

    def __init__(self, deadlines: Sequence[Deadline], again: Callable[[], Iterable[Deadline]] | None):
        self.base = translation.get_language() or settings.LANGUAGE_CODE
        self.by_language = {self.base: {d.key: d for d in deadlines}}
        self.again = again

    def _in(self, language: str) -> dict[str, Deadline]:
        if language not in self.by_language:
            if self.again is None:
                return self.by_language[self.base]
            with translation.override(language):
                self.by_language[language] = {d.key: d for d in self.again()}
        return self.by_language[language]

    def deadline(self, deadline: Deadline, language: str) -> Deadline:
        return self._in(language).get(deadline.key, deadline)

    def item(self, item: Item, language: str) -> Item:
        return Item(self.deadline(item.deadline, language), item.milestone)

    def of(self, deadline: Deadline, attribute: str) -> dict[str, dict[str, str]]:
        """A parameter of a kept message: the deadline's `attribute` as written in every language."""
        written = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                written[code] = str(getattr(self.deadline(deadline, code), attribute))
        return texts(written)


@dataclass(frozen=True)
class Item:
    """One deadline that reached a milestone today, for one recipient."""

    deadline: Deadline
    milestone: Milestone

    @property
    def overdue(self) -> bool:
        return self.deadline.status == DeadlineStatus.OVERDUE

    @property
    def urgency(self) -> tuple:
        """Legal clocks first, then what is overdue or nearest."""
        return (not self.deadline.legal, self.deadline.date, self.deadline.key)


@dataclass(frozen=True)
class Group:
    """The items of one agreement in a recipient's daily mail."""

    agreement: object
    items: list[Item]


def _groups(items: Sequence[Item]) -> list[Group]:
    """Items grouped by agreement, the agreement with the most urgent item first (legal clocks first)."""
    by_agreement: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_agreement[item.deadline.agreement.pk].append(item)
    groups = [
        Group(found[0].deadline.agreement, sorted(found, key=lambda i: i.urgency))
        for found in by_agreement.values()
    ]
    return sorted(groups, key=lambda g: g.items[0].urgency)


def daily_message(
    recipient: Recipient, items: Sequence[Item], today: date, outlook: list[Deadline] | None = None
) -> tuple[str, str, str]:
    """Subject, text and HTML of a recipient's one mail of the day: every deadline that reached a milestone
    today, grouped by agreement, and (once a week, for a manager) the outlook of the weekly digest. A mail
    with one deadline and no outlook reads as that deadline's own reminder."""
    if len(items) == 1 and not outlook:
        return reminder_message(items[0].deadline, items[0].milestone, recipient)
    groups = _groups(items)
    context = {
        "recipient": recipient,
        "today": today,
        "groups": groups,
        "first": groups[0].items[0] if groups else None,
        "total": len(items),
        "overdue_count": sum(1 for item in items if item.overdue),
        "site_url": settings.SITE_URL,
        "dashboard_link": settings.SITE_URL + reverse("portal:dashboard"),
        "preferences_link": settings.SITE_URL + reverse("portal:reminder_preferences"),
        "until": today + timedelta(days=DIGEST_HORIZON_DAYS),
        "outlook": _outlook_sections(outlook) if outlook else None,
        "outlook_total": len(outlook or ()),
    }
    subject, text, html = _render("reminders", context, translation.get_language())
    if not items:
        subject = " ".join(render_to_string("emails/digest-only-subject.txt", context).split())
    return subject, text, html


def _outlook_sections(deadlines: list[Deadline]) -> list[tuple[str, list[Deadline], str]]:
    overdue = [d for d in deadlines if d.status == DeadlineStatus.OVERDUE]
    coming = [d for d in deadlines if d.status != DeadlineStatus.OVERDUE]
    return [
        (translation.gettext("Terlambat"), overdue, "#b42318"),
        (translation.gettext("Akan datang"), coming, "#1d2939"),
    ]


def _mail_key(today: date, email: str) -> str:
    """The day's mail of one recipient; a later one the same day (a clock changed) gets a sequence."""
    base = f"reminders:{today.isoformat()}:{_address_hash(email)}"
    earlier = OutboxMail.objects.filter(key__startswith=base).count()
    return base if not earlier else f"{base}:{earlier + 1}"


def _claim(item: Item, recipient: Recipient, today: date) -> SentReminder | None:
    """The ledger row of one (deadline, milestone, recipient); None when another run wrote it first."""
    deadline = item.deadline
    try:
        with transaction.atomic():
            return SentReminder.objects.create(
                deadline_key=deadline.key,
                milestone=item.milestone.code,
                recipient=recipient.email,
                user=recipient.user,
                kind=deadline.kind,
                agreement_id=deadline.agreement.pk,
                deadline_on=deadline.date,
                sent_on=today,
            )
    except IntegrityError:
        return None  # another run recorded this (deadline, milestone, recipient) first: that is fine


def _claim_digest(recipient: Recipient, today: date) -> SentReminder | None:
    """The week's digest of one manager, in the same ledger: once per ISO week."""
    try:
        with transaction.atomic():
            return SentReminder.objects.create(
                deadline_key=digest_key(recipient.user, today),
                milestone=DIGEST_MILESTONE,
                recipient=recipient.email,
                user=recipient.user,
                kind=DIGEST_KIND,
                deadline_on=today,
                sent_on=today,
            )
    except IntegrityError:
        return None


def _mail_recipient(
    recipient: Recipient,
    items: Sequence[Item],
    today: date,
    outlook: list[Deadline] | None,
    translations: Translations,
) -> tuple[int, bool]:
    """Record and write one recipient's mail of the day, in the recipient's language; (reminders recorded,
    whether the digest was in)."""
    language = recipient.language
    with transaction.atomic(), translation.override(language):
        entries = []
        new_items = []
        for item in items:
            entry = _claim(item, recipient, today)
            if entry is not None:
                entries.append(entry)
                new_items.append(item)
        digest = _claim_digest(recipient, today) if outlook else None
        if digest is not None:
            entries.append(digest)
        if not new_items and digest is None:
            return 0, False
        read = [translations.item(item, language) for item in new_items]
        subject, text, html = daily_message(recipient, read, today, outlook if digest is not None else None)
        if len(read) == 1 and digest is None:
            subject = reminder_subject(new_items[0], translations)
            attachment = _ics(read[0].deadline)
        else:
            subject = (
                reminders_subject(new_items, translations)
                if new_items
                else digest_subject(today, len(outlook))
            )
            shown = [i.deadline for i in read] or list(outlook or ())
            ics = deadlines_ical(shown, name="Portal PKS", method="PUBLISH")
            attachment = Attachment(
                f"tenggat-{today:%Y%m%d}.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH"
            )
        mail = mail_enqueue(
            to=[recipient.email],
            subject=subject,
            body_text=text,
            body_html=html,
            attachments=[attachment],
            key=_mail_key(today, recipient.email),
            kind="reminder" if new_items else "digest",
            headers={"X-Portal-Kind": "reminder-daily" if new_items else "digest"},
        )
        if mail is not None:
            SentReminder.objects.filter(pk__in=[e.pk for e in entries]).update(mail=mail)
        if recipient.user is not None:
            for item in new_items:
                notification_create(
                    users=[recipient.user],
                    key=f"reminder:{item.deadline.key}:{item.milestone.code}",
                    title=reminder_subject(item, translations),
                    body=as_written(translations.of(item.deadline, "action")),
                    url=item.deadline.url,
                )
    return len(new_items), digest is not None


def _reached(deadlines: Iterable[Deadline], today: date, report: ReminderReport) -> list[Item]:
    rules = policies()
    reached: list[Item] = []
    for deadline in deadlines:
        if not deadline.is_open:
            continue
        report.deadlines += 1
        if not deadline.reminded:
            report.recorded_late += 1
            continue
        policy = rules[deadline.kind]
        if not policy.is_active and not policy.is_legal:
            continue
        milestone = policy.current_milestone(deadline.date, today, may_be_overdue=deadline.may_be_overdue)
        if milestone is not None:
            reached.append(Item(deadline, milestone))
    report.due += len(reached)
    return reached


def _send(
    deadlines: Iterable[Deadline],
    today: date,
    report: ReminderReport,
    *,
    outlooks: dict[str, tuple[Recipient, list[Deadline]]] | None = None,
    again: Callable[[], Iterable[Deadline]] | None = None,
) -> None:
    """Every recipient gets one mail for what reached a milestone today (and their weekly outlook).

    `again` computes the same deadlines anew, called in another language when a recipient reads it."""
    deadlines = list(deadlines)
    translations = Translations(deadlines, again)
    reached = _reached(deadlines, today, report)
    outlooks = outlooks or {}
    per_recipient: dict[str, tuple[Recipient, list[Item]]] = {}
    if reached:
        book = RecipientBook([item.deadline for item in reached], today)
        done = set(
            SentReminder.objects.filter(deadline_key__in={i.deadline.key for i in reached}).values_list(
                "deadline_key", "milestone", "recipient"
            )
        )
        for item in reached:
            deadline = item.deadline
            recipients = book.for_deadline(deadline)
            if not recipients:
                report.without_recipient += 1
                logger.warning("Deadline %s has nobody to remind", deadline.key)
            for recipient in recipients:
                if (deadline.key, item.milestone.code, recipient.email) in done:
                    report.already += 1
                elif book.mutes(recipient, deadline.kind):
                    report.muted += 1
                else:
                    per_recipient.setdefault(recipient.email, (recipient, []))[1].append(item)
    emails = sorted(set(per_recipient) | set(outlooks))
    for email in emails:
        recipient, items = per_recipient.get(email) or (outlooks[email][0], [])
        outlook = outlooks[email][1] if email in outlooks else None
        sent, digest = _mail_recipient(recipient, items, today, outlook, translations)
        report.sent += sent
        report.already += len(items) - sent
        report.digests += digest
        report.mails += bool(sent or digest)


def _horizon(today: date) -> date:
    furthest = max((max(p.days_before, default=0) for p in policies().values()), default=0)
    return today + timedelta(days=furthest)


def reminders_send_daily(*, today: date | None = None) -> ReminderReport:
    """The day's reminders for every agreement, then the weekly digests. Safe to run any number of times."""
    today = today or timezone.localdate()
    report = ReminderReport(today=today)
    with translation.override(settings.LANGUAGE_CODE):
        horizon = _horizon(today)
        _send(
            deadlines_all(None, horizon, today=today, open_only=True),
            today,
            report,
            outlooks=digest_outlooks(today),
            again=lambda: deadlines_all(None, horizon, today=today, open_only=True),
        )
    logger.info("Reminders: %s", report.summary())
    return report


def reminders_send_daily_catching_up(*, now: datetime | None = None) -> list[str]:
    """The 07:00 job as the beat rings it (every few minutes): each day from the last recorded run up to
    today, once, in order (portal.jobs), so a day the broker or the worker missed is made up, and a
    milestone overtaken by the next one (the day-before reminder) still goes out in its own day's mail."""
    return daily_job_run(
        DAILY_JOB, at=DAILY_AT, run=lambda day: reminders_send_daily(today=day).summary(), now=now
    )


def reminders_send_for_agreement(*, agreement_id: int, today: date | None = None) -> ReminderReport:
    """The reminders that are due now for one agreement, after one of its clocks changed."""
    today = today or timezone.localdate()
    report = ReminderReport(today=today)
    with translation.override(settings.LANGUAGE_CODE):
        horizon = _horizon(today)

        def again() -> list[Deadline]:
            return deadlines_all(None, horizon, today=today, agreement_id=agreement_id, open_only=True)

        _send(again(), today, report, again=again)
    return report


# --- Agreements whose clocks just changed ---------------------------------------------------------


def reminders_sweep_events(*, now: datetime | None = None, today: date | None = None) -> ReminderReport:
    """The reminders of every agreement that has new changes since the last sweep (every minute).

    Each app that can move a clock registers a change feed (the agreements: their event log, written by
    every agreement service in the transaction of the change, so the row is there even when the broker was
    away). Each feed has its own mark, which only moves past changes older than EVENT_SETTLE, because a
    transaction that took its id earlier may commit later; changes seen twice are harmless, the ledger
    sends each reminder once.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    report = ReminderReport(today=today)
    for name, feed in registry.deadlines.change_feeds.items():
        _sweep(name, feed, now=now, today=today, report=report)
    logger.info("Reminder sweep: %s", report.summary())
    return report


@transaction.atomic
def _sweep(name: str, feed: ChangeFeed, *, now: datetime, today: date, report: ReminderReport) -> None:
    # The lock on the mark makes a second sweeper wait rather than read the same changes at the same time.
    cursor, _created = ReminderCursor.objects.select_for_update().get_or_create(name=name)
    changes = feed(cursor.last_event_id, EVENT_BATCH)
    if not changes:
        return
    with translation.override(settings.LANGUAGE_CODE):
        horizon = _horizon(today)
        for agreement_id in sorted({change.agreement_id for change in changes}):

            def again(agreement_id: int = agreement_id) -> list[Deadline]:
                return deadlines_all(None, horizon, today=today, agreement_id=agreement_id, open_only=True)

            _send(again(), today, report, again=again)
    settled = cursor.last_event_id
    for change in changes:
        if change.occurred_at > now - EVENT_SETTLE:
            break
        settled = change.id
    if settled != cursor.last_event_id:
        cursor.last_event_id = settled
        cursor.save(update_fields=["last_event_id", "updated_at"])


# --- The weekly digest ------------------------------------------------------------------------------


def digest_key(user: User, today: date) -> str:
    year, week, _day = today.isocalendar()
    return f"digest:{user.pk}:{year}-W{week:02d}"


def digest_managers() -> list[User]:
    """Managers who get the weekly digest: on by default for every Pimpinan, off for those who chose so."""
    return list(
        User.objects.filter(is_active=True, groups__name=Role.PIMPINAN.value)
        .exclude(email="")
        .exclude(reminder_preference__weekly_digest=False)
        .select_related("institution")
        .order_by("pk")
        .distinct()
    )


def digest_outlooks(today: date) -> dict[str, tuple[Recipient, list[Deadline]]]:
    """For each manager whose digest of this ISO week has not gone out: the open deadlines their own
    institution owes (overdue and the next 30 days), to go into that day's one mail."""
    managers = digest_managers()
    if not managers:
        return {}
    keys = {digest_key(u, today): u for u in managers}
    sent_before = set(
        SentReminder.objects.filter(deadline_key__in=keys, milestone=DIGEST_MILESTONE).values_list(
            "deadline_key", flat=True
        )
    )
    found: dict[str, tuple[Recipient, list[Deadline]]] = {}
    for key, user in keys.items():
        if key in sent_before:
            continue
        # What the manager's own institution owes; the partner's duties are its own managers' digest.
        with translation.override(user.mail_language):
            horizon = today + timedelta(days=DIGEST_HORIZON_DAYS)
            deadlines = [
                d
                for d in deadlines_for(user, None, horizon, today=today, open_only=True)
                if d.is_open and user.institution_id in d.owing_institution_ids
            ]
        if deadlines:  # nothing to say: a later run this week may still have something
            recipient = Recipient(
                email=_normal(user.email), name=user.get_full_name() or user.username, user=user
            )
            found[recipient.email] = (recipient, deadlines)
    return found


def digests_send(*, today: date) -> int:
    """The weekly digests alone, for managers who got no reminder mail today (the daily run puts the
    digest into a manager's one mail of the day)."""
    report = ReminderReport(today=today)
    with translation.override(settings.LANGUAGE_CODE):
        _send([], today, report, outlooks=digest_outlooks(today))
    return report.digests


# --- Deadlines nobody would be reminded of ---------------------------------------------------------


def deadlines_without_recipient(*, today: date, agreement_id: int | None = None) -> list[Deadline]:
    """Open deadlines that remind people, whose audience resolves to nobody today (no Pimpinan with an
    address, no valid contact): the agreement's page and the administrator's dashboard warn of them."""
    deadlines = [
        d
        for d in deadlines_all(None, _horizon(today), today=today, agreement_id=agreement_id, open_only=True)
        if d.is_open and d.reminded
    ]
    if not deadlines:
        return []
    book = RecipientBook(deadlines, today)
    return [d for d in deadlines if not book.for_deadline(d)]
