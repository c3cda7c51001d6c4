"""The outbox across attempts: one Message-ID from the first attempt to the last, a lease the sender renews
while it talks to the SMTP server, a sweep that stops claiming before its time limit, and Celery's soft time
limit handing a mail back instead of counting as an SMTP failure."""

from __future__ import annotations

import signal
import threading
import time
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection
from django.utils import timezone

from portal.choices import MailStatus
from portal.models import OutboxMail
from portal.services import (
    claim_lease,
    mail_enqueue,
    outbox_mail_send,
    outbox_release_lapsed,
    outbox_send_due,
)
from tests.conftest import free_port

pytestmark = pytest.mark.django_db


def enqueue(subject: str = "Pemberitahuan perpanjangan PKS") -> OutboxMail:
    mail = mail_enqueue(to=["pimpinan@bkn.go.id"], subject=subject, body_text="Yth. Pimpinan,\n\nIsi surat.")
    assert mail is not None
    return mail


def test_the_default_lease_is_about_a_minute(settings):
    assert timedelta(seconds=30) <= claim_lease() <= timedelta(seconds=90)


def test_a_mail_keeps_the_message_id_it_was_written_with_through_a_failed_attempt(smtp_server, settings):
    mail = enqueue()
    written = mail.headers["Message-ID"]
    assert written.startswith("<") and written.endswith("@portal-pks.localhost>")
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # the first attempt finds nothing listening
    assert outbox_mail_send(mail_id=mail.pk) == "retry"

    settings.EMAIL_PORT = port
    mail.refresh_from_db()
    assert outbox_mail_send(mail_id=mail.pk, now=mail.next_attempt_at) == "sent"

    assert [message["Message-ID"] for message in smtp_server.messages] == [written]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.headers["Message-ID"]) == (MailStatus.SENT, 2, written)


def test_a_mail_sent_again_after_a_crashed_sender_carries_the_same_message_id(smtp_server):
    first, second = enqueue("Satu"), enqueue("Dua")
    assert first.headers["Message-ID"] != second.headers["Message-ID"]
    # A sender claimed the first mail and died two leases ago.
    OutboxMail.objects.filter(pk=first.pk).update(
        status=MailStatus.SENDING,
        claim="mati",
        claimed_at=timezone.now() - 2 * claim_lease(),
        lease_until=timezone.now() - claim_lease(),
    )

    assert outbox_send_due() == {"sent": 2}

    ids = sorted(message["Message-ID"] for message in smtp_server.messages)
    assert ids == sorted([first.headers["Message-ID"], second.headers["Message-ID"]])


def test_a_claim_within_its_lease_is_left_alone(smtp_server):
    mail = enqueue()
    OutboxMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENDING,
        claim="hidup",
        claimed_at=timezone.now() - 5 * claim_lease(),  # claimed long ago, but its sender renewed it
        lease_until=timezone.now() + claim_lease() / 2,
    )

    assert outbox_release_lapsed() == 0
    assert outbox_send_due() == {}
    assert smtp_server.envelopes == []


def test_the_sweep_stops_claiming_once_its_budget_is_spent(smtp_server):
    smtp_server.rcpt_delay = 0.4
    mails = [enqueue(f"Surel {n}") for n in range(5)]

    counts = outbox_send_due(budget=timedelta(seconds=0.5))

    assert 1 <= counts["sent"] < len(mails)
    left = OutboxMail.objects.filter(status=MailStatus.QUEUED)
    assert left.count() == len(mails) - counts["sent"]
    assert set(left.values_list("attempts", flat=True)) == {0}


def test_the_soft_time_limit_hands_the_mail_back_without_counting_an_attempt(smtp_server):
    """Celery's prefork pool raises SoftTimeLimitExceeded from a signal handler in the middle of whatever
    the task does; here a real SIGALRM does the same while the SMTP server answers slowly."""
    smtp_server.rcpt_delay = 3
    mail = enqueue()

    def soft_limit(signum, frame):
        raise SoftTimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, soft_limit)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(SoftTimeLimitExceeded):
            outbox_mail_send(mail_id=mail.pk)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (MailStatus.QUEUED, 0, "")
    assert mail.next_attempt_at <= timezone.now()  # due again at once, for the next sweep


@pytest.mark.django_db(transaction=True)
def test_the_sender_renews_its_lease_while_the_smtp_server_takes_its_time(smtp_server, settings):
    settings.OUTBOX_LEASE_SECONDS = 1
    smtp_server.rcpt_delay = 3.5  # three and a half leases for one RCPT TO
    mail = enqueue()
    outcome: list[str] = []

    def send():
        try:
            outcome.append(outbox_mail_send(mail_id=mail.pk))
        finally:
            connection.close()

    sender = threading.Thread(target=send)
    sender.start()
    assert smtp_server.in_rcpt.wait(10), "the send never reached the SMTP server"
    claimed = OutboxMail.objects.get(pk=mail.pk)
    leases, released = [], 0
    deadline = time.monotonic() + 30
    while sender.is_alive() and time.monotonic() < deadline:
        row = OutboxMail.objects.get(pk=mail.pk)
        if row.status == MailStatus.SENDING:
            leases.append(row.lease_until)
            released += outbox_release_lapsed()  # the sweeper running beside the live sender
        time.sleep(0.2)
    sender.join(timeout=30)

    assert outcome == ["sent"]
    assert released == 0, "the live sender's mail was handed back to the queue"
    assert max(leases) > claimed.lease_until + timedelta(seconds=1), "the lease was never renewed"
    assert len(smtp_server.envelopes) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.lease_until) == (MailStatus.SENT, None)
