"""Background work of the correction proposals. Thin: a primary key in, a service call, a short string out."""

from celery import shared_task

from exchange.corrections import emails, services


@shared_task
def run_proposal_import(import_id: int) -> str:
    return services.proposal_import_run(import_id=import_id)


@shared_task
def run_proposal_bulk_job(job_id: int) -> str:
    return services.proposals_bulk_run(job_id=job_id)


@shared_task
def sweep_proposals() -> str:
    """Requeue imports and bulk jobs whose worker died, ring for queued ones, write pending announcements."""
    bulk = {f"bulk_{key}": value for key, value in services.proposal_bulk_jobs_sweep().items()}
    counts = {**services.proposal_imports_sweep(), **bulk, **emails.announce_pending_events()}
    return ", ".join(f"{key}={value}" for key, value in sorted(counts.items()))
