"""Background work of pemadanan. Thin: a primary key in, a service call, a short string out."""

from celery import shared_task

from exchange.matching.services import runs


@shared_task
def run_match(run_id: int) -> str:
    return runs.match_run_execute(run_id=run_id)


@shared_task
def sweep_match_runs() -> str:
    return f"rung={runs.match_runs_sweep()}"
