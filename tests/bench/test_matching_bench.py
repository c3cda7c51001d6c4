"""Pemadanan at scale: 1,000,000 persons against 1,000,000 with 5% planted differences (and as many again
with format noise that must stay padan), normalised, paired, compared and written to the database, in
under 60 s; beside it, in the same run, a bare polars join of the two NIP columns as the floor.
"""

from __future__ import annotations

import time

import polars as pl
import pytest
from django.db import connection, transaction

from agreements.models import Agreement
from exchange.matching import engine
from exchange.matching.models import MatchResult, MatchRun
from exchange.matching.services import results_write
from tests.bench.timing import report
from tests.exchange.matching.synthetic import bench_pair

pytestmark = pytest.mark.django_db

PERSONS = 1_000_000
SHARE = 0.05
LIMIT_SECONDS = 60


def test_a_million_against_a_million_within_a_minute(kemendes_staf):
    left, right, planted = bench_pair(PERSONS, share=SHARE)
    agreement = Agreement.objects.create(title="Perjanjian uji pemadanan (benchmark)")
    run = MatchRun.objects.create(agreement=agreement, requested_by=kemendes_staf)

    started = time.perf_counter()
    floor = left.select("nip").join(right.select("nip"), on="nip", how="inner")
    floor_seconds = time.perf_counter() - started

    started = time.perf_counter()
    output = engine.match(left, right)
    matched = time.perf_counter()
    with transaction.atomic():
        written = results_write(run.pk, output.results)
    finished = time.perf_counter()

    total = finished - started
    report(
        "matching 1M x 1M",
        f"{total:.1f} s total (match {matched - started:.1f} s, write {finished - matched:.1f} s "
        f"on {connection.vendor}); floor: bare polars join of the NIP columns {floor_seconds:.2f} s "
        f"({floor.height:,} pairs); {planted:,} planted, "
        f"{output.counts['outcome']['tidak_padan']:,} tidak padan",
    )
    assert floor.height == left.height
    assert output.counts["outcome"]["tidak_padan"] == planted
    assert output.counts["outcome"]["padan"] == left.height - planted
    assert written == MatchResult.objects.filter(run=run).count() == left.height
    assert total < LIMIT_SECONDS
    assert isinstance(output.results, pl.DataFrame)
