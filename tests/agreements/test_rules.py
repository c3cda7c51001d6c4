"""The legal clocks as pure date functions, to the day: month ends, leap days, the seed's own dates."""

from datetime import date

import pytest

from agreements import rules


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        (date(2023, 10, 9), 24, date(2025, 10, 8)),  # the seed agreement
        (date(2023, 10, 9), 36, date(2026, 10, 8)),  # the seed extended by a year
        (date(2024, 1, 1), 12, date(2024, 12, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 27)),  # leap day start: 2025-02-28 minus one day
        (date(2024, 2, 29), 48, date(2028, 2, 28)),  # four years on it is a leap day again
        (date(2023, 3, 1), 12, date(2024, 2, 29)),  # ends on a leap day
        (date(2024, 1, 31), 1, date(2024, 2, 28)),  # 31 January + 1 month = 29 February, minus a day
        (date(2023, 1, 31), 1, date(2023, 2, 27)),
        (date(2025, 8, 31), 6, date(2026, 2, 27)),
        (date(2025, 12, 1), 1, date(2025, 12, 31)),
    ],
)
def test_the_last_day_in_force_is_the_start_plus_the_term_minus_one_day(start, months, last_day):
    assert rules.last_day_in_force(start, months) == last_day


@pytest.mark.parametrize(
    ("end", "months", "deadline"),
    [
        (date(2025, 10, 8), 1, date(2025, 9, 8)),  # the seed agreement
        (date(2025, 3, 31), 1, date(2025, 2, 28)),  # clamped to the month's length
        (date(2024, 3, 31), 1, date(2024, 2, 29)),  # clamped to a leap February
        (date(2024, 3, 30), 1, date(2024, 2, 29)),
        (date(2024, 3, 29), 1, date(2024, 2, 29)),
        (date(2024, 3, 28), 1, date(2024, 2, 28)),
        (date(2025, 1, 15), 1, date(2024, 12, 15)),  # across a year
        (date(2025, 5, 31), 3, date(2025, 2, 28)),
        (date(2026, 10, 8), 2, date(2026, 8, 8)),
    ],
)
def test_the_notice_deadline_is_the_end_minus_the_notice_period_clamped(end, months, deadline):
    assert rules.notice_deadline(end, months) == deadline


@pytest.mark.parametrize(
    ("served", "months", "earliest"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 6, 10), 1, date(2025, 7, 10)),
        (date(2025, 11, 30), 2, date(2026, 1, 30)),
    ],
)
def test_an_early_termination_takes_effect_no_sooner_than_the_notice_period(served, months, earliest):
    assert rules.earliest_termination(served, months) == earliest
    assert rules.termination_is_valid(served, earliest, months)
    assert rules.termination_is_valid(served, date.fromordinal(earliest.toordinal() + 1), months)
    assert not rules.termination_is_valid(served, date.fromordinal(earliest.toordinal() - 1), months)


@pytest.mark.parametrize(
    ("occurred", "days", "due"),
    [
        (date(2024, 2, 20), 14, date(2024, 3, 5)),  # across a leap day
        (date(2023, 2, 20), 14, date(2023, 3, 6)),
        (date(2024, 12, 25), 14, date(2025, 1, 8)),
        (date(2025, 10, 1), 7, date(2025, 10, 8)),
    ],
)
def test_the_force_majeure_notice_is_due_fourteen_calendar_days_after(occurred, days, due):
    assert rules.force_majeure_notice_due(occurred, days) == due


def test_the_seed_periods_are_half_years_from_the_signing_day():
    periods = rules.periods(date(2023, 10, 9), date(2025, 10, 8), 2)
    assert [(p.number, p.start, p.end, p.due) for p in periods] == [
        (1, date(2023, 10, 9), date(2024, 4, 8), date(2024, 4, 8)),
        (2, date(2024, 4, 9), date(2024, 10, 8), date(2024, 10, 8)),
        (3, date(2024, 10, 9), date(2025, 4, 8), date(2025, 4, 8)),
        (4, date(2025, 4, 9), date(2025, 10, 8), date(2025, 10, 8)),
    ]


def test_periods_anchored_on_a_31st_do_not_drift_to_the_28th():
    periods = rules.periods(date(2023, 8, 31), date(2025, 8, 30), 2)
    assert [p.end for p in periods] == [
        date(2024, 2, 28),
        date(2024, 8, 30),
        date(2025, 2, 27),
        date(2025, 8, 30),
    ]


def test_periods_from_a_leap_day_start():
    periods = rules.periods(date(2024, 2, 29), date(2025, 2, 27), 2)
    assert [(p.start, p.end) for p in periods] == [
        (date(2024, 2, 29), date(2024, 8, 28)),
        (date(2024, 8, 29), date(2025, 2, 27)),
    ]


def test_calendar_semesters_are_clipped_to_the_days_in_force():
    periods = rules.periods(date(2023, 10, 9), date(2025, 10, 8), 2, calendar=True)
    assert [(p.start, p.end) for p in periods] == [
        (date(2023, 10, 9), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2024, 6, 30)),
        (date(2024, 7, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 10, 8)),
    ]


def test_an_early_end_clips_the_last_period_to_the_end():
    periods = rules.periods(date(2023, 10, 9), date(2024, 6, 30), 2)
    assert [(p.start, p.end) for p in periods] == [
        (date(2023, 10, 9), date(2024, 4, 8)),
        (date(2024, 4, 9), date(2024, 6, 30)),
    ]


@pytest.mark.parametrize("per_year", [0, -1])
def test_no_periods_without_a_cadence(per_year):
    assert rules.periods(date(2023, 10, 9), date(2025, 10, 8), per_year) == []


def test_four_times_a_year_gives_quarters():
    periods = rules.periods(date(2024, 1, 1), date(2024, 12, 31), 4)
    assert [p.due for p in periods] == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2025, 3, 27), 1, date(2025, 4, 8)),  # Nyepi, Idul Fitri and its cuti bersama skipped
        (date(2024, 12, 20), 3, date(2024, 12, 27)),  # weekend, Christmas and its cuti bersama skipped
        (date(2025, 11, 7), 1, date(2025, 11, 10)),  # Friday -> Monday
        (date(2025, 11, 10), 5, date(2025, 11, 17)),
    ],
)
def test_working_days_skip_weekends_public_holidays_and_cuti_bersama(start, days, due):
    assert rules.add_working_days(start, days) == due


def test_a_public_holiday_is_not_a_working_day():
    assert not rules.is_working_day(date(2025, 8, 17))  # Sunday and Independence Day
    assert not rules.is_working_day(date(2024, 8, 17))  # Saturday
    assert not rules.is_working_day(date(2025, 12, 25))
    assert rules.is_working_day(date(2025, 12, 23))
