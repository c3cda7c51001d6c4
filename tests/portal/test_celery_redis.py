"""Background work for real: the portal rings through Redis after commit and a Celery worker process sends.

With the broker away, a web request still answers at once and the row waits for the sweeper.
"""

import time

import pytest
from django.urls import reverse

from portal import tasks
from portal.choices import MailStatus
from portal.models import OutboxMail
from portal.services import mail_enqueue, outbox_send_due
from tests.conftest import celery_publishing_to, free_port

WAIT_SECONDS = 30


def wait_for(condition, what: str, worker=None):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    log = f"\nworker log:\n{worker.log}" if worker else ""
    pytest.fail(f"waited {WAIT_SECONDS}s for {what}{log}")


@pytest.mark.redis
def test_a_worker_sends_the_mail_rung_through_redis_and_a_second_ring_sends_nothing(
    start_celery_worker, smtp_server
):
    worker = start_celery_worker()

    mail = mail_enqueue(
        to=["dewi.kartika@kemendes.go.id"],
        subject="Laporan semester I PKS Kemendes PDTT dan BKN",
        body_text="Laporan pelaksanaan PKS semester I terlampir.",
    )

    wait_for(
        lambda: OutboxMail.objects.get(pk=mail.pk).status in (MailStatus.SENT, MailStatus.KEPT),
        "the worker to send the mail",
        worker,
    )
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 1)
    [message] = smtp_server.messages
    assert message["Subject"].strip() == "Laporan semester I PKS Kemendes PDTT dan BKN"
    assert message["To"] == "dewi.kartika@kemendes.go.id"

    # A duplicate doorbell (a redelivery, a second sweeper) finds nothing to claim.
    tasks.send_outbox_mail.apply_async(args=[mail.pk], retry=False)
    wait_for(lambda: "'skipped'" in worker.log, "the worker to skip the second ring", worker)
    assert len(smtp_server.envelopes) == 1


def test_with_the_broker_away_a_request_answers_at_once_and_the_sweeper_sends_later(
    client, transactional_db, cast, smtp_server, settings
):
    # The test runner swaps EMAIL_BACKEND for its in-memory one; put back the portal's outbox backend.
    settings.EMAIL_BACKEND = "portal.mail_backend.OutboxBackend"
    staf = cast["kemendes.staf"]
    assert client.get(reverse("password_reset")).status_code == 200  # templates and URLs loaded

    with celery_publishing_to(f"redis://127.0.0.1:{free_port()}/0"):  # nothing listens there
        started = time.monotonic()
        response = client.post(reverse("password_reset"), {"email": staf.email})
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert elapsed < 1.0, f"the request waited {elapsed:.2f}s on the broker"
    mail = OutboxMail.objects.get()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 0)
    assert smtp_server.envelopes == []

    assert outbox_send_due() == {"sent": 1}

    [message] = smtp_server.messages
    assert message["To"] == staf.email
    assert "/akun/reset/" in message.get_body(("plain",)).get_content()
