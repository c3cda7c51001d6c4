"""Deadlines as iCalendar: the personal feed that Outlook, Thunderbird or Google Calendar subscribe to,
the .ics attached to each reminder, and the secret links of the feed.

An event carries the agreement's numbers, the clause, the owing party and a link; never a person's name
or address, because calendars are synced to places the portal does not control.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from portal.deadlines import Deadline
from portal.models import CalendarFeedToken, User

logger = logging.getLogger(__name__)

PRODID = "-//Portal PKS//Tenggat Perjanjian Kerja Sama//ID"
UID_DOMAIN = "portal-pks"


def _event(deadline: Deadline, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{deadline.key}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", deadline.date)
    event.add("dtend", deadline.date + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    prefix = ""
    if deadline.status == "done":
        prefix = _("[Selesai] ")
    elif deadline.status == "suspended":
        prefix = _("[Ditangguhkan] ")
    event.add("summary", prefix + deadline.summary)
    lines = [
        deadline.title,
        _("Perjanjian: %(title)s") % {"title": deadline.agreement.title},
    ]
    if deadline.agreement.numbers:
        lines.append(deadline.agreement.numbers_text)
    lines += [
        _("Dasar: %(clause)s") % {"clause": deadline.clause} if deadline.clause else "",
        _("Pihak yang wajib: %(party)s") % {"party": deadline.owing_label},
        _("Status: %(status)s") % {"status": deadline.status_label},
        "",
        deadline.action,
        "",
        settings.SITE_URL + deadline.url,
    ]
    event.add("description", "\n".join(line for line in lines if line is not None))
    event.add("url", settings.SITE_URL + deadline.url)
    event.add("categories", [deadline.kind_label])
    if deadline.agreement.is_example:
        event.add("comment", _("Data contoh, bukan perjanjian sungguhan."))
    if deadline.is_open and deadline.legal:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", deadline.summary)
        alarm.add("trigger", timedelta(days=-1))
        event.add_component(alarm)
    return event


def deadlines_ical(deadlines: Iterable[Deadline], *, name: str, method: str | None = None) -> bytes:
    """A VCALENDAR of all-day events, one per deadline; UIDs are stable, so clients update in place."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    stamp = timezone.now().replace(microsecond=0)
    for deadline in deadlines:
        cal.add_component(_event(deadline, stamp))
    return cal.to_ical()


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
