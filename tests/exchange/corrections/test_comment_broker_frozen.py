"""With Redis frozen (SIGSTOP: it accepts nothing and answers nothing), a shared comment, whose mails to the
other party ring the sender's doorbell, still answers in under a second; its mails are in the outbox."""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.urls import reverse

from exchange.corrections.models import ProposalComment
from portal.lib import queue as doorbell
from portal.models import OutboxMail
from tests.conftest import celery_publishing_to
from tests.reminders.test_redis_down import redis_server  # noqa: F401 - the fixture

pytestmark = [pytest.mark.redis, pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def comment(client, proposal, body: str) -> float:
    started = time.monotonic()
    response = client.post(
        reverse("exchange:proposal_comment", args=[proposal.pk]), {"body": body, "visibility": "shared"}
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[-2000:]
    return elapsed


def test_a_comment_answers_in_under_a_second_with_redis_frozen(
    client,
    in_review,
    bkn_penghubung,
    redis_server,  # noqa: F811
):
    client.force_login(bkn_penghubung)
    with celery_publishing_to(redis_server.url):
        at_first = OutboxMail.objects.count()
        warm = comment(client, in_review, "Sedang kami periksa.")  # templates and connections made first
        assert doorbell.flush(5)
        mails_before = OutboxMail.objects.count()
        per_comment = mails_before - at_first
        assert per_comment > 0, "a shared comment mails the other party"

        os.kill(redis_server.process.pid, signal.SIGSTOP)
        try:
            elapsed = comment(client, in_review, "Data sudah kami cocokkan dengan SK.")
        finally:
            os.kill(redis_server.process.pid, signal.SIGCONT)

        assert elapsed < 1.0, f"the comment waited {elapsed:.2f}s on a frozen Redis (warm: {warm:.2f}s)"
        assert ProposalComment.objects.filter(body="Data sudah kami cocokkan dengan SK.").exists()
        assert OutboxMail.objects.count() == mails_before + per_comment
        assert doorbell.flush(10)
