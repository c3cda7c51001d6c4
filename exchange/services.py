"""Every write of correction proposals: one function per step, each atomic with its event row and history.

Each step locks the proposal row, asks `flow.refusal()` whether this user may take it now (a missing right
raises PermissionDenied, a wrong moment ValidationError with an Indonesian message), changes the row,
writes a ProposalEvent in the same transaction, and leaves mail and notifications to `transaction.on_commit`
(exchange.emails). Views, the XLSX import, bulk actions and the demo all call these functions.
"""

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
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import AgreementParty
from exchange import clock, emails, evidence, flow, nip, selectors
from exchange.choices import AccessAction, CommentVisibility, ProposalEventKind, ProposalStatus, Side
from exchange.models import (
    DataField,
    PersonalDataAccess,
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalEvidence,
    ProposalItem,
)
from portal.lib.text_id import format_date
from portal.models import User

MAX_ITEMS = 30


@dataclass(frozen=True)
class ItemInput:
    """One field to correct, as a form or an import row gives it."""

    field: DataField
    proposed_value: str
    current_value: str = ""


# --- Helpers ---------------------------------------------------------------------------------------------


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


def _check(step_name: str, acting_user: User, proposal: Proposal) -> Side:
    """Refuse the step unless this user may take it now; returns the user's side."""
    step = flow.STEPS[step_name]
    side = selectors.side_of(acting_user, proposal)
    handles = side is not None and selectors.can_handle(acting_user, proposal.agreement)
    refused = flow.refusal(step, status=proposal.status, side=side, can_handle=handles)
    if refused is not None:
        if refused.forbidden:
            raise PermissionDenied(refused.message)
        raise ValidationError(refused.message, code="illegal_step")
    return side


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
    summary: str = "",
    data: dict | None = None,
    internal_to_id: int | None = None,
    announce: bool = True,
) -> ProposalEvent:
    """The event row, in the caller's transaction; its mail and notifications go out after commit."""
    event = ProposalEvent.objects.create(
        proposal=proposal,
        kind=kind,
        actor=actor,
        institution_id=actor.institution_id,
        from_status=from_status,
        to_status=proposal.status,
        summary=summary[:500],
        data=data or {},
        internal_to_id=internal_to_id,
        occurred_at=now,
    )
    if announce:
        # robust: a mail that cannot be written is logged; the step itself has already been committed.
        transaction.on_commit(_announcer(event.pk), robust=True)
    return event


def _announcer(event_id: int):
    def announce_proposal_event() -> None:
        emails.announce(event_id)

    return announce_proposal_event


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


# --- Steps -----------------------------------------------------------------------------------------------


@_files_undone_on_error
@transaction.atomic
def proposal_create(
    *,
    acting_user: User,
    receiving_party: AgreementParty,
    nip_value: str,
    person_name: str,
    reason: str,
    items: Sequence[ItemInput],
    files: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Proposal:
    """A draft proposal from the user's institution to another party of the same agreement."""
    now = _now(now)
    agreement = receiving_party.agreement
    proposing_party = next(
        (p for p in agreement.parties.all() if p.institution_id == acting_user.institution_id), None
    )
    if proposing_party is None:
        raise PermissionDenied(_("Instansi Anda bukan pihak pada perjanjian ini."))
    if not selectors.can_handle(acting_user, agreement):
        raise PermissionDenied(_("Anda tidak memiliki hak menangani usulan perbaikan pada perjanjian ini."))
    if proposing_party.pk == receiving_party.pk:
        raise ValidationError({"receiving_party": _("Pihak penerima harus berbeda dari pihak pengusul.")})
    today = _today(now)
    if not agreement.starts_on or agreement.starts_on > today:
        raise ValidationError(_("Perjanjian ini belum berlaku; usulan belum dapat dibuat."))
    nip_value, person_name, reason = _clean_person(nip_value, person_name, reason, today)
    items = clean_items(items)
    proposal = Proposal(
        agreement=agreement,
        proposing_party=proposing_party,
        receiving_party=receiving_party,
        nip=nip_value,
        person_name=person_name,
        reason=reason,
        status=ProposalStatus.DRAFT,
        message_id=new_message_id(),
        created_by=acting_user,
        created_at=now,
    )
    proposal._history_user = acting_user
    proposal._change_reason = "proposal_create"
    proposal.save()
    _write_items(proposal, items, acting_user)
    if files:
        _attach(proposal, files, acting_user, now)
    _record(
        proposal,
        ProposalEventKind.CREATED,
        actor=acting_user,
        now=now,
        summary=_("%(n)s elemen data") % {"n": len(items)},
        data={"fields": [i.field.code for i in items]},
        internal_to_id=acting_user.institution_id,
        announce=False,
    )
    return proposal


@transaction.atomic
def proposal_update(
    *,
    acting_user: User,
    proposal: Proposal,
    nip_value: str,
    person_name: str,
    reason: str,
    items: Sequence[ItemInput],
    now: datetime | None = None,
) -> Proposal:
    """The proposer edits the person, the reason and the fields: while a draft, or when asked to complete."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("update", acting_user, proposal)
    nip_value, person_name, reason = _clean_person(nip_value, person_name, reason, _today(now))
    items = clean_items(items)
    before = {i.field_id: (i.current_value, i.proposed_value) for i in proposal.items.all()}
    after = {i.field.pk: (i.current_value, i.proposed_value) for i in items}
    changed = [
        name
        for name, old, new in (
            ("nip", proposal.nip, nip_value),
            ("person_name", proposal.person_name, person_name),
            ("reason", proposal.reason, reason),
        )
        if old != new
    ]
    if not changed and before == after:
        return proposal
    proposal.nip, proposal.person_name, proposal.reason = nip_value, person_name, reason
    _save(proposal, acting_user, "proposal_update", ["nip", "person_name", "reason"])
    if before != after:
        for old in proposal.items.all():
            old._history_user = acting_user
            old.delete()
        _write_items(proposal, items, acting_user)
    codes = sorted(i.field.code for i in items)
    draft = proposal.status == ProposalStatus.DRAFT
    _record(
        proposal,
        ProposalEventKind.UPDATED,
        actor=acting_user,
        now=now,
        from_status=proposal.status,
        summary=_("Usulan diubah: %(what)s")
        % {"what": ", ".join([*(str(Proposal._meta.get_field(n).verbose_name) for n in changed)] + codes)},
        data={"changed": changed, "fields": codes},
        internal_to_id=acting_user.institution_id if draft else None,
        announce=not draft,
    )
    return proposal


@transaction.atomic
def proposal_submit(*, acting_user: User, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """Send the draft to the receiving party; its clock starts: N working days from the submission day."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("submit", acting_user, proposal)
    if not proposal.items.exists():
        raise ValidationError(_("Usulan belum memuat elemen data yang diusulkan untuk diperbaiki."))
    today = _today(now)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_on = today
    proposal.working_days = proposal.agreement.proposal_due_working_days
    proposal.due_on = clock.due_after_submission(today, proposal.working_days)
    _save(proposal, acting_user, "proposal_submit", ["status", "submitted_on", "working_days", "due_on"])
    _record(
        proposal,
        ProposalEventKind.SUBMITTED,
        actor=acting_user,
        now=now,
        from_status=ProposalStatus.DRAFT,
        summary=_("Jatuh tempo %(due)s (%(n)s hari kerja)")
        % {"due": format_date(proposal.due_on), "n": proposal.working_days},
        data={"due_on": proposal.due_on.isoformat(), "working_days": proposal.working_days},
    )
    return proposal


@transaction.atomic
def proposal_take(*, acting_user: User, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """A handler of the receiving party takes an unassigned proposal for themselves."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("take", acting_user, proposal)
    if proposal.assignee_id == acting_user.pk:
        raise ValidationError(_("Usulan ini sudah Anda tangani."))
    if proposal.assignee_id is not None:
        raise ValidationError(
            _("Usulan ini sudah ditangani oleh %(name)s; gunakan penugasan untuk mengalihkannya.")
            % {"name": proposal.assignee}
        )
    proposal.assignee = acting_user
    _save(proposal, acting_user, "proposal_take", ["assignee"])
    _record(
        proposal,
        ProposalEventKind.TAKEN,
        actor=acting_user,
        now=now,
        from_status=proposal.status,
        summary=_("Ditangani oleh %(name)s") % {"name": acting_user},
        data={"assignee": acting_user.pk},
    )
    return proposal


@transaction.atomic
def proposal_assign(
    *, acting_user: User, proposal: Proposal, assignee: User, now: datetime | None = None
) -> Proposal:
    """A handler of the receiving party hands the proposal to a colleague who holds the grant."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("assign", acting_user, proposal)
    if not selectors.assignable_users(proposal).filter(pk=assignee.pk).exists():
        raise ValidationError(
            _("%(name)s bukan petugas pihak penerima yang berhak menangani usulan pada perjanjian ini.")
            % {"name": assignee}
        )
    if proposal.assignee_id == assignee.pk:
        raise ValidationError(_("Usulan ini sudah ditugaskan kepada %(name)s.") % {"name": assignee})
    previous = proposal.assignee_id
    proposal.assignee = assignee
    _save(proposal, acting_user, "proposal_assign", ["assignee"])
    _record(
        proposal,
        ProposalEventKind.ASSIGNED,
        actor=acting_user,
        now=now,
        from_status=proposal.status,
        summary=_("Ditugaskan kepada %(name)s") % {"name": assignee},
        data={"assignee": assignee.pk, "previous": previous},
    )
    return proposal


@transaction.atomic
def proposal_start_review(*, acting_user: User, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """The receiving party starts processing (diproses); whoever starts it handles it if nobody does yet."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("start_review", acting_user, proposal)
    proposal.status = ProposalStatus.REVIEW
    fields = ["status"]
    if proposal.assignee_id is None:
        proposal.assignee = acting_user
        fields.append("assignee")
    _save(proposal, acting_user, "proposal_start_review", fields)
    _record(
        proposal,
        ProposalEventKind.REVIEW_STARTED,
        actor=acting_user,
        now=now,
        from_status=ProposalStatus.SUBMITTED,
        data={"assignee": proposal.assignee_id},
    )
    return proposal


@transaction.atomic
def proposal_request_info(
    *, acting_user: User, proposal: Proposal, message: str, now: datetime | None = None
) -> Proposal:
    """Ask the proposer to complete the proposal; the clock stops with the working days left on it."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("request_info", acting_user, proposal)
    message = _required(message, _("Tuliskan kelengkapan apa yang diperlukan."))
    today = _today(now)
    proposal.status = ProposalStatus.INFO_NEEDED
    proposal.paused_on = today
    proposal.working_days_left = clock.working_days_between(today, proposal.due_on) if proposal.due_on else 0
    _save(proposal, acting_user, "proposal_request_info", ["status", "paused_on", "working_days_left"])
    comment = _shared_comment(proposal, acting_user, message, now)
    _record(
        proposal,
        ProposalEventKind.INFO_REQUESTED,
        actor=acting_user,
        now=now,
        from_status=ProposalStatus.REVIEW,
        summary=_("Tenggat dihentikan; sisa %(n)s hari kerja") % {"n": proposal.working_days_left},
        data={"comment": comment.pk, "working_days_left": proposal.working_days_left},
    )
    return proposal


@transaction.atomic
def proposal_provide_info(
    *, acting_user: User, proposal: Proposal, message: str, now: datetime | None = None
) -> Proposal:
    """The proposer answers; the proposal is back in review and the clock runs on from today."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("provide_info", acting_user, proposal)
    message = _required(message, _("Tuliskan kelengkapan yang disampaikan."))
    today = _today(now)
    proposal.status = ProposalStatus.REVIEW
    proposal.due_on = clock.due_after_resume(today, proposal.working_days_left or 0)
    proposal.paused_on = None
    proposal.working_days_left = None
    _save(
        proposal, acting_user, "proposal_provide_info", ["status", "due_on", "paused_on", "working_days_left"]
    )
    comment = _shared_comment(proposal, acting_user, message, now)
    _record(
        proposal,
        ProposalEventKind.INFO_PROVIDED,
        actor=acting_user,
        now=now,
        from_status=ProposalStatus.INFO_NEEDED,
        summary=_("Jatuh tempo baru %(due)s") % {"due": format_date(proposal.due_on)},
        data={"comment": comment.pk, "due_on": proposal.due_on.isoformat()},
    )
    return proposal


@transaction.atomic
def proposal_accept(
    *, acting_user: User, proposal: Proposal, note: str = "", now: datetime | None = None
) -> Proposal:
    """The receiving party accepts the correction; it still has to apply it in SIASN."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("accept", acting_user, proposal)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_on = _today(now)
    proposal.decision_note = (note or "").strip()
    _save(proposal, acting_user, "proposal_accept", ["status", "decided_on", "decision_note"])
    _record(
        proposal,
        ProposalEventKind.ACCEPTED,
        actor=acting_user,
        now=now,
        from_status=ProposalStatus.REVIEW,
        data={"note": bool(proposal.decision_note)},
    )
    return proposal


@transaction.atomic
def proposal_reject(
    *, acting_user: User, proposal: Proposal, reason: str, now: datetime | None = None
) -> Proposal:
    """The receiving party refuses the correction, always with its reason."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("reject", acting_user, proposal)
    reason = _required(reason, _("Alasan penolakan wajib diisi."))
    previous = proposal.status
    proposal.status = ProposalStatus.REJECTED
    proposal.decided_on = _today(now)
    proposal.rejection_reason = reason
    proposal.paused_on = proposal.working_days_left = None
    _save(
        proposal,
        acting_user,
        "proposal_reject",
        ["status", "decided_on", "rejection_reason", "paused_on", "working_days_left"],
    )
    _record(proposal, ProposalEventKind.REJECTED, actor=acting_user, now=now, from_status=previous)
    return proposal


@transaction.atomic
def proposal_mark_applied(
    *, acting_user: User, proposal: Proposal, applied_on: date, reference: str, now: datetime | None = None
) -> Proposal:
    """The accepted correction is in SIASN: on which day and under which reference (SK, ticket number)."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("mark_applied", acting_user, proposal)
    reference = _required(reference, _("Rujukan perbaikan (nomor SK/tiket SIASN) wajib diisi."))
    today = _today(now)
    if applied_on is None:
        raise ValidationError({"applied_on": _("Tanggal perbaikan wajib diisi.")})
    if applied_on > today:
        raise ValidationError({"applied_on": _("Tanggal perbaikan tidak boleh setelah hari ini.")})
    if proposal.decided_on and applied_on < proposal.decided_on:
        raise ValidationError({"applied_on": _("Tanggal perbaikan tidak boleh sebelum usulan diterima.")})
    proposal.status = ProposalStatus.APPLIED
    proposal.applied_on = applied_on
    proposal.applied_reference = reference
    _save(proposal, acting_user, "proposal_mark_applied", ["status", "applied_on", "applied_reference"])
    _record(
        proposal,
        ProposalEventKind.APPLIED,
        actor=acting_user,
        now=now,
        from_status=ProposalStatus.ACCEPTED,
        summary=_("Diperbaiki pada %(day)s, rujukan %(ref)s")
        % {"day": format_date(applied_on), "ref": reference},
        data={"applied_on": applied_on.isoformat(), "reference": reference},
    )
    return proposal


@transaction.atomic
def proposal_close(
    *, acting_user: User, proposal: Proposal, note: str = "", now: datetime | None = None
) -> Proposal:
    """Either party closes a proposal that has been applied or rejected."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("close", acting_user, proposal)
    previous = proposal.status
    proposal.status = ProposalStatus.CLOSED
    proposal.closed_on = _today(now)
    _save(proposal, acting_user, "proposal_close", ["status", "closed_on"])
    note = (note or "").strip()
    comment = _shared_comment(proposal, acting_user, note, now) if note else None
    _record(
        proposal,
        ProposalEventKind.CLOSED,
        actor=acting_user,
        now=now,
        from_status=previous,
        data={"comment": comment.pk} if comment else {},
    )
    return proposal


@transaction.atomic
def proposal_withdraw(
    *, acting_user: User, proposal: Proposal, reason: str = "", now: datetime | None = None
) -> Proposal:
    """The proposer withdraws before a decision; a withdrawn draft never reaches the other party."""
    now = _now(now)
    proposal = _lock(proposal)
    _check("withdraw", acting_user, proposal)
    previous = proposal.status
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_on = _today(now)
    proposal.withdrawal_reason = (reason or "").strip()
    proposal.paused_on = proposal.working_days_left = None
    _save(
        proposal,
        acting_user,
        "proposal_withdraw",
        ["status", "withdrawn_on", "withdrawal_reason", "paused_on", "working_days_left"],
    )
    draft = previous == ProposalStatus.DRAFT
    _record(
        proposal,
        ProposalEventKind.WITHDRAWN,
        actor=acting_user,
        now=now,
        from_status=previous,
        internal_to_id=acting_user.institution_id if draft else None,
        announce=not draft,
    )
    return proposal


@transaction.atomic
def comment_add(
    *,
    acting_user: User,
    proposal: Proposal,
    body: str,
    visibility: str = CommentVisibility.SHARED,
    now: datetime | None = None,
) -> ProposalComment:
    """A shared comment (needs the handling grant; mailed to the other party) or an internal note (any
    user of a party who sees the proposal; never leaves the institution).
    """
    now = _now(now)
    proposal = _lock(proposal)
    side = selectors.side_of(acting_user, proposal)
    if side is None:
        raise PermissionDenied(_("Anda bukan pihak pada usulan ini."))
    body = _required(body, _("Isi komentar wajib diisi."))
    if visibility not in CommentVisibility.values:
        raise ValidationError(_("Pilih sifat komentar: dibagikan atau catatan internal."))
    internal = visibility == CommentVisibility.INTERNAL
    if not internal:
        if not selectors.can_handle(acting_user, proposal.agreement):
            raise PermissionDenied(
                _("Komentar kepada pihak lain hanya dapat dikirim oleh petugas yang berhak menangani usulan.")
            )
        if proposal.status == ProposalStatus.DRAFT:
            raise ValidationError(_("Komentar kepada pihak lain baru dapat dikirim setelah usulan diajukan."))
        if proposal.status in flow.FINISHED:
            raise ValidationError(
                _("Usulan sudah selesai; hanya catatan internal yang masih dapat ditambahkan.")
            )
    comment = ProposalComment.objects.create(
        proposal=proposal,
        author=acting_user,
        institution_id=acting_user.institution_id,
        visibility=visibility,
        body=body,
        created_at=now,
    )
    _record(
        proposal,
        ProposalEventKind.COMMENTED,
        actor=acting_user,
        now=now,
        from_status=proposal.status,
        summary=str(CommentVisibility(visibility).label),
        data={"comment": comment.pk, "visibility": visibility},
        internal_to_id=acting_user.institution_id if internal else None,
    )
    return comment


@_files_undone_on_error
@transaction.atomic
def evidence_add(
    *, acting_user: User, proposal: Proposal, files: Sequence[UploadedFile], now: datetime | None = None
) -> list[ProposalEvidence]:
    """Supporting documents, from either party's handlers while the proposal is not finished."""
    now = _now(now)
    proposal = _lock(proposal)
    side = selectors.side_of(acting_user, proposal)
    if side is None or not selectors.can_handle(acting_user, proposal.agreement):
        raise PermissionDenied(_("Anda tidak memiliki hak menangani usulan perbaikan pada perjanjian ini."))
    if proposal.status in flow.FINISHED:
        raise ValidationError(_("Usulan sudah selesai; bukti tidak dapat ditambahkan."))
    if not files:
        raise ValidationError(_("Pilih sekurang-kurangnya satu berkas."))
    rows = _attach(proposal, files, acting_user, now)
    draft = proposal.status == ProposalStatus.DRAFT
    _record(
        proposal,
        ProposalEventKind.EVIDENCE_ADDED,
        actor=acting_user,
        now=now,
        from_status=proposal.status,
        summary=_("%(n)s berkas") % {"n": len(rows)},
        data={"evidence": [r.pk for r in rows], "sha256": [r.sha256 for r in rows]},
        internal_to_id=acting_user.institution_id if draft else None,
        announce=not draft,
    )
    return rows


# --- Many at once ----------------------------------------------------------------------------------------


class BulkError(ValidationError):
    """A bulk action refused as a whole; `messages` name each proposal that stood in the way."""


@transaction.atomic
def proposals_bulk_assign(
    *, acting_user: User, proposals: Sequence[Proposal], assignee: User, now: datetime | None = None
) -> int:
    """Assign several proposals, all or none: one refusal and nothing changes."""
    return _bulk(
        proposals, lambda p: proposal_assign(acting_user=acting_user, proposal=p, assignee=assignee, now=now)
    )


@transaction.atomic
def proposals_bulk_step(
    *, acting_user: User, proposals: Sequence[Proposal], step: str, now: datetime | None = None
) -> int:
    """Take one input-free step (start review, close) on several proposals, all or none."""
    if step not in flow.BULK_STEPS:
        raise ValidationError(_("Tindakan massal ini tidak dikenal."))
    service = {"start_review": proposal_start_review, "close": proposal_close}[step]
    return _bulk(proposals, lambda p: service(acting_user=acting_user, proposal=p, now=now))


def _bulk(proposals: Sequence[Proposal], apply) -> int:
    if not proposals:
        raise ValidationError(_("Pilih sekurang-kurangnya satu usulan."))
    errors = []
    for proposal in proposals:
        try:
            with transaction.atomic():
                apply(proposal)
        except (ValidationError, PermissionDenied) as exc:
            reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            errors.append(f"{proposal.reference}: {reason}")
    if errors:
        # Raising out of the outer atomic block undoes the ones that went through: all or nothing.
        raise BulkError(errors)
    return len(proposals)


# --- Reads that must leave a trace -----------------------------------------------------------------------


def personal_data_access_record(
    *,
    user: User,
    action: AccessAction,
    proposal: Proposal | None = None,
    proposal_ids: Sequence[int] = (),
    now: datetime | None = None,
) -> PersonalDataAccess | None:
    """Log one read of personal data (Pasal 9). Nothing is logged when nothing personal was shown."""
    ids = sorted({*proposal_ids, *([proposal.pk] if proposal else [])})
    if not ids:
        return None
    return PersonalDataAccess.objects.create(
        user=user,
        institution_id=user.institution_id,
        action=action,
        proposal=proposal,
        proposal_ids=ids,
        row_count=len(ids),
        occurred_at=_now(now),
    )


@transaction.atomic
def proposal_import(
    *,
    acting_user: User,
    receiving_party: AgreementParty,
    rows: Sequence,
    submit: bool = False,
    now: datetime | None = None,
) -> list[Proposal]:
    """Many proposals from import rows (exchange.xlsx.ImportRow), all or none.

    Rows with the same NIP become one proposal with several fields. Every bad row is named with its reason
    ('Baris 7: ...') and then nothing at all is saved.
    """
    now = _now(now)
    if not selectors.parties_user_can_propose_to(acting_user).filter(pk=receiving_party.pk).exists():
        raise PermissionDenied(_("Anda tidak memiliki hak mengajukan usulan kepada pihak ini."))
    if not rows:
        raise ValidationError(_("Berkas tidak memuat baris usulan."))
    today = _today(now)
    fields = {field.code: field for field in DataField.objects.all()}
    errors: list[str] = []
    groups: dict[str, dict] = {}

    def bad(row, message: str) -> None:
        errors.append(_("Baris %(n)s: %(message)s") % {"n": row.number, "message": message})

    for row in rows:
        if row.nip_was_number:
            bad(row, _("Kolom NIP harus berformat teks; Excel mengubah angka sepanjang 18 digit."))
            continue
        try:
            nip_value = nip.parse(row.nip, today=today).value
        except nip.NipError as exc:
            bad(row, str(exc))
            continue
        field = fields.get(row.field_code)
        if field is None:
            bad(row, _("kode elemen data “%(code)s” tidak dikenal.") % {"code": row.field_code[:60]})
            continue
        if not row.person_name:
            bad(row, _("Nama ASN wajib diisi."))
            continue
        if not row.reason:
            bad(row, _("Alasan perbaikan wajib diisi."))
            continue
        group = groups.setdefault(
            nip_value, {"name": row.person_name, "reasons": [], "items": [], "rows": []}
        )
        if " ".join(group["name"].lower().split()) != " ".join(row.person_name.lower().split()):
            bad(row, _("nama ASN berbeda dari baris lain dengan NIP yang sama."))
            continue
        if any(item.field.pk == field.pk for item in group["items"]):
            bad(row, _("elemen data %(code)s untuk NIP ini sudah ada di baris lain.") % {"code": field.code})
            continue
        try:
            clean_items([ItemInput(field, row.proposed_value, row.current_value)])
        except ValidationError as exc:
            bad(row, " ".join(exc.messages))
            continue
        if row.reason not in group["reasons"]:
            group["reasons"].append(row.reason)
        group["items"].append(ItemInput(field, row.proposed_value, row.current_value))
        group["rows"].append(row.number)
    if errors:
        raise ValidationError(errors)

    created = []
    for nip_value, group in groups.items():
        try:
            proposal = proposal_create(
                acting_user=acting_user,
                receiving_party=receiving_party,
                nip_value=nip_value,
                person_name=group["name"],
                reason="\n".join(group["reasons"]),
                items=group["items"],
                now=now,
            )
            if submit:
                proposal = proposal_submit(acting_user=acting_user, proposal=proposal, now=now)
        except ValidationError as exc:
            rows_text = ", ".join(str(n) for n in group["rows"])
            errors.append(_("Baris %(n)s: %(message)s") % {"n": rows_text, "message": " ".join(exc.messages)})
            continue
        created.append(proposal)
    if errors:
        raise ValidationError(errors)
    return created
