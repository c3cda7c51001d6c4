"""A sync run over 2,000 people against the SIASN simulator at 50 ms per call, with a cap of 10 concurrent
calls: one worker reaches the cap's rate (10 / 0.05 s = 200 calls/s ideal), printed beside the ideal.

The cap is the shared limiter's (Redis when reachable, and the database), not a local semaphore: the
worker's thread pool is only as wide as the cap, each thread keeps the slot it took (renewing its lease) while
it has work, and every call still passes the shared limiter.
"""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from django.db import connection

from exchange.partners.client import SSO_PATH
from exchange.sync import services, worker
from exchange.sync.choices import RunStatus
from tests.exchange.partners.simulator_process import running_simulator
from tests.exchange.sync import setup

PEOPLE = 2000
CAP = 10
LATENCY = 0.05
IDEAL = CAP / LATENCY
TARGET = 0.9


def _ceiling(url: str, nips: list[str]) -> float:
    """Calls per second of a bare httpx loop on 10 threads, no limiter, no database: what this machine
    allows the simulator and a client at all (on a loaded machine it is below the ideal)."""
    client = httpx.Client()
    gateway = client.post(
        f"{url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("simulator-key", "simulator-secret"),
    ).json()["access_token"]
    sso = client.post(
        f"{url}{SSO_PATH}",
        data={"grant_type": "password", "username": "operator", "password": "operator-sandi"},
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {gateway}", "Auth": f"bearer {sso}"}
    todo, lock = iter(nips), threading.Lock()

    def work():
        while True:
            with lock:
                nip = next(todo, None)
            if nip is None:
                return
            client.get(f"{url}/apisiasn/1.0/pns/data-utama/{nip}", headers=headers)

    threads = [threading.Thread(target=work) for _ in range(CAP)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    return len(nips) / (time.perf_counter() - started)


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
        ceiling = _ceiling(simulator.url, [row["nipBaru"] for row in rows[:500]])
    services_run.refresh_from_db()
    calls = outcomes.get("ok", 0) + outcomes.get("not_found", 0)
    rate = calls / elapsed
    people_rate = PEOPLE / elapsed
    print(
        f"\nsync [{label} limiter, {connection.vendor}]: {PEOPLE} people, {calls} calls in {elapsed:.1f}s: "
        f"{rate:.0f} calls/s against an ideal {IDEAL:.0f}/s ({100 * rate / IDEAL:.0f}%), "
        f"{people_rate:.0f} people/s ({calls / PEOPLE:.2f} calls per person: riwayat when data-utama lacks "
        f"a field); {services_run.fetched} fetched, {services_run.not_found} not found, "
        f"{services_run.failed} failed; cap {credential.max_concurrency}; this machine's bare-httpx ceiling "
        f"{ceiling:.0f} calls/s ({100 * rate / ceiling:.0f}% of it)"
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
