"""The Pasal 9 ayat (5) gate on the personal-data right: plugged into `registry.access_gates` from
PrivacyConfig.ready(), so the agreement layer withholds the right from a user who has not acknowledged the
current text on that agreement, whatever the grants or roles that would give it."""

from __future__ import annotations

from typing import Any

from exchange.privacy.models import Acknowledgement
from exchange.privacy.texts import VERSION
from portal.models import User

CACHE = "_pasal9_acknowledged"


def acknowledged_agreements(user: User) -> set[int]:
    """The agreements on which the user acknowledged the current text: one query per user object."""
    cached = getattr(user, CACHE, None)
    if cached is None:
        cached = set(
            Acknowledgement.objects.filter(user=user, text_version=VERSION).values_list(
                "agreement_id", flat=True
            )
        )
        setattr(user, CACHE, cached)
    return cached


def acknowledged(principal: Any, agreement_id: int) -> bool:
    """A person must have acknowledged; a partner system's client reads under its own credentials, limited
    to the Lampiran by the web service, and acknowledges nothing."""
    if not isinstance(principal, User):
        return True
    return agreement_id in acknowledged_agreements(principal)


def forget(user: User, agreement_id: int) -> None:
    """Let a user object already in memory see an acknowledgement just recorded."""
    acknowledged_agreements(user).add(agreement_id)
