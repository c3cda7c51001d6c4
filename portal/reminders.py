"""Reminders: who is told about which deadline, when, and how it is made sure they are told only once.

One service runs the day's reminders (`reminders_send_daily`), used by the 07:00 beat job and by
`manage.py send_reminders`. For each open deadline it takes the *current milestone* of its kind's policy
(the latest one that has come, see ReminderPolicy.current_milestone) and writes, per recipient, one row in
the sent-reminder ledger, one mail in the outbox and one bell line, in one transaction. The ledger's
unique (deadline, milestone, recipient) makes a second run, a second worker or a redelivered task a no-op.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.calendar_feed import deadlines_ical
from portal.choices import DeadlineStatus, Role
from portal.deadlines import Deadline, deadlines_all, deadlines_for
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

    def summary(self) -> str:
        return (
            f"{self.today.isoformat()}: {self.sent} pengingat baru, {self.already} sudah terkirim, "
            f"{self.muted} dibisukan, {self.without_recipient} tanpa penerima, {self.digests} ringkasan "
            f"({self.due} dari {self.deadlines} tenggat terbuka mencapai tahap pengingat)"
        )


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    user: User | None = field(default=None, compare=False)


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


def _render(name: str, context: dict) -> tuple[str, str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{name}-subject.txt", context)
        text = render_to_string(f"emails/{name}-body-text.txt", context)
        html = render_to_string(f"emails/{name}-body-html.html", context)
    return " ".join(subject.split()), text, html


def reminder_message(deadline: Deadline, milestone: Milestone, recipient: Recipient) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one reminder, in Bahasa Indonesia."""
    context = {
        "deadline": deadline,
        "milestone": milestone,
        "recipient": recipient,
        "site_url": settings.SITE_URL,
        "link": settings.SITE_URL + deadline.url,
        "preferences_link": settings.SITE_URL + reverse("portal:reminder_preferences"),
        "overdue": deadline.status == DeadlineStatus.OVERDUE,
    }
    return _render("reminder", context)


def _ics(deadline: Deadline) -> Attachment:
    with translation.override(settings.LANGUAGE_CODE):
        content = deadlines_ical([deadline], name=deadline.agreement.label, method="PUBLISH")
    return Attachment(
        f"tenggat-{deadline.date:%Y%m%d}.ics", content, "text/calendar; charset=utf-8; method=PUBLISH"
    )


def _remind(deadline: Deadline, milestone: Milestone, recipient: Recipient, today: date) -> bool:
    """Record and send one reminder; False when it had gone out already (here or in a concurrent run)."""
    subject, text, html = reminder_message(deadline, milestone, recipient)
    try:
        with transaction.atomic():
            entry = SentReminder.objects.create(
                deadline_key=deadline.key,
                milestone=milestone.code,
                recipient=recipient.email,
                user=recipient.user,
                kind=deadline.kind,
                agreement_id=deadline.agreement.pk,
                deadline_on=deadline.date,
                sent_on=today,
            )
            mail = mail_enqueue(
                to=[recipient.email],
                subject=subject,
                body_text=text,
                body_html=html,
                attachments=[_ics(deadline)],
                key=f"reminder:{deadline.key}:{milestone.code}:{_address_hash(recipient.email)}",
                kind="reminder",
                headers={"X-Portal-Kind": f"reminder-{deadline.kind}"},
            )
            if mail is not None:
                SentReminder.objects.filter(pk=entry.pk).update(mail=mail)
            if recipient.user is not None:
                notification_create(
                    users=[recipient.user],
                    key=f"reminder:{deadline.key}:{milestone.code}",
                    title=subject,
                    body=deadline.action,
                    url=deadline.url,
                )
    except IntegrityError:
        return False  # another run recorded this (deadline, milestone, recipient) first: that is fine
    return True


def _send(deadlines: Iterable[Deadline], today: date, report: ReminderReport) -> None:
    rules = policies()
    reached: list[tuple[Deadline, Milestone]] = []
    for deadline in deadlines:
        if not deadline.is_open:
            continue
        report.deadlines += 1
        policy = rules[deadline.kind]
        if not policy.is_active and not policy.is_legal:
            continue
        milestone = policy.current_milestone(deadline.date, today, may_be_overdue=deadline.may_be_overdue)
        if milestone is not None:
            reached.append((deadline, milestone))
    report.due += len(reached)
    if not reached:
        return
    book = RecipientBook([d for d, _m in reached], today)
    done = set(
        SentReminder.objects.filter(deadline_key__in={d.key for d, _m in reached}).values_list(
            "deadline_key", "milestone", "recipient"
        )
    )
    for deadline, milestone in reached:
        recipients = book.for_deadline(deadline)
        if not recipients:
            report.without_recipient += 1
            logger.warning("Deadline %s has nobody to remind", deadline.key)
        for recipient in recipients:
            if (deadline.key, milestone.code, recipient.email) in done:
                report.already += 1
            elif book.mutes(recipient, deadline.kind):
                report.muted += 1
            elif _remind(deadline, milestone, recipient, today):
                report.sent += 1
            else:
                report.already += 1


def _horizon(today: date) -> date:
    furthest = max((max(p.days_before, default=0) for p in policies().values()), default=0)
    return today + timedelta(days=furthest)


def reminders_send_daily(*, today: date | None = None) -> ReminderReport:
    """The day's reminders for every agreement, then the weekly digests. Safe to run any number of times."""
    today = today or timezone.localdate()
    report = ReminderReport(today=today)
    with translation.override(settings.LANGUAGE_CODE):
        _send(deadlines_all(None, _horizon(today), today=today), today, report)
        report.digests = digests_send(today=today)
    logger.info("Reminders: %s", report.summary())
    return report


def reminders_send_for_agreement(*, agreement_id: int, today: date | None = None) -> ReminderReport:
    """The reminders that are due now for one agreement, after one of its clocks changed."""
    today = today or timezone.localdate()
    report = ReminderReport(today=today)
    with translation.override(settings.LANGUAGE_CODE):
        _send(deadlines_all(None, _horizon(today), today=today, agreement_id=agreement_id), today, report)
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
        for agreement_id in sorted({change.agreement_id for change in changes}):
            deadlines = deadlines_all(None, _horizon(today), today=today, agreement_id=agreement_id)
            _send(deadlines, today, report)
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


def digest_message(user: User, deadlines: list[Deadline], today: date) -> tuple[str, str, str]:
    overdue = [d for d in deadlines if d.status == DeadlineStatus.OVERDUE]
    coming = [d for d in deadlines if d.status != DeadlineStatus.OVERDUE]
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "today": today,
            "until": today + timedelta(days=DIGEST_HORIZON_DAYS),
            "overdue": overdue,
            "coming": coming,
            "total": len(deadlines),
            "sections": [
                (translation.gettext("Terlambat"), overdue, "#b42318"),
                (translation.gettext("Akan datang"), coming, "#1d2939"),
            ],
            "site_url": settings.SITE_URL,
            "dashboard_link": settings.SITE_URL + reverse("portal:dashboard"),
            "preferences_link": settings.SITE_URL + reverse("portal:reminder_preferences"),
        }
        return _render("digest", context)


def digests_send(*, today: date) -> int:
    """One digest a week (the first run of each ISO week) to every manager who opted in."""
    managers = list(
        User.objects.filter(
            is_active=True, reminder_preference__weekly_digest=True, groups__name=Role.PIMPINAN.value
        )
        .exclude(email="")
        .select_related("institution")
        .distinct()
    )
    if not managers:
        return 0
    keys = {digest_key(u, today): u for u in managers}
    sent_before = set(OutboxMail.objects.filter(key__in=keys).values_list("key", flat=True))
    count = 0
    for key, user in keys.items():
        if key in sent_before:
            continue
        # What the manager's own institution owes; the partner's duties are its own managers' digest.
        deadlines = [
            d
            for d in deadlines_for(user, None, today + timedelta(days=DIGEST_HORIZON_DAYS), today=today)
            if d.is_open and user.institution_id in d.owing_institution_ids
        ]
        if not deadlines:
            continue  # nothing to say; a later run this week may still have something
        subject, text, html = digest_message(user, deadlines, today)
        with translation.override(settings.LANGUAGE_CODE):
            ics = deadlines_ical(deadlines, name="Portal PKS", method="PUBLISH")
        mail = mail_enqueue(
            to=[user.email],
            subject=subject,
            body_text=text,
            body_html=html,
            attachments=[Attachment(f"tenggat-{today:%Y%m%d}.ics", ics, "text/calendar; charset=utf-8")],
            key=key,
            kind="digest",
        )
        count += mail is not None
    return count
