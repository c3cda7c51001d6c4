"""Kill -9 the Celery worker, or the web process, during a 200-row XLSX import with "submit": all 200
proposals and their 200 mails, or none; never a part, never twice.

Real processes on a redis-server of this test alone: gunicorn serves the portal on the test database, a
Celery worker consumes the doorbells. The test uploads over HTTP with a signed-in session and its CSRF
token, as a browser would, and plays the beat between kills (the sweeper, with a short lease in this process).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from django.db import connection
from django.test import Client

from exchange.corrections import services, tasks
from exchange.corrections.choices import ImportStatus
from exchange.corrections.models import Proposal, ProposalEvent, ProposalImport
from portal.lib import queue
from portal.models import OutboxMail
from tests.bench.data import exchange_agreement, import_sheet
from tests.conftest import ROOT, celery_publishing_to, database_url_of, free_port, require
from tests.exchange.corrections.conftest import ensure_catalogue
from tests.reminders.test_redis_down import RedisServer

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROWS = 200
LEASE_SECONDS = 10


@pytest.fixture
def redis_server():
    require(shutil.which("redis-server") is not None, "redis-server")
    server = RedisServer(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _env(redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url_of(connection.settings_dict),
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_HOST": "",
        "PYTHONPATH": str(ROOT),
    }


class Web:
    """gunicorn with one worker, in a process group of its own so that kill -9 takes master and worker."""

    def __init__(self, redis_url: str):
        self.redis_url, self.port, self.process = redis_url, free_port(), None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "portal.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
        log = tempfile.NamedTemporaryFile(prefix="import-kill-web-", suffix=".log", delete=False)  # noqa: SIM115
        self.log_path = log.name
        self.process = subprocess.Popen(
            [*command, "--timeout", "30", "--log-level", "warning"],
            cwd=ROOT,
            env=_env(self.redis_url),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline, seen = time.monotonic() + 90, None
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                seen = httpx.get(f"{self.url}/masuk/", timeout=10).status_code
                if seen == 200:
                    return
            except httpx.HTTPError as exc:
                seen = type(exc).__name__
            time.sleep(0.2)
        self.kill()
        output = Path(self.log_path).read_text(errors="replace")[-3000:]
        pytest.fail(f"gunicorn did not start (last answer: {seen}):\n{output}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def start_worker(redis_url: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"]
    log = tempfile.NamedTemporaryFile(prefix="import-kill-worker-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=_env(redis_url), stdout=log, stderr=subprocess.STDOUT)
    process.log_path = log.name
    return process


def log_of(worker: subprocess.Popen) -> str:
    return Path(worker.log_path).read_text(errors="replace")[-3000:]


def kill(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)


@contextmanager
def running_worker(redis_url: str):
    worker = start_worker(redis_url)
    try:
        yield worker
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)


@pytest.fixture
def setting(settings, redis_server, kemendes, bkn, kemendes_penghubung, bkn_penghubung):
    """The agreement, the test's short lease (for the sweeps this process runs), publishing to our Redis."""
    ensure_catalogue()
    settings.PROPOSAL_IMPORT_LEASE_SECONDS = LEASE_SECONDS
    agreement = exchange_agreement(
        today=time_today(), proposer=kemendes, receiver=bkn, handlers=[kemendes_penghubung, bkn_penghubung]
    )
    with celery_publishing_to(redis_server.url):
        yield agreement


def time_today():
    from django.utils import timezone

    return timezone.localdate()


class Browser:
    """A signed-in session (the test client's cookie) talking to the real server over HTTP."""

    def __init__(self, web: Web, user):
        client = Client()
        client.force_login(user)
        self.web, self.session = web, client.cookies["sessionid"].value

    def upload(self, party_pk: int, content: bytes, **extra: str) -> httpx.Response:
        with httpx.Client(base_url=self.web.url, cookies={"sessionid": self.session}, timeout=60) as http:
            form = http.get("/pertukaran/usulan/impor/")
            assert form.status_code == 200, form.status_code
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
            data = {"csrfmiddlewaretoken": token, "receiving_party": str(party_pk), "submit": "on", **extra}
            return http.post("/pertukaran/usulan/impor/", data=data, files={"file": ("impor.xlsx", content)})

    def page(self, path: str) -> str:
        with httpx.Client(base_url=self.web.url, cookies={"sessionid": self.session}, timeout=30) as http:
            return http.get(path).text


def counts() -> tuple[int, int]:
    return Proposal.objects.count(), OutboxMail.objects.filter(kind="proposal_submitted").count()


def play_the_beat_until_done(job: ProposalImport, worker: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_open:
            return
        assert worker.poll() is None, f"the worker died by itself:\n{log_of(worker)}"
        assert counts() in ((0, 0), (ROWS, ROWS)), counts()
        services.proposal_imports_sweep()
        queue.flush()
        time.sleep(0.5)
    pytest.fail(f"import stuck: {job.status} {job.progress_done}/{job.progress_total}")


def assert_all_once(job: ProposalImport) -> None:
    job.refresh_from_db()
    assert (job.status, job.created_count, job.row_count) == (ImportStatus.DONE, ROWS, ROWS), job.problems
    assert counts() == (ROWS, ROWS)
    assert Proposal.objects.filter(status="submitted").values("nip").distinct().count() == ROWS
    assert ProposalEvent.objects.filter(kind="submitted").count() == ROWS


def assert_a_second_doorbell_and_a_second_upload_change_nothing(job, browser, party_pk, content, redis_url):
    with running_worker(redis_url) as worker:
        tasks.run_proposal_import.apply_async(args=[job.pk])  # a duplicate delivery
        services.proposal_imports_sweep()
        queue.flush()
        time.sleep(3)
        assert worker.poll() is None
    assert counts() == (ROWS, ROWS)
    again = browser.upload(party_pk, content)
    assert again.status_code == 400
    assert "Berkas yang sama sudah diimpor untuk perjanjian ini" in again.text
    assert ProposalImport.objects.count() == 1


def test_killing_the_worker_mid_import_leaves_nothing_and_the_next_one_writes_all_once(
    setting, redis_server, kemendes_penghubung
):
    party = setting.parties.get(order=2)
    content = import_sheet(ROWS)
    web = Web(redis_server.url)
    web.start()
    try:
        browser = Browser(web, kemendes_penghubung)
        worker = start_worker(redis_server.url)
        response = browser.upload(party.pk, content)
        assert response.status_code == 302, response.text[-2000:]
        job = ProposalImport.objects.get()
        assert response.headers["location"] == job.get_absolute_url()
        deadline = time.monotonic() + 120
        while True:  # the worker is writing: claimed, with rows past the first few
            job.refresh_from_db()
            writing = job.status == ImportStatus.RUNNING and job.row_count == ROWS
            if writing and (connection.vendor != "postgresql" or job.progress_done >= ROWS // 5):
                break
            assert job.is_open, f"finished before the kill: {job.status}"
            assert time.monotonic() < deadline, f"never claimed: {job.status}"
            time.sleep(0.05)
        if connection.vendor != "postgresql":
            time.sleep(1.5)  # no progress inside SQLite's transaction: give the writing a moment
        kill(worker)
        job.refresh_from_db()
        assert job.status == ImportStatus.RUNNING, "the import finished before the kill"
        assert counts() == (0, 0), f"a partial import after the kill: {counts()}"

        with running_worker(redis_server.url) as worker:
            play_the_beat_until_done(job, worker)
        assert_all_once(job)
        assert job.attempts == 2
        page = browser.page(job.get_absolute_url())
        assert f"{ROWS} usulan diimpor dari {ROWS} baris." in page
        assert_a_second_doorbell_and_a_second_upload_change_nothing(
            job, browser, party.pk, content, redis_server.url
        )
    finally:
        web.kill()


def test_killing_the_web_process_right_after_the_upload_loses_nothing(
    setting, redis_server, kemendes_penghubung
):
    party = setting.parties.get(order=2)
    content = import_sheet(ROWS)
    web = Web(redis_server.url)
    web.start()
    try:
        browser = Browser(web, kemendes_penghubung)
        response = browser.upload(party.pk, content)
        web.kill()  # its doorbell may or may not have left the process
        assert response.status_code == 302, response.text[-2000:]
        job = ProposalImport.objects.get()
        assert job.status == ImportStatus.QUEUED and counts() == (0, 0)

        with running_worker(redis_server.url) as worker:
            play_the_beat_until_done(job, worker)
        assert_all_once(job)
        assert job.attempts == 1

        web.start()
        page = browser.page(job.get_absolute_url())
        assert f"{ROWS} usulan diimpor dari {ROWS} baris." in page
        assert_a_second_doorbell_and_a_second_upload_change_nothing(
            job, browser, party.pk, content, redis_server.url
        )
    finally:
        web.kill()
