"""Resilience: with Redis stopped, recording a force majeure answers at once; once Redis is back, a worker
sends its reminder, exactly once.

The test runs its own `redis-server` on a free port, stops it, records the event through the agreement
page, starts Redis again on the same port and lets a real Celery worker process do the rest, rung the way
the beat rings it.
"""

import shutil
import subprocess
import time
from datetime import timedelta

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from agreements.models import ForceMajeure
from portal import reminder_tasks, tasks
from portal.models import OutboxMail, SentReminder
from tests.conftest import free_port, require
from tests.reminders.conftest import make_agreement

pytestmark = pytest.mark.redis

WAIT_SECONDS = 40


class RedisServer:
    """A redis-server process of this test, stopped and started again on the same port."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server():
    require(shutil.which("redis-server") is not None, "redis-server")
    server = RedisServer(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The worker fixture of the suite talks to this test's own Redis."""
    return redis_server.url


def wait_for(condition, what: str, worker):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {WAIT_SECONDS}s for {what}\nworker log:\n{worker.log}")


def test_a_force_majeure_recorded_while_redis_is_down_is_reminded_once_redis_is_back(
    client, redis_server, start_celery_worker, smtp_server, kemendes, bkn, kemendes_staf
):
    today = timezone.localdate()
    agreement = make_agreement(
        [kemendes, bkn],
        signed_on=today - timedelta(days=200),
        contacts=[(0, "Kepala Biro Hubungan Masyarakat", "humas@kemendes.go.id")],
    )
    # Kemendes keeps no team on this agreement: its staff member keeps its own records by role.
    client.force_login(kemendes_staf)
    url = reverse("agreements:agreement_fm_record", args=[agreement.pk])
    assert client.get(url).status_code == 200  # templates and URLs loaded before the clock starts

    redis_server.stop()
    started = time.monotonic()
    response = client.post(
        url,
        {
            "party": str(agreement.parties.get(order=1).pk),
            "occurred_on": (today - timedelta(days=1)).isoformat(),
            "description": "Banjir merendam pusat data; layanan web service terhenti.",
        },
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 302, response.content.decode()[:2000]
    assert elapsed < 1.0, f"the request waited {elapsed:.2f}s with Redis down"
    assert ForceMajeure.objects.filter(agreement=agreement).count() == 1
    assert not OutboxMail.objects.exists()

    redis_server.start()
    worker = start_celery_worker()
    # The beat's minute tick, twice (a duplicate delivery): the sweep writes the reminder mails.
    reminder_tasks.sweep_reminder_events.apply_async(retry=False)
    reminder_tasks.sweep_reminder_events.apply_async(retry=False)
    wait_for(lambda: worker.log.count("Reminder sweep:") == 2, "both sweeps", worker)
    # The outbox sweeper's tick, twice: the mails go out, once.
    tasks.sweep_outbox.apply_async(retry=False)
    wait_for(lambda: len(smtp_server.envelopes) >= 2, "the reminder mails", worker)
    tasks.sweep_outbox.apply_async(retry=False)
    wait_for(lambda: "'nothing due'" in worker.log, "the second outbox sweep", worker)

    recipients = sorted(envelope.rcpt_tos[0] for envelope in smtp_server.envelopes)
    assert recipients == ["humas@kemendes.go.id", "kemendes.pimpinan@demo.portal-pks.go.id"]
    due = ForceMajeure.objects.get().notice_due_on
    for message in smtp_server.messages:
        assert "Batas pemberitahuan keadaan kahar PIHAK KESATU" in " ".join(message["Subject"].split())
        assert str(due.year) in message["Subject"]
    assert SentReminder.objects.count() == OutboxMail.objects.count() == 2
