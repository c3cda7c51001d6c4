"""Every clock the portal watches, as one list: the single source of the dashboard, the calendar, the
feed and the reminders.

`deadlines_for(user, start, end)` returns the deadlines of the agreements a user may see; `deadlines_all`
the same for every agreement (the reminder job). Each deadline comes from a *source*: a function that takes
a `DeadlineScope` and yields `Deadline` objects. Adding a kind of deadline is adding one function to
`SOURCES`; a source runs a fixed number of queries whatever the number of agreements, and reads agreement
numbers and parties from the scope, which loads them once for all sources.

Every text here (titles, actions) ends up in e-mail subjects and in calendar feeds that leave the portal:
it names agreements, clauses and institutions, never a person.
"""

from __future__ import annotations

import calendar as pycalendar
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.choices import AgreementStatus, AmendmentKind
from agreements.models import Agreement, AgreementParty, Amendment, ForceMajeure, Notice, ObligationDue
from agreements.selectors import agreements_visible_to, annotate_status
from exchange.corrections import selectors as exchange_selectors
from portal.choices import LEGAL_DEADLINE_KINDS, DeadlineKind, DeadlineStatus
from portal.lib.text_id import format_date
from portal.models import User

OPEN_STATUSES = frozenset({DeadlineStatus.UPCOMING, DeadlineStatus.TODAY, DeadlineStatus.OVERDUE})


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

    @property
    def url(self) -> str:
        return agreement_url(self.pk)

    def party(self, pk: int) -> PartyRef | None:
        return next((p for p in self.parties if p.pk == pk), None)


@dataclass(frozen=True)
class Deadline:
    """One dated duty under an agreement, as of a day.

    `key` names the deadline for reminders and calendar UIDs; it holds the due date, so a moved date is a
    new deadline with reminders of its own. `owing` are the parties that must act (all of them for the
    term clocks of Pasal 6). `assignee_ids` are users who handle it themselves (a correction proposal);
    empty, the owing institution's managers and Pasal 8 contacts are reminded.
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

    @property
    def legal(self) -> bool:
        return self.kind in LEGAL_DEADLINE_KINDS

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
        return str(DeadlineKind(self.kind).label)

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
        return format_date(self.date)

    @property
    def summary(self) -> str:
        """The line a calendar shows: '<title> — PKS 26/HKM.07.01/X/2023'."""
        return f"{self.title} — {self.agreement.label}"


def agreement_url(agreement_id: int, fragment: str = "") -> str:
    """The agreement's page, at one of its tabs."""
    url = reverse("agreements:agreement_detail", args=[agreement_id])
    return f"{url}#{fragment}" if fragment else url


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
    """What the sources share for one read: the agreements in view, the day range, and rows loaded once.

    `start` None means no lower bound: everything still open from the past (overdue) is included.
    """

    def __init__(
        self, agreements: QuerySet[Agreement], start: date | None, end: date, today: date, user=None
    ):
        self.agreements = agreements.filter(signed_on__isnull=False)
        self.start, self.end, self.today, self.user = start, end, today, user

    def in_range(self, day: date | None) -> bool:
        return day is not None and (self.start is None or self.start <= day) and day <= self.end

    def date_filter(self, field_name: str) -> Q:
        q = Q(**{f"{field_name}__lte": self.end})
        if self.start is not None:
            q &= Q(**{f"{field_name}__gte": self.start})
        return q

    @cached_property
    def agreement_rows(self) -> dict[int, Agreement]:
        fields = (
            "pk", "title", "is_example", "signed_on", "effective_from", "ends_on", "notice_deadline",
            "terminated_on", "notice_period_months", "force_majeure_notice_days",
        )  # fmt: skip
        return {a.pk: a for a in self.agreements.only(*fields).order_by()}

    @cached_property
    def refs(self) -> dict[int, AgreementRef]:
        parties: dict[int, list[PartyRef]] = defaultdict(list)
        rows = (
            AgreementParty.objects.filter(agreement__in=self.agreements)
            .select_related("institution")
            .only("pk", "agreement_id", "order", "number", "institution__name", "institution__short_name")
            .order_by("agreement_id", "order")
        )
        for p in rows:
            parties[p.agreement_id].append(
                PartyRef(
                    pk=p.pk,
                    order=p.order,
                    role_name=p.role_name,
                    institution_id=p.institution_id,
                    institution_name=p.institution.name,
                    institution_short=p.institution.short_name,
                    number=p.number,
                )
            )
        return {
            pk: AgreementRef(pk=pk, title=a.title, is_example=a.is_example, parties=tuple(parties[pk]))
            for pk, a in self.agreement_rows.items()
        }

    def ref(self, agreement_id: int) -> AgreementRef | None:
        return self.refs.get(agreement_id)

    @cached_property
    def force_majeures(self) -> dict[int, list[ForceMajeure]]:
        """Force-majeure events known by `today`, by party."""
        by_party: dict[int, list[ForceMajeure]] = defaultdict(list)
        rows = ForceMajeure.objects.filter(agreement__in=self.agreements, occurred_on__lte=self.today).only(
            "pk", "agreement_id", "party_id", "occurred_on", "notified_on", "ended_on"
        )
        for fm in rows.order_by("occurred_on", "pk"):
            by_party[fm.party_id].append(fm)
        return by_party

    def suspended(self, party_id: int, day: date) -> bool:
        """Whether the party's duty due on `day` is suspended by a force majeure (Pasal 10(3)).

        An event still going on suspends what fell due up to today; a later due is pending as usual (the
        same rule as the agreement's obligations tab).
        """
        return any(
            fm.occurred_on <= day <= (fm.ended_on or self.today)
            for fm in self.force_majeures.get(party_id, ())
        )


Source = Callable[[DeadlineScope], Iterable[Deadline]]


def _term_start(agreement: Agreement, extensions: dict[int, date]) -> date:
    """The start of the current term: signing (or effective) date, or the last extension signed."""
    start = agreement.starts_on
    extended = extensions.get(agreement.pk)
    return max(start, extended) if extended else start


def term_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """The clocks of Pasal 6: the notice deadline and the last day in force, owed by every party."""
    today = scope.today
    agreements = [
        a
        for a in scope.agreement_rows.values()
        if scope.in_range(a.notice_deadline) or scope.in_range(a.last_day_in_force)
    ]
    if not agreements:
        return
    ids = [a.pk for a in agreements]
    extensions: dict[int, date] = {}
    for agreement_id, signed_on in Amendment.objects.filter(
        agreement_id__in=ids, kind=AmendmentKind.EXTENSION, signed_on__lte=today
    ).values_list("agreement_id", "signed_on"):
        extensions[agreement_id] = max(signed_on, extensions.get(agreement_id, signed_on))
    notices: dict[int, list[date]] = defaultdict(list)
    for agreement_id, served_on in Notice.objects.filter(
        agreement_id__in=ids, served_on__lte=today
    ).values_list("agreement_id", "served_on"):
        notices[agreement_id].append(served_on)

    for agreement in agreements:
        ref = scope.ref(agreement.pk)
        last_day = agreement.last_day_in_force
        if (
            agreement.notice_deadline
            and not agreement.terminated_on
            and scope.in_range(agreement.notice_deadline)
        ):
            term_start = _term_start(agreement, extensions)
            served = any(day >= term_start for day in notices[agreement.pk])
            status = status_of(agreement.notice_deadline, today, done=served)
            if status == DeadlineStatus.OVERDUE and last_day and today > last_day:
                status = DeadlineStatus.PASSED  # the agreement has ended: nothing left to notify
            yield Deadline(
                key=f"notice:{agreement.pk}:{agreement.notice_deadline:%Y%m%d}",
                kind=DeadlineKind.NOTICE,
                date=agreement.notice_deadline,
                today=today,
                status=status,
                agreement=ref,
                clause=_("Pasal 6 ayat (2)"),
                owing=ref.parties,
                title=_("Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS"),
                action=_(
                    "Bila PIHAK Anda berkeinginan memperpanjang atau mengakhiri Perjanjian Kerja Sama, "
                    "sampaikan pemberitahuan tertulis kepada PIHAK lainnya paling lambat %(date)s "
                    "(Pasal 6 ayat (2)), lalu catat pemberitahuan itu di portal."
                )
                % {"date": format_date(agreement.notice_deadline)},
                url=agreement_url(agreement.pk, "ringkasan"),
            )
        if last_day and scope.in_range(last_day):
            status = status_of(last_day, today)
            if status == DeadlineStatus.OVERDUE:
                status = DeadlineStatus.PASSED  # an end date is never overdue; it is simply behind us
            early = bool(agreement.terminated_on and last_day == agreement.terminated_on)
            yield Deadline(
                key=f"end:{agreement.pk}:{last_day:%Y%m%d}",
                kind=DeadlineKind.END,
                date=last_day,
                today=today,
                status=status,
                agreement=ref,
                clause=_("Pasal 6 ayat (1)") if not early else _("Pasal 6 ayat (2)"),
                owing=ref.parties,
                title=_("Hari terakhir berlakunya PKS (diakhiri lebih awal)")
                if early
                else _("Hari terakhir berlakunya PKS"),
                action=_(
                    "Perjanjian Kerja Sama berlaku sampai dengan %(date)s. Pastikan perpanjangan telah "
                    "disepakati bila kerja sama berlanjut, dan selesaikan tugas serta tanggung jawab yang "
                    "masih berjalan (Pasal 6 ayat (3)); kewajiban kerahasiaan tetap berlaku "
                    "(Pasal 9 ayat (6))."
                )
                % {"date": format_date(last_day)},
                url=agreement_url(agreement.pk, "ringkasan"),
                may_be_overdue=False,
            )


def obligation_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """Due dates of the parties' obligations (Pasal 3, 4, 7); suspended under the owing party's force
    majeure (Pasal 10(3))."""
    today = scope.today
    dues = (
        ObligationDue.objects.filter(obligation__agreement__in=scope.agreements)
        .filter(scope.date_filter("due_on"))
        .values(
            "pk",
            "due_on",
            "met_on",
            "waived_on",
            "period_number",
            "obligation__agreement_id",
            "obligation__party_id",
            "obligation__title",
            "obligation__clause_ref",
        )  # fmt: skip
        .order_by("due_on", "pk")
    )
    if scope.start is None:
        # Unbounded to the past: only what is still open there matters.
        not_met = Q(met_on__isnull=True) | Q(met_on__gt=today)
        not_waived = Q(waived_on__isnull=True) | Q(waived_on__gt=today)
        dues = dues.filter(Q(due_on__gte=today) | (not_met & not_waived))
    for due in dues:
        ref = scope.ref(due["obligation__agreement_id"])
        party = ref.party(due["obligation__party_id"]) if ref else None
        if party is None:
            continue
        done = bool(
            (due["met_on"] and due["met_on"] <= today) or (due["waived_on"] and due["waived_on"] <= today)
        )
        suspended = scope.suspended(party.pk, due["due_on"])
        title = due["obligation__title"]
        if due["period_number"]:
            title = _("%(title)s (periode %(n)s)") % {"title": title, "n": due["period_number"]}
        yield Deadline(
            key=f"due:{due['pk']}:{due['due_on']:%Y%m%d}",
            kind=DeadlineKind.OBLIGATION,
            date=due["due_on"],
            today=today,
            status=status_of(due["due_on"], today, done=done, suspended=suspended),
            agreement=ref,
            clause=due["obligation__clause_ref"],
            owing=(party,),
            title=title,
            action=_(
                "Penuhi kewajiban ini paling lambat %(date)s, lalu catat pemenuhannya beserta buktinya di "
                "portal. Bila PIHAK Anda mengalami keadaan kahar, catat keadaan kahar tersebut agar "
                "kewajiban ditangguhkan (Pasal 10 ayat (3))."
            )
            % {"date": format_date(due["due_on"])},
            url=agreement_url(ref.pk, "kewajiban"),
        )


def force_majeure_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """The written notice of a force majeure, due 14 calendar days after it occurred (Pasal 10(2))."""
    today = scope.today
    for events in scope.force_majeures.values():
        for fm in events:
            agreement = scope.agreement_rows.get(fm.agreement_id)
            ref = scope.ref(fm.agreement_id)
            party = ref.party(fm.party_id) if ref else None
            if agreement is None or party is None:
                continue
            due = fm.occurred_on + timedelta(days=agreement.force_majeure_notice_days)
            if not scope.in_range(due):
                continue
            done = bool(fm.notified_on and fm.notified_on <= today)
            yield Deadline(
                key=f"fm:{fm.pk}:{due:%Y%m%d}",
                kind=DeadlineKind.FORCE_MAJEURE_NOTICE,
                date=due,
                today=today,
                status=status_of(due, today, done=done),
                agreement=ref,
                clause=_("Pasal 10 ayat (2)"),
                owing=(party,),
                title=_("Batas pemberitahuan keadaan kahar %(party)s") % {"party": party.role_name},
                action=_(
                    "Sampaikan pemberitahuan tertulis keadaan kahar yang terjadi pada %(occurred)s kepada "
                    "PIHAK lainnya paling lambat %(date)s, dengan melampirkan pernyataan tertulis dari "
                    "pejabat pemerintah yang berwenang (Pasal 10 ayat (2)), lalu catat tanggal "
                    "pemberitahuannya di portal."
                )
                % {"occurred": format_date(fm.occurred_on), "date": format_date(due)},
                url=agreement_url(ref.pk, "ringkasan"),
            )


def proposal_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """Correction proposals awaiting the receiving party's decision, due N working days after submission
    (the exchange app's clock); reminded to the assignee, or to the liaison officers while unassigned.
    """
    rows = exchange_selectors.proposal_deadlines(
        scope.user, scope.start, scope.end, agreements=scope.agreements
    )
    for row in rows:
        ref = scope.ref(row.agreement_id)
        party = ref.party(row.owing_party_id) if ref else None
        if party is None:
            continue
        yield Deadline(
            key=f"proposal:{row.proposal_id}:{row.due_on:%Y%m%d}",
            kind=DeadlineKind.PROPOSAL,
            date=row.due_on,
            today=scope.today,
            status=status_of(row.due_on, scope.today),
            agreement=ref,
            clause="",
            owing=(party,),
            title=row.title,
            action=_(
                "Putuskan usulan perbaikan data ini (terima, tolak, atau minta kelengkapan) paling lambat "
                "%(date)s melalui portal."
            )
            % {"date": format_date(row.due_on)},
            url=row.url,
            assignee_ids=(row.assignee_id,) if row.assignee_id else (),
        )


# The sources of deadlines. Another app adds its own clock by appending one function here (correction
# proposals: the exchange app's due dates, with assignee_ids set and kind PROPOSAL).
SOURCES: list[Source] = [term_deadlines, obligation_deadlines, force_majeure_deadlines, proposal_deadlines]


def _collect(scope: DeadlineScope) -> list[Deadline]:
    found = [d for source in SOURCES for d in source(scope) if d.agreement is not None]
    return sorted(found, key=lambda d: (d.date, not d.legal, d.agreement.pk, d.key))


def deadlines_for(user: User, start: date | None, end: date, *, today: date | None = None) -> list[Deadline]:
    """The deadlines between start and end (inclusive) of the agreements the user may see, by date."""
    today = today or timezone.localdate()
    return _collect(DeadlineScope(agreements_visible_to(user), start, end, today, user=user))


def deadlines_all(
    start: date | None, end: date, *, today: date | None = None, agreement_id: int | None = None
):
    """The same for every agreement (or one), for the reminder job: no user, no visibility filter."""
    today = today or timezone.localdate()
    agreements = Agreement.objects.all()
    if agreement_id is not None:
        agreements = agreements.filter(pk=agreement_id)
    return _collect(DeadlineScope(agreements, start, end, today))


# --- The dashboard (Beranda) ---------------------------------------------------------------------------

HORIZON_DAYS = 90


@dataclass(frozen=True)
class Bucket:
    code: str
    title: str
    css: str
    deadlines: list[Deadline]


def dashboard_context(user: User, *, today: date | None = None) -> dict:
    """Overdue, this week, in 30 and in 90 days across the user's agreements; counts by status."""
    today = today or timezone.localdate()
    deadlines = [
        d
        for d in deadlines_for(user, None, today + timedelta(days=HORIZON_DAYS), today=today)
        if d.is_open or d.status == DeadlineStatus.SUSPENDED
    ]
    week_end, month_end = today + timedelta(days=6), today + timedelta(days=30)
    overdue = [d for d in deadlines if d.status == DeadlineStatus.OVERDUE]
    week = [d for d in deadlines if today <= d.date <= week_end]
    month = [d for d in deadlines if week_end < d.date <= month_end]
    later = [d for d in deadlines if month_end < d.date]
    buckets = [
        Bucket("overdue", _("Terlambat"), "danger", overdue),
        Bucket("week", _("Minggu ini (7 hari)"), "warn", week),
        Bucket("month", _("Dalam 30 hari"), "info", month),
        Bucket("quarter", _("Dalam 90 hari"), "", later),
    ]
    counts = dict(
        annotate_status(agreements_visible_to(user), today)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    list_url = reverse("agreements:agreement_list")
    statuses = [
        {
            "code": status.value,
            "label": status.label,
            "count": counts.get(status.value, 0),
            "url": f"{list_url}?status={status.value}",
        }
        for status in AgreementStatus
    ]
    return {
        "today": today,
        "buckets": buckets,
        "statuses": statuses,
        "agreement_total": sum(counts.values()),
        "has_deadlines": bool(deadlines),
    }


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
