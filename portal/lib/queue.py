"""Ringing the doorbell of background work without ever failing or blocking the web request.

The row that describes the work is already committed; the message only carries its primary key. The publish
itself runs on one background thread of the process, so a broker that refuses, or hangs without answering,
costs a request nothing: the thread waits out its short socket timeouts, logs, and a periodic sweeper rings
again for rows left queued. A bounded hand-over queue keeps a long outage from growing memory: past its size a
doorbell is dropped, which loses no work either.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)

PENDING_LIMIT = 10_000
_pending: queue.Queue = queue.Queue(maxsize=PENDING_LIMIT)
_thread: threading.Thread | None = None
_thread_lock = threading.Lock()


def _publish(task, args: tuple) -> None:
    try:
        # A connection of its own for each doorbell, outside the app's shared pools: a pool that the broker's
        # trouble left exhausted would otherwise hold this thread, and every doorbell behind it, for good.
        with task.app.connection_for_write() as connection:
            task.apply_async(args=args, retry=False, connection=connection)
    except Exception:  # noqa: BLE001 - any broker trouble leaves the row queued for the sweeper
        logger.warning("Broker unreachable: %s stays queued for the sweeper", getattr(task, "name", task))


def _run() -> None:
    while True:
        task, args = _pending.get()
        try:
            _publish(task, args)
        finally:
            _pending.task_done()


def _ensure_thread() -> None:
    global _thread
    with _thread_lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="portal-doorbell", daemon=True)
            _thread.start()


def ring(task, *args) -> None:
    """Publish task(*args) now, without waiting for the broker."""
    if getattr(task.app.conf, "task_always_eager", False):
        _publish(task, args)
        return
    try:
        _pending.put_nowait((task, args))
    except queue.Full:
        logger.warning("Doorbell queue full: %s stays queued for the sweeper", getattr(task, "name", task))
        return
    _ensure_thread()


def ring_after_commit(task, *args) -> None:
    """Publish task(*args) once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(partial(ring, task, *args), robust=True)


def flush(timeout: float = 3.0) -> bool:
    """Wait (a bounded time) for the doorbells handed over so far; True when all went out or failed."""
    deadline = time.monotonic() + timeout
    while _pending.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.01)
    return not _pending.unfinished_tasks


# A command that ends right after ringing (send_reminders, load_demo) gets its doorbells out first.
atexit.register(flush)
