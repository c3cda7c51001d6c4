"""A broker that hangs without answering (Redis frozen with SIGSTOP) costs a request nothing.

The doorbell is handed to the process's publishing thread; the request answers at once, the mail row is in
the outbox, and once Redis thaws the doorbell reaches it.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
import redis
from django.urls import reverse

from portal.lib import queue as doorbell
from portal.models import OutboxMail
from tests.conftest import celery_publishing_to
from tests.reminders.test_redis_down import redis_server  # noqa: F401 - the fixture


def _reset_request(client, email: str) -> float:
    started = time.monotonic()
    response = client.post(reverse("password_reset"), {"email": email})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    return elapsed


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_with_redis_frozen_a_request_answers_at_once_and_the_doorbell_waits(
    client,
    cast,
    redis_server,  # noqa: F811
    settings,
):
    settings.EMAIL_BACKEND = "portal.mail_backend.OutboxBackend"  # the portal's own, not the test runner's
    email = cast["kemendes.staf"].email
    channel = redis.Redis.from_url(redis_server.url)
    with celery_publishing_to(redis_server.url):
        warm = _reset_request(
            client, email
        )  # templates, URLs and the broker connection made before the clock
        assert doorbell.flush(5)
        published_before = channel.llen("celery")

        os.kill(redis_server.process.pid, signal.SIGSTOP)
        try:
            elapsed = _reset_request(client, email)
        finally:
            os.kill(redis_server.process.pid, signal.SIGCONT)
        assert elapsed < 1.0, f"the request waited {elapsed:.2f}s on a frozen Redis (warm: {warm:.2f}s)"
        assert [mail.to for mail in OutboxMail.objects.all()] == [[email], [email]]

        # Thawed, the publishing thread gets the doorbell out (or the sweeper would ring for the row).
        assert doorbell.flush(10)
        deadline = time.monotonic() + 10
        while channel.llen("celery") <= published_before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert channel.llen("celery") == published_before + 1
