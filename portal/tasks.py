"""Background work of the portal core. Thin: a primary key in, a service call, a short string out."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from portal import services


def _sweep_budget() -> timedelta:
    """Stop claiming new mail with a good margin before the soft time limit (and the next sweep)."""
    return timedelta(
        seconds=min(50, max(5, settings.CELERY_TASK_SOFT_TIME_LIMIT - 3 * settings.EMAIL_TIMEOUT))
    )


@shared_task(bind=True, max_retries=8)
def send_outbox_mail(self, mail_id: int) -> str:
    outcome = services.outbox_mail_send(mail_id=mail_id)
    if outcome == "retry":
        raise self.retry(countdown=min(60 * 2 ** (self.request.retries + 1), 4 * 3600))
    return outcome


@shared_task
def sweep_outbox() -> str:
    counts = services.outbox_send_due(budget=_sweep_budget())
    return ", ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "nothing due"
