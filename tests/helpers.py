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


# --- Rights on an agreement, the way the portal gives them (role and team) ---------------------------

PERMS = {
    "change_agreement": ("edit_shared", "keep_own"),
    "handle_proposals": ("handle_proposals",),
    "view_personal_data": ("view_personal_data",),
}


def keep_teams(agreement) -> None:
    """Each party keeps a team (empty until `grant`): nobody acts on the agreement but those granted."""
    from agreements.models import PartyTeam

    for party in agreement.parties.all():
        PartyTeam.objects.get_or_create(party=party)


def member(user, agreement) -> None:
    """Make the user a member of their party's team on the agreement, holding the role's defaults."""
    from agreements.models import AgreementParty, PartyTeam, TeamMember

    party = AgreementParty.objects.get(agreement=agreement, institution_id=user.institution_id)
    team, _ = PartyTeam.objects.get_or_create(party=party)
    TeamMember.objects.get_or_create(team=team, user=user)


def grant(user, agreement, *perms: str) -> None:
    """Make the user a member of their party's team holding these rights besides those already given
    (by their old names: change_agreement, handle_proposals, view_personal_data, or a right's value);
    the role's other defaults are withheld, so the member holds exactly what the test names."""
    from agreements.models import AgreementParty, PartyTeam, TeamMember, TeamRight
    from agreements.rights import ADJUSTABLE, member_rights, role_defaults, roles_of

    party = AgreementParty.objects.get(agreement=agreement, institution_id=user.institution_id)
    team, _ = PartyTeam.objects.get_or_create(party=party)
    member, created = TeamMember.objects.get_or_create(team=team, user=user)
    roles = roles_of(user)
    held = set() if created else member_rights(roles, member.adjustments.all())
    for perm in perms:
        name = perm.removeprefix("agreements.")
        held.update(PERMS.get(name, (name,)))
    defaults = role_defaults(roles) & set(ADJUSTABLE)
    member.adjustments.all().delete()
    TeamRight.objects.bulk_create(
        [TeamRight(member=member, right=r, granted=True) for r in sorted(held - defaults)]
        + [TeamRight(member=member, right=r, granted=False) for r in sorted(defaults - held)]
    )
    if "view_personal_data" in held:
        acknowledge(user, agreement)


def acknowledge(user, agreement) -> None:
    """The Pasal 9 acknowledgement (exchange.privacy) without which a personal-data grant gives nothing."""
    from exchange.privacy import gate
    from exchange.privacy.models import Acknowledgement
    from exchange.privacy.texts import VERSION

    Acknowledgement.objects.get_or_create(user=user, agreement=agreement, text_version=VERSION)
    user.__dict__.pop(gate.CACHE, None)
