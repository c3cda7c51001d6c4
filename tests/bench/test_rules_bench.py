"""The legal clocks of agreements.rules, timed with timeit: every page, letter and reminder computes them,
so each call must stay in microseconds once a year's holidays are loaded.
"""

import timeit
from datetime import date, timedelta

from agreements import rules
from tests.bench.timing import report

START = date(2025, 1, 1)
YEAR = [START + timedelta(days=n) for n in range(365)]

# Per call, in microseconds; the measured figures are far below (see README, "Benchmarks").
TARGETS_US = {
    "is_working_day, each day of a year": 20,
    "add_working_days(day, 10), from each day of a year": 200,
    "add_working_days(1 January, 250): a year of working days": 5000,
    "periods: 24 months, twice a year": 100,
    "periods: 5 years, monthly": 1000,
    "periods: 5 years, monthly, calendar months": 1000,
    "last_day_in_force and notice_deadline": 50,
}
HOLIDAYS_YEAR_MS = 50


def per_call_us(statement, calls: int, *, number: int, repeat: int = 5) -> float:
    """The best of `repeat` timeit runs, divided by the calls one statement makes."""
    best = min(timeit.repeat(statement, number=number, repeat=repeat))
    return best / (number * calls) * 1_000_000


def test_the_legal_clocks():
    # The first year a process asks for also imports the country's holiday module and its translations
    # (some 0.4 s, once per process); each further year is computed on first use and then cached.
    rules.is_working_day(date(2024, 1, 2))
    rules._holidays_for.cache_clear()
    started = timeit.default_timer()
    rules.is_working_day(START)
    year_ms = (timeit.default_timer() - started) * 1000
    rules.is_working_day(date(2026, 1, 2))
    report(
        "legal clock, one more year of holidays loaded", f"{year_ms:.2f} ms (target < {HOLIDAYS_YEAR_MS} ms)"
    )

    measured = {
        "is_working_day, each day of a year": per_call_us(
            lambda: [rules.is_working_day(day) for day in YEAR], len(YEAR), number=20
        ),
        "add_working_days(day, 10), from each day of a year": per_call_us(
            lambda: [rules.add_working_days(day, 10) for day in YEAR], len(YEAR), number=5
        ),
        "add_working_days(1 January, 250): a year of working days": per_call_us(
            lambda: rules.add_working_days(START, 250), 1, number=20
        ),
        "periods: 24 months, twice a year": per_call_us(
            lambda: rules.periods(date(2023, 10, 9), date(2025, 10, 8), 2), 1, number=2000
        ),
        "periods: 5 years, monthly": per_call_us(
            lambda: rules.periods(date(2023, 1, 31), date(2028, 1, 30), 12), 1, number=200
        ),
        "periods: 5 years, monthly, calendar months": per_call_us(
            lambda: rules.periods(date(2023, 1, 31), date(2028, 1, 30), 12, calendar=True), 1, number=200
        ),
        "last_day_in_force and notice_deadline": per_call_us(
            lambda: rules.notice_deadline(rules.last_day_in_force(date(2023, 10, 9), 24), 1), 1, number=5000
        ),
    }
    assert rules.add_working_days(START, 250).year == 2026  # a year of working days ends in the next one
    assert len(rules.periods(date(2023, 1, 31), date(2028, 1, 30), 12)) == 60
    slow = []
    for label, micros in measured.items():
        report(f"legal clock, {label}", f"{micros:.1f} µs per call (target < {TARGETS_US[label]} µs)")
        if micros >= TARGETS_US[label]:
            slow.append(f"{label}: {micros:.1f} µs")
    assert year_ms < HOLIDAYS_YEAR_MS
    assert not slow, slow
