"""Sync runs worked in-process against the simulator over real HTTP (the Celery side is in tests/faults)."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchange.data.models import Record
from exchange.partners.simulator import siasn_record
from exchange.sync import services, worker
from exchange.sync.choices import ItemStatus, RunStatus, RunTrigger
from exchange.sync.models import SyncItem
from tests.exchange.partners.simulator_process import running_simulator
from tests.exchange.sync import setup

ROWS = setup.roster(120)
IN_SIASN = {row["nipBaru"] for row in ROWS if siasn_record(row)[0] is not None}
FAULTS = ("--error-rate", "0.05", "--timeout-rate", "0.02", "--timeout-seconds", "2")
FAULTS += ("--throttle-rate", "0.01", "--throttle-seconds", "0.5")


def expire_tokens_midway(simulator, *, after: int) -> threading.Thread:
    """Both tokens lapse at the partner once `after` people have been served: mid-run."""

    def watch():
        deadline = time.monotonic() + 60
        while sum(simulator.served().values()) < after and time.monotonic() < deadline:
            time.sleep(0.05)
        simulator.expire_tokens()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def work_to_the_end(run, *, timeout=0.5, rounds=50):
    for _ in range(rounds):
        outcome = worker.run_work(run_id=run.pk, slice_seconds=30, timeout=timeout)
        run.refresh_from_db()
        if outcome in ("done", "failed", "blocked"):
            return outcome
        if outcome == "waiting":  # what the sweeper would do once the items are due
            worker.SyncItem.objects.filter(run=run, status=ItemStatus.PENDING).update(due_at=None)
    raise AssertionError(f"run not finished: {run.status}")


@pytest.fixture
def simulator():
    with running_simulator(ROWS, *FAULTS) as sim:
        yield sim


@pytest.mark.django_db(transaction=True)
def test_a_run_under_faults_accounts_for_every_nip_and_fetches_none_twice(
    sync_agreement, simulator, kemendes_staf
):
    setup.roster_version(sync_agreement, ROWS)
    setup.credential(sync_agreement, simulator.url, concurrency=6)
    setup.grant_change(kemendes_staf, sync_agreement)
    run = services.run_request(agreement=sync_agreement, acting_user=kemendes_staf)
    watcher = expire_tokens_midway(simulator, after=40)

    assert work_to_the_end(run) == "done"

    watcher.join(timeout=5)
    assert run.status == RunStatus.DONE
    assert run.total == len(ROWS)
    assert run.fetched + run.not_found + run.failed == len(ROWS)
    statuses = dict(SyncItem.objects.filter(run=run).values_list("nip", "status"))
    assert set(statuses.values()) <= {ItemStatus.FETCHED, ItemStatus.NOT_FOUND, ItemStatus.FAILED}
    for nip, status in statuses.items():
        assert (status == ItemStatus.NOT_FOUND) == (nip not in IN_SIASN) or status == ItemStatus.FAILED
    assert not SyncItem.objects.filter(run=run, status=ItemStatus.FAILED, reason="").exists()
    served = simulator.served()
    assert max(served.values()) == 1, "a NIP was fetched twice"
    assert set(served) == {nip for nip, s in statuses.items() if s == ItemStatus.FETCHED}
    outcomes = simulator.stats()["outcomes"]
    assert outcomes.get("error") and outcomes.get("timeout") and outcomes.get("expired_jwt")
    version = run.result_version
    assert version.source_kind == "sync" and version.row_count == run.fetched
    assert version.dataset.provider.order == 2 and version.dataset.receiver.order == 1
    assert Record.objects.filter(version=version).count() == run.fetched


@pytest.mark.django_db(transaction=True)
def test_a_rerun_the_same_day_fetches_only_what_is_due(sync_agreement, simulator, kemendes_staf):
    simulator.faults(error_rate=0, timeout_rate=0, throttle_rate=0)
    setup.roster_version(sync_agreement, ROWS)
    setup.credential(sync_agreement, simulator.url)
    setup.grant_change(kemendes_staf, sync_agreement)
    first = services.run_request(agreement=sync_agreement, acting_user=kemendes_staf)
    work_to_the_end(first)
    failed = set(SyncItem.objects.filter(run=first, status=ItemStatus.FAILED).values_list("nip", flat=True))
    calls_before = sum(simulator.served().values())

    again = services.run_request(agreement=sync_agreement, acting_user=kemendes_staf)
    assert again.reused == len(ROWS) - len(failed)
    work_to_the_end(again)
    assert sum(simulator.served().values()) - calls_before <= len(failed)
    assert again.result_version.row_count == first.result_version.row_count + again.fetched - first.fetched


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_batch_is_taken_over_after_its_lease(sync_agreement, simulator, kemendes_staf):
    simulator.faults(error_rate=0, timeout_rate=0, throttle_rate=0)
    setup.roster_version(sync_agreement, ROWS)
    setup.credential(sync_agreement, simulator.url)
    setup.grant_change(kemendes_staf, sync_agreement)
    run = services.run_request(agreement=sync_agreement, acting_user=kemendes_staf)
    worker.SyncRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    taken = worker.claim_batch(run, "dead-worker", 30)  # it claimed, then died
    assert len(taken) == 30
    assert worker.claim_batch(run, "other", 200) and True
    SyncItem.objects.filter(run=run, claimed_by="other").update(status=ItemStatus.PENDING, claimed_by="")
    assert SyncItem.objects.filter(run=run, claimed_by="dead-worker").count() == 30

    from datetime import timedelta

    from django.utils import timezone

    SyncItem.objects.filter(claimed_by="dead-worker").update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert work_to_the_end(run) == "done"
    assert run.fetched + run.not_found + run.failed == len(ROWS)


@pytest.mark.django_db(transaction=True)
def test_a_lapsed_pasted_sso_token_blocks_the_run_until_the_credentials_change(
    sync_agreement, simulator, kemendes_staf
):
    simulator.faults(error_rate=0, timeout_rate=0, throttle_rate=0)
    setup.roster_version(sync_agreement, ROWS)
    credential = setup.credential(sync_agreement, simulator.url)
    credential.sso_username_sealed = credential.sso_password_sealed = ""
    credential.save()
    setup.grant_change(kemendes_staf, sync_agreement)
    run = services.run_request(agreement=sync_agreement, acting_user=kemendes_staf)

    assert worker.run_work(run_id=run.pk, timeout=0.5) == "blocked"
    run.refresh_from_db()
    assert run.status == RunStatus.BLOCKED and run.error == "sso_expired"
    assert not SyncItem.objects.filter(run=run, status=ItemStatus.CLAIMED).exists()

    setup.credential(sync_agreement, simulator.url)  # the operator's login again
    assert services.sync_sweep()["unblocked"] == 1
    assert work_to_the_end(run) == "done"


@pytest.mark.django_db
def test_it_refuses_a_user_without_the_grant(sync_agreement, kemendes_staf, bkn_staf):
    setup.roster_version(sync_agreement, ROWS[:3])
    setup.credential(sync_agreement, "http://127.0.0.1:9")
    with pytest.raises(PermissionDenied):
        services.run_request(agreement=sync_agreement, acting_user=kemendes_staf)
    setup.grant_change(bkn_staf, sync_agreement)
    with pytest.raises(ValidationError):  # BKN receives the roster, but keeps no SIASN access here
        services.run_request(agreement=sync_agreement, acting_user=bkn_staf)


@pytest.mark.django_db
def test_it_refuses_a_second_open_run_and_a_missing_roster(sync_agreement, kemendes_staf):
    setup.credential(sync_agreement, "http://127.0.0.1:9")
    setup.grant_change(kemendes_staf, sync_agreement)
    with pytest.raises(ValidationError):
        services.run_request(agreement=sync_agreement, acting_user=kemendes_staf)
    setup.roster_version(sync_agreement, ROWS[:3])
    services.run_request(agreement=sync_agreement, acting_user=kemendes_staf)
    with pytest.raises(ValidationError):
        services.run_request(agreement=sync_agreement, acting_user=kemendes_staf, trigger=RunTrigger.MANUAL)
