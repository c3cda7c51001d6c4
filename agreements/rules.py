"""The legal clocks of an agreement as pure date functions (DESIGN.md, "Date rules").

Nothing here touches the database; models, selectors, services and reminders all call these, so that the
date an officer reads on a page, in a letter and in a reminder is computed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

# The notice window opens this many days before the notice deadline and lasts until the last day in force.
NOTICE_WINDOW_DAYS = 60


def add_months(day: date, months: int) -> date:
    """Calendar months, the day clamped to the month's length (2025-03-31 - 1 month = 2025-02-28)."""
    return day + relativedelta(months=months)


def last_day_in_force(start: date, term_months: int) -> date:
    """A term of N months counted from day D ends on D + N months - 1 day (2023-10-09, 24 -> 2025-10-08)."""
    return add_months(start, term_months) - timedelta(days=1)


def notice_deadline(end: date, notice_months: int = 1) -> date:
    """'At least N months before it ends': the end date minus N months, clamped (2025-10-08 -> 2025-09-08)."""
    return add_months(end, -notice_months)


def notice_window_opens(end: date, notice_months: int = 1) -> date:
    return notice_deadline(end, notice_months) - timedelta(days=NOTICE_WINDOW_DAYS)


def earliest_termination(served_on: date, notice_months: int = 1) -> date:
    """An early termination takes effect no sooner than the notice period after the notice is served."""
    return add_months(served_on, notice_months)


def termination_is_valid(served_on: date, terminates_on: date, notice_months: int = 1) -> bool:
    return terminates_on >= earliest_termination(served_on, notice_months)


def force_majeure_notice_due(occurred_on: date, days: int = 14) -> date:
    """Written notice of force majeure is due within N calendar days of the occurrence (Pasal 10(2))."""
    return occurred_on + timedelta(days=days)


@dataclass(frozen=True)
class Period:
    """A reporting or monitoring period; its due date is its last day."""

    number: int
    start: date
    end: date

    @property
    def due(self) -> date:
        return self.end


def periods(start: date, end: date, per_year: int = 2, *, calendar: bool = False) -> list[Period]:
    """The periods of 'at least N times a year' between start and end (inclusive), in order.

    Anchored on the start date by default (the seed: 2023-10-09..2024-04-08 first); with calendar=True on
    calendar periods (semesters January-June and July-December for two a year), the first and last clipped
    to the agreement's days in force.
    """
    if per_year <= 0 or end < start:
        return []
    months = 12 // per_year
    # Anchored periods are counted from the start each time, so a 31st start never drifts to the 28th.
    first = date(start.year, ((start.month - 1) // months) * months + 1, 1) if calendar else start
    result: list[Period] = []
    number = 1
    cursor = first
    while cursor <= end:
        following = add_months(first, months * number)
        result.append(Period(number, max(cursor, start), min(following - timedelta(days=1), end)))
        number += 1
        cursor = following
    return result


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year, categories=("public", "government"), language="id")


def is_working_day(day: date) -> bool:
    """Monday to Friday, not an Indonesian public holiday nor a cuti bersama day."""
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def holiday_name(day: date) -> str | None:
    return _holidays_for(day.year).get(day)


def add_working_days(start: date, days: int) -> date:
    """The working day that is `days` working days after start (start itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
