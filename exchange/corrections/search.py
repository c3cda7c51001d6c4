"""The correction proposals' answer to the header's search box: a proposal by its reference ("UP-00012",
"up 12"), only among the proposals the user may see, in one query.

The reference carries no personal data, so it may travel in the URL. A person is looked up by NIP or name
only through the proposal list's own search, which is posted and kept in the session; the results here show
neither.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from exchange.corrections.models import REFERENCE_PREFIX
from exchange.corrections.selectors import proposals_visible_to
from portal.models import User
from portal.registry import SearchHit, SearchSection

_REFERENCE = re.compile(rf"^{REFERENCE_PREFIX}[\s\-]*0*(\d{{1,9}})$", re.IGNORECASE)


def reference_pk(query: str) -> int | None:
    """'UP-00012', 'up 12', 'UP12' -> 12; anything else -> None."""
    match = _REFERENCE.match(query.strip())
    return int(match.group(1)) if match else None


def search_provider(user: User, query: str, limit: int) -> list[SearchSection]:
    pk = reference_pk(query)
    if pk is None:
        return []
    proposals = (
        proposals_visible_to(user)
        .filter(pk=pk)
        .select_related("agreement", "proposing_party__institution", "receiving_party__institution")
    )
    hits = [
        SearchHit(
            title=proposal.reference,
            url=proposal.get_absolute_url(),
            context=(
                f"{proposal.proposing_party.institution.short_name} → "
                f"{proposal.receiving_party.institution.short_name} · {proposal.agreement.title}"
            ),
            badge=proposal.get_status_display(),
            badge_code=proposal.status,
        )
        for proposal in proposals[:limit]
    ]
    return [SearchSection("proposals", _("Usulan perbaikan data"), hits)]
