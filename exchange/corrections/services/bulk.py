"""Many proposals at once: bulk steps from the list and the XLSX import, each all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

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
from exchange.corrections.services.steps import proposal_create, proposal_submit
from exchange.data import nip
from exchange.data.models import DataField
from portal.lib import spreadsheets
from portal.models import User


class BulkError(ValidationError):
    """A bulk action refused as a whole; `messages` name each proposal that stood in the way."""


@transaction.atomic
def proposals_bulk_step(
    *,
    acting_user: User,
    proposals: Sequence[Proposal],
    step: str,
    inputs: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Take one step offered for bulk use (flow.Step.bulk_label) on several proposals, all or none: one
    refusal and nothing changes. `inputs` are the step's own inputs, the same for every proposal.
    """
    declared = flow.STEPS.get(step)
    if declared is None or not declared.bulk_label:
        raise ValidationError(_("Tindakan massal ini tidak dikenal."))
    if not proposals:
        raise ValidationError(_("Pilih sekurang-kurangnya satu usulan."))
    errors = []
    for index, proposal in enumerate(proposals):
        if on_progress is not None:
            on_progress(index)
        try:
            # Each proposal is checked by the step's service itself, rights included.
            with transaction.atomic():
                declared.service(acting_user=acting_user, proposal=proposal, now=now, **(inputs or {}))
        except (ValidationError, PermissionDenied) as exc:
            reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            errors.append(f"{proposal.reference}: {reason}")
    if errors:
        # Raising out of the outer atomic block undoes the ones that went through: all or nothing.
        raise BulkError(errors)
    return len(proposals)


@dataclass
class _Group:
    """The import rows of one NIP: they become one proposal with several fields."""

    name: str
    reasons: list[str] = field(default_factory=list)
    items: list[ItemInput] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


def _row_error(row, fields: Mapping[str, DataField], today: date) -> str:
    """What is wrong with one import row on its own; '' when nothing is."""
    for title, value in row.texts():
        if value in spreadsheets.ERROR_VALUES:
            return _("kolom “%(column)s” berisi galat Excel %(value)s, bukan nilai; perbaiki selnya.") % {
                "column": title,
                "value": value,
            }
    for title, value, limit in row.lengths():
        if len(value) > limit:
            return _("kolom “%(column)s” berisi %(n)s karakter; paling banyak %(max)s.") % {
                "column": title,
                "n": len(value),
                "max": limit,
            }
    if row.nip_was_number:
        return _("Kolom NIP harus berformat teks; Excel mengubah angka sepanjang 18 digit.")
    try:
        nip.parse(row.nip, today=today)
    except nip.NipError as exc:
        return str(exc)
    if row.field_code not in fields:
        return _("kode elemen data “%(code)s” tidak dikenal.") % {"code": row.field_code[:60]}
    if not row.person_name:
        return _("Nama ASN wajib diisi.")
    if not row.reason:
        return _("Alasan perbaikan wajib diisi.")
    return ""


def _conflict(row, group: _Group, field_: DataField) -> str:
    """What is wrong with a row beside the earlier rows of its NIP, or with its value; '' when nothing is."""
    if " ".join(group.name.lower().split()) != " ".join(row.person_name.lower().split()):
        return _("nama ASN berbeda dari baris lain dengan NIP yang sama.")
    if any(item.field.pk == field_.pk for item in group.items):
        return _("elemen data %(code)s untuk NIP ini sudah ada di baris lain.") % {"code": field_.code}
    try:
        clean_items([ItemInput(field_, row.proposed_value, row.current_value)])
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def _group_rows(rows: Sequence, today: date) -> dict[str, _Group]:
    """The rows grouped by NIP, or a ValidationError naming every bad row ('Baris 7: ...')."""
    fields = {f.code: f for f in DataField.objects.all()}
    errors: list[str] = []
    groups: dict[str, _Group] = {}
    for row in rows:
        message = _row_error(row, fields, today)
        if not message:
            field_ = fields[row.field_code]
            group = groups.setdefault(nip.parse(row.nip, today=today).value, _Group(row.person_name))
            message = _conflict(row, group, field_)
        if message:
            errors.append(_("Baris %(n)s: %(message)s") % {"n": row.number, "message": message})
            continue
        if row.reason not in group.reasons:
            group.reasons.append(row.reason)
        group.items.append(ItemInput(field_, row.proposed_value, row.current_value))
        group.rows.append(row.number)
    if errors:
        raise ValidationError(errors)
    return groups


@transaction.atomic
def proposal_import(
    *,
    acting_user: User,
    receiving_party: AgreementParty,
    rows: Sequence,
    submit: bool = False,
    now: datetime | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> list[Proposal]:
    """Many proposals from import rows (xlsx.ImportRow), all or none.

    Rows with the same NIP become one proposal with several fields. Every bad row is named with its reason
    ('Baris 7: ...') and then nothing at all is saved. `on_progress(rows_done)` hears of each proposal.
    """
    now = _now(now)
    if not selectors.parties_user_can_propose_to(acting_user).filter(pk=receiving_party.pk).exists():
        raise PermissionDenied(_("Anda tidak memiliki hak mengajukan usulan kepada pihak ini."))
    if not rows:
        raise ValidationError(_("Berkas tidak memuat baris usulan."))
    groups = _group_rows(rows, _today(now))
    created, errors = [], []
    done = 0
    for nip_value, group in groups.items():
        try:
            proposal = proposal_create(
                acting_user=acting_user,
                receiving_party=receiving_party,
                nip_value=nip_value,
                person_name=group.name,
                reason="\n".join(group.reasons),
                items=group.items,
                now=now,
            )
            if submit:
                proposal = proposal_submit(acting_user=acting_user, proposal=proposal, now=now)
        except ValidationError as exc:
            rows_text = ", ".join(str(n) for n in group.rows)
            errors.append(_("Baris %(n)s: %(message)s") % {"n": rows_text, "message": " ".join(exc.messages)})
            continue
        created.append(proposal)
        done += len(group.rows)
        if on_progress is not None:
            on_progress(done)
    if errors:
        raise ValidationError(errors)
    return created
