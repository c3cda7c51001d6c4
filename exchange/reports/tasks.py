"""Background work of the semester reports. Thin: a primary key (or nothing) in, a service call, a string."""

from datetime import time

from celery import shared_task

from exchange.reports import services
from portal.jobs import daily_job_run

SCHEDULE_JOB = "report_runs_schedule"
SCHEDULE_AT = time(1, 30)


@shared_task
def run_report(run_id: int) -> str:
    return services.report_run_execute(run_id=run_id)


@shared_task
def schedule_reports() -> str:
    """Rung every few minutes; each day's schedule runs once (portal.jobs), missed days are made up."""
    summaries = daily_job_run(
        SCHEDULE_JOB,
        at=SCHEDULE_AT,
        run=lambda day: f"opened={services.report_runs_schedule(today=day)}",
    )
    return "; ".join(summaries) or "nothing due"


@shared_task
def sweep_report_runs() -> str:
    return f"rung={services.report_runs_sweep()}"
