"""Kill -9 a real Celery worker ten times during a sync run on a real Redis: nothing lost, nothing doubled.

The worker process consumes the `sync` queue of a redis-server this test starts on a free port; the
database is the test's own (SQLite file or PostgreSQL). Between kills the test plays the beat: it runs the
sweeper, which rings again for the run once the dead worker's lease has lapsed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest
from django.db import connection

from exchange.data.models import DataSetVersion, Record
from exchange.sync import services
from exchange.sync.choices import ItemStatus, RunStatus
from exchange.sync.models import SyncItem, SyncRun
from tests.conftest import ROOT, celery_publishing_to, database_url_of, free_port, require
from tests.exchange.partners.simulator_process import running_simulator
from tests.exchange.sync import setup

pytestmark = pytest.mark.redis

KILLS = 10
ROWS = setup.roster(300, seed=31)


@pytest.fixture
def own_redis():
    """A redis-server of this test alone (the shared one is never touched)."""
    binary = shutil.which("redis-server")
    require(bool(binary), "redis-server")
    port = free_port()
    folder = tempfile.mkdtemp(prefix="sync-kill-redis-")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            folder,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port, socket_connect_timeout=1)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.RedisError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/2"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def start_worker(redis_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.sync_settings",
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url_of(connection.settings_dict),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo", "-Q", "sync"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def done_of(run: SyncRun) -> int:
    run.refresh_from_db()
    return run.done


def wait_for_progress(run: SyncRun, worker: subprocess.Popen, *, beyond: int, timeout: float = 90) -> None:
    """Play the beat (the sweeper each second) until the run is past `beyond` closed items."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done_of(run) > beyond or not run.is_open:
            return
        assert worker.poll() is None, "the worker died by itself"
        services.sync_sweep()
        time.sleep(0.5)
    pytest.fail(f"no progress beyond {beyond}: {run.status} {run.done}/{run.total}")


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_ten_times_loses_nothing_and_doubles_nothing(
    own_redis, kemendes, bkn, kemendes_staf
):
    agreement = setup.agreement_with_lampiran(kemendes, bkn)
    setup.roster_version(agreement, ROWS)
    setup.grant_change(kemendes_staf, agreement)
    with running_simulator(ROWS, "--latency-ms", "40") as simulator, celery_publishing_to(own_redis):
        setup.credential(agreement, simulator.url, concurrency=4)
        run = services.run_request(agreement=agreement, acting_user=kemendes_staf)
        step = len(ROWS) // (KILLS + 2)
        for kill in range(KILLS):
            worker = start_worker(own_redis)
            try:
                wait_for_progress(run, worker, beyond=step * (kill + 1))
            finally:
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)
            assert run.is_open, "the run finished before the last kill"
        worker = start_worker(own_redis)
        try:
            deadline = time.monotonic() + 180
            while done_of(run) < run.total or run.is_open:
                assert time.monotonic() < deadline, f"run stuck: {run.status} {run.done}/{run.total}"
                services.sync_sweep()
                time.sleep(0.5)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        served = simulator.served()

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    items = SyncItem.objects.filter(run=run)
    assert items.count() == len(ROWS) == run.total
    assert run.fetched + run.not_found + run.failed == len(ROWS)
    assert items.filter(status=ItemStatus.FETCHED).count() == run.fetched
    assert items.filter(status=ItemStatus.NOT_FOUND).count() == run.not_found
    assert items.filter(status=ItemStatus.FAILED).count() == run.failed
    assert not items.filter(status__in=(ItemStatus.PENDING, ItemStatus.CLAIMED)).exists()
    versions = DataSetVersion.objects.filter(source_name=run.reference)
    assert versions.count() == 1
    assert Record.objects.filter(version=versions.get()).count() == run.fetched
    refetched = sum(n - 1 for n in served.values() if n > 1)
    # Only what was in flight or fetched but not yet written when its worker died is asked again: per
    # kill, the cap's calls in flight, a flush of as many outcomes, and what arrived while it committed.
    assert refetched <= KILLS * 3 * 4, refetched
    print(
        f"\n{KILLS} kills: {run.fetched} fetched, {run.not_found} not found, {run.failed} failed, "
        f"{refetched} calls repeated after a kill"
    )
