"""The clocks of the agreements, plugged into the portal's deadline registry (see `register`, called from
AgreementsConfig.ready()): the term of Pasal 6, the parties' obligations (Pasal 3, 4, 7) and the notice of a
force majeure (Pasal 10), with their wording; who is reminded of them (the owing institution's Pimpinan and
the party's Pasal 8 contacts); the agreements a deadline scope covers; the event log the reminder sweeper
follows; and the dashboard's card of agreements by status.

Every text here ends up in e-mail subjects and in calendar feeds that leave the portal: it names
agreements, clauses and institutions, never a person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from agreements.choices import AgreementStatus, AmendmentKind, ClauseTag
from agreements.citations import clause_numbers, in_parens, pasal
from agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementParty,
    Amendment,
    Clause,
    Contact,
    ForceMajeure,
    Notice,
    ObligationDue,
)
from agreements.selectors import agreements_visible_to, annotate_status
from portal.choices import DeadlineStatus, Role
from portal.deadlines import AgreementRef, Deadline, DeadlineScope, PartyRef, status_of
from portal.lib.stored_text import day_text
from portal.models import User
from portal.registry import (
    Addressee,
    Change,
    DashboardPanel,
    InstitutionRole,
    Mailbox,
    NavItem,
    Registry,
    StatItem,
    registry,
)


class AgreementDeadlineKind(models.TextChoices):
    """The agreements' clocks; each kind has its own reminder policy (the codes are stored: never renamed)."""

    NOTICE = "notice", gettext_lazy("Batas pemberitahuan perpanjangan/pengakhiran")
    END = "end", gettext_lazy("Hari terakhir berlaku")
    OBLIGATION = "obligation", gettext_lazy("Jatuh tempo kewajiban")
    FORCE_MAJEURE_NOTICE = "force_majeure_notice", gettext_lazy("Batas pemberitahuan keadaan kahar")


# Legal notices: missing one costs a right under the agreement, so nobody may mute their reminders.
LEGAL_KINDS = frozenset(
    {AgreementDeadlineKind.NOTICE, AgreementDeadlineKind.END, AgreementDeadlineKind.FORCE_MAJEURE_NOTICE}
)

# The reminder sweeper's cursor over AgreementEvent (a ReminderCursor row): never renamed.
EVENT_FEED = "agreement-events"


def agreement_url(agreement_id: int, fragment: str = "") -> str:
    """The agreement's page, at one of its tabs."""
    url = reverse("agreements:agreement_detail", args=[agreement_id])
    return f"{url}#{fragment}" if fragment else url


# --- The agreements of a scope ---------------------------------------------------------------------


class AgreementRows:
    """The signed agreements a deadline scope covers and the rows of them every source reads, loaded once.

    A scope with a user covers the agreements that user may see; without one (the reminder job), every
    agreement, or the one the scope names.
    """

    def __init__(self, scope: DeadlineScope):
        self.scope = scope
        agreements = agreements_visible_to(scope.user) if scope.user is not None else Agreement.objects.all()
        if scope.agreement_id is not None:
            agreements = agreements.filter(pk=scope.agreement_id)
        self.agreements: QuerySet[Agreement] = agreements.filter(signed_on__isnull=False)

    @cached_property
    def rows(self) -> dict[int, Agreement]:
        """The scope's agreements that have a clock in its day range, found through each source's window
        (conditions on indexed date columns, in this one query); every agreement of the scope while a
        source has no window.

        The windows are joined by UNION, each its own SELECT of ids: joined by OR, PostgreSQL checked every
        agreement against every window's subquery, and at 10,000 agreements and a million proposals the
        Beranda's query ran for minutes; each window alone is a few milliseconds on its index."""
        fields = (
            "pk", "title", "is_example", "signed_on", "effective_from", "ends_on", "notice_deadline",
            "terminated_on", "announced_end_on", "notice_period_months", "force_majeure_notice_days",
        )  # fmt: skip
        agreements = self.agreements
        windows = registry.deadlines.windows_of_all_sources()
        if windows is not None:
            ids = [agreements.filter(Q(window(self.scope))).values("pk").order_by() for window in windows]
            agreements = (
                Agreement.objects.filter(pk__in=ids[0].union(*ids[1:])) if ids else Agreement.objects.none()
            )
        return {a.pk: a for a in agreements.only(*fields).order_by()}

    @property
    def in_view(self) -> QuerySet[Agreement]:
        """The agreements the sources read: those with a clock in range (see `rows`)."""
        return Agreement.objects.filter(pk__in=list(self.rows))

    @cached_property
    def refs(self) -> dict[int, AgreementRef]:
        parties: dict[int, list[PartyRef]] = defaultdict(list)
        rows = (
            AgreementParty.objects.filter(agreement__in=self.in_view)
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
            pk: AgreementRef(
                pk=pk,
                title=a.title,
                is_example=a.is_example,
                parties=tuple(parties[pk]),
                url=agreement_url(pk),
            )
            for pk, a in self.rows.items()
        }

    @cached_property
    def clause_numbers(self) -> dict[int, dict[str, int]]:
        """{agreement: {tag: number}}: the articles the texts cite (nothing where none is tagged)."""
        clauses: dict[int, list[Clause]] = defaultdict(list)
        for clause in Clause.objects.filter(agreement__in=self.in_view).only(
            "agreement_id", "number", "tags"
        ):
            clauses[clause.agreement_id].append(clause)
        return {pk: clause_numbers(found) for pk, found in clauses.items()}

    def numbers(self, agreement_id: int) -> dict[str, int]:
        return self.clause_numbers.get(agreement_id, {})

    @cached_property
    def force_majeures(self) -> dict[int, list[ForceMajeure]]:
        """Force-majeure events known by `today`, by party."""
        by_party: dict[int, list[ForceMajeure]] = defaultdict(list)
        rows = ForceMajeure.objects.filter(
            agreement__in=self.in_view, occurred_on__lte=self.scope.today
        ).only("pk", "agreement_id", "party_id", "occurred_on", "notified_on", "ended_on")
        for fm in rows.order_by("occurred_on", "pk"):
            by_party[fm.party_id].append(fm)
        return by_party

    def suspended(self, party_id: int, day: date) -> bool:
        """Whether the party's duty due on `day` is suspended by a force majeure (Pasal 10(3)).

        An event still going on suspends what fell due up to today; a later due is pending as usual (the
        same rule as the agreement's obligations tab).
        """
        return any(
            fm.occurred_on <= day <= (fm.ended_on or self.scope.today)
            for fm in self.force_majeures.get(party_id, ())
        )


def agreements_in(scope: DeadlineScope) -> AgreementRows:
    """The agreements of a scope, shared by every source that reads them (the proposal clock among them)."""
    return scope.shared("agreements", AgreementRows)


def agreement_refs(scope: DeadlineScope) -> dict[int, AgreementRef]:
    return agreements_in(scope).refs


# --- The sources ---------------------------------------------------------------------------------


def _term_start(agreement: Agreement, extensions: dict[int, date]) -> date:
    """The start of the current term: signing (or effective) date, or the last extension signed."""
    start = agreement.starts_on
    extended = extensions.get(agreement.pk)
    return max(start, extended) if extended else start


class _TermWords:
    """The words of the term's clocks, translated once per read (one read may hold thousands)."""

    def __init__(self) -> None:
        self.notice_title = _("Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS")
        self.notice_action = _(
            "Bila PIHAK Anda berkeinginan memperpanjang atau mengakhiri Perjanjian Kerja Sama, "
            "sampaikan pemberitahuan tertulis kepada PIHAK lainnya paling lambat %(date)s%(pasal)s, "
            "lalu catat pemberitahuan itu di portal."
        )
        self.end_title_early = _("Hari terakhir berlakunya PKS (diakhiri lebih awal)")
        self.end_title = _("Hari terakhir berlakunya PKS")
        self.end_action = _(
            "Perjanjian Kerja Sama berlaku sampai dengan %(date)s. Pastikan perpanjangan telah "
            "disepakati bila kerja sama berlanjut, dan selesaikan tugas serta tanggung jawab yang "
            "masih berjalan%(term)s."
        )
        self.confidentiality = _("Kewajiban kerahasiaan tetap berlaku (%(pasal)s).")


def _notice_deadline(
    agreement: Agreement,
    ref: AgreementRef,
    served: bool,
    today: date,
    numbers: dict[str, int],
    words: _TermWords,
) -> Deadline:
    status = status_of(agreement.notice_deadline, today, done=served)
    last_day = agreement.last_day_in_force
    if status == DeadlineStatus.OVERDUE and last_day and today > last_day:
        status = DeadlineStatus.PASSED  # the agreement has ended: nothing left to notify
    return Deadline(
        key=f"notice:{agreement.pk}:{agreement.notice_deadline:%Y%m%d}",
        kind=AgreementDeadlineKind.NOTICE,
        date=agreement.notice_deadline,
        today=today,
        status=status,
        agreement=ref,
        clause=pasal(numbers, ClauseTag.NOTICE),
        owing=ref.parties,
        title=words.notice_title,
        action=words.notice_action
        % {"date": day_text(agreement.notice_deadline), "pasal": in_parens(numbers, ClauseTag.NOTICE)},
        url=f"{ref.url}#ringkasan",
    )


def _end_deadline(
    agreement: Agreement, ref: AgreementRef, today: date, numbers: dict[str, int], words: _TermWords
) -> Deadline:
    last_day = agreement.last_day_in_force
    status = status_of(last_day, today)
    if status == DeadlineStatus.OVERDUE:
        status = DeadlineStatus.PASSED  # an end date is never overdue; it is simply behind us
    # Ended early: recorded, or announced by a served termination notice.
    early = last_day != agreement.ends_on
    confidentiality = pasal(numbers, ClauseTag.CONFIDENTIALITY)
    return Deadline(
        key=f"end:{agreement.pk}:{last_day:%Y%m%d}",
        kind=AgreementDeadlineKind.END,
        date=last_day,
        today=today,
        status=status,
        agreement=ref,
        clause=pasal(numbers, ClauseTag.NOTICE if early else ClauseTag.TERM),
        owing=ref.parties,
        title=words.end_title_early if early else words.end_title,
        action=words.end_action % {"date": day_text(last_day), "term": in_parens(numbers, ClauseTag.TERM)}
        + (" " + words.confidentiality % {"pasal": confidentiality} if confidentiality else ""),
        url=f"{ref.url}#ringkasan",
        may_be_overdue=False,
    )


def term_window(scope: DeadlineScope) -> Q:
    """Agreements whose notice deadline or last day falls in range (indexed dates on the agreement; the last
    day is the earliest of its end, termination and announced end, so one of them is in range). For a
    reader of open clocks only: only agreements still in force today, the only ones with one open."""
    days = {"lte": scope.end} if scope.start is None else {"range": (scope.start, scope.end)}
    ends = ("ends_on", "terminated_on", "announced_end_on")
    condition = Q(**{f"notice_deadline__{op}": v for op, v in days.items()})
    for name in ends:
        condition |= Q(**{f"{name}__{op}": v for op, v in days.items()})
    if scope.open_only:
        today = scope.today
        condition &= Q(ends_on__gte=today)
        for name in ends[1:]:
            condition &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": today})
    return condition


def term_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """The clocks of Pasal 6: the notice deadline and the last day in force, owed by every party."""
    rows = agreements_in(scope)
    today = scope.today
    agreements = [
        a
        for a in rows.rows.values()
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

    words = _TermWords()
    for agreement in agreements:
        ref = scope.ref(agreement.pk)
        numbers = rows.numbers(agreement.pk)
        # An end recorded or announced earlier than the term's replaces the term's notice deadline.
        ends_early = agreement.last_day_in_force != agreement.ends_on
        found = []
        if agreement.notice_deadline and not ends_early and scope.in_range(agreement.notice_deadline):
            term_start = _term_start(agreement, extensions)
            served = any(day >= term_start for day in notices[agreement.pk])
            found.append(_notice_deadline(agreement, ref, served, today, numbers, words))
        last_day = agreement.last_day_in_force
        if last_day and scope.in_range(last_day):
            found.append(_end_deadline(agreement, ref, today, numbers, words))
        yield from (d for d in found if d.is_open or not scope.open_only)


def _dues_in_range(scope: DeadlineScope, dues: QuerySet[ObligationDue]) -> QuerySet[ObligationDue]:
    dues = dues.filter(scope.date_filter("due_on"))
    if scope.start is None:
        # Unbounded to the past: only what is still open there matters.
        today = scope.today
        not_met = Q(met_on__isnull=True) | Q(met_on__gt=today)
        not_waived = Q(waived_on__isnull=True) | Q(waived_on__gt=today)
        dues = dues.filter(Q(due_on__gte=today) | (not_met & not_waived))
    return dues


def obligation_window(scope: DeadlineScope) -> Exists:
    """Agreements with a due in range (the dues' index on due_on)."""
    dues = ObligationDue.objects.filter(obligation__agreement_id=OuterRef("pk"))
    return Exists(_dues_in_range(scope, dues))


def force_majeure_window(scope: DeadlineScope) -> Exists:
    """Agreements with a force majeure known by today whose notice may fall in range: one that occurred by
    the range's end (a rare event: its due day, counted with the agreement's own days, is checked by the
    source); for a reader of open clocks only, one whose notice is not given yet."""
    events = ForceMajeure.objects.filter(
        agreement_id=OuterRef("pk"), occurred_on__lte=min(scope.today, scope.end)
    )
    if scope.open_only:
        events = events.filter(Q(notified_on__isnull=True) | Q(notified_on__gt=scope.today))
    return Exists(events)


def obligation_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """Due dates of the parties' obligations (Pasal 3, 4, 7); suspended under the owing party's force
    majeure (Pasal 10(3))."""
    rows = agreements_in(scope)
    today = scope.today
    dues = (
        _dues_in_range(scope, ObligationDue.objects.filter(obligation__agreement__in=rows.in_view))
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
            "obligation__joint",
            "recorded_late",
        )  # fmt: skip
        .order_by("due_on", "pk")
    )
    # Thousands of dues a read (the feed covers three years): the words are translated once per read, and
    # what belongs to an agreement (its page, the clause of Pasal 10) once per agreement.
    period_title = _("%(title)s (periode %(n)s)")
    action_text = _(
        "Penuhi kewajiban ini paling lambat %(date)s, lalu catat pemenuhannya beserta buktinya di "
        "portal. Bila PIHAK Anda mengalami keadaan kahar, catat keadaan kahar tersebut agar "
        "kewajiban ditangguhkan%(pasal)s."
    )
    fm_clauses: dict[int, str] = {}
    day_of = cache(day_text)
    for due in dues:
        ref = scope.ref(due["obligation__agreement_id"])
        party = ref.party(due["obligation__party_id"]) if ref else None
        if party is None:
            continue
        due_on = due["due_on"]
        done = bool(
            (due["met_on"] and due["met_on"] <= today) or (due["waived_on"] and due["waived_on"] <= today)
        )
        suspended = rows.suspended(party.pk, due_on)
        title = due["obligation__title"]
        if due["period_number"]:
            title = period_title % {"title": title, "n": due["period_number"]}
        fm_clause = fm_clauses.get(ref.pk)
        if fm_clause is None:
            fm_clause = fm_clauses[ref.pk] = in_parens(rows.numbers(ref.pk), ClauseTag.FORCE_MAJEURE)
        yield Deadline(
            key=f"due:{due['pk']}:{due_on:%Y%m%d}",
            kind=AgreementDeadlineKind.OBLIGATION,
            date=due_on,
            today=today,
            status=status_of(due_on, today, done=done, suspended=suspended),
            agreement=ref,
            clause=due["obligation__clause_ref"],
            # A joint duty of PARA PIHAK: one due every party owes, sees and is reminded of.
            owing=ref.parties if due["obligation__joint"] else (party,),
            title=title,
            action=action_text % {"date": day_of(due_on), "pasal": fm_clause},
            url=f"{ref.url}#kewajiban",
            # Entered after its date had passed (a historical agreement): shown, never reminded.
            reminded=not due["recorded_late"],
        )


def force_majeure_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """The written notice of a force majeure, due 14 calendar days after it occurred (Pasal 10(2))."""
    rows = agreements_in(scope)
    today = scope.today
    for events in rows.force_majeures.values():
        for fm in events:
            agreement = rows.rows.get(fm.agreement_id)
            ref = scope.ref(fm.agreement_id)
            party = ref.party(fm.party_id) if ref else None
            if agreement is None or party is None:
                continue
            due = fm.occurred_on + timedelta(days=agreement.force_majeure_notice_days)
            if not scope.in_range(due):
                continue
            done = bool(fm.notified_on and fm.notified_on <= today)
            numbers = rows.numbers(fm.agreement_id)
            yield Deadline(
                key=f"fm:{fm.pk}:{due:%Y%m%d}",
                kind=AgreementDeadlineKind.FORCE_MAJEURE_NOTICE,
                date=due,
                today=today,
                status=status_of(due, today, done=done),
                agreement=ref,
                clause=pasal(numbers, ClauseTag.FORCE_MAJEURE),
                owing=(party,),
                title=_("Batas pemberitahuan keadaan kahar %(party)s") % {"party": party.role_name},
                action=_(
                    "Sampaikan pemberitahuan tertulis keadaan kahar yang terjadi pada %(occurred)s kepada "
                    "PIHAK lainnya paling lambat %(date)s, dengan melampirkan pernyataan tertulis dari "
                    "pejabat pemerintah yang berwenang%(pasal)s, lalu catat tanggal "
                    "pemberitahuannya di portal."
                )
                % {
                    "occurred": day_text(fm.occurred_on),
                    "date": day_text(due),
                    "pasal": in_parens(numbers, ClauseTag.FORCE_MAJEURE),
                },
                url=agreement_url(ref.pk, "ringkasan"),
            )


# --- Clocks kept as a moment on one row of a higher app ---------------------------------------------


@dataclass(frozen=True)
class MomentClock:
    """A clock that is one moment on one row of an app above (a pasted SSO token's expiry, a subject access
    request's answer, an incident's notices), owed by the row's party: its source and its window, built
    once for every such app.

    `open_rows` are the rows whose clock still runs, on any agreement; `at` names the moment; the texts
    take the row and the moment's time ('14:30'). A user sees the clocks of their own party only.
    """

    kind: str
    open_rows: Callable[[], QuerySet]
    at: str
    key: str
    clause: str
    title: Callable[[Any, str], str]
    action: Callable[[], str]
    url: Callable[[Any], str]
    assignee: str | None = None

    def _rows(self, scope: DeadlineScope) -> QuerySet:
        rows = self.open_rows().filter(scope.moment_filter(self.at))
        if scope.user is not None:
            rows = rows.filter(party__institution_id=scope.user.institution_id)
        return rows

    def window(self, scope: DeadlineScope) -> Exists:
        return Exists(self._rows(scope).filter(agreement_id=OuterRef("pk")))

    def source(self, scope: DeadlineScope) -> Iterator[Deadline]:
        """The scope's clocks of this kind, one query."""
        fields = ["pk", "agreement_id", "party_id", self.at] + ([self.assignee] if self.assignee else [])
        rows = self._rows(scope).filter(agreement__in=agreements_in(scope).in_view).only(*fields)
        for row in rows.order_by(self.at, "pk"):
            moment = getattr(row, self.at)
            day = timezone.localdate(moment)
            ref = scope.ref(row.agreement_id)
            party = ref.party(row.party_id) if ref else None
            if party is None or not scope.in_range(day):
                continue
            assignee = getattr(row, self.assignee) if self.assignee else None
            yield Deadline(
                key=f"{self.key}:{row.pk}:{moment:%Y%m%d%H%M}",
                kind=self.kind,
                date=day,
                today=scope.today,
                status=status_of(day, scope.today),
                agreement=ref,
                clause=self.clause,
                owing=(party,),
                title=self.title(row, timezone.localtime(moment).strftime("%H:%M")),
                action=self.action(),
                url=self.url(row),
                assignee_ids=(assignee,) if self.assignee else (),
            )

    def register(self, registry: Registry) -> None:
        registry.deadlines.register_source(self.source, window=self.window)


# --- Who is reminded, and when the sweeper looks again ---------------------------------------------


def party_audience(deadlines: Sequence[Deadline], today: date) -> Callable[[Deadline], list[Addressee]]:
    """Per owing party: its institution's Pimpinan, then its Pasal 8 contacts valid that day (one query)."""
    party_ids = {p.pk for d in deadlines for p in d.owing}
    contacts: dict[int, list[Mailbox]] = defaultdict(list)
    if party_ids:
        valid = Contact.objects.filter(party_id__in=party_ids, valid_from__lte=today).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )
        for contact in valid.exclude(email="").only("party_id", "unit", "person_name", "email"):
            contacts[contact.party_id].append(Mailbox(contact.email, contact.person_name or contact.unit))

    def audience(deadline: Deadline) -> list[Addressee]:
        found: list[Addressee] = []
        for party in deadline.owing:
            found.append(InstitutionRole(party.institution_id, Role.PIMPINAN.value))
            found.extend(contacts.get(party.pk, ()))
        return found

    return audience


def agreement_changes(after: int, limit: int) -> list[Change]:
    """A force majeure recorded, a term extended, a due met: every agreement service writes an event row
    in the transaction of the change, so the sweeper sees it even when the broker was away."""
    rows = (
        AgreementEvent.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", "agreement_id", "occurred_at")[:limit]
    )
    return [Change(*row) for row in rows]


# --- The dashboard -------------------------------------------------------------------------------


def status_panel(user: User, today: date) -> DashboardPanel:
    """The user's agreements by status as of today, each count a link to the filtered list."""
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
    return DashboardPanel(
        anchor="status-perjanjian",
        title=_("Perjanjian menurut status"),
        items=[StatItem(**s) for s in statuses],
        empty_text=_("Instansi Anda belum menjadi pihak pada perjanjian mana pun."),
        context={"statuses": statuses, "agreement_total": sum(counts.values())},
    )


def register(registry: Registry) -> None:
    """Plug the agreements into the portal: their clocks, whom they remind, the agreements a scope covers,
    the event feed of the sweeper, the dashboard's card and the navigation (from AppConfig.ready())."""
    deadlines = registry.deadlines
    for kind in AgreementDeadlineKind:
        deadlines.register_kind(kind.value, kind.label, legal=kind in LEGAL_KINDS, audience=party_audience)
    deadlines.register_agreement_loader(agreement_refs)
    deadlines.register_source(term_deadlines, window=term_window)
    deadlines.register_source(obligation_deadlines, window=obligation_window)
    deadlines.register_source(force_majeure_deadlines, window=force_majeure_window)
    deadlines.register_change_feed(EVENT_FEED, agreement_changes)
    registry.dashboard_panels.register(status_panel)
    registry.nav_items.register(NavItem("agreements:agreement_list", gettext_noop("Perjanjian"), order=20))
