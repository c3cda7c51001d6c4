"""Match runs: the request (a row and a doorbell), the work (claim, match, write the results), the sweep."""

from __future__ import annotations

import io
import logging
from datetime import datetime, timedelta

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement
from exchange.data.models import DataSetVersion
from exchange.data.selectors import version_frame
from exchange.matching import engine, selectors
from exchange.matching.choices import RunStatus
from exchange.matching.models import MatchResult, MatchRun
from portal.lib import queue
from portal.models import User

logger = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
COPY_CHUNK = 200_000
BULK_BATCH = 20_000
COLUMNS = ("nip", "nip_other", "name", "outcome", "rule", "differences", "checks", "fields", "unit")


def request_errors(*, agreement: Agreement, left: DataSetVersion, right: DataSetVersion) -> dict[str, str]:
    """Why two versions cannot be matched under this agreement (empty when they can)."""
    errors = {}
    if left.pk == right.pk:
        errors["right_version"] = _("Pilih dua versi yang berbeda.")
    for key, version in (("left_version", left), ("right_version", right)):
        if version.dataset.agreement_id != agreement.pk:
            errors[key] = _("Versi ini bukan milik himpunan data perjanjian ini.")
        elif not version.is_ready:
            errors[key] = _("Versi ini belum siap dipakai (status: %(status)s).") % {
                "status": version.get_status_display()
            }
    return errors


@transaction.atomic
def match_run_request(
    *,
    acting_user: User,
    agreement: Agreement,
    left_version: DataSetVersion,
    right_version: DataSetVersion,
    now: datetime | None = None,
) -> MatchRun:
    """Queue a match of two ready versions of the agreement's data sets; the work runs in the background."""
    if not selectors.can_request(acting_user, agreement):
        raise PermissionDenied(_("Instansi Anda bukan pihak pada perjanjian ini."))
    visible = selectors.versions_for(acting_user, agreement)
    if not visible.filter(pk__in=[left_version.pk, right_version.pk]).count() == len(
        {left_version.pk, right_version.pk}
    ):
        raise PermissionDenied(_("Anda tidak dapat melihat salah satu versi yang dipilih."))
    errors = request_errors(agreement=agreement, left=left_version, right=right_version)
    if errors:
        raise ValidationError(errors)
    run = MatchRun.objects.create(
        agreement=agreement,
        left_version=left_version,
        right_version=right_version,
        requested_by=acting_user,
        created_at=now or timezone.now(),
    )
    from exchange.matching import tasks

    queue.ring_after_commit(tasks.run_match, run.pk)
    return run


def _claim(run_id: int, now: datetime) -> int | None:
    """Take the run if it waits, or if its worker's lease ran out; returns the attempt number or None.

    Someone else holding a live lease, or the run being finished, is a normal outcome: nothing to do.
    """
    claimable = Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING, lease_until__lt=now)
    changed = (
        MatchRun.objects.filter(pk=run_id)
        .filter(claimable)
        .update(
            status=RunStatus.RUNNING,
            started_at=now,
            lease_until=now + LEASE,
            attempts=F("attempts") + 1,
            progress=0,
            message="",
        )
    )
    if changed != 1:
        return None
    return MatchRun.objects.values_list("attempts", flat=True).get(pk=run_id)


class _Heartbeat:
    """Progress and lease renewal from inside the run's transaction: on PostgreSQL through a second
    connection that commits at once, so the page's progress bar moves and the lease stays fresh; on SQLite
    (one writer at a time) only the final figures are written."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.side = connections.create_connection("default") if connection.vendor == "postgresql" else None

    def __call__(self, percent: int) -> None:
        if self.side is None:
            return
        statement = f"UPDATE {MatchRun._meta.db_table} SET progress = %s, lease_until = %s WHERE id = %s"  # noqa: S608
        with self.side.cursor() as cursor:
            cursor.execute(statement, [percent, timezone.now() + LEASE, self.run_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def match_run_execute(*, run_id: int, now: datetime | None = None) -> str:
    """Claim the run, match its two versions, write every result and the counts, all or nothing.

    Runs twice, one effect: a second call finds the run taken or finished and does nothing; a run whose
    worker died is claimed again once its lease has run out, and its half-written results were never
    committed.
    """
    attempt = _claim(run_id, now or timezone.now())
    if attempt is None:
        return "not claimed"
    heartbeat = _Heartbeat(run_id)
    try:
        counts = _execute(run_id, attempt, heartbeat)
    except Exception as exc:  # noqa: BLE001 - any failure is the run's outcome, told on its page
        logger.exception("Match run %s failed", run_id)
        MatchRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, attempts=attempt).update(
            status=RunStatus.FAILED,
            message=_("Pemadanan gagal: %(error)s") % {"error": type(exc).__name__},
            finished_at=timezone.now(),
            lease_until=None,
        )
        return "failed"
    finally:
        heartbeat.close()
    return f"done: {counts.get('results', 0)} results"


@transaction.atomic
def _execute(run_id: int, attempt: int, heartbeat: _Heartbeat) -> dict:
    run = MatchRun.objects.select_related("left_version", "right_version").get(pk=run_id)
    left = version_frame(run.left_version)
    right = version_frame(run.right_version)
    heartbeat(5)
    output = engine.match(left, right, progress=heartbeat)
    MatchResult.objects.filter(run_id=run_id).delete()
    heartbeat(92)
    results_write(run_id, output.results)
    finished = MatchRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, attempts=attempt).update(
        status=RunStatus.DONE,
        counts=output.counts,
        progress=100,
        finished_at=timezone.now(),
        lease_until=None,
    )
    if finished != 1:
        # Another worker took the run over after our lease ran out: its results count, ours are undone.
        raise RuntimeError("lease lost")
    return output.counts


def results_write(run_id: int, results: pl.DataFrame) -> int:
    """Write a run's results in bulk: COPY on PostgreSQL, one prepared INSERT over many rows elsewhere."""
    if not results.height:
        return 0
    frame = results.select([pl.col(c).fill_null("").cast(pl.Utf8) for c in COLUMNS]).with_columns(
        pl.col("nip").str.slice(0, 40),
        pl.col("nip_other").str.slice(0, 40),
        pl.col("name").str.slice(0, 300),
        pl.col("unit").str.slice(0, 300),
    )
    if connection.vendor == "postgresql":
        return _copy(run_id, frame)
    return _insert_many(run_id, frame)


def _copy(run_id: int, frame: pl.DataFrame) -> int:
    table = MatchResult._meta.db_table
    columns = ", ".join(("run_id", *COLUMNS))
    frame = frame.select(pl.lit(run_id).alias("run_id"), *COLUMNS)
    statement = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for offset in range(0, frame.height, COPY_CHUNK):
            buffer = io.BytesIO()
            frame.slice(offset, COPY_CHUNK).write_csv(buffer, include_header=False)
            copy.write(buffer.getvalue())
    return frame.height


def _insert_many(run_id: int, frame: pl.DataFrame) -> int:
    """SQLite: one prepared INSERT executed over plain tuples, the JSON columns already text. (bulk_create
    builds a model instance and parses the JSON of every row: 274 s for a million rows here, this 10 s.)"""
    table = MatchResult._meta.db_table
    columns = ", ".join(("run_id", *COLUMNS))
    marks = ", ".join(["%s"] * (len(COLUMNS) + 1))
    statement = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - our table, fixed columns
    frame = frame.select(pl.lit(run_id).alias("run_id"), *COLUMNS)
    with connection.cursor() as cursor:
        for offset in range(0, frame.height, BULK_BATCH):
            cursor.executemany(statement, frame.slice(offset, BULK_BATCH).iter_rows())
    return frame.height


def match_runs_sweep(*, now: datetime | None = None) -> int:
    """Ring again for runs left queued (a lost doorbell) or running past their lease (a dead worker)."""
    now = now or timezone.now()
    stale = MatchRun.objects.filter(
        Q(status=RunStatus.QUEUED, created_at__lt=now - timedelta(seconds=30))
        | Q(status=RunStatus.RUNNING, lease_until__lt=now)
    ).values_list("pk", flat=True)
    from exchange.matching import tasks

    ids = list(stale[:100])
    for run_id in ids:
        queue.ring_after_commit(tasks.run_match, run_id)
    return len(ids)
