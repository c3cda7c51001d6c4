"""A sync run over 2,000 people against the SIASN simulator at 50 ms per call, with a cap of 10 concurrent
calls: one worker reaches the cap's rate (10 / 0.05 s = 200 calls/s ideal), printed beside the ideal.

The cap is the shared limiter's (Redis when reachable, and the database), not a local semaphore: the
worker's thread pool is only as wide as the cap, and every call still passes the shared limiter.
"""

from __future__ import annotations

import time

import pytest
from django.db import connection

from exchange.sync import services, worker
from exchange.sync.choices import RunStatus
from tests.exchange.partners.simulator_process import running_simulator
from tests.exchange.sync import setup

PEOPLE = 2000
CAP = 10
LATENCY = 0.05
IDEAL = CAP / LATENCY
TARGET = 0.9


def _bench(kemendes, bkn, kemendes_staf, label: str) -> None:
    rows = setup.roster(PEOPLE, seed=2000)
    agreement = setup.agreement_with_lampiran(kemendes, bkn)
    setup.roster_version(agreement, rows)
    setup.grant_change(kemendes_staf, agreement)
    with running_simulator(rows, "--latency-ms", str(LATENCY * 1000)) as simulator:
        credential = setup.credential(agreement, simulator.url, concurrency=CAP)
        services_run = services.run_request(agreement=agreement, acting_user=kemendes_staf)
        started = time.perf_counter()
        outcome = worker.run_work(run_id=services_run.pk, slice_seconds=600, timeout=10)
        elapsed = time.perf_counter() - started
        outcomes = simulator.stats()["outcomes"]
    services_run.refresh_from_db()
    calls = outcomes.get("ok", 0) + outcomes.get("not_found", 0)
    rate = calls / elapsed
    people_rate = PEOPLE / elapsed
    print(
        f"\nsync [{label} limiter, {connection.vendor}]: {PEOPLE} people, {calls} calls in {elapsed:.1f}s: "
        f"{rate:.0f} calls/s against an ideal {IDEAL:.0f}/s ({100 * rate / IDEAL:.0f}%), "
        f"{people_rate:.0f} people/s ({calls / PEOPLE:.2f} calls per person: riwayat when data-utama lacks "
        f"a field); {services_run.fetched} fetched, {services_run.not_found} not found, "
        f"{services_run.failed} failed; cap {credential.max_concurrency}"
    )
    assert outcome == "done" and services_run.status == RunStatus.DONE
    assert services_run.fetched + services_run.not_found + services_run.failed == PEOPLE
    assert rate >= TARGET * IDEAL, f"{rate:.0f} calls/s is under {TARGET:.0%} of {IDEAL:.0f}"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_one_worker_reaches_the_cap_with_the_redis_limiter(kemendes, bkn, kemendes_staf, redis_url, settings):
    settings.REDIS_URL = redis_url
    _bench(kemendes, bkn, kemendes_staf, "redis")


@pytest.mark.django_db(transaction=True)
def test_one_worker_reaches_the_cap_with_the_database_limiter(kemendes, bkn, kemendes_staf, settings):
    settings.REDIS_URL = ""
    _bench(kemendes, bkn, kemendes_staf, "database")
