"""Load from a second process: wrk, a C load generator, so the measuring side costs the 2-core machine little.

A Python load generator of 20 threads spends more CPU on its own requests than the server it measures, and its
interpreter lock queues the answers: its p95 is its own. wrk opens the connections itself, sends the requests
the Lua script below writes (a token and a body each, in turn) and reports its latency percentiles.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = r"""
local headers = {%(headers)s}
local bodies = {%(bodies)s}
local method, path = "%(method)s", "%(path)s"
local n = 0

function init(args)
  n = tonumber(wrk.thread:get("offset"))
end

function request()
  n = n + 1
  local body = nil
  if #bodies > 0 then body = bodies[(n %% #bodies) + 1] end
  return wrk.format(method, path, headers[(n %% #headers) + 1], body)
end

local threads = {}
local offset = 0
function setup(thread)
  thread:set("offset", tostring(offset))
  offset = offset + 7919
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  io.write("RESULT " .. string.format(
    '{"requests": %%d, "micros": %%d, "p50": %%d, "p95": %%d, "p99": %%d, "max": %%d, ' ..
    '"status_errors": %%d, "socket_errors": %%d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.status,
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
    status_errors: int  # answers of 400 and over
    socket_errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        return (
            f"median {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, "
            f"max {self.max_ms:.1f} ms ({self.requests} requests, {self.rate:.0f}/s)"
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
        }
    )
    threads = min(2, connections)
    command = [wrk_path(), "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    command += ["--timeout", "10s", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    return Load(
        requests=result["requests"],
        seconds=result["micros"] / 1e6,
        p50_ms=result["p50"] / 1000,
        p95_ms=result["p95"] / 1000,
        p99_ms=result["p99"] / 1000,
        max_ms=result["max"] / 1000,
        status_errors=result["status_errors"],
        socket_errors=result["socket_errors"],
    )
