"""Many proposals at once: bulk assign, bulk steps and the XLSX import, each all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import AgreementParty
from exchange.corrections import flow, selectors
from exchange.corrections.models import Proposal
from exchange.corrections.services._common import (
    ItemInput,
    _now,
    _today,
    clean_items,
)
from exchange.corrections.services.steps import (
    proposal_assign,
    proposal_close,
    proposal_create,
    proposal_start_review,
    proposal_submit,
)
from exchange.data import nip
from exchange.data.models import DataField
from portal.models import User


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
