"""The log of personal-data reads (Pasal 9): a read that must leave a trace."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from exchange.corrections.choices import AccessAction
from exchange.corrections.models import PersonalDataAccess, Proposal
from exchange.corrections.services._common import _now
from portal.models import User


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
