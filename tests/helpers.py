"""Helpers shared by the view tests: the permission matrix every view is tested against."""

from __future__ import annotations

from collections.abc import Mapping

from django.test import Client

ANONYMOUS = "anonymous"


def status_for(client: Client, user, url: str, *, method: str = "get", data: Mapping | None = None) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


def assert_permission_matrix(
    client: Client,
    url: str,
    expected: Mapping[str, tuple[object | None, int]],
    *,
    method: str = "get",
    data: Mapping | None = None,
) -> None:
    """Check a view as each kind of visitor: {"label": (user or None for anonymous, status)}.

    Every view test names at least: anonymous, a user of another institution, a user of the party without
    the grant, and one with it. Anonymous visitors are sent to the login page.
    """
    seen = {}
    for label, (user, _status) in expected.items():
        seen[label] = status_for(client, user, url, method=method, data=data)
    wanted = {label: status for label, (_user, status) in expected.items()}
    assert seen == wanted, f"{method.upper()} {url}: got {seen}, want {wanted}"


def acknowledge(user, agreement) -> None:
    """The Pasal 9 acknowledgement (exchange.privacy) without which a personal-data grant gives nothing."""
    from exchange.privacy import gate
    from exchange.privacy.models import Acknowledgement
    from exchange.privacy.texts import VERSION

    Acknowledgement.objects.get_or_create(user=user, agreement=agreement, text_version=VERSION)
    user.__dict__.pop(gate.CACHE, None)
