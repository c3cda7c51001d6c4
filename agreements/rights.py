"""Who may do what on an agreement: rights from the role within one's own party, narrowed or widened by
the party's team. Every answer (a user's rights on one agreement, the agreements where a user holds a
right, the users holding a right on one agreement) comes from the rules in this module, so pages,
services, mails and reminders can never disagree.

The rules:
- A user acts only as a member of their institution's party; an invited institution is no party until its
  Pimpinan accepts.
- While a party keeps no team on an agreement, each active user of its institution holds the defaults of
  their roles (ROLE_RIGHTS). Once it keeps one, only its members do, each with the defaults of their roles
  plus the rights added and minus the rights withheld for them (TeamRight).
- A party's Pimpinan always manages its team, member or not, so no team can lock its manager out.
- Gates a higher app registers (portal.registry.access_gates) must also say yes.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementParty, PartyTeam, TeamMember, TeamRight
from portal.choices import Role
from portal.models import User
from portal.registry import registry


class Right(StrEnum):
    """What a principal may do on one agreement (the answer of selectors.agreement_rights)."""

    VIEW = "view"  # read it: every user of a party; the portal administrator, read-only and logged
    EDIT_SHARED = "edit_shared"  # the agreement's shared data: terms, parties, clauses, obligations, monev
    CHANGE = "edit_shared"  # the former name of EDIT_SHARED, kept for callers (an alias, the same right)
    KEEP_OWN = "keep_own"  # its own party's contacts, documents, paraf, letters, force majeure and dues
    HANDLE_PROPOSALS = "handle_proposals"  # correction proposals
    VIEW_PERSONAL_DATA = "view_personal_data"  # NIPs and names (after the gates, e.g. the Pasal 9 one)
    SIGN_OFF = "sign_off"  # notices, termination, extension, addenda and the Lampiran
    MANAGE_TEAM = "manage_team"  # keep its own party's team on the agreement
    RECOMPUTE = "recompute"  # recompute the clocks from recorded facts: a party that edits, or an admin


RIGHT_LABELS = {
    Right.EDIT_SHARED: _("Mengubah data bersama"),
    Right.KEEP_OWN: _("Mengelola catatan pihak sendiri"),
    Right.HANDLE_PROPOSALS: _("Menangani usulan perbaikan"),
    Right.VIEW_PERSONAL_DATA: _("Melihat data pribadi"),
    Right.SIGN_OFF: _("Menyetujui (pemberitahuan, pengakhiran, perpanjangan, Lampiran)"),
}
# The rights a Pimpinan may add to or withhold from a member of the team, in the order the page shows.
ADJUSTABLE = tuple(RIGHT_LABELS)

_STAF = frozenset({Right.EDIT_SHARED, Right.KEEP_OWN})
ROLE_RIGHTS: dict[str, frozenset[Right]] = {
    Role.STAF.value: _STAF,
    Role.PENGHUBUNG.value: frozenset({Right.HANDLE_PROPOSALS, Right.VIEW_PERSONAL_DATA}),
    Role.PIMPINAN.value: _STAF | {Right.SIGN_OFF, Right.MANAGE_TEAM},
}


def roles_of(user: User) -> set[str]:
    names = getattr(user, "_role_names", None)
    if names is None:
        user.has_role(Role.STAF)  # loads and keeps the names
        names = user._role_names
    return set(names)


def role_defaults(roles: Iterable[str]) -> set[Right]:
    found: set[Right] = set()
    for role in roles:
        found |= ROLE_RIGHTS.get(role, frozenset())
    return found


def roles_with(right: Right) -> list[str]:
    return [role for role, rights in ROLE_RIGHTS.items() if right in rights]


def _with_derived(rights: set[Right], roles: set[str]) -> set[Right]:
    if Role.PIMPINAN.value in roles:
        rights.add(Right.MANAGE_TEAM)
    if Right.EDIT_SHARED in rights:
        rights.add(Right.RECOMPUTE)
    return rights


def member_rights(roles: set[str], adjustments: Iterable[TeamRight]) -> set[Right]:
    """A member's rights: the role's defaults, plus those added, minus those withheld."""
    rights = role_defaults(roles)
    for adjustment in adjustments:
        if adjustment.right not in Right._value2member_map_:
            continue
        if adjustment.granted:
            rights.add(Right(adjustment.right))
        else:
            rights.discard(Right(adjustment.right))
    return rights


def user_rights_in_party(user: User, party: AgreementParty) -> set[Right]:
    """The rights a user of the party's institution holds on its agreement, before the gates."""
    if not user.is_active:
        return set()
    roles = roles_of(user)
    team = PartyTeam.objects.filter(party_id=party.pk).values_list("pk", flat=True).first()
    if team is None:
        return _with_derived(role_defaults(roles), roles)
    member = TeamMember.objects.filter(team_id=team, user=user).prefetch_related("adjustments").first()
    if member is None:
        return _with_derived(set(), roles)
    return _with_derived(member_rights(roles, member.adjustments.all()), roles)


def passes_gates(principal, right: Right, agreement_id: int) -> bool:
    return all(gate.check(principal, agreement_id) for gate in registry.access_gates if gate.right == right)


def _holds(right: Right, roles: set[str], *, agreement_ref: str, institution_id: int, user) -> Q:
    """The condition, on an Agreement queryset, that this user holds `right` there (before the gates)."""
    if right == Right.MANAGE_TEAM and Role.PIMPINAN.value in roles:
        return Q()
    team = PartyTeam.objects.filter(
        party__agreement=OuterRef(agreement_ref), party__institution_id=institution_id
    )
    member = TeamMember.objects.filter(
        team__party__agreement=OuterRef(agreement_ref), team__party__institution_id=institution_id, user=user
    )
    adjusted = TeamRight.objects.filter(member=OuterRef("pk"), right=right)
    if right == Right.RECOMPUTE:
        right = Right.EDIT_SHARED
        adjusted = TeamRight.objects.filter(member=OuterRef("pk"), right=right)
    if right in role_defaults(roles):
        return ~Exists(team) | Exists(member.exclude(Exists(adjusted.filter(granted=False))))
    return Exists(member.filter(Exists(adjusted.filter(granted=True))))


def agreements_where(user: User, right: Right, visible: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Of the visible agreements, those on which the user holds the right, before the gates (one query)."""
    if not user.is_authenticated or not user.is_active or not user.institution_id:
        return visible.none()
    if right == Right.VIEW:
        return visible
    roles = roles_of(user)
    return visible.filter(
        _holds(right, roles, agreement_ref="pk", institution_id=user.institution_id, user=user)
    )


def holders(agreement: Agreement, right: Right, institution_id: int | None = None) -> list[User]:
    """The active users who hold `right` on the agreement (of one party's institution when given), gates
    included: whom a page offers as assignees, whom a mail and a reminder go to."""
    parties = AgreementParty.objects.filter(agreement=agreement)
    if institution_id is not None:
        parties = parties.filter(institution_id=institution_id)
    institutions = list(parties.values_list("institution_id", flat=True))
    if not institutions:
        return []
    defaults = roles_with(Right.EDIT_SHARED if right == Right.RECOMPUTE else right)
    stored = Right.EDIT_SHARED if right == Right.RECOMPUTE else right
    team_of = PartyTeam.objects.filter(
        party__agreement=agreement, party__institution_id=OuterRef("institution_id")
    )
    membership = TeamMember.objects.filter(
        team__party__agreement=agreement,
        team__party__institution_id=OuterRef("institution_id"),
        user=OuterRef("pk"),
    )
    adjusted = TeamRight.objects.filter(member=OuterRef("pk"), right=stored)
    by_role = Q(groups__name__in=defaults)
    if right == Right.MANAGE_TEAM:
        condition = by_role
    else:
        condition = (by_role & ~Exists(team_of)) | (
            by_role & Exists(membership.exclude(Exists(adjusted.filter(granted=False))))
        )
        condition |= Exists(membership.filter(Exists(adjusted.filter(granted=True))))
    users = (
        User.objects.filter(institution_id__in=institutions, is_active=True)
        .filter(condition)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [user for user in users if passes_gates(user, right, agreement.pk)]


def holders_across(agreement_ids: Iterable[int], right: Right, institution_id: int) -> list[User]:
    """The active users of one institution who hold `right` on at least one of the agreements: a menu that
    spans every agreement a user works on (the bulk-assign menu of the proposal list). One query however
    many agreements, the same people as `holders` on each of them, joined."""
    ids = list(agreement_ids)
    if not ids:
        return []
    if any(gate.right == right for gate in registry.access_gates):
        # A gate is checked per agreement: ask each one (no right with a gate has such a menu today).
        found = {user.pk: user for pk in ids for user in holders(Agreement(pk=pk), right, institution_id)}
        return sorted(found.values(), key=lambda user: (user.first_name, user.last_name, user.username))
    stored = Right.EDIT_SHARED if right == Right.RECOMPUTE else right
    parties = AgreementParty.objects.filter(agreement_id__in=ids, institution_id=institution_id)
    by_role = Q(groups__name__in=roles_with(stored))
    if right == Right.MANAGE_TEAM:
        condition = by_role & Exists(parties)
    else:
        teamless = parties.exclude(Exists(PartyTeam.objects.filter(party=OuterRef("pk"))))
        membership = TeamMember.objects.filter(team__party__in=parties, user=OuterRef("pk"))
        adjusted = TeamRight.objects.filter(member=OuterRef("pk"), right=stored)
        condition = (
            (by_role & Exists(teamless))
            | (by_role & Exists(membership.exclude(Exists(adjusted.filter(granted=False)))))
            | Exists(membership.filter(Exists(adjusted.filter(granted=True))))
        )
    users = (
        User.objects.filter(institution_id=institution_id, is_active=True)
        .filter(condition)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return list(users)
