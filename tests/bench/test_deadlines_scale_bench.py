"""The deadline pages at two sizes in one run: 500 agreements, then three times as many (or
PORTAL_BENCH_DEADLINE_AGREEMENTS), the month calendar, a month with almost nothing in it, the Beranda, the
iCalendar feed and `send_reminders`, with their queries. Each source's window (agreements/deadlines.py)
loads only the agreements with a clock in the page's range, so the queries stay equal and a page's cost
follows what it shows rather than how many agreements there are.
"""

import os
from datetime import timedelta

import pytest
from django.urls import reverse

from portal.calendar_feed import feed_token_issue
from portal.reminders import reminders_send_daily
from tests.bench.data import agreements_bulk
from tests.bench.timing import get_ok, once, queries_of, repeat, report

pytestmark = pytest.mark.django_db

SMALL = 500
LARGE = int(os.getenv("PORTAL_BENCH_DEADLINE_AGREEMENTS", "1500"))
RUNS = 5


def _measure(client, user, today, size: int) -> dict[str, tuple[float, int]]:
    quiet = today + timedelta(days=30 * 31)
    cases = {
        "dashboard": (reverse("portal:dashboard"), {}),
        "calendar, next month": (
            reverse("portal:calendar"),
            {"bulan": f"{today + timedelta(days=30):%Y-%m}"},
        ),
        "calendar, a quiet month": (reverse("portal:calendar"), {"bulan": f"{quiet:%Y-%m}"}),
        "iCalendar feed": (
            reverse("portal:calendar_feed", args=[feed_token_issue(acting_user=user).token]),
            {},
        ),
    }
    found = {}
    for label, (url, params) in cases.items():
        queries, _response = queries_of(lambda url=url, params=params: get_ok(client, url, params))
        timings = repeat(lambda url=url, params=params: get_ok(client, url, params), runs=RUNS, warmup=1)
        report(f"{label}, {size} agreements", f"{timings.line()}, {queries} queries")
        found[label] = (timings.p95_ms, queries)
    seconds, (queries, result) = once(lambda: queries_of(lambda: reminders_send_daily(today=today)))
    report(
        f"send_reminders, {size} agreements",
        f"{seconds:.2f} s, {queries} queries, {result.deadlines} open deadlines, {result.sent} reminders",
    )
    return found


def test_the_deadline_pages_at_two_sizes(
    client, today, kemendes, bkn, lain, kemendes_staf, kemendes_pimpinan
):
    client.force_login(kemendes_pimpinan)
    agreements_bulk(SMALL, today=today, own=kemendes, partners=[bkn, lain], creator=kemendes_staf)
    small = _measure(client, kemendes_pimpinan, today, SMALL)
    agreements_bulk(LARGE - SMALL, today=today, own=kemendes, partners=[bkn, lain], creator=kemendes_staf)
    large = _measure(client, kemendes_pimpinan, today + timedelta(days=1), LARGE)
    for label, (p95, queries) in small.items():
        report(
            f"{label}, {SMALL} -> {LARGE}",
            f"p95 {p95:.0f} -> {large[label][0]:.0f} ms, queries {queries} -> {large[label][1]}",
        )
    # The month with deadlines and the feed run the same queries at both sizes; the Beranda's count moves
    # with the bell lines the first send_reminders wrote in between, not with the agreements.
    for label in ("calendar, next month", "iCalendar feed"):
        assert small[label][1] == large[label][1], label
