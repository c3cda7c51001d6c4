"""Two reminder jobs started at the same moment on PostgreSQL: each reminder still goes out once."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from portal import reminders
from portal.models import Notification, OutboxMail, SentReminder
from tests.conftest import require

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_jobs_at_once_send_each_reminder_once(seed, kemendes_pimpinan, monkeypatch):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://...)")
    # Both jobs pass the "already sent?" look-up before either writes: the race is real, not luck.
    gate = threading.Barrier(2, timeout=20)
    remind = reminders._mail_recipient
    gated = set()

    def remind_after_both_looked(*args, **kwargs):
        if threading.get_ident() not in gated:
            gated.add(threading.get_ident())
            gate.wait()
        return remind(*args, **kwargs)

    monkeypatch.setattr(reminders, "_mail_recipient", remind_after_both_looked)
    reports, errors = [], []

    def job():
        try:
            reports.append(reminders.reminders_send_daily(today=date(2025, 8, 9)))
        except Exception as exc:  # noqa: BLE001 - reported below with the other thread's result
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(r.sent for r in reports) != [0, 0]
    # Ten reminders to four recipients (the managers' weekly digests with them): one mail each, once.
    assert sum(r.sent for r in reports) == 10
    assert sum(r.already for r in reports) == 10
    assert sum(r.mails for r in reports) == OutboxMail.objects.count() == 4
    assert SentReminder.objects.exclude(kind="digest").count() == 10
    assert SentReminder.objects.filter(kind="digest").count() == 2
    assert len({tuple(to) for to in OutboxMail.objects.values_list("to", flat=True)}) == 4
    assert Notification.objects.filter(user=kemendes_pimpinan).count() == 3
