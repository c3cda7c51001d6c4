"""Bulk steps over many proposals as a background job: queued by the list page, taken by a worker.

The job keeps the chosen proposals and the step's inputs (a model choice by its primary key); the worker
claims it (services.jobs), takes the step on every proposal with its mails in one transaction, all or none
(`proposals_bulk_step`), and writes the outcome under its claim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from exchange.corrections import flow, selectors
from exchange.corrections.choices import ImportStatus
from exchange.corrections.models import Proposal, ProposalBulkJob
from exchange.corrections.services import jobs
from exchange.corrections.services._common import _now
from exchange.corrections.services.bulk import proposals_bulk_step
from portal.lib.queue import ring_after_commit
from portal.models import User

# Up to this many proposals a bulk step is quick enough to take within the request.
INLINE_MAX = 20


def _stored(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value.pk if isinstance(value, Model) else value for name, value in inputs.items()}


def _restored(step: flow.Step, stored: Mapping[str, Any]) -> dict[str, Any]:
    inputs = {}
    for name, value in stored.items():
        field = (step.fields or {}).get(name)
        if isinstance(field, forms.ModelChoiceField) and value is not None:
            value = field.queryset.model._default_manager.filter(pk=value).first()
        inputs[name] = value
    return inputs


@transaction.atomic
def proposals_bulk_request(
    *,
    acting_user: User,
    proposals: Sequence[Proposal],
    step: str,
    inputs: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> ProposalBulkJob:
    """Queue a bulk step; the worker checks every proposal as the step's own service does."""
    declared = flow.STEPS.get(step)
    if declared is None or not declared.bulk_label:
        raise ValidationError(_("Tindakan massal ini tidak dikenal."))
    if not proposals:
        raise ValidationError(_("Pilih sekurang-kurangnya satu usulan."))
    job = ProposalBulkJob.objects.create(
        created_by=acting_user,
        created_at=_now(now),
        step=step,
        proposal_ids=[p.pk for p in proposals],
        inputs=_stored(inputs or {}),
        progress_total=len(proposals),
    )
    from exchange.corrections import tasks  # the tasks module imports this one

    ring_after_commit(tasks.run_proposal_bulk_job, job.pk)
    return job


def proposals_bulk_run(*, job_id: int, now: datetime | None = None) -> str:
    """The worker's entry: 'done', 'refused', 'superseded' or 'skipped' (claimed elsewhere or finished)."""
    claim = jobs.claim(ProposalBulkJob, job_id, _now(now))
    if claim is None:
        return "skipped"
    job = ProposalBulkJob.objects.select_related("created_by").get(pk=job_id)
    # Only what the requester may still see; a proposal gone from view refuses the whole job.
    visible = selectors.proposals_visible_to(job.created_by).filter(pk__in=job.proposal_ids)
    proposals = list(visible.order_by("pk"))
    progress = jobs.progress(ProposalBulkJob, job.pk)
    try:
        if len(proposals) != len(set(job.proposal_ids)):
            raise ValidationError(_("Sebagian usulan yang dipilih tidak ditemukan."))
        return _take(job, claim, proposals, progress)
    except ValidationError as exc:
        problems = exc.messages
    except PermissionDenied as exc:
        problems = [str(exc)]
    except jobs.Superseded:
        return "superseded"
    finally:
        progress.close()
    refused = jobs.finish(ProposalBulkJob, job.pk, claim, ImportStatus.REFUSED, problems=problems)
    return ImportStatus.REFUSED if refused else "superseded"


@transaction.atomic
def _take(job: ProposalBulkJob, claim: str, proposals: list[Proposal], on_progress) -> str:
    declared = flow.STEPS[job.step]
    count = proposals_bulk_step(
        acting_user=job.created_by,
        proposals=proposals,
        step=job.step,
        inputs=_restored(declared, job.inputs),
        on_progress=on_progress,
    )
    outcome = {"done_count": count, "progress_done": count, "problems": []}
    if not jobs.finish(ProposalBulkJob, job.pk, claim, ImportStatus.DONE, **outcome):
        raise jobs.Superseded
    return "done"


def proposal_bulk_jobs_sweep(*, now: datetime | None = None) -> dict[str, int]:
    from exchange.corrections import tasks

    return jobs.sweep(ProposalBulkJob, tasks.run_proposal_bulk_job, _now(now))
