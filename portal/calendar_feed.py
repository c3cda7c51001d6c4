"""Deadlines as iCalendar: the personal feed that Outlook, Thunderbird or Google Calendar subscribe to,
the .ics attached to each reminder, and the secret links of the feed.

An event carries the agreement's numbers, the clause, the owing party and a link; never a person's name
or address, because calendars are synced to places the portal does not control.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.deadlines import Deadline
from portal.models import CalendarFeedToken, User

logger = logging.getLogger(__name__)

PRODID = "-//Portal PKS//Tenggat Perjanjian Kerja Sama//ID"
UID_DOMAIN = "portal-pks"


def _text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: bytes) -> bytes:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    if len(line) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(line) - start > limit:
        cut = start + limit
        while line[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        parts.append(line[start:cut])
        start, limit = cut, 74  # a continuation line begins with a space
    parts.append(line[start:])
    return b"\r\n ".join(parts)


class _Words:
    """The feed's fixed words, translated once per feed rather than once per event."""

    def __init__(self) -> None:
        self.done, self.suspended = _("[Selesai] "), _("[Ditangguhkan] ")
        self.agreement, self.clause = _("Perjanjian: %(title)s"), _("Dasar: %(clause)s")
        self.party, self.status = _("Pihak yang wajib: %(party)s"), _("Status: %(status)s")
        self.example = _("Data contoh, bukan perjanjian sungguhan.")
        self.labels: dict[str, str] = {}
        self.agreements: dict[int, list[str]] = {}

    def agreement_lines(self, agreement) -> list[str]:
        """The lines naming an agreement, written once per agreement of the feed."""
        found = self.agreements.get(agreement.pk)
        if found is None:
            found = [self.agreement % {"title": agreement.title}]
            if agreement.numbers:
                found.append(agreement.numbers_text)
            self.agreements[agreement.pk] = found
        return found

    def label(self, code: str, of) -> str:
        if code not in self.labels:
            self.labels[code] = of()
        return self.labels[code]


def _event_lines(deadline: Deadline, stamp: str, words: _Words) -> list[str]:
    prefix = ""
    if deadline.status == "done":
        prefix = words.done
    elif deadline.status == "suspended":
        prefix = words.suspended
    lines = [deadline.title, *words.agreement_lines(deadline.agreement)]
    link = settings.SITE_URL + deadline.url
    summary = _text(deadline.summary)
    lines += [
        words.clause % {"clause": deadline.clause} if deadline.clause else "",
        words.party % {"party": deadline.owing_label},
        words.status % {"status": words.label(f"status:{deadline.status}", lambda: deadline.status_label)},
        "",
        deadline.action,
        "",
        link,
    ]
    found = [
        "BEGIN:VEVENT",
        f"UID:{_text(deadline.key)}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{deadline.date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{deadline.date + timedelta(days=1):%Y%m%d}",
        "TRANSP:TRANSPARENT",
        f"SUMMARY:{_text(prefix)}{summary}",
        f"DESCRIPTION:{_text(chr(10).join(lines))}",
        f"URL:{link}",
        f"CATEGORIES:{_text(words.label(f'kind:{deadline.kind}', lambda: deadline.kind_label))}",
    ]
    if deadline.agreement.is_example:
        found.append(f"COMMENT:{_text(words.example)}")
    if deadline.is_open and deadline.legal:
        found += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{summary}",
            "TRIGGER:-P1D",
            "END:VALARM",
        ]
    found.append("END:VEVENT")
    return found


def deadlines_ical(deadlines: Iterable[Deadline], *, name: str, method: str | None = None) -> bytes:
    """A VCALENDAR of all-day events, one per deadline; UIDs are stable, so clients update in place.

    Written line by line rather than through the icalendar library's objects: a feed of thousands of
    deadlines costs milliseconds instead of seconds. The tests read it back with that library.
    """
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        *([f"METHOD:{method}"] if method else []),
        f"X-WR-CALNAME:{name}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]
    stamp = f"{timezone.now().astimezone(UTC):%Y%m%dT%H%M%SZ}"
    words = _Words()
    for deadline in deadlines:
        lines += _event_lines(deadline, stamp, words)
    lines.append("END:VCALENDAR")
    return b"\r\n".join(_fold(line.encode()) for line in lines) + b"\r\n"


# --- The secret feed links --------------------------------------------------------------------------


def feed_token_of(user: User) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


@transaction.atomic
def feed_token_issue(*, acting_user: User) -> CalendarFeedToken:
    """A new secret link for the user's own feed; the previous one stops working at once."""
    now = timezone.now()
    CalendarFeedToken.objects.filter(user=acting_user, revoked_at__isnull=True).update(revoked_at=now)
    token = CalendarFeedToken.objects.create(user=acting_user)
    logger.info("Calendar feed link issued for user %s", acting_user.pk)
    return token


@transaction.atomic
def feed_token_revoke(*, acting_user: User) -> bool:
    revoked = CalendarFeedToken.objects.filter(user=acting_user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        logger.info("Calendar feed link revoked for user %s", acting_user.pk)
    return bool(revoked)


def feed_user_for(token: str) -> User | None:
    """The active user whose live link this is, or None; the comparison takes constant time."""
    public_id, _sep, _signature = token.partition(".")
    if not public_id:
        return None
    feed = (
        CalendarFeedToken.objects.select_related("user", "user__institution")
        .filter(public_id=public_id, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None or not feed.matches(token):
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        CalendarFeedToken.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user
