"""The roster import as services: upload, column mapping, the row-by-row check, storing; each a step of one
DataImport row, which is also the unit of background work (the worker claims it by compare-and-set).

The page, the `dataset_import` command and the demo all go through these functions:
`import_upload` -> `import_map` (runs or queues the check) -> `import_store` (runs or queues storing).
Small files run inline; large ones ring a Celery task that calls `import_run` with the row's primary key.
Nothing is stored until every row passed: a refused file leaves its problems on the DataImport only.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange.data import loading, mapping, services
from exchange.data.choices import ImportStatus
from exchange.data.models import ColumnMapping, DataField, DataImport, DataSet
from exchange.data.reading import FileRefused, Table, open_table, sniff_kind
from exchange.data.selectors import can_import
from portal.lib import uploads
from portal.lib.queue import ring_after_commit
from portal.lib.text_id import format_date
from portal.models import User

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
KEEP_UNFINISHED = timedelta(days=2)


def inline_bytes() -> int:
    return int(getattr(settings, "DATASET_IMPORT_INLINE_BYTES", 1024 * 1024))


def max_bytes() -> int:
    return int(getattr(settings, "DATASET_IMPORT_MAX_BYTES", 600 * 1024 * 1024))


def _check_right(acting_user: User | None, dataset: DataSet) -> None:
    """A person needs the edit grant of the providing party; None is the operator's command or the demo."""
    if acting_user is not None and not can_import(acting_user, dataset):
        raise PermissionDenied(_("Anda tidak berhak mengimpor data untuk himpunan data ini."))


def _remembered(dataset: DataSet) -> dict[str, str]:
    rows = ColumnMapping.objects.filter(institution_id=dataset.provider.institution_id).values_list(
        "heading", "field__code"
    )
    return dict(rows)


def _open(data_import: DataImport) -> Table:
    remembered = _remembered(data_import.dataset)
    return open_table(
        Path(data_import.file.path),
        data_import.file_kind,
        lambda headings: mapping.score(headings, remembered),
    )


# CSV or XLSX by name; what the file really is, its own bytes tell (reading.sniff_kind), with a message that
# says what to do with an old .xls or a PDF, so the checker leaves the content to the reader.
UPLOAD_KINDS = (uploads.CSV, dataclasses.replace(uploads.XLSX, signatures=()))
UPLOAD_MESSAGES = {
    uploads.TOO_LARGE: gettext_lazy("Berkas terlalu besar (%(size)s); paling besar %(max)s."),
    uploads.EXTENSION: gettext_lazy("Berkas harus berformat CSV atau XLSX (bukan .%(ext)s)."),
}


class DuplicateImport(ValidationError):
    """The same file was imported into the same data set before; `previous` is that import."""

    def __init__(self, message: str, previous: DataImport):
        super().__init__(message, code="duplicate")
        self.previous = previous


def previous_import(*, dataset: DataSet, sha256: str) -> DataImport | None:
    """The latest import of this very file into this data set that stored a version."""
    return (
        DataImport.objects.filter(dataset=dataset, sha256=sha256, status=ImportStatus.DONE)
        .select_related("created_by", "version")
        .order_by("-created_at", "-pk")
        .first()
    )


def duplicate_message(previous: DataImport) -> str:
    when = timezone.localtime(previous.created_at)
    return _(
        "Berkas yang sama sudah diimpor ke himpunan data ini pada %(day)s pukul %(time)s oleh %(who)s "
        "(versi %(n)s). Mengimpornya lagi membuat versi baru dengan isi yang sama; centang konfirmasi bila "
        "memang dimaksudkan, lalu unggah kembali."
    ) % {
        "day": format_date(when.date()),
        "time": f"{when:%H.%M}",
        "who": previous.created_by or _("perintah dataset_import"),
        "n": previous.version.number if previous.version else "?",
    }


@transaction.atomic
def import_upload(
    *,
    dataset: DataSet,
    file: File,
    file_name: str,
    acting_user: User | None,
    confirm_duplicate: bool = False,
) -> DataImport:
    """Keep the uploaded file, recognise it, find its header and guess the mapping of its columns.

    A file that is not a spreadsheet (or is an XLSX bomb, an old .xls, empty) is refused here with a
    message, and nothing is kept; so is, unless confirmed, a file already imported into this data set
    (DuplicateImport, naming when, by whom and which version).
    """
    _check_right(acting_user, dataset)
    if not getattr(file, "name", None):
        file.name = file_name
    # Size counted while the content streams through the digest, whatever the file object declares.
    checked = uploads.check(file, kinds=UPLOAD_KINDS, max_bytes=max_bytes(), messages=UPLOAD_MESSAGES)
    previous = previous_import(dataset=dataset, sha256=checked.sha256)
    if previous is not None and not confirm_duplicate:
        raise DuplicateImport(duplicate_message(previous), previous)
    data_import = DataImport(
        dataset=dataset,
        token=secrets.token_hex(16),
        created_by=acting_user,
        file_name=Path(file_name or "berkas").name[:255],
        file_kind="csv",
        file_size=checked.size,
        sha256=checked.sha256,
    )
    data_import.file.save("upload", file, save=False)
    try:
        data_import.file_kind = sniff_kind(Path(data_import.file.path))
        table = _open(data_import)
        table.close()
    except FileRefused as refused:
        data_import.file.delete(save=False)
        raise ValidationError(str(refused)) from None
    except Exception:
        data_import.file.delete(save=False)
        raise
    fields = services._direction_fields(dataset)
    labels = dict(DataField.objects.values_list("code", "label"))
    guessed = mapping.guess(table.headings, remembered=_remembered(dataset), labels=labels)
    data_import.headers = table.headings
    data_import.mapping = {
        "columns": [code if code in fields else "" for code in guessed],
        "fields": fields,
        "guessed": [code or "" for code in guessed],
    }
    data_import.file_size = Path(data_import.file.path).stat().st_size
    data_import.progress_total = table.estimated_rows
    data_import.save()
    return data_import


def mapping_errors(headers: Sequence[str], columns: Sequence[str], fields: Sequence[str]) -> list[str]:
    """What is wrong with a mapping, in Indonesian; empty when it can be checked."""
    if len(columns) != len(headers):
        return [_("Pemetaan kolom tidak lengkap.")]
    errors = []
    unknown = [
        heading for heading, code in zip(headers, columns, strict=True) if heading.strip() and not code
    ]
    if unknown:
        errors.append(
            _(
                "Kolom %(names)s tidak disebut dalam Lampiran perjanjian untuk arah ini, sehingga tidak "
                "boleh dikirim: hapus kolom itu dari berkas atau pilih elemen data Lampiran yang dimaksud."
            )
            % {"names": ", ".join(f"“{name}”" for name in unknown)}
        )
    outside = sorted({code for code in columns if code and code not in fields})
    if outside:
        errors.append(
            _("Elemen data %(codes)s tidak ada dalam Lampiran arah ini.") % {"codes": ", ".join(outside)}
        )
    chosen = [code for code in columns if code]
    repeated = sorted({code for code in chosen if chosen.count(code) > 1})
    if repeated:
        errors.append(
            _("Elemen data %(codes)s dipilih untuk lebih dari satu kolom.") % {"codes": ", ".join(repeated)}
        )
    if loading.NIP_FIELD not in chosen:
        errors.append(_("Kolom NIP (nipBaru) wajib ada."))
    return errors


def import_map(
    *, data_import: DataImport, columns: Sequence[str], acting_user: User | None, inline: bool | None = None
) -> DataImport:
    """Confirm the mapping (remembered for the institution's next file) and check every row: at once for a
    small file, in the background for a large one."""
    data_import = _map(data_import=data_import, columns=list(columns), acting_user=acting_user)
    if _inline(data_import, inline):
        import_run(import_id=data_import.pk)
        data_import.refresh_from_db()
    return data_import


def _inline(data_import: DataImport, inline: bool | None) -> bool:
    return data_import.file_size <= inline_bytes() if inline is None else inline


@transaction.atomic
def _map(*, data_import: DataImport, columns: list[str], acting_user: User | None) -> DataImport:
    from exchange.data import tasks

    data_import = (
        DataImport.objects.select_for_update().select_related("dataset__provider").get(pk=data_import.pk)
    )
    _check_right(acting_user, data_import.dataset)
    if data_import.status not in (ImportStatus.UPLOADED, ImportStatus.REFUSED, ImportStatus.CHECKED):
        raise ValidationError(_("Impor ini sedang diproses atau sudah selesai."))
    if not data_import.file:
        raise ValidationError(_("Berkas impor ini sudah tidak ada; unggah lagi."))
    fields = services._direction_fields(data_import.dataset)
    errors = mapping_errors(data_import.headers, columns, fields)
    if errors:
        raise ValidationError(errors)
    fields_by_code = {f.code: f for f in DataField.objects.filter(code__in=[c for c in columns if c])}
    for heading, code in zip(data_import.headers, columns, strict=True):
        if code:
            ColumnMapping.objects.update_or_create(
                institution_id=data_import.dataset.provider.institution_id,
                heading=mapping.heading_key(heading),
                defaults={"field": fields_by_code[code]},
            )
    data_import.mapping = {**data_import.mapping, "columns": columns, "fields": fields}
    data_import.status = ImportStatus.CHECK_QUEUED
    data_import.problems, data_import.problem_count, data_import.preview = [], 0, []
    data_import.message = ""
    data_import.progress_done = 0
    data_import.save()
    if not _inline(data_import, None):
        ring_after_commit(tasks.run_import, data_import.pk)
    return data_import


def import_store(
    *, data_import: DataImport, acting_user: User | None, inline: bool | None = None
) -> DataImport:
    """Store a checked import as a new version: all rows or none."""
    from exchange.data import tasks

    _check_right(acting_user, data_import.dataset)
    with transaction.atomic():
        claimed = DataImport.objects.filter(pk=data_import.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.STORE_QUEUED, progress_done=0, progress_total=data_import.row_count
        )
        if not claimed:
            raise ValidationError(_("Hanya impor yang lolos pemeriksaan yang dapat disimpan."))
        if not _inline(data_import, inline):
            ring_after_commit(tasks.run_import, data_import.pk)
    if _inline(data_import, inline):
        import_run(import_id=data_import.pk)
    data_import.refresh_from_db()
    return data_import


def import_run(*, import_id: int) -> str:
    """The worker's entry: claim the row (compare-and-set on its status) and run the step it waits for.

    A second delivery of the same message finds the row already claimed and does nothing.
    """
    now = timezone.now()
    rows = DataImport.objects.filter(pk=import_id)
    if rows.filter(status=ImportStatus.CHECK_QUEUED).update(status=ImportStatus.CHECKING, claimed_at=now):
        return _check(DataImport.objects.select_related("dataset").get(pk=import_id))
    if rows.filter(status=ImportStatus.STORE_QUEUED).update(status=ImportStatus.STORING, claimed_at=now):
        return _store(DataImport.objects.select_related("dataset").get(pk=import_id))
    return "claimed elsewhere or nothing to do"


def _frames_by_code(table: Table, columns: list[str]):
    renames = {f"c{i}": code for i, code in enumerate(columns) if code}
    for frame in table.frames():
        yield frame.select(loading.ROW, *renames).rename(renames)


def _check(data_import: DataImport) -> str:
    fields = data_import.mapping["fields"]
    columns = data_import.mapping["columns"]
    labels = {code: heading for heading, code in zip(data_import.headers, columns, strict=True) if code}
    loader = loading.Loader(fields=fields, types=services.field_types(fields), labels=labels, strict=True)
    table = None
    try:
        table = _open(data_import)
        DataImport.objects.filter(pk=data_import.pk).update(progress_total=table.estimated_rows)
        for frame in _frames_by_code(table, columns):
            loader.feed(frame)
            DataImport.objects.filter(pk=data_import.pk).update(
                progress_done=loader.rows, claimed_at=timezone.now()
            )
        checksum = loader.finish()
    except loading.RowsRefused as refused:
        return _refuse(data_import, loader, problems=refused.problems, count=refused.count)
    except (FileRefused, pl.exceptions.PolarsError, UnicodeError) as error:
        loader.discard()
        message = (
            str(error)
            if isinstance(error, FileRefused)
            else _("Isi berkas tidak dapat dibaca sebagai tabel.")
        )
        return _refuse(data_import, loader, problems=[], count=0, message=message)
    finally:
        if table is not None:
            table.close()
    DataImport.objects.filter(pk=data_import.pk).update(
        status=ImportStatus.CHECKED,
        row_count=loader.rows,
        progress_done=loader.rows,
        progress_total=loader.rows,
        preview=_jsonable(loader.preview),
        staged_path=str(loader.staged_path),
        checksum=checksum,
        finished_at=timezone.now(),
    )
    return f"checked {loader.rows} rows"


def _jsonable(rows: list[dict]) -> list[dict]:
    return [{("row" if key == loading.ROW else key): value for key, value in row.items()} for row in rows]


def _refuse(
    data_import: DataImport, loader: loading.Loader, *, problems, count: int, message: str = ""
) -> str:
    DataImport.objects.filter(pk=data_import.pk).update(
        status=ImportStatus.REFUSED,
        row_count=loader.rows,
        problem_count=count,
        problems=[problem.as_dict() for problem in problems],
        preview=_jsonable(loader.preview),
        message=message,
        finished_at=timezone.now(),
    )
    return f"refused: {count} problems"


def _store(data_import: DataImport) -> str:
    staged = Path(data_import.staged_path)
    fields = data_import.mapping["fields"]
    progress = services.progress_writer(DataImport, data_import.pk)
    try:
        if fields != services._direction_fields(data_import.dataset):
            raise ValidationError(_("Lampiran berubah sejak berkas diperiksa; periksa ulang berkasnya."))
        if not staged.exists():
            raise ValidationError(_("Hasil pemeriksaan sudah tidak ada; periksa ulang berkasnya."))
        with transaction.atomic():
            version = services.version_store_staged(
                dataset=data_import.dataset,
                staged_path=staged,
                rows=data_import.row_count,
                checksum=data_import.checksum,
                fields=fields,
                source_name=data_import.file_name,
                acting_user=data_import.created_by,
                on_progress=progress,
            )
            DataImport.objects.filter(pk=data_import.pk).update(
                status=ImportStatus.DONE,
                version=version,
                progress_done=data_import.row_count,
                preview=[],
                staged_path="",
                finished_at=timezone.now(),
            )
            transaction.on_commit(lambda: _discard_files(data_import.pk, staged))
    except (ValidationError, DatabaseError) as error:
        logger.warning("Import %s could not be stored: %s", data_import.pk, type(error).__name__)
        message = " ".join(error.messages) if isinstance(error, ValidationError) else _("Penyimpanan gagal.")
        DataImport.objects.filter(pk=data_import.pk).update(
            status=ImportStatus.FAILED, message=message, finished_at=timezone.now()
        )
        return "failed"
    finally:
        getattr(progress, "close", lambda: None)()
    return f"stored version {version.number}"


def _discard_files(import_id: int, staged: Path) -> None:
    staged.unlink(missing_ok=True)
    data_import = DataImport.objects.filter(pk=import_id).first()
    if data_import is not None and data_import.file:
        data_import.file.delete(save=True)


def imports_sweep(*, now=None) -> dict[str, int]:
    """Periodic care: ring again for rows left queued, requeue claims whose worker went away (lease
    expired), and drop the files and previews of imports left unfinished for days."""
    from exchange.data import tasks

    now = now or timezone.now()
    stale = now - LEASE
    requeued = DataImport.objects.filter(status=ImportStatus.CHECKING, claimed_at__lt=stale).update(
        status=ImportStatus.CHECK_QUEUED
    ) + DataImport.objects.filter(status=ImportStatus.STORING, claimed_at__lt=stale).update(
        status=ImportStatus.STORE_QUEUED
    )
    queued = list(
        DataImport.objects.filter(
            status__in=[ImportStatus.CHECK_QUEUED, ImportStatus.STORE_QUEUED]
        ).values_list("pk", flat=True)
    )
    for pk in queued:
        ring_after_commit(tasks.run_import, pk)
    dropped = 0
    abandoned = DataImport.objects.filter(
        status__in=[ImportStatus.UPLOADED, ImportStatus.REFUSED, ImportStatus.CHECKED, ImportStatus.FAILED],
        created_at__lt=now - KEEP_UNFINISHED,
    ).exclude(file="")
    for data_import in abandoned:
        if data_import.staged_path:
            Path(data_import.staged_path).unlink(missing_ok=True)
        data_import.file.delete(save=False)
        data_import.preview, data_import.staged_path = [], ""
        data_import.save(update_fields=["file", "preview", "staged_path"])
        dropped += 1
    return {"requeued": requeued, "rung": len(queued), "dropped": dropped}
