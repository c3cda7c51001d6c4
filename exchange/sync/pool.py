"""A small thread pool whose threads close their database connections when they end.

The calls of one worker run on these threads; the limiter and the token store touch the database from them
(where there is no Redis), and Django opens a connection per thread. concurrent.futures gives no hook at a
thread's end, so a connection would outlive the slice; here each thread closes its own on the way out.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

_STOP = object()


class Pool:
    def __init__(self, size: int, *, hold: Callable[[], contextlib.AbstractContextManager] | None = None):
        """`hold`, when given, is entered by a thread for as long as the queue keeps it busy: a partner's
        slot is kept across its calls that way and let go when the thread runs out of work."""
        self.hold = hold or contextlib.nullcontext
        self.jobs: queue.Queue = queue.Queue()
        self.results: queue.Queue = queue.Queue()
        self.threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(max(1, size))]
        for thread in self.threads:
            thread.start()

    def _loop(self) -> None:
        try:
            while (job := self.jobs.get()) is not _STOP:
                with self.hold():
                    while job is not _STOP:
                        self._run(job)
                        try:
                            job = self.jobs.get_nowait()
                        except queue.Empty:
                            break
                if job is _STOP:
                    return
        finally:
            connections.close_all()

    def _run(self, job) -> None:
        key, fn, args = job
        try:
            self.results.put((key, fn(*args), None))
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller, who decides
            self.results.put((key, None, exc))

    def submit(self, key: Any, fn: Callable, *args) -> None:
        self.jobs.put((key, fn, args))

    def finished(self, timeout: float) -> list[tuple[Any, Any, BaseException | None]]:
        """Every result ready now, waiting up to `timeout` for the first: (key, result, exception)."""
        try:
            ready = [self.results.get(timeout=timeout)]
        except queue.Empty:
            return []
        while True:
            try:
                ready.append(self.results.get_nowait())
            except queue.Empty:
                return ready

    def drain(self) -> list:
        """Drop the jobs not yet started; returns their keys."""
        dropped = []
        while True:
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                return dropped
            if job is _STOP:
                self.jobs.put(job)
                return dropped
            dropped.append(job[0])

    def close(self) -> None:
        for _ in self.threads:
            self.jobs.put(_STOP)
        for thread in self.threads:
            thread.join(timeout=60)
