"""The work of a sync run: claim a batch, fetch it on a thread pool under the shared cap, write each outcome
once, and finish the run into a data set version when nothing is left open.

Safe against any number of workers and against a worker killed at any instant:
- a batch is claimed with `select_for_update(skip_locked=True)` and leased; an item whose lease ran out is
  claimable again, so a killed worker's batch is taken over;
- an outcome is written only while the item is still claimed by the writer (compare-and-set), and the run's
  counters move by the rows that write actually changed, in the same transaction: nothing counted twice;
- finishing is claimed with a lease on the run, and the version carries the run's reference, so a finisher
  killed after creating it is followed by one that adopts it instead of creating a second.
A worker works for a slice of time and then hands the run back (a new doorbell, no countdown); items that
failed transiently wait in the database (`due_at`) and the beat's sweeper rings when they are due.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import time
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from exchange.data import selectors as data_selectors
from exchange.data import services as data_services
from exchange.data.models import DataSetVersion
from exchange.partners import services as partner_services
from exchange.partners.client import CredentialError, NotFound, SiasnError
from exchange.partners.reads import fetch_person
from exchange.sync.choices import ItemStatus, RunStatus
from exchange.sync.models import SyncItem, SyncRun
from exchange.sync.pool import Pool

logger = logging.getLogger(__name__)

LEASE = timedelta(seconds=getattr(settings, "SYNC_LEASE_SECONDS", 60))
SLICE_SECONDS = float(getattr(settings, "SYNC_SLICE_SECONDS", 120))
CALL_TIMEOUT = float(getattr(settings, "SYNC_CALL_TIMEOUT", 10))
ITEM_ATTEMPTS = 3
RETRY_DELAY = timedelta(seconds=15)
FLUSH_EVERY = 0.2
CLAIM_OPEN = (ItemStatus.PENDING, ItemStatus.CLAIMED)


def worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim_batch(
    run: SyncRun, worker: str, size: int, *, now: datetime | None = None
) -> list[tuple[int, str]]:
    """Up to `size` open items of the run, claimed for `worker` (pending and due, or a lapsed claim)."""
    now = now or timezone.now()
    claimable = Q(status=ItemStatus.PENDING) & (Q(due_at__isnull=True) | Q(due_at__lte=now))
    claimable |= Q(status=ItemStatus.CLAIMED, lease_until__lt=now)
    with transaction.atomic():
        rows = list(
            SyncItem.objects.select_for_update(skip_locked=True)
            .filter(claimable, run=run)
            .order_by("position")
            .values_list("pk", "nip")[:size]
        )
        if rows:
            SyncItem.objects.filter(pk__in=[pk for pk, _nip in rows]).update(
                status=ItemStatus.CLAIMED, claimed_by=worker, lease_until=now + LEASE
            )
            SyncRun.objects.filter(pk=run.pk).update(next_attempt_at=now + LEASE)
    return rows


def _outcome(client, nip: str, keep: list[str]) -> tuple[str, object]:
    try:
        return ItemStatus.FETCHED, fetch_person(client, nip, keep)
    except NotFound:
        return ItemStatus.NOT_FOUND, "not_found"
    except CredentialError:
        raise
    except SiasnError as exc:
        return ItemStatus.FAILED, exc.reason


@functools.cache
def _write_sql(with_values: bool) -> str:
    """One row's outcome, written only while `worker` still holds the claim (compare-and-set); built once
    per process from the model's own names, every value a bound parameter."""
    quote = connection.ops.quote_name
    column = {field.name: quote(field.column) for field in SyncItem._meta.concrete_fields}
    names = ["status", "reason", "attempts", "due_at", "done_at"] + (["values"] if with_values else [])
    sets = ", ".join(f"{column[name]} = %s" for name in names)
    return (
        f"UPDATE {quote(SyncItem._meta.db_table)} SET {sets}, {column['claimed_by']} = '', "  # noqa: S608
        f"{column['lease_until']} = NULL WHERE {column['id']} = %s AND {column['claimed_by']} = %s"
    )


def flush(run: SyncRun, worker: str, outcomes: dict[int, tuple[str, object]]) -> None:
    """Write outcomes of items still claimed by `worker`; an item another worker took over is theirs.

    The rows are written by two prepared statements (with and without values) over all of them, not by
    the ORM's bulk_update: its CASE expressions cost the worker's main thread more time in Python than the
    calls themselves, and that thread shares its interpreter lock with the pool that makes the calls.
    """
    if not outcomes:
        return
    now = timezone.now()
    counts = {ItemStatus.FETCHED: 0, ItemStatus.NOT_FOUND: 0, ItemStatus.FAILED: 0}
    as_moment = SyncItem._meta.get_field("due_at").get_db_prep_save
    as_values = SyncItem._meta.get_field("values").get_db_prep_save
    done_at = as_moment(now, connection)
    with_values, without_values = [], []
    with transaction.atomic():
        mine = (
            SyncItem.objects.select_for_update()
            .filter(pk__in=list(outcomes), run=run, status=ItemStatus.CLAIMED, claimed_by=worker)
            .values_list("pk", "attempts")
        )
        for pk, attempts in mine:
            status, payload = outcomes[pk]
            attempts += 1
            reason = "" if status == ItemStatus.FETCHED else str(payload)[:40]
            if status == ItemStatus.FAILED and attempts < ITEM_ATTEMPTS:
                # A transient failure: another attempt later, when the sweeper finds the item due.
                due_at = as_moment(now + RETRY_DELAY * attempts, connection)
                without_values.append([str(ItemStatus.PENDING), reason, attempts, due_at, None, pk, worker])
                continue
            counts[status] += 1
            if status == ItemStatus.FETCHED:
                values = as_values(payload, connection)
                with_values.append([str(status), reason, attempts, None, done_at, values, pk, worker])
            else:
                without_values.append([str(status), reason, attempts, None, done_at, pk, worker])
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Not waiting for the disk: a write lost with the database server is only a claim that
                # lapses and an answer fetched again; a worker killed after the commit loses nothing.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            if with_values:
                cursor.executemany(_write_sql(True), with_values)
            if without_values:
                cursor.executemany(_write_sql(False), without_values)
        SyncItem.objects.filter(run=run, status=ItemStatus.CLAIMED, claimed_by=worker).update(
            lease_until=now + LEASE
        )
        SyncRun.objects.filter(pk=run.pk).update(
            fetched=F("fetched") + counts[ItemStatus.FETCHED],
            not_found=F("not_found") + counts[ItemStatus.NOT_FOUND],
            failed=F("failed") + counts[ItemStatus.FAILED],
            next_attempt_at=now + LEASE,
        )
    outcomes.clear()


def release(run: SyncRun, worker: str, pks: list[int] | None = None) -> None:
    """Hand claimed items back (credentials gone, slice over) so the next worker need not wait the lease."""
    qs = SyncItem.objects.filter(run=run, status=ItemStatus.CLAIMED, claimed_by=worker)
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    qs.update(status=ItemStatus.PENDING, claimed_by="", lease_until=None)


def _block(run: SyncRun, worker: str, reason: str) -> None:
    release(run, worker)
    now = timezone.now()
    SyncRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        status=RunStatus.BLOCKED, error=reason[:40], lease_until=now, next_attempt_at=None
    )
    logger.warning("Sync run %s blocked: %s", run.pk, reason)


def _fetch(run, worker, pool, client, keep, *, ends: float) -> str | None:
    """Fetch claimed items until the slice ends or none is left; returns a credential reason to stop.

    The pool is kept fed: another batch is claimed while the current one still has calls in flight, so
    no thread waits for the slowest person of a batch (those needing a riwayat call as well).
    """
    # Sized by the partner's cap, not the pool's width: the outcomes a killed worker has not yet written
    # (and that are fetched again) stay as few as the calls the cap lets be in flight.
    cap = run.credential.max_concurrency
    size, refill, flush_size = max(10, cap * 4), cap * 3, max(4, cap)
    waiting: set[int] = set()
    outcomes: dict[int, tuple[str, object]] = {}
    blocked, exhausted, last = None, False, time.monotonic()
    while True:
        if not (blocked or exhausted) and len(waiting) < refill and time.monotonic() < ends:
            batch = claim_batch(run, worker, size)
            exhausted = not batch
            for pk, nip in batch:
                waiting.add(pk)
                pool.submit(pk, _outcome, client, nip, keep)
        if not waiting:
            break
        # Every outcome that is ready, not one a turn: while a flush waits for the database, the calls go
        # on, and the next turn takes all they gave, so a slow write never holds the pool back.
        for key, result, exc in pool.finished(FLUSH_EVERY):
            waiting.discard(key)
            if isinstance(exc, CredentialError):
                blocked = blocked or exc.reason
                for dropped in pool.drain():
                    waiting.discard(dropped)
            elif exc is not None:
                logger.error("Sync run %s: unexpected %s", run.pk, type(exc).__name__)
                outcomes[key] = (ItemStatus.FAILED, "bad_response")
            else:
                outcomes[key] = result
        # Often and small: an outcome not yet written is fetched again if this worker dies now.
        if len(outcomes) >= flush_size or time.monotonic() - last >= FLUSH_EVERY or not waiting:
            flush(run, worker, outcomes)
            last = time.monotonic()
    flush(run, worker, outcomes)
    return blocked


def run_work(*, run_id: int, slice_seconds: float = SLICE_SECONDS, timeout: float = CALL_TIMEOUT) -> str:
    """Work on a run for up to `slice_seconds`; returns 'again', 'waiting', 'done', or the run's status."""
    run = SyncRun.objects.select_related("credential").filter(pk=run_id).first()
    if run is None:
        return "gone"
    if run.status == RunStatus.QUEUED:
        SyncRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=timezone.now()
        )
        run.refresh_from_db()
    if run.status == RunStatus.FINISHING:
        return finish(run, worker_id())
    if run.status != RunStatus.RUNNING:
        return str(run.status)
    if run.credential is None:
        _block(run, "", "no_credentials")
        return "blocked"
    worker = worker_id()
    keep = data_selectors.lampiran_fields(
        agreement=run.agreement, provider=run.provider, receiver=run.receiver
    )
    client = partner_services.client_for(run.credential, timeout=timeout)
    # As many threads as the cap: each keeps the slot it took for as long as the queue feeds it, so no
    # call waits for a slot to travel through the shared store. The cap is still the shared limiter's:
    # every call passes it, and a thread of another worker gets a slot when one of these lets go.
    pool = Pool(run.credential.max_concurrency, hold=client.limiter.holding)
    try:
        blocked = _fetch(run, worker, pool, client, keep, ends=time.monotonic() + slice_seconds)
        if blocked:
            _block(run, worker, blocked)
            return "blocked"
    finally:
        pool.close()
        client.close()
        release(run, worker)
    return after_slice(run, worker)


def after_slice(run: SyncRun, worker: str) -> str:
    """What comes next: finishing, another slice at once, or a wait the sweeper ends."""
    now = timezone.now()
    open_items = SyncItem.objects.filter(run=run, status__in=CLAIM_OPEN)
    first_open = open_items.aggregate(position=Min("position"))["position"]
    SyncRun.objects.filter(pk=run.pk).update(cursor=run.total if first_open is None else first_open)
    if first_open is None:
        return finish(run, worker)
    due_now = open_items.filter(
        Q(status=ItemStatus.PENDING, due_at__isnull=True) | Q(due_at__lte=now)
    ).exists()
    if due_now:
        return "again"
    later = open_items.aggregate(due=Min("due_at"), lease=Min("lease_until"))
    when = min(t for t in (later["due"], later["lease"], now + LEASE) if t is not None)
    SyncRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(next_attempt_at=when)
    return "waiting"


def _diff(previous: DataSetVersion | None, version: DataSetVersion) -> dict:
    """How the new version differs from the last one: people added, removed, changed, unchanged."""
    rows = dict(version.records.values_list("nip", "values"))
    if previous is None:
        return {"added": len(rows), "removed": 0, "changed": 0, "unchanged": 0, "previous": None}
    before = dict(previous.records.values_list("nip", "values"))
    changed = sum(1 for nip, values in rows.items() if nip in before and before[nip] != values)
    added = sum(1 for nip in rows if nip not in before)
    return {
        "added": added,
        "removed": sum(1 for nip in before if nip not in rows),
        "changed": changed,
        "unchanged": len(rows) - added - changed,
        "previous": previous.number,
    }


def finish(run: SyncRun, worker: str) -> str:
    """Turn the fetched items into a version of the receiving party's data set (once)."""
    now = timezone.now()
    claimed = SyncRun.objects.filter(
        Q(status=RunStatus.RUNNING) | Q(status=RunStatus.FINISHING, lease_until__lt=now), pk=run.pk
    ).update(
        status=RunStatus.FINISHING, lease_owner=worker, lease_until=now + LEASE, next_attempt_at=now + LEASE
    )
    if not claimed:
        return "finishing elsewhere"  # another worker holds the finishing lease: a normal outcome
    run.refresh_from_db()
    if SyncItem.objects.filter(run=run, status__in=CLAIM_OPEN).exists():
        SyncRun.objects.filter(pk=run.pk, lease_owner=worker).update(
            status=RunStatus.RUNNING, next_attempt_at=now
        )
        return "again"
    rows = dict(
        SyncItem.objects.filter(run=run, status=ItemStatus.FETCHED)
        .order_by("position")
        .values_list("nip", "values")
    )
    if not rows:
        SyncRun.objects.filter(pk=run.pk, lease_owner=worker).update(
            status=RunStatus.FAILED, error="nothing_fetched", finished_at=now, next_attempt_at=None
        )
        return "failed"
    dataset = data_services.dataset_for_direction(
        agreement=run.agreement, provider=run.provider, receiver=run.receiver
    )
    versions = DataSetVersion.objects.filter(dataset=dataset, status="ready")
    version = versions.filter(source_name=run.reference).first()
    previous = versions.exclude(source_name=run.reference).order_by("-number").first()
    if version is None:
        version = data_services.version_create(
            dataset=dataset, rows=list(rows.values()), source_kind="sync", source_name=run.reference
        )
    SyncRun.objects.filter(pk=run.pk, lease_owner=worker).update(
        status=RunStatus.DONE,
        result_version=version,
        diff=_diff(previous, version),
        finished_at=timezone.now(),
        next_attempt_at=None,
        lease_until=None,
    )
    return "done"
