"""The steps of a proposal's flow, one function each. `flow.STEPS` declares who may take which step when,
the status it leads to and the event it writes; each function here does the step's own work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.models import AgreementParty
from exchange.corrections import clock, flow, selectors
from exchange.corrections.choices import ProposalEventKind, ProposalStatus
from exchange.corrections.models import Proposal
from exchange.corrections.services._common import (
    ItemInput,
    _attach,
    _begin,
    _clean_person,
    _files_undone_on_error,
    _now,
    _record,
    _required,
    _save,
    _shared_comment,
    _today,
    _write_items,
    clean_items,
    new_message_id,
    require_lampiran_fields,
)
from portal.lib.stored_text import day_of, keyed, keyed_plural, terms
from portal.models import User


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
    if refusal := agreement.not_in_force_reason(today, _("usulan perbaikan data baru")):
        raise ValidationError(refusal)
    nip_value, person_name, reason = _clean_person(nip_value, person_name, reason, today)
    items = clean_items(items)
    require_lampiran_fields(provider=receiving_party, receiver=proposing_party, items=items)
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
        summary=keyed_plural(
            gettext_noop("%(n)s elemen data"), gettext_noop("%(n)s elemen data"), "n", n=len(items)
        ),
        data={"fields": [i.field.code for i in items]},
        internal_to_id=acting_user.institution_id,
        announce=False,
    )
    return proposal


@flow.implements("update")
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
    proposal, step = _begin("update", acting_user, proposal)
    if not selectors.can_view_personal_data(acting_user, proposal.agreement):
        # The edit shows and rewrites the NIP and the name: personal data under Pasal 9.
        raise PermissionDenied(_("Mengubah usulan memerlukan hak melihat data pribadi pada perjanjian ini."))
    nip_value, person_name, reason = _clean_person(nip_value, person_name, reason, _today(now))
    items = clean_items(items)
    require_lampiran_fields(provider=proposal.receiving_party, receiver=proposal.proposing_party, items=items)
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
        step.event,
        actor=acting_user,
        now=now,
        from_status=proposal.status,
        summary=keyed(
            gettext_noop("Usulan diubah: %(what)s"),
            what=terms([*(_field_name(n) for n in changed), *codes]),
        ),
        data={"changed": changed, "fields": codes},
        internal_to_id=acting_user.institution_id if draft else None,
        announce=not draft,
    )
    return proposal


@flow.implements("submit")
@transaction.atomic
def proposal_submit(*, acting_user: User, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """Send the draft to the receiving party; its clock starts: N working days from the submission day."""
    now = _now(now)
    proposal, step = _begin("submit", acting_user, proposal)
    previous = proposal.status
    if not proposal.items.exists():
        raise ValidationError(_("Usulan belum memuat elemen data yang diusulkan untuk diperbaiki."))
    today = _today(now)
    if refusal := proposal.agreement.not_in_force_reason(today, _("pengajuan usulan")):
        raise ValidationError(refusal)
    proposal.status = step.target
    proposal.submitted_on = today
    proposal.working_days = proposal.agreement.proposal_due_working_days
    proposal.due_on = clock.due_after_submission(today, proposal.working_days)
    _save(proposal, acting_user, "proposal_submit", ["status", "submitted_on", "working_days", "due_on"])
    _record(
        proposal,
        step.event,
        actor=acting_user,
        now=now,
        from_status=previous,
        summary=keyed(
            gettext_noop("Jatuh tempo %(due)s (%(n)s hari kerja)"),
            due=day_of(proposal.due_on),
            n=proposal.working_days,
        ),
        data={"due_on": proposal.due_on.isoformat(), "working_days": proposal.working_days},
    )
    return proposal


@flow.implements("take")
@transaction.atomic
def proposal_take(*, acting_user: User, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """A handler of the receiving party takes an unassigned proposal for themselves."""
    now = _now(now)
    proposal, step = _begin("take", acting_user, proposal)
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
        step.event,
        actor=acting_user,
        now=now,
        from_status=proposal.status,
        summary=keyed(gettext_noop("Ditangani oleh %(name)s"), name=str(acting_user)),
        data={"assignee": acting_user.pk},
    )
    return proposal


@flow.implements("assign")
@transaction.atomic
def proposal_assign(
    *, acting_user: User, proposal: Proposal, assignee: User, now: datetime | None = None
) -> Proposal:
    """A handler of the receiving party hands the proposal to a colleague who holds the grant."""
    now = _now(now)
    proposal, step = _begin("assign", acting_user, proposal)
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
        step.event,
        actor=acting_user,
        now=now,
        from_status=proposal.status,
        summary=keyed(gettext_noop("Ditugaskan kepada %(name)s"), name=str(assignee)),
        data={"assignee": assignee.pk, "previous": previous},
    )
    return proposal


@flow.implements("start_review")
@transaction.atomic
def proposal_start_review(*, acting_user: User, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """The receiving party starts processing (diproses); whoever starts it handles it if nobody does yet."""
    now = _now(now)
    proposal, step = _begin("start_review", acting_user, proposal)
    previous = proposal.status
    proposal.status = step.target
    fields = ["status"]
    if proposal.assignee_id is None:
        proposal.assignee = acting_user
        fields.append("assignee")
    _save(proposal, acting_user, "proposal_start_review", fields)
    _record(
        proposal,
        step.event,
        actor=acting_user,
        now=now,
        from_status=previous,
        data={"assignee": proposal.assignee_id},
    )
    return proposal


@flow.implements("request_info")
@transaction.atomic
def proposal_request_info(
    *, acting_user: User, proposal: Proposal, message: str, now: datetime | None = None
) -> Proposal:
    """Ask the proposer to complete the proposal; the clock stops with the working days left on it."""
    now = _now(now)
    proposal, step = _begin("request_info", acting_user, proposal)
    previous = proposal.status
    message = _required(message, _("Tuliskan kelengkapan apa yang diperlukan."))
    today = _today(now)
    proposal.status = step.target
    proposal.paused_on = today
    proposal.working_days_left = clock.working_days_between(today, proposal.due_on) if proposal.due_on else 0
    _save(proposal, acting_user, "proposal_request_info", ["status", "paused_on", "working_days_left"])
    comment = _shared_comment(proposal, acting_user, message, now)
    _record(
        proposal,
        step.event,
        actor=acting_user,
        now=now,
        from_status=previous,
        summary=keyed(
            gettext_noop("Tenggat dihentikan; sisa %(n)s hari kerja"), n=proposal.working_days_left
        ),
        data={"comment": comment.pk, "working_days_left": proposal.working_days_left},
    )
    return proposal


@flow.implements("provide_info")
@transaction.atomic
def proposal_provide_info(
    *, acting_user: User, proposal: Proposal, message: str, now: datetime | None = None
) -> Proposal:
    """The proposer answers; the proposal is back in review and the clock runs on from today."""
    now = _now(now)
    proposal, step = _begin("provide_info", acting_user, proposal)
    previous = proposal.status
    message = _required(message, _("Tuliskan kelengkapan yang disampaikan."))
    today = _today(now)
    proposal.status = step.target
    proposal.due_on = clock.due_after_resume(today, proposal.working_days_left or 0)
    proposal.paused_on = None
    proposal.working_days_left = None
    _save(
        proposal, acting_user, "proposal_provide_info", ["status", "due_on", "paused_on", "working_days_left"]
    )
    comment = _shared_comment(proposal, acting_user, message, now)
    _record(
        proposal,
        step.event,
        actor=acting_user,
        now=now,
        from_status=previous,
        summary=keyed(gettext_noop("Jatuh tempo baru %(due)s"), due=day_of(proposal.due_on)),
        data={"comment": comment.pk, "due_on": proposal.due_on.isoformat()},
    )
    return proposal


@flow.implements("accept")
@transaction.atomic
def proposal_accept(
    *, acting_user: User, proposal: Proposal, note: str = "", now: datetime | None = None
) -> Proposal:
    """The receiving party accepts the correction; it still has to apply it in SIASN."""
    now = _now(now)
    proposal, step = _begin("accept", acting_user, proposal)
    previous = proposal.status
    proposal.status = step.target
    proposal.decided_on = _today(now)
    proposal.decision_note = (note or "").strip()
    _save(proposal, acting_user, "proposal_accept", ["status", "decided_on", "decision_note"])
    _record(
        proposal,
        step.event,
        actor=acting_user,
        now=now,
        from_status=previous,
        data={"note": bool(proposal.decision_note)},
    )
    return proposal


@flow.implements("reject")
@transaction.atomic
def proposal_reject(
    *, acting_user: User, proposal: Proposal, reason: str, now: datetime | None = None
) -> Proposal:
    """The receiving party refuses the correction, always with its reason."""
    now = _now(now)
    proposal, step = _begin("reject", acting_user, proposal)
    reason = _required(reason, _("Alasan penolakan wajib diisi."))
    previous = proposal.status
    proposal.status = step.target
    proposal.decided_on = _today(now)
    proposal.rejection_reason = reason
    proposal.paused_on = proposal.working_days_left = None
    _save(
        proposal,
        acting_user,
        "proposal_reject",
        ["status", "decided_on", "rejection_reason", "paused_on", "working_days_left"],
    )
    _record(proposal, step.event, actor=acting_user, now=now, from_status=previous)
    return proposal


@flow.implements("mark_applied")
@transaction.atomic
def proposal_mark_applied(
    *, acting_user: User, proposal: Proposal, applied_on: date, reference: str, now: datetime | None = None
) -> Proposal:
    """The accepted correction is in SIASN: on which day and under which reference (SK, ticket number)."""
    now = _now(now)
    proposal, step = _begin("mark_applied", acting_user, proposal)
    previous = proposal.status
    reference = _required(reference, _("Rujukan perbaikan (nomor SK/tiket SIASN) wajib diisi."))
    today = _today(now)
    if applied_on is None:
        raise ValidationError({"applied_on": _("Tanggal perbaikan wajib diisi.")})
    if applied_on > today:
        raise ValidationError({"applied_on": _("Tanggal perbaikan tidak boleh setelah hari ini.")})
    if proposal.decided_on and applied_on < proposal.decided_on:
        raise ValidationError({"applied_on": _("Tanggal perbaikan tidak boleh sebelum usulan diterima.")})
    proposal.status = step.target
    proposal.applied_on = applied_on
    proposal.applied_reference = reference
    _save(proposal, acting_user, "proposal_mark_applied", ["status", "applied_on", "applied_reference"])
    _record(
        proposal,
        step.event,
        actor=acting_user,
        now=now,
        from_status=previous,
        summary=keyed(
            gettext_noop("Diperbaiki pada %(day)s, rujukan %(ref)s"), day=day_of(applied_on), ref=reference
        ),
        data={"applied_on": applied_on.isoformat(), "reference": reference},
    )
    return proposal


@flow.implements("close")
@transaction.atomic
def proposal_close(
    *, acting_user: User, proposal: Proposal, note: str = "", now: datetime | None = None
) -> Proposal:
    """Either party closes a proposal that has been applied or rejected."""
    now = _now(now)
    proposal, step = _begin("close", acting_user, proposal)
    previous = proposal.status
    proposal.status = step.target
    proposal.closed_on = _today(now)
    _save(proposal, acting_user, "proposal_close", ["status", "closed_on"])
    note = (note or "").strip()
    comment = _shared_comment(proposal, acting_user, note, now) if note else None
    _record(
        proposal,
        step.event,
        actor=acting_user,
        now=now,
        from_status=previous,
        data={"comment": comment.pk} if comment else {},
    )
    return proposal


@flow.implements("withdraw")
@transaction.atomic
def proposal_withdraw(
    *, acting_user: User, proposal: Proposal, reason: str = "", now: datetime | None = None
) -> Proposal:
    """The proposer withdraws before a decision; a withdrawn draft never reaches the other party."""
    now = _now(now)
    proposal, step = _begin("withdraw", acting_user, proposal)
    previous = proposal.status
    proposal.status = step.target
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
        step.event,
        actor=acting_user,
        now=now,
        from_status=previous,
        internal_to_id=acting_user.institution_id if draft else None,
        announce=not draft,
    )
    return proposal


def _field_name(name: str) -> str:
    """A proposal field's label as its message in the catalogue ('alasan')."""
    with translation.override("id"):
        return str(Proposal._meta.get_field(name).verbose_name)
