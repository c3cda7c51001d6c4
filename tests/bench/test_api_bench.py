"""The web service under load, on PostgreSQL, through gunicorn started here on a free port.

1. A query of 100 NIPs with 20 concurrent clients (20 connections from wrk calling back to back, the
   requests taking the 20 clients' tokens in turn): p95 under 50 ms is the target, printed beside the floor
   of the same load on the stack's cheapest answer.
2. The bulk pull of a whole version (cursor pages of 5,000) in records per second, beside a raw SELECT of the
   same rows, in the same run.
Every request goes the whole way: bearer token, checks, quota in the database, exchange log with its chain
and 100 person hashes.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time

import httpx
import pytest
from django.db import connection
from django.utils import timezone

from exchange.api import services
from exchange.data import services as data_services
from tests.bench.load import gunicorn as portal_server
from tests.bench.load import wrk
from tests.bench.timing import Timings, report
from tests.conftest import require
from tests.exchange.api.conftest import in_force_agreement
from tests.exchange.corrections.conftest import ensure_catalogue
from tests.exchange.data.conftest import people

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The clients' own request lines would cost the measuring process CPU on every call.
logging.getLogger("httpx").setLevel(logging.WARNING)

ROWS = 50_000
CLIENTS = 20
REQUESTS_ALONE = 25
SECONDS = 10
NIPS_PER_QUERY = 100
QUERY_P95_MS = 50
PULL_PAGE = 5000
WORKERS = int(os.getenv("API_BENCH_WORKERS", "4"))
THREADS = int(os.getenv("API_BENCH_THREADS", "2"))


@pytest.fixture
def served(kemendes, bkn, bkn_pimpinan):
    """50,000 records of the Kemendes -> BKN direction and 20 BKN clients, each with a token."""
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://...)")
    ensure_catalogue()  # a transactional test before this one emptied the catalogue
    agreement = in_force_agreement(kemendes, bkn, title="PKS Uji Beban Layanan Web")
    giver, taker = agreement.parties.order_by("order")
    dataset = data_services.dataset_for_direction(agreement=agreement, provider=giver, receiver=taker)
    roster = people(ROWS)
    version = data_services.version_create(
        dataset=dataset, rows=roster, source_kind="import", source_name="b"
    )
    tokens = []
    for n in range(CLIENTS):
        issued = services.api_client_issue(
            agreement=agreement,
            provider=giver,
            receiver=taker,
            acting_user=bkn_pimpinan,
            name=f"Beban {n}",
            daily_record_quota=10_000_000,
        )
        raw, _token = services.token_issue(client=issued.client, now=timezone.now())
        tokens.append(raw)
    return version, [row["nipBaru"] for row in roster], tokens


@pytest.fixture
def gunicorn(served, tmp_path):
    # A cheap answer (401 without a token) says it is up: the schema takes seconds to build on a busy machine.
    with portal_server(
        workers=WORKERS,
        threads=THREADS,
        log=tmp_path / "gunicorn.log",
        ready_path="/api/v1/me",
        ready_status=401,
    ) as url:
        yield url


def _headers(token: str) -> dict:
    return {"Authorization": f"Bearer {token}", "X-Purpose": "a"}


def test_a_query_of_100_nips_with_20_concurrent_clients(served, gunicorn, tmp_path):
    _version, nips, tokens = served
    pick = random.Random(0)
    bodies = [json.dumps({"nips": pick.sample(nips, NIPS_PER_QUERY)}) for _ in range(200)]
    with httpx.Client(base_url=gunicorn, headers=_headers(tokens[0]), timeout=30) as http:
        alone = [0.0] * REQUESTS_ALONE
        for n in range(REQUESTS_ALONE + 3):
            began = time.perf_counter()
            response = http.post(
                "/api/v1/records/query", content=bodies[n], headers={"Content-Type": "application/json"}
            )
            alone[n % REQUESTS_ALONE] = time.perf_counter() - began  # the first three are a warm-up
            assert response.status_code == 200
            assert all(result["found"] for result in response.json()["results"])
    report(f"query of {NIPS_PER_QUERY} NIPs, one client alone", Timings(alone).line())

    # The floor, side by side: the same load on the cheapest answer of the same stack (the API's 404 problem
    # document, no token, no database), so what the machine itself allows is printed beside the query.
    floor = wrk(
        gunicorn, "/api/v1/", headers=[{}], connections=CLIENTS, seconds=SECONDS, tmp=tmp_path, expect=404
    )
    report(f"the floor: the API's 404 without a token, {CLIENTS} concurrent clients", floor.line())
    assert not floor.unexpected and not floor.socket_errors

    load = wrk(
        gunicorn,
        "/api/v1/records/query",
        method="POST",
        bodies=bodies,
        headers=[{**_headers(token), "Content-Type": "application/json"} for token in tokens],
        connections=CLIENTS,
        seconds=SECONDS,
        tmp=tmp_path,
    )
    report(
        f"query of {NIPS_PER_QUERY} NIPs, {CLIENTS} concurrent clients, gunicorn {WORKERS}x{THREADS}",
        f"{load.line()}, {load.rate * NIPS_PER_QUERY:.0f} records/s; "
        f"{load.rate / floor.rate:.0%} of the floor's rate, "
        f"median {load.p50_ms / floor.p50_ms:.0f} times the floor's",
    )
    assert not load.unexpected and not load.socket_errors
    assert load.p95_ms < QUERY_P95_MS


def test_the_bulk_pull_beside_a_raw_select(served, gunicorn):
    version, nips, tokens = served
    pulled, params = 0, {"page_size": PULL_PAGE}
    began = time.perf_counter()
    with httpx.Client(base_url=gunicorn, headers=_headers(tokens[0]), timeout=60) as http:
        while True:
            response = http.get("/api/v1/records", params=params)
            assert response.status_code == 200, response.text[:300]
            page = response.json()
            pulled += len(page["results"])
            if not page["next_cursor"]:
                break
            params = {"cursor": page["next_cursor"], "page_size": PULL_PAGE}
    pull_seconds = time.perf_counter() - began
    assert pulled == len(nips) == ROWS

    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, nip, values FROM exchange_data_record WHERE version_id = %s ORDER BY id", [version.pk]
        )
        raw = len(cursor.fetchall())
    raw_seconds = time.perf_counter() - began
    assert raw == ROWS
    report(
        f"bulk pull of {ROWS} records (pages of {PULL_PAGE})",
        f"web service {ROWS / pull_seconds:,.0f} records/s ({pull_seconds:.2f} s, logged with a person hash "
        f"each); raw SELECT {ROWS / raw_seconds:,.0f} records/s ({raw_seconds:.2f} s); "
        f"ratio {raw_seconds / pull_seconds:.2f}",
    )
