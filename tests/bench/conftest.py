"""Benchmarks run by `make bench` only (PORTAL_BENCH=1); `make test` leaves them out.

The data sets are built here with bulk_create (tests/bench/data.py); the cast of users comes from
tests/conftest.py.
"""

import os

import pytest
from django.utils import timezone

collect_ignore_glob = [] if os.getenv("PORTAL_BENCH") == "1" else ["test_*.py"]

AGREEMENTS = 500


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def portfolio(today, kemendes, bkn, lain, kemendes_staf):
    """500 agreements of Kemendes with BKN or BPS, each with parties, contacts, obligations and dues."""
    from tests.bench.data import agreements_bulk

    return agreements_bulk(AGREEMENTS, today=today, own=kemendes, partners=[bkn, lain], creator=kemendes_staf)
