"""Every clock the portal watches, as one list: the single source of the dashboard, the calendar, the
feed and the reminders.

The clocks themselves belong to the apps: each registers, from its `AppConfig.ready()`, its kinds of
deadline and its *sources* in `portal.registry` (the agreements their term, obligations and force majeure;
the correction proposals their decision dues). A source is a function that takes a `DeadlineScope` and
yields `Deadline` objects; adding a kind of deadline is registering one function. A source runs a fixed
number of queries whatever the number of agreements, and reads agreement numbers and parties from the
scope, which loads them once for all sources through the registered agreement loader.

`deadlines_for(user, start, end)` returns the deadlines a user may see; `deadlines_all` the same for every
agreement (the reminder job). Which agreements a user may see is the sources' business: the scope carries
the user.

Every text of a deadline (titles, actions) ends up in e-mail subjects and in calendar feeds that leave the
portal: it names agreements, clauses and institutions, never a person.
"""

from __future__ import annotations

import calendar as pycalendar
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import TypeVar

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.choices import DeadlineStatus
from portal.lib.stored_text import day_text
from portal.models import User
from portal.registry import DashboardPanel, registry

OPEN_STATUSES = frozenset({DeadlineStatus.UPCOMING, DeadlineStatus.TODAY, DeadlineStatus.OVERDUE})

T = TypeVar("T")


@dataclass(frozen=True)
class PartyRef:
    """One party of an agreement as deadlines show it: its role name and institution."""

    pk: int
    order: int
    role_name: str
    institution_id: int
    institution_name: str
    institution_short: str
    number: str

    def __str__(self) -> str:
        return f"{self.role_name} ({self.institution_short or self.institution_name})"


@dataclass(frozen=True)
class AgreementRef:
    """The agreement a deadline belongs to: enough to name it and link to it, without another query."""

    pk: int
    title: str
    is_example: bool
    parties: tuple[PartyRef, ...]
    url: str

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(p.number for p in self.parties if p.number)

    @property
    def label(self) -> str:
        """'PKS 26/HKM.07.01/X/2023': the first party's number, the title when there is none."""
        return f"PKS {self.numbers[0]}" if self.numbers else self.title

    @property
    def numbers_text(self) -> str:
        """'Nomor 26/HKM.07.01/X/2023 dan Nomor 35/HM.04.01/2023'."""
        return _(" dan ").join(_("Nomor %(number)s") % {"number": n} for n in self.numbers)

    def party(self, pk: int) -> PartyRef | None:
        return next((p for p in self.parties if p.pk == pk), None)


@dataclass(frozen=True)
class Deadline:
    """One dated duty under an agreement, as of a day.

    `key` names the deadline for reminders and calendar UIDs; it holds the due date, so a moved date is a
    new deadline with reminders of its own. `kind` is a code an app registered (its label, whether it is a
    legal notice and who is reminded come from there). `owing` are the parties that must act (all of them
    for the term clocks of Pasal 6). `assignee_ids` are users who handle it themselves (a correction
    proposal). `reminded` False: shown everywhere, reminded to nobody.
    """

    key: str
    kind: str
    date: date
    today: date
    status: str
    agreement: AgreementRef
    clause: str
    owing: tuple[PartyRef, ...]
    title: str
    action: str
    url: str
    may_be_overdue: bool = True
    assignee_ids: tuple[int, ...] = field(default=())
    # False for a deadline that is shown but reminds nobody (a due entered after its date had passed).
    reminded: bool = True

    @property
    def legal(self) -> bool:
        return registry.deadlines.is_legal(self.kind)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def days_left(self) -> int:
        """Days from `today` to the deadline; negative when overdue."""
        return (self.date - self.today).days

    @property
    def owing_label(self) -> str:
        if len(self.owing) > 1:
            return _("PARA PIHAK")
        return str(self.owing[0]) if self.owing else ""

    @property
    def owing_institution_ids(self) -> frozenset[int]:
        return frozenset(p.institution_id for p in self.owing)

    @property
    def kind_label(self) -> str:
        return str(registry.deadlines.kind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(DeadlineStatus(self.status).label)

    @property
    def when_label(self) -> str:
        """'30 hari lagi', 'hari ini', 'terlambat 7 hari'; '7 hari lalu' for one met, suspended or passed."""
        days = self.days_left
        if days == 0:
            return _("hari ini")
        if days == 1:
            return _("besok")
        if days > 0:
            return ngettext("%(n)s hari lagi", "%(n)s hari lagi", days) % {"n": days}
        if self.status != DeadlineStatus.OVERDUE:
            return ngettext("%(n)s hari lalu", "%(n)s hari lalu", -days) % {"n": -days}
        return _("terlambat %(n)s hari") % {"n": -days}

    @property
    def date_text(self) -> str:
        return day_text(self.date)

    @property
    def summary(self) -> str:
        """The line a calendar shows: '<title> — PKS 26/HKM.07.01/X/2023'."""
        return f"{self.title} — {self.agreement.label}"


def status_of(due: date, today: date, *, done: bool = False, suspended: bool = False) -> DeadlineStatus:
    if done:
        return DeadlineStatus.DONE
    if suspended:
        return DeadlineStatus.SUSPENDED
    if due > today:
        return DeadlineStatus.UPCOMING
    if due == today:
        return DeadlineStatus.TODAY
    return DeadlineStatus.OVERDUE


class DeadlineScope:
    """What the sources share for one read: who reads, the day range, and rows loaded once.

    `user` None is the reminder job: every agreement, no visibility filter; `agreement_id` narrows the read
    to one agreement (after one of its clocks changed). `start` None means no lower bound: everything
    still open from the past (overdue) is included. `open_only`: the reader keeps only what is open or
    suspended (the dashboard, the reminders), so a source may leave out, before the range's end, what is
    done or behind us, and need not read the agreements that have nothing else.
    """

    def __init__(
        self,
        start: date | None,
        end: date,
        today: date,
        *,
        user: User | None = None,
        agreement_id: int | None = None,
        open_only: bool = False,
    ):
        self.start, self.end, self.today = start, end, today
        self.user, self.agreement_id = user, agreement_id
        self.open_only = open_only
        self._shared: dict[str, object] = {}

    def in_range(self, day: date | None) -> bool:
        return day is not None and (self.start is None or self.start <= day) and day <= self.end

    def date_filter(self, field_name: str) -> Q:
        q = Q(**{f"{field_name}__lte": self.end})
        if self.start is not None:
            q &= Q(**{f"{field_name}__gte": self.start})
        return q

    def moment_filter(self, field_name: str) -> Q:
        """The moments (a datetime field) whose day in the portal's time zone is in range."""

        def midnight(day: date) -> datetime:
            return timezone.make_aware(datetime.combine(day, time.min))

        q = Q(**{f"{field_name}__lt": midnight(self.end + timedelta(days=1))})
        if self.start is not None:
            q &= Q(**{f"{field_name}__gte": midnight(self.start)})
        return q

    def shared(self, name: str, load: Callable[[DeadlineScope], T]) -> T:
        """Rows several sources read (the agreements in view...), loaded by the first one that asks."""
        if name not in self._shared:
            self._shared[name] = load(self)
        return self._shared[name]  # type: ignore[return-value]

    @cached_property
    def refs(self) -> dict[int, AgreementRef]:
        loader = registry.deadlines.agreement_loader
        return dict(loader(self)) if loader is not None else {}

    def ref(self, agreement_id: int) -> AgreementRef | None:
        return self.refs.get(agreement_id)


def _collect(scope: DeadlineScope) -> list[Deadline]:
    found = [d for source in registry.deadlines.sources for d in source(scope) if d.agreement is not None]
    return sorted(found, key=lambda d: (d.date, not d.legal, d.agreement.pk, d.key))


def deadlines_for(
    user: User, start: date | None, end: date, *, today: date | None = None, open_only: bool = False
) -> list[Deadline]:
    """The deadlines between start and end (inclusive) that the user may see, by date; with `open_only`,
    only those open or suspended."""
    today = today or timezone.localdate()
    found = _collect(DeadlineScope(start, end, today, user=user, open_only=open_only))
    return [d for d in found if d.is_open or d.status == DeadlineStatus.SUSPENDED] if open_only else found


def deadlines_all(
    start: date | None,
    end: date,
    *,
    today: date | None = None,
    agreement_id: int | None = None,
    open_only: bool = False,
) -> list[Deadline]:
    """The same for every agreement (or one), for the reminder job: no user, no visibility filter."""
    today = today or timezone.localdate()
    scope = DeadlineScope(start, end, today, agreement_id=agreement_id, open_only=open_only)
    found = _collect(scope)
    return [d for d in found if d.is_open or d.status == DeadlineStatus.SUSPENDED] if open_only else found


# --- The dashboard (Beranda) ---------------------------------------------------------------------------

HORIZON_DAYS = 90
# Rows a bucket shows on the Beranda; a portfolio of hundreds of agreements has thousands of open deadlines.
DASHBOARD_ROWS = 8


@dataclass(frozen=True)
class Bucket:
    code: str
    title: str
    css: str
    deadlines: list[Deadline]


def dashboard_buckets(user: User, *, today: date) -> list[Bucket]:
    """The user's open deadlines up to HORIZON_DAYS ahead: overdue, this week, in 30 and in 90 days."""
    deadlines = deadlines_for(user, None, today + timedelta(days=HORIZON_DAYS), today=today, open_only=True)
    week_end, month_end = today + timedelta(days=6), today + timedelta(days=30)
    overdue = [d for d in deadlines if d.status == DeadlineStatus.OVERDUE]
    week = [d for d in deadlines if today <= d.date <= week_end]
    month = [d for d in deadlines if week_end < d.date <= month_end]
    later = [d for d in deadlines if month_end < d.date]
    return [
        Bucket("overdue", _("Terlambat"), "danger", overdue),
        Bucket("week", _("Minggu ini (7 hari)"), "warn", week),
        Bucket("month", _("Dalam 30 hari"), "info", month),
        Bucket("quarter", _("Dalam 90 hari"), "", later),
    ]


def dashboard_context(user: User, *, today: date | None = None) -> dict:
    """The buckets of `dashboard_buckets` (each shows its first DASHBOARD_ROWS; the rest are one link away,
    on the bucket's own paged list) and the apps' panels of counts."""
    today = today or timezone.localdate()
    buckets = dashboard_buckets(user, today=today)
    panels: list[DashboardPanel] = [
        p for p in (source(user, today) for source in registry.dashboard_panels) if p is not None
    ]
    context = {
        "today": today,
        "buckets": buckets,
        "panels": panels,
        "has_deadlines": any(bucket.deadlines for bucket in buckets),
        "rows": DASHBOARD_ROWS,
        "rows_slice": f":{DASHBOARD_ROWS}",
    }
    for panel in panels:
        context.update(panel.context)
    return context


# --- The month calendar -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    deadlines: list[Deadline]


def calendar_month(user: User, year: int, month: int, *, today: date | None = None) -> dict:
    """A Monday-first month grid of the user's deadlines, with the weeks that touch the month."""
    today = today or timezone.localdate()
    first = date(year, month, 1)
    grid_start = first - timedelta(days=first.weekday())
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    grid_end = last + timedelta(days=6 - last.weekday())
    deadlines = deadlines_for(user, grid_start, grid_end, today=today)
    by_day: dict[date, list[Deadline]] = defaultdict(list)
    for d in deadlines:
        by_day[d.date].append(d)
    weeks, week = [], []
    day = grid_start
    while day <= grid_end:
        week.append(CalendarDay(day, day.month == month, day == today, by_day.get(day, [])))
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += timedelta(days=1)
    previous = first - timedelta(days=1)
    following = last + timedelta(days=1)
    return {
        "month": first,
        "weeks": weeks,
        "month_deadlines": [d for d in deadlines if d.date.month == month and d.date.year == year],
        "weekday_names": [
            _("Senin"),
            _("Selasa"),
            _("Rabu"),
            _("Kamis"),
            _("Jumat"),
            _("Sabtu"),
            _("Minggu"),
        ],
        "previous": previous.replace(day=1),
        "following": following,
        "today": today,
    }
