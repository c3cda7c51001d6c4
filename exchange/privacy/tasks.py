"""Background work of Pasal 9. Thin: nothing in, a service call, a short string out."""

from datetime import time

from celery import shared_task

from exchange.privacy import term
from portal.jobs import daily_job_run

TERM_JOB = "term_ends_sweep"
TERM_AT = time(0, 15)


@shared_task
def sweep_term_ends() -> str:
    """Rung every few minutes; each day's sweep runs once (portal.jobs), missed days are made up."""
    summaries = daily_job_run(TERM_JOB, at=TERM_AT, run=lambda day: term.term_ends_sweep(today=day))
    return "; ".join(summaries) or "nothing due"
