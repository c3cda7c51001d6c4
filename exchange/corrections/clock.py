"""The working-day clock of a correction proposal, on top of the agreements' holiday rules.

The receiving party owes a decision within N working days of the submission (weekends, public holidays and
cuti bersama skipped, from `agreements.rules`). While it waits for the proposer's completeness (perlu
kelengkapan) the clock stops; when the information arrives it runs on with the working days that were
left, and never less than one, so the receiving party always has a working day to look at what came in.
"""

from __future__ import annotations

from datetime import date, timedelta

from agreements.rules import add_working_days, is_working_day


def due_after_submission(submitted_on: date, working_days: int) -> date:
    """A proposal submitted on Friday 2025-03-28 with 5 working days is due on Monday 2025-04-14."""
    return add_working_days(submitted_on, working_days)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; 0 when end is not after start."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def due_after_resume(resumed_on: date, working_days_left: int) -> date:
    return add_working_days(resumed_on, max(working_days_left, 1))
