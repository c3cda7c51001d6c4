"""Background work of the correction proposals. Thin: a primary key in, a service call, a short string out."""

from celery import shared_task

from exchange.corrections import emails, services


@shared_task
def run_proposal_import(import_id: int) -> str:
    return services.proposal_import_run(import_id=import_id)


@shared_task
def sweep_proposals() -> str:
    """Requeue imports whose worker died, ring for queued ones, write announcements left pending."""
    counts = {**services.proposal_imports_sweep(), **emails.announce_pending_events()}
    return ", ".join(f"{key}={value}" for key, value in sorted(counts.items()))
