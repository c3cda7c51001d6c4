"""Daily jobs that survive a missed beat: each day's run is a row claimed once, missed days are made up.

The beat rings a daily job every few minutes instead of once at its hour. `daily_job_run` runs it for every
day from the last run (at most CATCH_UP_DAYS back) up to today once the job's hour has passed, each day
claimed through a unique (job, day) row, so that ticks racing on several workers, or a duplicate delivery,
run a day once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.models import DailyJobRun

logger = logging.getLogger(__name__)

CATCH_UP_DAYS = 7


def days_due(job: str, *, at: time, now: datetime | None = None) -> list[date]:
    """The days whose run of `job` has not been claimed yet, oldest first, up to today once `at` passed."""
    now = timezone.localtime(now or timezone.now())
    last_day = now.date() if now.time() >= at else now.date() - timedelta(days=1)
    last_run = DailyJobRun.objects.filter(job=job).order_by("-day").values_list("day", flat=True).first()
    if last_run is None:
        first_day = now.date()  # a new installation starts with today, not with its past
    else:
        first_day = max(last_run + timedelta(days=1), last_day - timedelta(days=CATCH_UP_DAYS - 1))
    return [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]


def _claim(job: str, day: date) -> DailyJobRun | None:
    try:
        with transaction.atomic():
            return DailyJobRun.objects.create(job=job, day=day)
    except IntegrityError:
        return None  # another tick or worker claimed this day first


def daily_job_run(
    job: str, *, at: time, run: Callable[[date], str], now: datetime | None = None
) -> list[str]:
    """Run `run(day)` for each due day of `job`; returns the summaries of the days this call ran."""
    summaries = []
    for day in days_due(job, at=at, now=now):
        claimed = _claim(job, day)
        if claimed is None:
            continue
        summary = run(day)
        DailyJobRun.objects.filter(pk=claimed.pk).update(finished_at=timezone.now(), summary=summary[:255])
        logger.info("Daily job %s for %s: %s", job, day.isoformat(), summary)
        summaries.append(f"{day.isoformat()}: {summary}")
    return summaries
