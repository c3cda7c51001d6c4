"""Ringing the doorbell of background work without ever failing or blocking the web request.

The row that describes the work is already committed; the message only carries its primary key. When the
broker is away the publish fails fast, we log it, and a periodic sweeper rings again for rows left queued.
"""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def _publish(task, args: tuple) -> None:
    try:
        task.apply_async(args=args, retry=False)
    except Exception:  # noqa: BLE001 - any broker trouble leaves the row queued for the sweeper
        logger.warning("Broker unreachable: %s stays queued for the sweeper", getattr(task, "name", task))


def ring_after_commit(task, *args) -> None:
    """Publish task(*args) once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(partial(_publish, task, args), robust=True)
