"""Comments, internal notes and evidence files on a proposal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from exchange.corrections import flow, selectors
from exchange.corrections.choices import CommentVisibility, ProposalEventKind, ProposalStatus
from exchange.corrections.models import Proposal, ProposalComment, ProposalEvidence
from exchange.corrections.services._common import (
    _attach,
    _files_undone_on_error,
    _lock,
    _now,
    _record,
    _required,
)
from portal.lib.stored_text import keyed, keyed_plural
from portal.models import User


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
        summary=keyed(visibility_label(visibility)),
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
        summary=keyed_plural(gettext_noop("%(n)s berkas"), gettext_noop("%(n)s berkas"), "n", n=len(rows)),
        data={"evidence": [r.pk for r in rows], "sha256": [r.sha256 for r in rows]},
        internal_to_id=acting_user.institution_id if draft else None,
        announce=not draft,
    )
    return rows


def visibility_label(visibility: str) -> str:
    """A comment's visibility ('Dibagikan ...', 'Catatan internal') as its message in the catalogue."""
    with translation.override("id"):
        return str(CommentVisibility(visibility).label)
