"""The SIASN simulator as a real process for tests: started on a free port, talked to over HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import httpx

from tests.conftest import ROOT, free_port


class Simulator:
    def __init__(self, url: str, process: subprocess.Popen):
        self.url, self.process = url, process

    def faults(self, **values) -> dict:
        return httpx.post(f"{self.url}/_simulator/faults", json=values, timeout=5).json()

    def stats(self) -> dict:
        return httpx.get(f"{self.url}/_simulator/stats", timeout=5).json()

    def expire_tokens(self) -> None:
        httpx.post(f"{self.url}/_simulator/expire-tokens", timeout=5)

    def served(self, kind: str = "data-utama") -> dict[str, int]:
        prefix = f"{kind}:"
        return {k[len(prefix) :]: n for k, n in self.stats()["served"].items() if k.startswith(prefix)}


@contextlib.contextmanager
def running_simulator(rows: list[dict], *flags: str) -> Iterator[Simulator]:
    """`manage.py siasn_simulator` serving `rows` (roster rows) with the given fault flags."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(rows, handle)
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "manage.py",
        "siasn_simulator",
        "--port",
        str(port),
        "--people-file",
        handle.name,
    ]
    process = subprocess.Popen(
        [*command, *flags], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # a loaded machine starts Django slowly
        while True:
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    # Stopped first: reading the output of a process still running would wait forever.
                    process.kill()
                    output, _ = process.communicate(timeout=10)
                    raise RuntimeError("the SIASN simulator did not start:\n" + (output or "")) from None
                time.sleep(0.1)
        yield Simulator(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        os.unlink(handle.name)
