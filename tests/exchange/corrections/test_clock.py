"""The working-day clock of a proposal: weekends, public holidays and cuti bersama are skipped."""

from datetime import date

import pytest

from agreements.rules import holiday_name, is_working_day
from exchange.corrections import clock

# 28 March to 7 April 2025: Nyepi, Idul Fitri and their cuti bersama, around a weekend each.
NOT_WORKING = [
    (date(2025, 3, 28), "Jumat", "Cuti Bersama Hari Suci Nyepi"),
    (date(2025, 3, 29), "Sabtu", "Hari Suci Nyepi"),
    (date(2025, 3, 30), "Minggu", None),
    (date(2025, 3, 31), "Senin", "Hari Raya Idul Fitri"),
    (date(2025, 4, 1), "Selasa", "Hari kedua dari Hari Raya Idul Fitri"),
    (date(2025, 4, 2), "Rabu", "Cuti Bersama Hari Raya Idul Fitri"),
    (date(2025, 4, 3), "Kamis", "Cuti Bersama Hari Raya Idul Fitri"),
    (date(2025, 4, 4), "Jumat", "Cuti Bersama Hari Raya Idul Fitri"),
    (date(2025, 4, 5), "Sabtu", None),
    (date(2025, 4, 6), "Minggu", None),
    (date(2025, 4, 7), "Senin", "Cuti Bersama Hari Raya Idul Fitri"),
]
WORKING = [
    (date(2025, 4, 8), 1),
    (date(2025, 4, 9), 2),
    (date(2025, 4, 10), 3),
    (date(2025, 4, 11), 4),
    (date(2025, 4, 14), 5),
]


@pytest.mark.parametrize(("day", "weekday", "holiday"), NOT_WORKING)
def test_nyepi_idul_fitri_and_cuti_bersama_fill_28_march_to_7_april_2025(day, weekday, holiday):
    from portal.lib.text_id import day_name

    assert day_name(day) == weekday
    assert not is_working_day(day)
    assert holiday_name(day) == holiday


@pytest.mark.parametrize(("day", "count"), WORKING)
def test_the_working_days_after_the_holidays_count_one_by_one(day, count):
    assert is_working_day(day)
    assert clock.working_days_between(date(2025, 3, 28), day) == count


def test_the_weekend_of_12_and_13_april_does_not_count():
    assert not is_working_day(date(2025, 4, 12))
    assert not is_working_day(date(2025, 4, 13))
    assert clock.working_days_between(date(2025, 3, 28), date(2025, 4, 13)) == 4


def test_a_proposal_submitted_on_friday_28_march_2025_with_5_working_days_is_due_on_monday_14_april():
    assert clock.due_after_submission(date(2025, 3, 28), 5) == date(2025, 4, 14)


def test_ten_working_days_from_an_ordinary_monday_end_two_weeks_later_and_waisak_adds_two():
    assert clock.due_after_submission(date(2025, 10, 6), 10) == date(2025, 10, 20)
    # Waisak (12 May 2025) and its cuti bersama (13 May) push the same count two working days on.
    assert clock.due_after_submission(date(2025, 5, 5), 10) == date(2025, 5, 21)


def test_a_resumed_clock_runs_on_with_the_days_left_and_never_less_than_one():
    assert clock.due_after_resume(date(2025, 4, 8), 3) == date(2025, 4, 11)
    assert clock.due_after_resume(date(2025, 4, 8), 0) == date(2025, 4, 9)


def test_no_working_days_lie_between_a_day_and_itself_or_an_earlier_one():
    assert clock.working_days_between(date(2025, 4, 8), date(2025, 4, 8)) == 0
    assert clock.working_days_between(date(2025, 4, 9), date(2025, 4, 8)) == 0
