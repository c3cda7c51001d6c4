"""Report runs: the request (a row and a doorbell), the work (claim, compute the figures, draft), the
completion of the draft, the issue (number, PDF filed as the due's evidence, XLSX), the schedule that opens
a run when a period closes, and the sweep that rings again for rows left behind."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.choices import DocumentKind, ObligationKind
from agreements.models import ObligationDue
from agreements.selectors import Right, may
from agreements.services import due_meet, letter_number_draw
from agreements.services.documents import store_document
from exchange.reports import figures, pdf, xlsx
from exchange.reports.choices import RunStatus, Trigger
from exchange.reports.models import ReportRun
from portal.lib import queue
from portal.lib.leased_runs import Heartbeat, LeasedRuns
from portal.lib.text_id import format_date
from portal.models import User

logger = logging.getLogger(__name__)

RUNS = LeasedRuns(ReportRun)
# A period that closed this long ago or less gets its run opened by the schedule; older ones on demand.
SCHEDULE_WINDOW = timedelta(days=45)
TEXT_LIMIT = 5000


def _require_reporter(acting_user: User, due: ObligationDue) -> None:
    """Only the obligated party writes its report, and within it only who keeps the agreement's records."""
    agreement = due.obligation.agreement
    if due.obligation.party.institution_id != getattr(acting_user, "institution_id", None):
        raise PermissionDenied(
            _("Laporan ini kewajiban %(party)s; hanya pihak tersebut yang menyusunnya.")
            % {"party": due.obligation.party.role_name}
        )
    if not may(acting_user, Right.CHANGE, agreement):
        raise PermissionDenied(_("Anda tidak memiliki hak mengelola perjanjian ini."))


def _report_due(due: ObligationDue) -> ObligationDue:
    due = (
        ObligationDue.objects.select_for_update(of=("self",))
        .select_related("obligation__agreement", "obligation__party")
        .get(pk=due.pk)
    )
    if due.obligation.kind != ObligationKind.REPORT:
        raise ValidationError(_("Jatuh tempo ini bukan kewajiban laporan berkala."))
    if due.period_start is None or due.period_end is None:
        raise ValidationError(_("Jatuh tempo ini tidak memiliki periode laporan."))
    return due


def _queue(run_id: int) -> None:
    from exchange.reports import tasks

    queue.ring_after_commit(tasks.run_report, run_id)


@transaction.atomic
def report_run_request(*, acting_user: User, due: ObligationDue, now: datetime | None = None) -> ReportRun:
    """Queue the report of a due's period, or compute a draft again; the work runs in the background."""
    due = _report_due(due)
    _require_reporter(acting_user, due)
    now = now or timezone.now()
    run = ReportRun.objects.select_for_update().filter(due=due).first()
    if run is None:
        run = ReportRun.objects.create(
            agreement=due.obligation.agreement,
            due=due,
            party=due.obligation.party,
            period_start=due.period_start,
            period_end=due.period_end,
            trigger=Trigger.MANUAL,
            requested_by=acting_user,
            created_at=now,
        )
    elif run.is_issued:
        raise ValidationError(_("Laporan %(number)s sudah diterbitkan.") % {"number": run.number})
    elif run.is_running:
        raise ValidationError(_("Laporan ini sedang disusun; tunggu hingga selesai."))
    else:
        ReportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.QUEUED, progress=0, message="", requested_by=acting_user, created_at=now
        )
        run.refresh_from_db()
    _queue(run.pk)
    return run


def report_run_execute(*, run_id: int, now: datetime | None = None) -> str:
    """Claim the run and compute its figures into a draft, all or nothing.

    Runs twice, one effect: a second call finds the run taken or drafted and does nothing; a run whose
    worker died is claimed again once its lease has run out.
    """
    claimed, drafted = RUNS.execute(
        run_id,
        _execute,
        failure=lambda exc: _("Penyusunan laporan gagal: %(error)s") % {"error": type(exc).__name__},
        logger=logger,
        now=now,
    )
    if not claimed:
        return "not claimed"
    return "draft" if drafted else "failed"


@transaction.atomic
def _execute(run_id: int, attempt: int, heartbeat: Heartbeat) -> bool:
    run = ReportRun.objects.select_related("agreement").get(pk=run_id)
    heartbeat(2)
    computed = figures.collect(run.agreement, run.period_start, run.period_end, heartbeat)
    RUNS.finish(run_id, attempt, status=RunStatus.DRAFT, figures=computed)
    return True


def _draft(run: ReportRun, acting_user: User) -> ReportRun:
    run = ReportRun.objects.select_for_update().select_related("due__obligation__agreement").get(pk=run.pk)
    _require_reporter(acting_user, run.due)
    if not run.is_draft:
        raise ValidationError(
            _("Laporan berstatus %(status)s tidak dapat diubah.") % {"status": run.get_status_display()}
        )
    return run


@transaction.atomic
def report_run_complete(*, acting_user: User, run: ReportRun, kendala: str, rencana: str) -> ReportRun:
    """Write the draft's free-text parts: the obstacles met and the follow-up planned."""
    run = _draft(run, acting_user)
    kendala, rencana = (kendala or "").strip(), (rencana or "").strip()
    errors = {}
    for key, value in (("kendala", kendala), ("rencana", rencana)):
        if len(value) > TEXT_LIMIT:
            errors[key] = _("Paling banyak %(n)s karakter.") % {"n": TEXT_LIMIT}
    if errors:
        raise ValidationError(errors)
    run.kendala, run.rencana = kendala, rencana
    run.save(update_fields=["kendala", "rencana"])
    return run


@transaction.atomic
def report_run_issue(*, acting_user: User, run: ReportRun, now: datetime | None = None) -> ReportRun:
    """Number and date the completed draft, print its PDF and XLSX, and meet the report due with the PDF."""
    run = _draft(run, acting_user)
    if not run.is_complete:
        raise ValidationError(_("Lengkapi kendala dan rencana tindak lanjut sebelum laporan diterbitkan."))
    now = now or timezone.now()
    day = timezone.localdate(now)
    _seq, run.number = letter_number_draw(run.party.institution, day)
    run.issued_on, run.issued_by, run.status = day, acting_user, RunStatus.ISSUED
    content = pdf.report_pdf(run)
    run.document = store_document(
        agreement=run.agreement,
        acting_user=acting_user,
        file=SimpleUploadedFile(pdf.report_filename(run), content, "application/pdf"),
        kind=DocumentKind.EVIDENCE,
        title=_("Laporan pemanfaatan dan pertukaran data %(number)s") % {"number": run.number},
    )
    run.workbook = xlsx.report_xlsx(run)
    run.save(update_fields=["number", "issued_on", "issued_by", "status", "document", "workbook"])
    due = run.due
    if due.met_on is None and due.waived_on is None:
        due_meet(
            due=due,
            acting_user=acting_user,
            met_on=day,
            note=_("Laporan %(number)s periode %(start)s s.d. %(end)s")
            % {
                "number": run.number,
                "start": format_date(run.period_start),
                "end": format_date(run.period_end),
            },
            evidence=run.document,
        )
    return run


def report_runs_schedule(*, today: date) -> int:
    """Open the run of every report due whose period has closed (recently) and that has no run yet."""
    dues = ObligationDue.objects.filter(
        obligation__kind=ObligationKind.REPORT,
        obligation__agreement__signed_on__isnull=False,
        period_start__isnull=False,
        period_end__lt=today,
        period_end__gte=today - SCHEDULE_WINDOW,
        met_on__isnull=True,
        waived_on__isnull=True,
        report_run__isnull=True,
    ).select_related("obligation")
    made = 0
    for due in dues[:200]:
        with transaction.atomic():
            run, created = ReportRun.objects.get_or_create(
                due=due,
                defaults={
                    "agreement_id": due.obligation.agreement_id,
                    "party_id": due.obligation.party_id,
                    "period_start": due.period_start,
                    "period_end": due.period_end,
                    "trigger": Trigger.SCHEDULE,
                },
            )
            if created:
                _queue(run.pk)
                made += 1
    return made


def report_runs_sweep(*, now: datetime | None = None) -> int:
    """Ring again for runs left queued (a lost doorbell) or running past their lease (a dead worker)."""
    ids = RUNS.stale(now or timezone.now())
    for run_id in ids:
        _queue(run_id)
    return len(ids)
