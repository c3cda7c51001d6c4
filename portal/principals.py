"""Who acts: the principal a service is called for.

Today every principal is a logged-in user. From the web-service issue on, a partner system acts through an
API client that belongs to one institution too. Services take either as `acting_user` and ask only what
this module answers, so they never need to know which of the two they were given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from portal.models import User


@runtime_checkable
class Principal(Protocol):
    """What a service may ask of whoever acts: an institution, a login state and per-object grants."""

    pk: Any
    institution_id: int | None

    @property
    def is_authenticated(self) -> bool: ...

    def has_perm(self, perm: str, obj: Any = None) -> bool: ...


def institution_of(principal: Principal | None) -> int | None:
    """The primary key of the institution the principal acts for; None for anonymous or unaffiliated ones."""
    if principal is None or not getattr(principal, "is_authenticated", False):
        return None
    return getattr(principal, "institution_id", None)


def user_of(principal: Principal | None) -> User | None:
    """The person behind the principal, for the actor columns of events and history; None for a machine."""
    from portal.models import User

    return principal if isinstance(principal, User) else None


def is_portal_admin(principal: Principal | None) -> bool:
    """A system administrator: institutions and users, read-only oversight of agreements."""
    if not getattr(principal, "is_authenticated", False):
        return False
    return bool(getattr(principal, "is_portal_admin", False))
