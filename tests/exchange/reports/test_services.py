"""Report runs: request, background work, completion, issue, the schedule and the sweep."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agreements.models import LetterSequence, ObligationDue
from exchange.reports import services
from exchange.reports.models import ReportRun
from portal.models import DailyJobRun
from tests.exchange.reports.conftest import FIRST_PERIOD, drafted, report_due, withhold_the_change_right

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def test_it_queues_a_run_of_the_due_s_period_and_drafts_it_in_the_background(first_due, kemendes_staf):
    run = services.report_run_request(acting_user=kemendes_staf, due=first_due)
    assert (run.status, run.period_start, run.period_end) == ("queued", *FIRST_PERIOD)
    assert services.report_run_execute(run_id=run.pk) == "draft"
    run.refresh_from_db()
    assert run.status == "draft" and run.progress == 100
    assert set(run.figures["sections"]) >= {
        "web_service",
        "files",
        "sync",
        "matching",
        "proposals",
        "personal",
    }
    assert run.figures["period"] == ["2023-10-09", "2024-04-08"]


def test_a_second_delivery_of_the_doorbell_does_nothing(first_due, kemendes_staf):
    run = drafted(kemendes_staf, first_due)
    finished = run.finished_at
    assert services.report_run_execute(run_id=run.pk) == "not claimed"
    run.refresh_from_db()
    assert run.attempts == 1 and run.finished_at == finished


def test_a_run_whose_worker_died_is_claimed_again_once_its_lease_ran_out(first_due, kemendes_staf):
    run = services.report_run_request(acting_user=kemendes_staf, due=first_due)
    ReportRun.objects.filter(pk=run.pk).update(
        status="running", lease_until=timezone.now() + timedelta(seconds=30)
    )
    assert services.report_run_execute(run_id=run.pk) == "not claimed"
    ReportRun.objects.filter(pk=run.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert services.report_runs_sweep() == 1
    assert services.report_run_execute(run_id=run.pk) == "draft"


def test_it_refuses_the_other_party_an_outsider_and_a_user_without_the_change_right(
    first_due, bkn_staf, lain_staf, kemendes_pimpinan
):
    withhold_the_change_right(kemendes_pimpinan, first_due.obligation.agreement)
    for user in (bkn_staf, lain_staf, kemendes_pimpinan):
        with pytest.raises(PermissionDenied):
            services.report_run_request(acting_user=user, due=first_due)
    assert not ReportRun.objects.exists()


def test_it_refuses_a_due_that_is_not_a_report(seed, kemendes_staf):
    other = (
        ObligationDue.objects.filter(obligation__agreement=seed).exclude(obligation__kind="report").first()
    )
    with pytest.raises(ValidationError):
        services.report_run_request(acting_user=kemendes_staf, due=other)


def test_a_draft_is_computed_again_on_request_but_an_issued_report_is_not(first_due, kemendes_staf):
    run = drafted(kemendes_staf, first_due)
    again = services.report_run_request(acting_user=kemendes_staf, due=first_due)
    assert again.pk == run.pk and again.status == "queued"
    services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    services.report_run_complete(acting_user=kemendes_staf, run=run, kendala="Tidak ada.", rencana="Lanjut.")
    services.report_run_issue(acting_user=kemendes_staf, run=run)
    with pytest.raises(ValidationError, match="sudah diterbitkan"):
        services.report_run_request(acting_user=kemendes_staf, due=first_due)


def test_it_issues_only_a_completed_draft_and_changes_nothing_otherwise(first_due, kemendes_staf, kemendes):
    run = drafted(kemendes_staf, first_due)
    with pytest.raises(ValidationError, match="Lengkapi kendala"):
        services.report_run_issue(acting_user=kemendes_staf, run=run)
    run.refresh_from_db()
    assert run.status == "draft" and run.number == ""
    assert not LetterSequence.objects.filter(institution=kemendes).exists()
    assert ObligationDue.objects.get(pk=first_due.pk).met_on is None


def test_too_long_a_text_is_refused_and_nothing_is_kept(first_due, kemendes_staf):
    run = drafted(kemendes_staf, first_due)
    with pytest.raises(ValidationError) as caught:
        services.report_run_complete(
            acting_user=kemendes_staf, run=run, kendala="x" * 5001, rencana="Lanjut."
        )
    assert "kendala" in caught.value.message_dict
    run.refresh_from_db()
    assert run.kendala == "" and run.rencana == ""


def test_issuing_numbers_files_the_pdf_keeps_the_xlsx_and_meets_the_due(first_due, kemendes_staf):
    run = drafted(kemendes_staf, first_due)
    services.report_run_complete(acting_user=kemendes_staf, run=run, kendala="Tidak ada.", rencana="Lanjut.")
    now = datetime.combine(date(2024, 4, 15), time(9), JAKARTA)
    run = services.report_run_issue(acting_user=kemendes_staf, run=run, now=now)
    assert run.number == "1/HKM.07.01/IV/2024" and run.issued_on == date(2024, 4, 15)
    due = ObligationDue.objects.get(pk=first_due.pk)
    assert due.met_on == date(2024, 4, 15) and due.evidence_id == run.document_id
    assert run.document.kind == "evidence" and run.document.sha256
    assert bytes(run.workbook)[:2] == b"PK"
    with pytest.raises(ValidationError):
        services.report_run_issue(acting_user=kemendes_staf, run=run)


def test_the_schedule_opens_one_run_per_closed_period_once(seed, django_capture_on_commit_callbacks):
    today = date(2024, 4, 20)  # the first period closed on 2024-04-08
    with django_capture_on_commit_callbacks():
        assert services.report_runs_schedule(today=today) == 1
        assert services.report_runs_schedule(today=today) == 0
    run = ReportRun.objects.get()
    assert run.due == report_due(seed) and run.trigger == "schedule" and run.requested_by is None
    assert services.report_runs_schedule(today=date(2024, 4, 8)) == 0  # the second is still open


def test_the_daily_job_runs_each_day_once(seed):
    from exchange.reports import tasks

    with _at(date(2024, 4, 20), 2):
        first = tasks.schedule_reports()
        second = tasks.schedule_reports()
    assert "opened=1" in first and second == "nothing due"
    assert DailyJobRun.objects.filter(job=tasks.SCHEDULE_JOB).count() == 1


def _at(day: date, hour: int):
    import time_machine

    return time_machine.travel(datetime.combine(day, time(hour), JAKARTA), tick=False)
