"""The fixed cast of the suite: two institutions with one user per role each, an outsider and an admin.

Services that the tests need (Redis, Chromium) are found here; they skip when absent, except with CI=true,
where a missing service is a failure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from portal import demo

CI = os.getenv("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parent.parent


def require(condition: bool, what: str) -> None:
    """Skip a test whose service is missing; in CI, fail it instead."""
    if condition:
        return
    if CI:
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} is not available")


@pytest.fixture(autouse=True)
def catalogue(request):
    """The data-field catalogue, for every test that touches the database.

    It comes from a data migration, and a transactional test earlier in the session (a browser or worker
    test) flushes every table after itself; the tests that come after it find the catalogue put back.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if "transactional_db" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif marker or {"db", "cast"} & names:
        request.getfixturevalue("db")
    else:
        return
    from tests.exchange.corrections.conftest import ensure_catalogue

    ensure_catalogue()


@pytest.fixture
def cast(db):
    users, _ = demo.load_users("kata-sandi-uji-123")
    return users


@pytest.fixture
def kemendes(cast):
    return cast["kemendes.staf"].institution


@pytest.fixture
def bkn(cast):
    return cast["bkn.staf"].institution


@pytest.fixture
def lain(cast):
    return cast["lain.staf"].institution


@pytest.fixture
def kemendes_staf(cast):
    return cast["kemendes.staf"]


@pytest.fixture
def kemendes_penghubung(cast):
    return cast["kemendes.penghubung"]


@pytest.fixture
def kemendes_pimpinan(cast):
    return cast["kemendes.pimpinan"]


@pytest.fixture
def bkn_staf(cast):
    return cast["bkn.staf"]


@pytest.fixture
def bkn_penghubung(cast):
    return cast["bkn.penghubung"]


@pytest.fixture
def bkn_pimpinan(cast):
    return cast["bkn.pimpinan"]


@pytest.fixture
def lain_staf(cast):
    return cast["lain.staf"]


@pytest.fixture
def admin_user(cast):
    return cast["admin"]


@pytest.fixture
def redis_url():
    """A reachable Redis (TEST_REDIS_URL, default database 15 on the local server)."""
    import redis

    url = os.getenv("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        reachable = True
    except redis.RedisError:
        reachable = False
    require(reachable, f"Redis at {url}")
    return url


@pytest.fixture(scope="session")
def chromium_path():
    path = os.getenv("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    require(bool(path), "Chromium")
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the moment of asking)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclasses.dataclass(frozen=True)
class Envelope:
    mail_from: str
    rcpt_tos: list[str]
    original_content: bytes


class SMTPInbox:
    """What a real SMTP server received, each message parsed back with the e-mail package."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.envelopes: list[Envelope] = []
        # A slow server, for tests that need a send in progress: each RCPT TO waits this long, and
        # `in_rcpt` is set whenever one is being answered.
        self.rcpt_delay = 0.0
        self.in_rcpt = threading.Event()
        # Or a held conversation: the RCPT TO numbered `hold_rcpt` (counting from 1) is not answered until
        # `release` is set, so a test knows a sender is in the middle of it.
        self.rcpt_count = 0
        self.hold_rcpt: int | None = None
        self.release = threading.Event()

    @property
    def messages(self):
        from email import policy
        from email.parser import BytesParser

        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(envelope.original_content) for envelope in self.envelopes]


class _SMTPHandler:
    """The aiosmtpd hooks, kept apart from the inbox: aiosmtpd looks at every attribute of its handler on
    each connection, and would parse the whole inbox through `messages` each time."""

    def __init__(self, inbox: SMTPInbox):
        self.inbox = inbox

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio

        inbox = self.inbox
        inbox.rcpt_count += 1
        if inbox.hold_rcpt == inbox.rcpt_count:
            inbox.in_rcpt.set()
            deadline = time.monotonic() + 60
            while not inbox.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
        elif inbox.rcpt_delay:
            inbox.in_rcpt.set()
            await asyncio.sleep(inbox.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.inbox.envelopes.append(
            Envelope(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 for one test; the portal's settings point the outbox at it."""
    from aiosmtpd.controller import Controller

    inbox = SMTPInbox("127.0.0.1", free_port())
    # A fixed server name: left out, aiosmtpd looks up the FQDN on every connection (slow without DNS).
    controller = Controller(
        _SMTPHandler(inbox), hostname=inbox.host, port=inbox.port, server_hostname="smtp.test"
    )
    controller.start()
    settings.EMAIL_HOST = inbox.host
    settings.EMAIL_PORT = inbox.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        controller.stop()


def database_url_of(settings_dict: dict) -> str:
    """A DATABASE_URL that opens the database this test uses, for a process the test starts."""
    from urllib.parse import quote

    engine, name = settings_dict["ENGINE"], str(settings_dict["NAME"])
    if engine.endswith("sqlite3"):
        if name == ":memory:" or name.startswith("file:"):
            pytest.fail("the SQLite test database must be a file for another process to open it")
        return f"sqlite:///{os.path.abspath(name)}"
    if engine.endswith("postgresql"):
        auth = quote(settings_dict.get("USER") or "", safe="")
        if settings_dict.get("PASSWORD"):
            auth += ":" + quote(settings_dict["PASSWORD"], safe="")
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        return f"postgres://{auth}@{host}:{port}/{quote(name, safe='')}"
    pytest.fail(f"no DATABASE_URL for engine {engine}")


@contextlib.contextmanager
def celery_publishing_to(broker_url: str, *, queue: str | None = None):
    """Point the in-process Celery app (the one the portal publishes with) at another broker for a while.

    The app caches its connection and producer pools and its queue table; they are dropped on the way in
    and on the way out so that nothing keeps talking to the previous broker.
    """
    from portal import celery_app
    from portal.lib import queue as doorbell

    # Doorbells rung before the switch go out to the broker they were rung for, not to this one.
    doorbell.flush(10)
    names = ("broker_url", "broker_transport_options", "broker_connection_timeout", "task_default_queue")
    saved = {name: celery_app.conf[name] for name in names}

    def drop_pools():
        from kombu import pools

        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        celery_app._pool = None
        celery_app.__dict__.pop("amqp", None)
        # kombu keeps producer pools per connection in a registry of its own; one left holding a closed
        # connection pool would refuse the next publish to the same broker ("Acquire on closed pool").
        pools.reset()

    drop_pools()
    celery_app.conf.update(
        broker_url=broker_url,
        # The same short timeouts the settings give a Redis broker: a request never waits on it.
        broker_transport_options={"socket_connect_timeout": 1, "socket_timeout": 2, "max_retries": 0},
        broker_connection_timeout=1,
        task_default_queue=queue or saved["task_default_queue"],
    )
    try:
        yield celery_app
    finally:
        doorbell.flush(10)
        drop_pools()
        celery_app.conf.update(saved)


class WorkerProcess:
    """A `celery -A portal worker` started by a test; its output is kept for the failure message."""

    def __init__(self, process: subprocess.Popen, queue: str):
        self.process, self.queue = process, queue
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(" ready." in line for line in self.lines):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"the Celery worker did not become ready:\n{self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown: the task in hand finishes
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._reader.join(timeout=5)


@pytest.fixture
def start_celery_worker(transactional_db, redis_url, settings):
    """Start `celery -A portal worker` on the test Redis and the test database; stopped at teardown.

    The worker listens on a queue of its own, and the in-process app publishes there while the fixture
    lasts, so parallel runs sharing one Redis never take each other's messages. Mail settings of the test
    (EMAIL_HOST, EMAIL_PORT) are handed to the worker as it starts.
    """
    import redis
    from django.db import connection

    started: list[WorkerProcess] = []
    queue = f"portal-test-{uuid.uuid4().hex[:12]}"
    publishing = celery_publishing_to(redis_url, queue=queue)

    def start(**extra_env: str) -> WorkerProcess:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "REDIS_URL": redis_url,
            "DATABASE_URL": database_url_of(connection.settings_dict),
            "EMAIL_HOST": settings.EMAIL_HOST,
            "EMAIL_PORT": str(settings.EMAIL_PORT),
            "PYTHONPATH": str(ROOT),
            **extra_env,
        }
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo"]
        command += ["--queues", queue, "--hostname", f"{queue}@%h", "--loglevel", "INFO"]
        command += ["--without-gossip", "--without-mingle"]
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        worker = WorkerProcess(process, queue)
        started.append(worker)
        worker.wait_until_ready()
        return worker

    with publishing:
        try:
            yield start
        finally:
            for worker in started:
                worker.stop()
            client = redis.Redis.from_url(redis_url, socket_connect_timeout=1)
            client.delete(queue, f"_kombu.binding.{queue}")


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the transactional tests last of all, after the tests that use no database too.

    A transactional test ends by emptying every table, rows written by data migrations included (the data
    field catalogue, the roles). pytest-django runs tests that use no database after the transactional
    ones; a test that reaches the database only through a fixture it asks for at run time counts as one of
    those and would find the tables empty. Last of all, the emptying can harm no one.
    """
    items.sort(key=_is_transactional)  # stable: the order within each group stays as it was
