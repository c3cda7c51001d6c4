"""Background work of the portal core. Thin: a primary key in, a service call, a short string out."""

from celery import shared_task

from portal import services


@shared_task(bind=True, max_retries=8)
def send_outbox_mail(self, mail_id: int) -> str:
    outcome = services.outbox_mail_send(mail_id=mail_id)
    if outcome == "retry":
        raise self.retry(countdown=min(60 * 2 ** (self.request.retries + 1), 4 * 3600))
    return outcome


@shared_task
def sweep_outbox() -> str:
    counts = services.outbox_send_due()
    return ", ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "nothing due"
