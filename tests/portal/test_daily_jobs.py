"""Daily jobs run once per day after their hour, and make up the days a stopped beat or broker missed."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from portal.jobs import CATCH_UP_DAYS, daily_job_run
from portal.models import DailyJobRun

JAKARTA = ZoneInfo("Asia/Jakarta")
SEVEN = time(7, 0)


def at(day: str, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour, minute), tzinfo=JAKARTA)


class Recorder:
    """The job itself: records the days it was asked to run."""

    def __init__(self):
        self.days: list[date] = []

    def __call__(self, day: date) -> str:
        self.days.append(day)
        return f"ran for {day.isoformat()}"


@pytest.mark.django_db
def test_it_runs_nothing_before_the_hour_and_once_after_it():
    job = Recorder()
    assert daily_job_run("reminders", at=SEVEN, run=job, now=at("2025-08-09", 6, 59)) == []
    assert job.days == []

    assert daily_job_run("reminders", at=SEVEN, run=job, now=at("2025-08-09", 7, 1)) == [
        "2025-08-09: ran for 2025-08-09"
    ]
    assert daily_job_run("reminders", at=SEVEN, run=job, now=at("2025-08-09", 7, 10)) == []
    assert job.days == [date(2025, 8, 9)]
    run = DailyJobRun.objects.get(job="reminders", day=date(2025, 8, 9))
    assert run.finished_at is not None and run.summary == "ran for 2025-08-09"


@pytest.mark.django_db
def test_a_missed_seven_oclock_run_is_made_up_at_the_next_tick():
    job = Recorder()
    daily_job_run("reminders", at=SEVEN, run=job, now=at("2025-08-08", 7, 0))
    # The beat (or the broker) was down at 07:00 on the 9th; the tick at 09:30 runs the day.
    daily_job_run("reminders", at=SEVEN, run=job, now=at("2025-08-09", 9, 30))
    assert job.days == [date(2025, 8, 8), date(2025, 8, 9)]


@pytest.mark.django_db
def test_days_missed_entirely_run_in_order_so_an_overtaken_milestone_still_goes_out():
    job = Recorder()
    daily_job_run("reminders", at=SEVEN, run=job, now=at("2025-08-05", 8))
    daily_job_run("reminders", at=SEVEN, run=job, now=at("2025-08-09", 8))
    assert job.days == [
        date(2025, 8, 5),
        date(2025, 8, 6),
        date(2025, 8, 7),
        date(2025, 8, 8),
        date(2025, 8, 9),
    ]


@pytest.mark.django_db
def test_catching_up_stops_a_week_back():
    job = Recorder()
    daily_job_run("reminders", at=SEVEN, run=job, now=at("2025-07-01", 8))
    daily_job_run("reminders", at=SEVEN, run=job, now=at("2025-08-09", 8))
    assert len(job.days) == 1 + CATCH_UP_DAYS and job.days[1] == date(2025, 8, 3)


@pytest.mark.django_db
def test_a_day_claimed_by_another_worker_is_not_run_again():
    DailyJobRun.objects.create(job="reminders", day=date(2025, 8, 9))
    job = Recorder()
    DailyJobRun.objects.create(job="reminders", day=date(2025, 8, 8))
    assert daily_job_run("reminders", at=SEVEN, run=job, now=at("2025-08-09", 8)) == []
    assert job.days == []
