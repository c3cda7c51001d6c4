"""Reads of the semester reports, scoped by who asks: every party to the agreement sees its reports (the
report is delivered to the other party); only the obligated party's keepers of the records write them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from agreements.choices import ObligationKind
from agreements.models import Agreement, ObligationDue
from agreements.selectors import Right, agreements_visible_to, may
from exchange.reports.models import ReportRun
from portal.models import User


def runs_visible_to(user: User) -> QuerySet[ReportRun]:
    return ReportRun.objects.filter(agreement__in=agreements_visible_to(user))


def run_detail(user: User, pk: int) -> ReportRun:
    """One visible run with what its page shows; DoesNotExist for anyone who may not see it."""
    return (
        runs_visible_to(user)
        .select_related(
            "agreement",
            "party__institution",
            "due__obligation__party",
            "document",
            "issued_by",
            "requested_by",
        )
        .prefetch_related("agreement__parties__institution")
        .get(pk=pk)
    )


def can_write(user: User, run_or_due: ReportRun | ObligationDue) -> bool:
    """Whether the user may request, complete and issue this report (the services check the same)."""
    due = run_or_due.due if isinstance(run_or_due, ReportRun) else run_or_due
    party = due.obligation.party
    agreement = due.obligation.agreement
    return party.institution_id == getattr(user, "institution_id", None) and may(
        user, Right.CHANGE, agreement
    )


@dataclass
class PeriodRow:
    due: ObligationDue
    run: ReportRun | None
    closed: bool
    can_write: bool


def periods_of(user: User, agreement: Agreement, *, today: date) -> list[PeriodRow]:
    """The report periods of the agreement (one per due of its report obligations), newest first."""
    dues = list(
        ObligationDue.objects.filter(
            obligation__agreement=agreement,
            obligation__kind=ObligationKind.REPORT,
            period_start__isnull=False,
        )
        .select_related("obligation__party__institution", "obligation__agreement")
        .order_by("-period_start", "-pk")
    )
    runs = {run.due_id: run for run in ReportRun.objects.filter(due__in=dues)}
    writer_of = {}
    rows = []
    for due in dues:
        party = due.obligation.party_id
        if party not in writer_of:
            writer_of[party] = can_write(user, due)
        rows.append(PeriodRow(due, runs.get(due.pk), due.period_start <= today, writer_of[party]))
    return rows
