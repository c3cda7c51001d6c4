"""A party's team on an agreement, kept by its Pimpinan: who works on it and with which rights.

Every change is an event on the agreement with who and when; granting the personal-data right says so.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.choices import EventKind
from agreements.models import Agreement, AgreementParty, PartyTeam, TeamMember, TeamRight
from agreements.rights import ADJUSTABLE, RIGHT_LABELS, Right, role_defaults, roles_of
from agreements.services._common import lock, own_party, record_event, require_right, role_term
from portal.choices import Role
from portal.lib.stored_text import keyed
from portal.models import User
from portal.principals import Principal


def _label(right: Right) -> str:
    return str(RIGHT_LABELS[right])


def _managed_party(agreement: Agreement, acting_user: Principal) -> AgreementParty:
    require_right(acting_user, agreement, Right.MANAGE_TEAM)
    party = own_party(agreement, acting_user)
    if party is None:  # pragma: no cover - MANAGE_TEAM is held only by a user of a party
        raise PermissionDenied
    return party


def team_start(party: AgreementParty, users: Iterable[User]) -> PartyTeam:
    """The team a party starts with (on creation: its creator and its Pimpinan); no check, no event."""
    team, _created = PartyTeam.objects.get_or_create(party=party)
    for user in users:
        if user.institution_id == party.institution_id:
            TeamMember.objects.get_or_create(team=team, user=user)
    return team


def initial_members(party: AgreementParty, creator: User | None) -> list[User]:
    managers = User.objects.filter(
        institution_id=party.institution_id, is_active=True, groups__name=Role.PIMPINAN.value
    ).distinct()
    return [creator, *managers] if creator is not None else list(managers)


@transaction.atomic
def team_member_add(*, agreement: Agreement, acting_user: Principal, user: User) -> TeamMember:
    """Add a user of the manager's own institution to its party's team (starting the team if it had none:
    from then on only members act for the party)."""
    agreement = lock(agreement)
    party = _managed_party(agreement, acting_user)
    if user.institution_id != party.institution_id or not user.is_active:
        raise ValidationError(_("Anggota tim harus pengguna aktif instansi Anda sendiri."))
    team, started = PartyTeam.objects.get_or_create(party=party)
    member, created = TeamMember.objects.get_or_create(team=team, user=user)
    if not created:
        raise ValidationError(_("%(user)s sudah menjadi anggota tim.") % {"user": user})
    defaults = sorted(role_defaults(roles_of(user)) & set(ADJUSTABLE))
    record_event(
        agreement,
        EventKind.TEAM_CHANGED,
        acting_user,
        keyed(
            gettext_noop("%(user)s ditambahkan ke tim %(party)s dengan hak bawaan perannya: %(rights)s"),
            user=str(user),
            party=role_term(party),
            rights=", ".join(_label(r) for r in defaults) or "-",
        ),
        party=party.pk,
        user=user.pk,
        change="member_added",
        rights=[str(r) for r in defaults],
        team_started=started,
    )
    return member


@transaction.atomic
def team_member_remove(*, member: TeamMember, acting_user: Principal) -> None:
    """Take a member off the party's team; they no longer act on the agreement for the party."""
    party = member.team.party
    agreement = lock(party.agreement)
    if _managed_party(agreement, acting_user).pk != party.pk:
        raise ValidationError(_("Anda hanya dapat mengelola tim pihak Anda sendiri."))
    user = member.user
    member.delete()
    record_event(
        agreement,
        EventKind.TEAM_CHANGED,
        acting_user,
        _("%(user)s dikeluarkan dari tim %(party)s") % {"user": user, "party": party.role_name},
        party=party.pk,
        user=user.pk,
        change="member_removed",
    )


@transaction.atomic
def team_member_rights_set(
    *, member: TeamMember, acting_user: Principal, rights: Iterable[Right | str]
) -> TeamMember:
    """Give a member exactly these of the adjustable rights: what differs from the role's defaults is kept
    as an adjustment (added or withheld)."""
    party = member.team.party
    agreement = lock(party.agreement)
    if _managed_party(agreement, acting_user).pk != party.pk:
        raise ValidationError(_("Anda hanya dapat mengelola tim pihak Anda sendiri."))
    wanted = {Right(r) for r in rights}
    unknown = wanted - set(ADJUSTABLE)
    if unknown:
        raise ValidationError(_("Hak yang dipilih tidak dikenal."))
    defaults = role_defaults(roles_of(member.user)) & set(ADJUSTABLE)
    before = {Right(a.right): a.granted for a in member.adjustments.all()}
    current = (defaults | {r for r, granted in before.items() if granted}) - {
        r for r, granted in before.items() if not granted
    }
    if current == wanted:
        return member
    member.adjustments.all().delete()
    TeamRight.objects.bulk_create(
        [TeamRight(member=member, right=r, granted=True) for r in sorted(wanted - defaults)]
        + [TeamRight(member=member, right=r, granted=False) for r in sorted(defaults - wanted)]
    )
    added, removed = sorted(wanted - current), sorted(current - wanted)
    parts = []
    if added:
        parts.append(_("diberi %(rights)s") % {"rights": ", ".join(_label(r) for r in added)})
    if removed:
        parts.append(_("dicabut %(rights)s") % {"rights": ", ".join(_label(r) for r in removed)})
    record_event(
        agreement,
        EventKind.TEAM_CHANGED,
        acting_user,
        _("Hak %(user)s di tim %(party)s: %(changes)s")
        % {"user": member.user, "party": party.role_name, "changes": "; ".join(parts)},
        party=party.pk,
        user=member.user_id,
        change="rights",
        added=[str(r) for r in added],
        removed=[str(r) for r in removed],
        personal_data_granted=Right.VIEW_PERSONAL_DATA in added,
    )
    return member


@transaction.atomic
def agreement_oversight_read(*, agreement: Agreement, acting_user: Principal, what: str = "page") -> None:
    """A portal administrator read the agreement: an access event without personal data (who, when, what)."""
    require_right(acting_user, agreement, Right.VIEW)
    if own_party(agreement, acting_user) is not None:
        return  # a party's own reads are its business, not oversight
    record_event(
        agreement,
        EventKind.OVERSIGHT_READ,
        acting_user,
        _("Administrator portal membuka perjanjian (hanya baca)")
        if what == "page"
        else _("Administrator portal mengunduh naskah perjanjian (hanya baca)"),
        what=what,
    )
