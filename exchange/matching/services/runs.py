"""Match runs: the request (a row and a doorbell), the work (claim, match, write the results), the sweep."""

from __future__ import annotations

import io
import logging
from datetime import datetime

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement
from exchange.data.models import DataSetVersion
from exchange.data.selectors import version_frame
from exchange.matching import engine, selectors
from exchange.matching.choices import RunStatus
from exchange.matching.models import MatchResult, MatchRun
from portal.lib import queue
from portal.lib.leased_runs import Heartbeat, LeasedRuns
from portal.models import User

logger = logging.getLogger(__name__)

RUNS = LeasedRuns(MatchRun)
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


def match_run_execute(*, run_id: int, now: datetime | None = None) -> str:
    """Claim the run, match its two versions, write every result and the counts, all or nothing.

    Runs twice, one effect: a second call finds the run taken or finished and does nothing; a run whose
    worker died is claimed again once its lease has run out, and its half-written results were never
    committed.
    """
    claimed, counts = RUNS.execute(
        run_id,
        _execute,
        failure=lambda exc: _("Pemadanan gagal: %(error)s") % {"error": type(exc).__name__},
        logger=logger,
        now=now,
    )
    if not claimed:
        return "not claimed"
    if counts is None:
        return "failed"
    return f"done: {counts.get('results', 0)} results"


@transaction.atomic
def _execute(run_id: int, attempt: int, heartbeat: Heartbeat) -> dict:
    run = MatchRun.objects.select_related("left_version", "right_version").get(pk=run_id)
    left = version_frame(run.left_version)
    right = version_frame(run.right_version)
    heartbeat(5)
    output = engine.match(left, right, progress=heartbeat)
    MatchResult.objects.filter(run_id=run_id).delete()
    heartbeat(92)
    results_write(run_id, output.results)
    RUNS.finish(run_id, attempt, status=RunStatus.DONE, counts=output.counts)
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
    from exchange.matching import tasks

    ids = RUNS.stale(now or timezone.now())
    for run_id in ids:
        queue.ring_after_commit(tasks.run_match, run_id)
    return len(ids)
