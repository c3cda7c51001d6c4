"""A body over the limit is refused by the running server before it is read, and nothing reaches the disk.

A real gunicorn serves the portal; the test talks to it over a socket, as a browser or a script would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from django.db import connection

from tests.conftest import ROOT, database_url_of, free_port

LIMIT = 5 * 1024 * 1024


@pytest.fixture
def server(transactional_db, tmp_path):
    port = free_port()
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of(connection.settings_dict),
        "REQUEST_MAX_BYTES": str(LIMIT),
        "FILE_UPLOAD_TEMP_DIR": str(uploads),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # up and warm: the worker has loaded the portal and a page
        try:
            if httpx.get(f"http://127.0.0.1:{port}/masuk/", timeout=10).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    try:
        yield port, uploads
    finally:
        process.terminate()
        process.wait(timeout=10)


def _status_of(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1])


def _read_reply(sock: socket.socket) -> bytes:
    sock.settimeout(20)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_a_300_mb_body_announced_by_its_length_is_refused_before_it_is_read(server):
    port, uploads = server
    sock = socket.create_connection(("127.0.0.1", port))
    started = time.monotonic()
    sock.sendall(
        b"POST /masuk/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: multipart/form-data; boundary=x\r\n"
        + f"Content-Length: {300 * 1024 * 1024}\r\n\r\n".encode()
        + b"--x\r\n" * 1000
    )
    reply = _read_reply(sock)
    elapsed = time.monotonic() - started
    sock.close()
    assert _status_of(reply) == 413
    assert elapsed < 2, f"the refusal took {elapsed:.2f}s"
    assert list(uploads.iterdir()) == []


def test_a_chunked_upload_of_no_stated_length_is_refused_and_leaves_no_file(server):
    port, uploads = server
    sock = socket.create_connection(("127.0.0.1", port))
    head = (
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="roster.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n"
    )
    sock.sendall(
        b"POST /masuk/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n"
    )

    def chunk(data: bytes) -> bytes:
        return f"{len(data):x}\r\n".encode() + data + b"\r\n"

    sock.sendall(chunk(head))
    sent = 0
    block = b"1" * (256 * 1024)
    try:
        while sent < 3 * LIMIT:
            sock.sendall(chunk(block))
            sent += len(block)
        sock.sendall(chunk(b"\r\n--x--\r\n") + b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server stopped reading, as it should
    reply = _read_reply(sock)
    sock.close()
    assert _status_of(reply) == 411
    assert list(uploads.iterdir()) == []


def test_a_body_under_the_limit_goes_on_to_the_page(server):
    port, _uploads = server
    sock = socket.create_connection(("127.0.0.1", port))
    body = b"username=bkn.staf&password=salah"
    sock.sendall(
        b"POST /masuk/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    reply = _read_reply(sock)
    sock.close()
    assert _status_of(reply) == 403  # the login page itself answered: no CSRF token in this request
