"""Load from a second process: wrk, a C load generator, so the measuring side costs the 2-core machine little.

A Python load generator of 20 threads spends more CPU on its own requests than the server it measures, and its
interpreter lock queues the answers: its p95 is its own. wrk opens the connections itself, sends the requests
the Lua script below writes (a token and a body each, in turn) and reports its latency percentiles.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from django.db import connection

from tests.conftest import ROOT, database_url_of, free_port

SCRIPT = r"""
local headers = {%(headers)s}
local bodies = {%(bodies)s}
local method, path, expect = "%(method)s", "%(path)s", %(expect)d
local n = 0
unexpected = 0

function init(args)
  n = tonumber(wrk.thread:get("offset"))
end

function request()
  n = n + 1
  local body = nil
  if #bodies > 0 then body = bodies[(n %% #bodies) + 1] end
  return wrk.format(method, path, headers[(n %% #headers) + 1], body)
end

function response(status, headers, body)
  if status ~= expect then unexpected = unexpected + 1 end
end

local threads = {}
local offset = 0
function setup(thread)
  thread:set("offset", tostring(offset))
  offset = offset + 7919
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local other = 0
  for _, thread in ipairs(threads) do other = other + thread:get("unexpected") end
  io.write("RESULT " .. string.format(
    '{"requests": %%d, "micros": %%d, "p50": %%d, "p95": %%d, "p99": %%d, "max": %%d, ' ..
    '"unexpected": %%d, "socket_errors": %%d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, other,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout) .. "\n")
end
"""


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    unexpected: int  # answers with another status than the one expected
    socket_errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def answered(self) -> bool:
        """Whether any request was answered in time (wrk's percentiles of no answer read 0)."""
        return self.requests > 0

    def line(self) -> str:
        if not self.answered:
            return f"no answer within wrk's timeout in {self.seconds:.0f} s"
        wrong = f", {self.unexpected} not answered as expected" if self.unexpected else ""
        return (
            f"median {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, "
            f"max {self.max_ms:.1f} ms ({self.requests} requests, {self.rate:.0f}/s{wrong})"
        )


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        pytest.skip("wrk (Debian package wrk) is not installed: `make bench` installs it")
    return path


def _lua_strings(values: list[str]) -> str:
    return ", ".join(json.dumps(value) for value in values)  # a JSON string is a valid Lua string here


def _lua_tables(tables: list[dict[str, str]]) -> str:
    return ", ".join(
        "{" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in table.items()) + "}"
        for table in tables
    )


def wrk(
    url: str,
    path: str,
    *,
    headers: list[dict[str, str]],
    connections: int,
    seconds: int,
    tmp: Path,
    method: str = "GET",
    bodies: list[str] = (),
    timeout: int = 10,
    expect: int = 200,
) -> Load:
    """`connections` clients calling back to back for `seconds`; the requests take the `headers` (one dict a
    client: its token or session cookie) and the `bodies` in turn."""
    script = tmp / "load.lua"
    script.write_text(
        SCRIPT
        % {
            "headers": _lua_tables(headers or [{}]),
            "bodies": _lua_strings(list(bodies)),
            "method": method,
            "path": path,
            "expect": expect,
        }
    )
    threads = min(2, connections)
    command = [wrk_path(), "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    command += ["--timeout", f"{timeout}s", "-s", str(script), url]
    run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout + 60, check=True)
    output = run.stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    return Load(
        requests=result["requests"],
        seconds=result["micros"] / 1e6,
        p50_ms=result["p50"] / 1000,
        p95_ms=result["p95"] / 1000,
        p99_ms=result["p99"] / 1000,
        max_ms=result["max"] / 1000,
        unexpected=result["unexpected"],
        socket_errors=result["socket_errors"],
    )


@contextmanager
def gunicorn(
    *,
    workers: int,
    threads: int,
    log: Path,
    ready_path: str,
    ready_status: int,
    timeout: int = 30,
    secret_key: str = "",
) -> Iterator[str]:
    """The portal as in production (DEBUG=0, gunicorn) on a free port, on the test's own database; yields
    its URL once `ready_path` answers `ready_status` (a cheap answer: workers import the portal slowly on a
    busy machine). `secret_key`: the test's own (settings.SECRET_KEY, set long), so that the sessions its test
    client signs in are the server's too; a random one by default."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url_of(connection.settings_dict),
        "DEBUG": "0",
        "SECRET_KEY": secret_key or secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DB_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--timeout", str(timeout)]
    command += ["--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}{ready_path}", timeout=5).status_code == ready_status:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start:\n" + log.read_text(errors="replace")[-4000:])
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
