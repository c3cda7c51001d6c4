"""Background work of the security package. Thin: a service call, a short string out."""

from celery import shared_task

from portal.security import purge


@shared_task
def purge_sessions() -> str:
    counts = purge.purge_expired()
    return ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
