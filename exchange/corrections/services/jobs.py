"""What the background jobs of the proposals share (ProposalImport, ProposalBulkJob): the claim by
compare-and-set with a lease, the outcome written under the claim, progress through a side connection, and
the sweep that gives a dead worker's row to the next one."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.corrections.choices import ImportStatus
from exchange.data.services import progress_writer
from portal.lib.queue import ring_after_commit

# A job that keeps dying (not refused: crashing) is given up after this many claims.
MAX_ATTEMPTS = 3
PROGRESS_EVERY_SECONDS = 0.5


class Superseded(Exception):
    """The row is no longer this worker's claim: its work is rolled back, someone else owns the row."""


def lease() -> timedelta:
    """How long a claim holds without a sign of life before the sweep gives the row to another worker."""
    return timedelta(seconds=getattr(settings, "PROPOSAL_IMPORT_LEASE_SECONDS", 60))


def claim(model: type[Model], pk: int, now: datetime) -> str | None:
    """Claim a queued row; its claim token, or None when it is not queued (claimed elsewhere, finished)."""
    token = uuid.uuid4().hex
    claimed = model.objects.filter(pk=pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, claim=token, claimed_at=now, attempts=F("attempts") + 1
    )
    return token if claimed == 1 else None


def finish(model: type[Model], pk: int, token: str, status: str, **fields) -> bool:
    """Write the outcome if the row is still this claim's; False when another worker holds it now."""
    finished = model.objects.filter(pk=pk, status=ImportStatus.RUNNING, claim=token).update(
        status=status, finished_at=timezone.now(), **fields
    )
    return finished == 1


def progress(model: type[Model], pk: int) -> Callable[[int], None]:
    """Progress from inside the job's transaction (and the lease renewed with it), twice a second at most."""
    write = progress_writer(model, pk)
    last = [0.0]

    def report(done: int) -> None:
        if time.monotonic() - last[0] >= PROGRESS_EVERY_SECONDS:
            last[0] = time.monotonic()
            write(done)

    report.close = getattr(write, "close", lambda: None)  # type: ignore[attr-defined]
    return report


def sweep(model: type[Model], task, now: datetime) -> dict[str, int]:
    """A claim whose lease lapsed (its worker died) goes back to the queue, or fails after MAX_ATTEMPTS;
    every queued row is rung again (a doorbell lost with a web process is harmless)."""
    stale = model.objects.filter(status=ImportStatus.RUNNING, claimed_at__lt=now - lease())
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=ImportStatus.FAILED,
        problems=[_("Pekerjaan berhenti berulang kali sebelum selesai; tidak ada yang disimpan.")],
        finished_at=now,
    )
    requeued = stale.filter(attempts__lt=MAX_ATTEMPTS).update(status=ImportStatus.QUEUED, claim="")
    queued = list(model.objects.filter(status=ImportStatus.QUEUED).values_list("pk", flat=True))
    for pk in queued:
        ring_after_commit(task, pk)
    return {"requeued": requeued, "failed": failed, "rung": len(queued)}
