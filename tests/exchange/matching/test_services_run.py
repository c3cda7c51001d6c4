"""Requesting and working a match run: rights, refusals, the doorbell after commit, one effect however
often the task runs, and a dead worker's run taken over after its lease."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchange.matching import services
from exchange.matching.models import MatchResult, MatchRun

pytestmark = pytest.mark.django_db


def test_a_party_user_queues_a_run_and_the_doorbell_rings_after_commit(
    agreement, versions, kemendes_staf, django_capture_on_commit_callbacks
):
    left, right = versions
    with django_capture_on_commit_callbacks() as callbacks:
        run = services.match_run_request(
            acting_user=kemendes_staf, agreement=agreement, left_version=left, right_version=right
        )
    assert run.status == "queued" and run.requested_by == kemendes_staf
    assert len(callbacks) == 1


def test_a_user_of_another_institution_cannot_request_a_run(agreement, versions, lain_staf):
    left, right = versions
    with pytest.raises(PermissionDenied):
        services.match_run_request(
            acting_user=lain_staf, agreement=agreement, left_version=left, right_version=right
        )
    assert not MatchRun.objects.exists()


def test_the_same_version_twice_is_refused_with_a_message(agreement, versions, kemendes_staf):
    left, _right = versions
    with pytest.raises(ValidationError) as error:
        services.match_run_request(
            acting_user=kemendes_staf, agreement=agreement, left_version=left, right_version=left
        )
    assert "dua versi yang berbeda" in str(error.value)
    assert not MatchRun.objects.exists()


def test_a_finished_run_has_its_results_and_counts(finished_run):
    run = finished_run
    assert run.status == "done" and run.progress == 100
    counts = run.counts["outcome"]
    assert counts["tidak_padan"] == 3
    assert counts["hanya_kiri"] == 1
    assert counts["padan"] == 36
    assert run.counts["field"] == {"golRuangAkhir": 1, "tglLahir": 1, "jabatanNama": 1}
    assert MatchResult.objects.filter(run=run).count() == 40
    mismatch = MatchResult.objects.get(run=run, fields__contains=" golRuangAkhir ")
    assert mismatch.differences[0]["field"] == "golRuangAkhir"


def test_the_task_runs_twice_with_one_effect(finished_run):
    assert services.match_run_execute(run_id=finished_run.pk) == "not claimed"
    assert MatchResult.objects.filter(run=finished_run).count() == 40
    finished_run.refresh_from_db()
    assert finished_run.attempts == 1


def test_a_run_whose_worker_died_is_taken_over_after_its_lease(agreement, versions, kemendes_staf):
    left, right = versions
    run = services.match_run_request(
        acting_user=kemendes_staf, agreement=agreement, left_version=left, right_version=right
    )
    now = timezone.now()
    MatchRun.objects.filter(pk=run.pk).update(status="running", lease_until=now + timedelta(seconds=30))
    assert services.match_run_execute(run_id=run.pk, now=now) == "not claimed"
    later = now + timedelta(seconds=61)
    assert services.match_run_execute(run_id=run.pk, now=later).startswith("done")
    run.refresh_from_db()
    assert run.status == "done" and MatchResult.objects.filter(run=run).count() == 40


def test_the_sweep_rings_again_for_a_forgotten_run(
    agreement, versions, kemendes_staf, django_capture_on_commit_callbacks
):
    left, right = versions
    run = services.match_run_request(
        acting_user=kemendes_staf, agreement=agreement, left_version=left, right_version=right
    )
    MatchRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.match_runs_sweep() == 1
    assert len(callbacks) == 1


def test_the_sweep_command_says_how_many_it_rang(agreement, versions, kemendes_staf):
    from io import StringIO

    from django.core.management import call_command

    left, right = versions
    run = services.match_run_request(
        acting_user=kemendes_staf, agreement=agreement, left_version=left, right_version=right
    )
    MatchRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    out = StringIO()
    call_command("match_runs_sweep", stdout=out)
    assert "1 pemadanan diantrekan ulang" in out.getvalue()
