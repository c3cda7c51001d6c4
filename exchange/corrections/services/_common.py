"""What every step shares: the lock, the permission check, the event row, cleaning input, files."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parseaddr
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import AgreementParty
from exchange.corrections import emails, evidence, flow, selectors
from exchange.corrections.choices import CommentVisibility, ProposalEventKind, Side
from exchange.corrections.models import (
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalEvidence,
    ProposalItem,
)
from exchange.data import nip
from exchange.data.models import AnnexField, DataField
from portal.lib import stored_text
from portal.lib.stored_text import Keyed
from portal.models import User

MAX_ITEMS = 30


@dataclass(frozen=True)
class ItemInput:
    """One field to correct, as a form or an import row gives it."""

    field: DataField
    proposed_value: str
    current_value: str = ""


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _today(now: datetime) -> date:
    return timezone.localdate(now)


def _message_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rsplit("@", 1)[-1] if "@" in address else "portal-pks.localhost"


def new_message_id() -> str:
    return f"<usulan.{uuid.uuid4().hex}@{_message_domain()}>"


def _lock(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related(
            "agreement", "proposing_party__institution", "receiving_party__institution", "assignee"
        )
        .get(pk=proposal.pk)
    )


def _check(step: flow.Step, acting_user: User, proposal: Proposal) -> Side:
    """Refuse the step unless this user may take it now; returns the user's side."""
    side = selectors.side_of(acting_user, proposal)
    handles = side is not None and selectors.can_handle(acting_user, proposal.agreement)
    refused = flow.refusal(step, status=proposal.status, side=side, can_handle=handles)
    if refused is not None:
        if refused.forbidden:
            raise PermissionDenied(refused.message)
        raise ValidationError(refused.message, code="illegal_step")
    return side


def _begin(step_name: str, acting_user: User, proposal: Proposal) -> tuple[Proposal, flow.Step]:
    """Lock the proposal and refuse the step unless this user may take it now; the step says the rest
    (its target status, its event kind)."""
    proposal = _lock(proposal)
    step = flow.STEPS[step_name]
    _check(step, acting_user, proposal)
    return proposal, step


def _save(proposal: Proposal, acting_user: User, reason: str, fields: Iterable[str]) -> None:
    proposal._history_user = acting_user
    proposal._change_reason = reason
    proposal.save(update_fields=[*fields, "updated_at"])


def _record(
    proposal: Proposal,
    kind: ProposalEventKind,
    *,
    actor: User,
    now: datetime,
    from_status: str = "",
    summary: str | Keyed = "",
    data: dict | None = None,
    internal_to_id: int | None = None,
    announce: bool = True,
) -> ProposalEvent:
    """The event row and, for a shared step, its mail and bell lines, all in the caller's transaction.

    `summary` is best given keyed (portal.lib.stored_text), so that it shows in each reader's language.
    """
    summary, message = stored_text.split(summary)
    event = ProposalEvent.objects.create(
        proposal=proposal,
        kind=kind,
        actor=actor,
        institution_id=actor.institution_id,
        from_status=from_status,
        to_status=proposal.status,
        summary=summary[:500],
        message=message,
        data=data or {},
        internal_to_id=internal_to_id,
        occurred_at=now,
    )
    if announce:
        emails.announce_with_step(event.pk)
    return event


def _shared_comment(proposal: Proposal, acting_user: User, body: str, now: datetime) -> ProposalComment:
    return ProposalComment.objects.create(
        proposal=proposal,
        author=acting_user,
        institution_id=acting_user.institution_id,
        visibility=CommentVisibility.SHARED,
        body=body,
        created_at=now,
    )


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message, code="required")
    return value


def _clean_person(nip_value: str, person_name: str, reason: str, today: date) -> tuple[str, str, str]:
    errors = {}
    try:
        nip_value = nip.parse(nip_value, today=today).value
    except nip.NipError as exc:
        errors["nip"] = str(exc)
    person_name = " ".join((person_name or "").split())
    if not person_name:
        errors["person_name"] = _("Nama ASN wajib diisi.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Alasan perbaikan wajib diisi.")
    if errors:
        raise ValidationError(errors)
    return nip_value, person_name, reason


def clean_items(items: Sequence[ItemInput]) -> list[ItemInput]:
    """At least one field, each once, each value fitting the field's type and differing from the current."""
    if not items:
        raise ValidationError(_("Isi sekurang-kurangnya satu elemen data yang diusulkan untuk diperbaiki."))
    if len(items) > MAX_ITEMS:
        raise ValidationError(_("Satu usulan memuat paling banyak %(n)s elemen data.") % {"n": MAX_ITEMS})
    seen: set[int] = set()
    cleaned, errors = [], []
    for item in items:
        label = item.field.label
        if item.field.pk in seen:
            errors.append(_("Elemen data %(field)s diisi lebih dari sekali.") % {"field": label})
            continue
        seen.add(item.field.pk)
        proposed = (item.proposed_value or "").strip()
        current = (item.current_value or "").strip()
        if not proposed:
            errors.append(_("Nilai usulan untuk %(field)s wajib diisi.") % {"field": label})
            continue
        try:
            proposed = item.field.check_value(proposed)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if proposed == current:
            errors.append(_("Nilai usulan untuk %(field)s sama dengan nilai saat ini.") % {"field": label})
            continue
        cleaned.append(ItemInput(item.field, proposed, current))
    if errors:
        raise ValidationError(errors)
    return cleaned


def require_lampiran_fields(
    *, provider: AgreementParty, receiver: AgreementParty, items: Sequence[ItemInput]
) -> None:
    """A proposal corrects data its receiving party gives the proposer: only fields of that direction's
    Lampiran, as in force today, may be named."""
    allowed = set(
        AnnexField.objects.filter(provider=provider, receiver=receiver).values_list("field_id", flat=True)
    )
    outside = [item.field for item in items if item.field.pk not in allowed]
    if outside:
        raise ValidationError(
            _("Elemen data berikut tidak termuat dalam Lampiran arah %(giver)s kepada %(taker)s: %(fields)s.")
            % {
                "giver": provider.institution.short_name or provider.institution.name,
                "taker": receiver.institution.short_name or receiver.institution.name,
                "fields": ", ".join(f.label for f in outside),
            },
            code="outside_lampiran",
        )


def _write_items(proposal: Proposal, items: Sequence[ItemInput], acting_user: User) -> None:
    for order, item in enumerate(items, start=1):
        row = ProposalItem(
            proposal=proposal,
            field=item.field,
            current_value=item.current_value,
            proposed_value=item.proposed_value,
            order=order,
        )
        row._history_user = acting_user
        row.save()


# Files written to storage during a step that then fails are deleted again: a rolled-back row must not
# leave a document with personal data on disk. The outermost decorated call owns the list.
_saved_files: ContextVar[list | None] = ContextVar("exchange_saved_files", default=None)


def _files_undone_on_error(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        if _saved_files.get() is not None:
            return func(*args, **kwargs)
        saved: list = []
        token = _saved_files.set(saved)
        try:
            return func(*args, **kwargs)
        except BaseException:
            for name, storage in saved:
                storage.delete(name)
            raise
        finally:
            _saved_files.reset(token)

    return wrapper


def _attach(proposal: Proposal, files: Sequence[UploadedFile], acting_user: User, now: datetime) -> list:
    checked = [evidence.check(upload) for upload in files]
    if proposal.evidence.count() + len(checked) > evidence.MAX_FILES_PER_PROPOSAL:
        raise ValidationError(
            _("Satu usulan memuat paling banyak %(n)s berkas bukti.") % {"n": evidence.MAX_FILES_PER_PROPOSAL}
        )
    rows = []
    for item in checked:
        row = ProposalEvidence(
            proposal=proposal,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=acting_user,
            institution_id=acting_user.institution_id,
            uploaded_at=now,
        )
        row.file.save(item.name, item.upload, save=False)
        saved = _saved_files.get()
        if saved is not None:
            saved.append((row.file.name, row.file.storage))
        row.save()
        rows.append(row)
    return rows
