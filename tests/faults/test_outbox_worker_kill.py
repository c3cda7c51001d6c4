"""Kill -9 the Celery worker in the middle of an SMTP conversation, ten times: no mail reaches the SMTP server
twice (each Message-ID once) and none is lost.

A real worker sends the outbox to a real SMTP server (aiosmtpd). The server holds one RCPT TO unanswered, so
the test knows a mail is half-sent, and the worker is killed right then; the mail stays claimed until its
lease lapses (a short one here, set for the worker), and the sweeps the test rings, as the beat would, send
it again with the Message-ID it was written with. What no SMTP client can close is the instant between the
server's final acceptance and the row being marked sent; there the fixed Message-ID lets a mail client drop
the copy.
"""

from __future__ import annotations

import random
import signal
import time
from collections import Counter

import pytest

from portal import tasks
from portal.choices import MailStatus
from portal.lib import queue
from portal.models import OutboxMail
from portal.services import mail_enqueue

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

MAILS = 24
KILLS = 10
LEASE_SECONDS = "3"


def ring_the_sweep() -> None:
    tasks.sweep_outbox.delay()
    queue.flush()


def wait_for(condition, *, timeout: float, what: str, beat_every: float = 2.0) -> None:
    """Poll `condition` until it holds, ringing the sweep now and then as the beat does."""
    deadline = time.monotonic() + timeout
    next_beat = 0.0
    while not condition():
        now = time.monotonic()
        if now > deadline:
            pytest.fail(f"timed out waiting for {what}")
        if now >= next_beat:
            ring_the_sweep()
            next_beat = now + beat_every
        time.sleep(0.05)


def test_a_worker_killed_mid_send_ten_times_delivers_every_mail_once(smtp_server, start_celery_worker):
    written = [
        mail_enqueue(to=[f"pimpinan{n}@bkn.go.id"], subject=f"Surel {n}", body_text=f"Isi surel {n}.")
        for n in range(MAILS)
    ]
    ids = {mail.headers["Message-ID"] for mail in written}
    assert len(ids) == MAILS
    rng = random.Random(16)

    for kill in range(KILLS):
        smtp_server.release.clear()
        smtp_server.in_rcpt.clear()
        # Let a few mails through, then hold the next conversation open.
        smtp_server.hold_rcpt = smtp_server.rcpt_count + rng.randint(1, 3)
        worker = start_celery_worker(OUTBOX_LEASE_SECONDS=LEASE_SECONDS)
        wait_for(smtp_server.in_rcpt.is_set, timeout=90, what=f"a send in progress (kill {kill + 1})")
        assert worker.process.poll() is None, worker.log
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait(timeout=10)
        smtp_server.release.set()
        assert OutboxMail.objects.filter(status=MailStatus.SENDING).exists(), (
            "no mail was in the middle of its send"
        )

    smtp_server.hold_rcpt = None
    worker = start_celery_worker(OUTBOX_LEASE_SECONDS=LEASE_SECONDS)
    unsent = OutboxMail.objects.exclude(status=MailStatus.SENT)
    wait_for(lambda: not unsent.exists(), timeout=180, what=f"every mail sent ({unsent.count()} left)")
    assert worker.process.poll() is None, worker.log

    received = Counter(message["Message-ID"] for message in smtp_server.messages)
    twice = {message_id: n for message_id, n in received.items() if n > 1}
    assert not twice, f"delivered more than once: {twice}"
    assert set(received) == ids, "a mail was lost or a Message-ID changed between attempts"
    assert len(smtp_server.envelopes) == MAILS
    # Every kill cut a conversation short: the server was asked for more recipients than it received mails.
    assert smtp_server.rcpt_count >= MAILS + KILLS
    assert set(OutboxMail.objects.values_list("attempts", flat=True)) == {1}
