"""Background work of sync runs (queue `sync`): a run's key in, a slice of work, a short string out."""

from celery import shared_task

from exchange.sync import services, worker
from portal.lib.queue import ring_after_commit


@shared_task(acks_late=True)
def sync_run_work(run_id: int) -> str:
    outcome = worker.run_work(run_id=run_id)
    if outcome == "again":
        ring_after_commit(sync_run_work, run_id)  # another slice at once: no countdown to outlive a restart
    return outcome


@shared_task
def sync_sweep() -> str:
    counts = services.sync_sweep()
    return ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
