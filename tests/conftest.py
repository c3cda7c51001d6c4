"""The fixed cast of the suite: two institutions with one user per role each, an outsider and an admin.

Services that the tests need (Redis, Chromium) are found here; they skip when absent, except with CI=true,
where a missing service is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

from portal import demo

CI = os.getenv("CI", "").lower() == "true"


def require(condition: bool, what: str) -> None:
    """Skip a test whose service is missing; in CI, fail it instead."""
    if condition:
        return
    if CI:
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} is not available")


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


class SMTPInbox:
    """What a real SMTP server received, each message parsed back with the e-mail package."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        from email import policy
        from email.parser import BytesParser

        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(envelope.original_content) for envelope in self.envelopes]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 for one test; the portal's settings point the outbox at it."""
    from aiosmtpd.controller import Controller

    inbox = SMTPInbox("127.0.0.1", free_port())
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
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
