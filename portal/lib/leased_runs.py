"""Background runs kept as rows: claimed by a compare-and-set on the status, kept alive by a lease.

A run model has `status`, `progress`, `message`, `started_at`, `finished_at`, `lease_until` and `attempts`.
A worker claims a waiting run, or one whose worker's lease ran out, and gets the attempt number; it works in
one transaction and reports progress through a second connection (PostgreSQL) that also renews the lease; it
finishes only while it still holds that attempt, so a worker that lost its lease undoes its work. A sweep
rings again for runs left waiting (a lost doorbell) or running past their lease (a dead worker).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, connections, models
from django.db.models import F, Q
from django.utils import timezone

QUEUED, RUNNING, FAILED = "queued", "running", "failed"


class LeaseLost(RuntimeError):
    """Another worker took the run over after this one's lease ran out: its work counts, ours is undone."""


class Heartbeat:
    """Progress and lease renewal from inside the run's transaction: on PostgreSQL through a second
    connection that commits at once, so the page's progress bar moves and the lease stays fresh; on SQLite
    (one writer at a time) only the final figures are written."""

    def __init__(self, kind: LeasedRuns, run_id: int):
        self.kind = kind
        self.run_id = run_id
        self.side = connections.create_connection("default") if connection.vendor == "postgresql" else None

    def __call__(self, percent: int) -> None:
        if self.side is None:
            return
        table = self.kind.model._meta.db_table
        statement = f"UPDATE {table} SET progress = %s, lease_until = %s WHERE id = %s"  # noqa: S608
        with self.side.cursor() as cursor:
            cursor.execute(statement, [percent, timezone.now() + self.kind.lease, self.run_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


@dataclass(frozen=True)
class LeasedRuns:
    """One kind of background run: its model and its lease."""

    model: type[models.Model]
    lease: timedelta = timedelta(seconds=60)
    # A run still waiting this long after it was requested lost its doorbell.
    doorbell_grace: timedelta = timedelta(seconds=30)

    def claim(self, run_id: int, now: datetime) -> int | None:
        """Take the run if it waits, or if its worker's lease ran out; returns the attempt number or None.

        Someone else holding a live lease, or the run being past running, is a normal outcome: nothing to do.
        """
        claimable = Q(status=QUEUED) | Q(status=RUNNING, lease_until__lt=now)
        changed = (
            self.model.objects.filter(pk=run_id)
            .filter(claimable)
            .update(
                status=RUNNING,
                started_at=now,
                lease_until=now + self.lease,
                attempts=F("attempts") + 1,
                progress=0,
                message="",
            )
        )
        if changed != 1:
            return None
        return self.model.objects.values_list("attempts", flat=True).get(pk=run_id)

    def execute(
        self,
        run_id: int,
        work: Callable[[int, int, Heartbeat], Any],
        *,
        failure: Callable[[Exception], str],
        logger,
        now: datetime | None = None,
    ) -> tuple[bool, Any]:
        """Claim the run and do `work(run_id, attempt, heartbeat)`; a failure is the run's outcome, told on
        its page with `failure(exc)`. Returns (claimed, what the work returned or None when it failed)."""
        attempt = self.claim(run_id, now or timezone.now())
        if attempt is None:
            return False, None
        heartbeat = Heartbeat(self, run_id)
        try:
            return True, work(run_id, attempt, heartbeat)
        except Exception as exc:  # noqa: BLE001 - any failure is the run's outcome, told on its page
            logger.exception("%s %s failed", self.model.__name__, run_id)
            self.model.objects.filter(pk=run_id, status=RUNNING, attempts=attempt).update(
                status=FAILED, message=failure(exc), finished_at=timezone.now(), lease_until=None
            )
            return True, None
        finally:
            heartbeat.close()

    def finish(self, run_id: int, attempt: int, *, status: str, **fields) -> None:
        """End the run as `status` with `fields`, only while this attempt still holds it."""
        finished = self.model.objects.filter(pk=run_id, status=RUNNING, attempts=attempt).update(
            status=status, progress=100, finished_at=timezone.now(), lease_until=None, **fields
        )
        if finished != 1:
            raise LeaseLost(f"{self.model.__name__} {run_id}")

    def stale(self, now: datetime, *, limit: int = 100) -> list[int]:
        """Runs left waiting (a lost doorbell) or running past their lease (a dead worker)."""
        left = self.model.objects.filter(
            Q(status=QUEUED, created_at__lt=now - self.doorbell_grace)
            | Q(status=RUNNING, lease_until__lt=now)
        )
        return list(left.values_list("pk", flat=True)[:limit])


class LeasedRunRow:
    """What a run row says of itself (mixed into its model): its reference, the model's `run_prefix` and its
    number ('PM-00012'); whether it still waits or runs; whether its worker's lease ran out."""

    run_prefix = ""

    @property
    def reference(self) -> str:
        return f"{self.run_prefix}-{self.pk:05d}" if self.pk else self.run_prefix

    @property
    def is_running(self) -> bool:
        return self.status in (QUEUED, RUNNING)

    def lease_expired(self, now: datetime) -> bool:
        return self.lease_until is None or self.lease_until < now
