"""The XLSX import of proposals as a background job: requested by the page, run by a worker.

The request checks the file (size, kind, content), stores it with its SHA-256 in a ProposalImport row and
returns; the doorbell rings after the commit. The worker claims the row by a compare-and-set on its status
and writes every proposal, with the mails and bell lines each causes, in one transaction that also marks the
row done under the worker's claim: a worker killed half-way leaves nothing behind, and a second delivery
(or a second worker after the lease lapsed) finds the row done, or its claim taken, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import AgreementParty
from exchange.corrections import selectors, xlsx
from exchange.corrections.choices import ImportStatus
from exchange.corrections.models import ProposalImport
from exchange.corrections.services import jobs
from exchange.corrections.services._common import _files_undone_on_error, _now, _saved_files
from exchange.corrections.services.bulk import proposal_import
from portal.lib import uploads
from portal.lib.queue import ring_after_commit
from portal.lib.text_id import format_date
from portal.models import User

# The uploaded file holds personal data: it is kept this long after its import finished, for checking.
KEEP_FILES = timedelta(days=30)


class DuplicateImport(ValidationError):
    """The same file was imported for the same agreement before; `previous` is that import."""

    def __init__(self, message: str, previous: ProposalImport):
        super().__init__(message, code="duplicate")
        self.previous = previous


def previous_import(*, agreement_id: int, sha256: str) -> ProposalImport | None:
    """The latest import of this very file for this agreement that did or may still create proposals."""
    return (
        ProposalImport.objects.filter(agreement_id=agreement_id, sha256=sha256)
        .exclude(status__in=[ImportStatus.REFUSED, ImportStatus.FAILED])
        .select_related("created_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def duplicate_message(previous: ProposalImport) -> str:
    when = timezone.localtime(previous.created_at)
    return _(
        "Berkas yang sama sudah diimpor untuk perjanjian ini pada %(day)s pukul %(time)s oleh %(who)s "
        "(%(n)s usulan). Mengimpornya lagi akan membuat usulan ganda; centang konfirmasi bila memang "
        "dimaksudkan, lalu unggah kembali."
    ) % {
        "day": format_date(when.date()),
        "time": f"{when:%H.%M}",
        "who": previous.created_by,
        "n": previous.created_count if previous.status == ImportStatus.DONE else "…",
    }


@_files_undone_on_error
@transaction.atomic
def proposal_import_request(
    *,
    acting_user: User,
    receiving_party: AgreementParty,
    file: UploadedFile,
    submit: bool = False,
    confirm_duplicate: bool = False,
    now: datetime | None = None,
) -> ProposalImport:
    """Store the file and queue its import. Refuses a file that is not XLSX and, unless confirmed, a file
    already imported for the same agreement (DuplicateImport, naming when and by whom)."""
    now = _now(now)
    if not selectors.parties_user_can_propose_to(acting_user).filter(pk=receiving_party.pk).exists():
        raise PermissionDenied(_("Anda tidak memiliki hak mengajukan usulan kepada pihak ini."))
    try:
        checked = uploads.check(
            file, kinds=xlsx.IMPORT_KINDS, max_bytes=xlsx.IMPORT_MAX_BYTES, messages=xlsx.IMPORT_MESSAGES
        )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    previous = previous_import(agreement_id=receiving_party.agreement_id, sha256=checked.sha256)
    if previous is not None and not confirm_duplicate:
        raise DuplicateImport(duplicate_message(previous), previous)
    job = ProposalImport(
        agreement_id=receiving_party.agreement_id,
        receiving_party=receiving_party,
        created_by=acting_user,
        created_at=now,
        submit=submit,
        file_name=checked.name,
        file_size=checked.size,
        sha256=checked.sha256,
        repeats=previous,
    )
    file.seek(0)
    job.file.save(checked.name, file, save=False)
    saved = _saved_files.get()
    if saved is not None:
        saved.append((job.file.name, job.file.storage))
    job.save()
    _ring(job.pk)
    return job


def _ring(import_id: int) -> None:
    from exchange.corrections import tasks  # the tasks module imports this one

    ring_after_commit(tasks.run_proposal_import, import_id)


def proposal_import_run(*, import_id: int, now: datetime | None = None) -> str:
    """The worker's entry: claim the queued row, then import it all or nothing.

    Returns 'done', 'refused', 'superseded' or 'skipped' (claimed elsewhere, or already finished: a second
    delivery of the same doorbell does nothing).
    """
    claim = jobs.claim(ProposalImport, import_id, _now(now))
    if claim is None:
        return "skipped"
    job = ProposalImport.objects.select_related("receiving_party__agreement", "created_by").get(pk=import_id)
    try:
        with job.file.open("rb") as handle:
            rows = xlsx.read_import(handle)
    except (xlsx.ImportFileError, FileNotFoundError) as exc:
        message = str(exc) if isinstance(exc, xlsx.ImportFileError) else _("Berkas impor tidak ditemukan.")
        return _refuse(job, claim, [message])
    mine = ProposalImport.objects.filter(pk=job.pk, claim=claim)
    mine.update(row_count=len(rows), progress_total=len(rows))
    progress = jobs.progress(ProposalImport, job.pk)
    try:
        return _write(job, claim, rows, progress)
    except ValidationError as exc:
        return _refuse(job, claim, exc.messages)
    except PermissionDenied as exc:
        return _refuse(job, claim, [str(exc)])
    except jobs.Superseded:
        return "superseded"
    finally:
        progress.close()


@transaction.atomic
def _write(job: ProposalImport, claim: str, rows, on_progress: Callable[[int], None]) -> str:
    """Every proposal and the row's outcome in one transaction, under this worker's claim."""
    created = proposal_import(
        acting_user=job.created_by,
        receiving_party=job.receiving_party,
        rows=rows,
        submit=job.submit,
        on_progress=on_progress,
    )
    outcome = {"created_count": len(created), "progress_done": len(rows), "problems": []}
    if not jobs.finish(ProposalImport, job.pk, claim, ImportStatus.DONE, **outcome):
        # The lease lapsed and another worker holds the row now: undo all of this, the other one writes it.
        raise jobs.Superseded
    return "done"


def _refuse(job: ProposalImport, claim: str, problems: list[str]) -> str:
    refused = jobs.finish(
        ProposalImport, job.pk, claim, ImportStatus.REFUSED, problems=[str(p) for p in problems]
    )
    return ImportStatus.REFUSED if refused else "superseded"


def proposal_imports_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Periodic care of the imports (jobs.sweep): dead workers' rows queued again, queued rows rung; the
    files (NIPs and names) of imports finished KEEP_FILES ago deleted, their checksums kept for the
    duplicate check."""
    from exchange.corrections import tasks  # the tasks module imports this one

    now = _now(now)
    counts = jobs.sweep(ProposalImport, tasks.run_proposal_import, now)
    old = ProposalImport.objects.filter(finished_at__lt=now - KEEP_FILES).exclude(file="")
    counts["files_dropped"] = 0
    for job in old[:200]:
        job.file.delete(save=True)
        counts["files_dropped"] += 1
    return counts
