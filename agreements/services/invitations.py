"""Parties join by consent: an institution added to an agreement that has parties is invited; its Pimpinan
accepts (it becomes a party) or declines; the existing parties are told each time, in the portal and by mail.
Until it accepts, the invited institution sees the invitation and nothing else of the agreement.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.choices import EventKind, InvitationStatus
from agreements.models import Agreement, AgreementParty, PartyInvitation
from agreements.rights import Right
from agreements.services._common import attribute, lock, record_event, require_right, role_term
from portal.choices import Role
from portal.lib.mail import render_mail
from portal.lib.stored_text import Keyed, keyed
from portal.models import Institution, User
from portal.principals import Principal, institution_of, user_of

# What an invitation keeps of the party form, applied on acceptance.
INVITED_FIELDS = (
    "number",
    "signatory_name",
    "signatory_position",
    "appointment_basis",
    "appointment_number",
    "appointment_date",
    "address",
    "description",
)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _managers(institution_id: int) -> list[User]:
    return list(
        User.objects.filter(institution_id=institution_id, is_active=True, groups__name=Role.PIMPINAN.value)
        .distinct()
        .order_by("username")
    )


def _tell_parties(
    invitation: PartyInvitation, *, actor: Principal | None, lead: str | Keyed, key: str
) -> None:
    """After commit: a bell line for every active user of the existing parties, a mail to their Pimpinan."""
    from agreements.selectors import who_may
    from portal.services import mail_enqueue_to_users, notification_create

    agreement = invitation.agreement
    person = user_of(actor)
    url = agreement.get_absolute_url()

    def send() -> None:
        parties = list(AgreementParty.objects.filter(agreement=agreement).select_related("institution"))
        institutions = [p.institution_id for p in parties if p.institution_id != invitation.institution_id]
        users = User.objects.filter(is_active=True, institution_id__in=institutions)
        if person is not None:
            users = users.exclude(pk=person.pk)
        notification_create(users=users, key=key, title=lead, url=url)
        for party in parties:
            if party.institution_id == invitation.institution_id:
                continue
            to = [u for u in who_may(agreement, Right.MANAGE_TEAM, party.institution_id) if u.email]
            if not to:
                continue
            context = {
                "agreement": agreement,
                "invitation": invitation,
                "party": party,
                "lead": lead,
                "url": f"{settings.SITE_URL}{url}",
                "site_name": settings.SITE_NAME,
            }
            mail_enqueue_to_users(
                users=to,
                render=lambda context=context: render_mail("party_invitation_news", context),
                key=f"{key}:{party.pk}",
                kind="party_invitation_news",
            )

    transaction.on_commit(send)


def _tell_invited(invitation: PartyInvitation) -> None:
    from portal.services import mail_enqueue_to_users, notification_create

    agreement = invitation.agreement

    def send() -> None:
        managers = _managers(invitation.institution_id)
        title = keyed(gettext_noop("Undangan menjadi pihak: %(title)s"), title=agreement.title)
        url = invitation.get_absolute_url()
        notification_create(users=managers, key=f"invitation-{invitation.pk}", title=title, url=url)
        parties = list(agreement.parties.all())

        def render() -> tuple[str, str, str]:
            context = {
                "agreement": agreement,
                "invitation": invitation,
                "parties": [f"{p.role_name} - {p.institution.name}" for p in parties],
                "lead": _(
                    "%(institution)s diundang menjadi pihak perjanjian berikut. Sebelum Anda menerimanya, "
                    "instansi Anda tidak melihat isi perjanjian ini."
                )
                % {"institution": invitation.institution.name},
                "action": _("Buka undangan di portal"),
                "url": f"{settings.SITE_URL}{url}",
                "site_name": settings.SITE_NAME,
            }
            return render_mail("party_invitation", context)

        mail_enqueue_to_users(
            users=managers,
            render=render,
            key=f"invitation-{invitation.pk}",
            kind="party_invitation",
        )

    transaction.on_commit(send)


def party_invite(
    agreement: Agreement, acting_user: Principal, data: Mapping[str, Any], order: int
) -> PartyInvitation:
    """Invite one institution (inside the create or edit transition, whose right check covers it)."""
    institution: Institution = data["institution"]
    if AgreementParty.objects.filter(agreement=agreement, institution=institution).exists():
        raise ValidationError(_("%(name)s sudah menjadi pihak.") % {"name": institution.name})
    pending = PartyInvitation.objects.filter(
        agreement=agreement, institution=institution, status=InvitationStatus.PENDING
    ).first()
    party_data = {name: _json(data.get(name) or "") for name in INVITED_FIELDS}
    if pending is not None:
        if (pending.order, pending.party_data) != (order, party_data):
            pending.order, pending.party_data = order, party_data
            pending.save(update_fields=["order", "party_data"])
        return pending
    invitation = PartyInvitation.objects.create(
        agreement=agreement,
        institution=institution,
        order=order,
        party_data=party_data,
        invited_by=user_of(acting_user),
    )
    lead = keyed(
        gettext_noop("%(institution)s diundang menjadi pihak perjanjian %(title)s."),
        institution=institution.name,
        title=agreement.title,
    )
    record_event(agreement, EventKind.PARTY_INVITED, acting_user, lead, institution=institution.pk)
    _tell_invited(invitation)
    _tell_parties(invitation, actor=acting_user, lead=lead, key=f"invitation-{invitation.pk}-sent")
    return invitation


def _open_invitation(
    invitation: PartyInvitation, acting_user: Principal
) -> tuple[PartyInvitation, Agreement]:
    agreement = lock(invitation.agreement)
    invitation = (
        PartyInvitation.objects.select_for_update().select_related("institution").get(pk=invitation.pk)
    )
    is_manager = (
        isinstance(acting_user, User) and acting_user.has_role(Role.PIMPINAN) and acting_user.is_active
    )
    if institution_of(acting_user) != invitation.institution_id or not is_manager:
        raise PermissionDenied(_("Undangan ini dijawab oleh Pimpinan instansi yang diundang."))
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(
            _("Undangan ini sudah dijawab: %(status)s.") % {"status": invitation.get_status_display()}
        )
    return invitation, agreement


def _answer(invitation: PartyInvitation, acting_user: Principal, status: str) -> None:
    invitation.status = status
    invitation.answered_by = user_of(acting_user)
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_by", "answered_at"])


@transaction.atomic
def invitation_accept(*, invitation: PartyInvitation, acting_user: Principal) -> AgreementParty:
    """The invited institution's Pimpinan accepts: it becomes a party, at the order it was invited to."""
    invitation, agreement = _open_invitation(invitation, acting_user)
    data = dict(invitation.party_data)
    if data.get("appointment_date"):
        data["appointment_date"] = date.fromisoformat(data["appointment_date"])
    else:
        data["appointment_date"] = None
    if not data.get("appointment_basis"):
        data.pop("appointment_basis", None)
    taken = set(AgreementParty.objects.filter(agreement=agreement).values_list("order", flat=True))
    order = invitation.order
    if order in taken:
        # Parties at or after the invited place move down one, last first, so (agreement, order) stays unique.
        later = AgreementParty.objects.filter(agreement=agreement, order__gte=order)
        later.update(order=F("order") + 1000)
        AgreementParty.objects.filter(agreement=agreement, order__gte=1000).update(order=F("order") - 999)
    party = AgreementParty(agreement=agreement, institution=invitation.institution, order=order, **data)
    party.full_clean(exclude=["agreement"], validate_unique=False, validate_constraints=False)
    attribute(party, acting_user).save()
    _answer(invitation, acting_user, InvitationStatus.ACCEPTED)
    lead = keyed(
        gettext_noop("%(institution)s menerima undangan dan kini menjadi %(party)s perjanjian %(title)s."),
        institution=invitation.institution.name,
        party=role_term(party),
        title=agreement.title,
    )
    record_event(
        agreement, EventKind.INVITATION_ACCEPTED, acting_user, lead, institution=invitation.institution_id
    )
    _tell_parties(invitation, actor=acting_user, lead=lead, key=f"invitation-{invitation.pk}-accepted")
    return party


@transaction.atomic
def invitation_decline(
    *, invitation: PartyInvitation, acting_user: Principal, reason: str = ""
) -> PartyInvitation:
    """The invited institution's Pimpinan declines: it never becomes a party and sees nothing more."""
    invitation, agreement = _open_invitation(invitation, acting_user)
    _answer(invitation, acting_user, InvitationStatus.DECLINED)
    lead = _("%(institution)s menolak undangan menjadi pihak perjanjian %(title)s.") % {
        "institution": invitation.institution.name,
        "title": agreement.title,
    }
    if reason.strip():
        lead += " " + _("Alasan: %(reason)s") % {"reason": reason.strip()[:300]}
    record_event(
        agreement, EventKind.INVITATION_DECLINED, acting_user, lead, institution=invitation.institution_id
    )
    _tell_parties(invitation, actor=acting_user, lead=lead, key=f"invitation-{invitation.pk}-declined")
    return invitation


def _tell_withdrawn(invitation: PartyInvitation, lead: str | Keyed) -> None:
    """After commit: the invited institution's Pimpinan learn, in the portal and by mail, that the invitation
    they had not answered is gone."""
    from portal.services import mail_enqueue, notification_create

    agreement = invitation.agreement

    def send() -> None:
        managers = _managers(invitation.institution_id)
        url = invitation.get_absolute_url()
        key = f"invitation-{invitation.pk}-withdrawn"
        notification_create(users=managers, key=key, title=lead, url=url)
        to = [u.email for u in managers if u.email]
        if not to:
            return
        context = {
            "agreement": agreement,
            "invitation": invitation,
            "lead": lead,
            "url": f"{settings.SITE_URL}{url}",
            "site_name": settings.SITE_NAME,
        }
        subject, text, html = render_mail("party_invitation_withdrawn", context)
        mail_enqueue(
            to=to, subject=subject, body_text=text, body_html=html, key=key, kind="party_invitation_withdrawn"
        )

    transaction.on_commit(send)


@transaction.atomic
def invitation_withdraw(*, invitation: PartyInvitation, acting_user: Principal) -> PartyInvitation:
    """The inviting party takes back an invitation not yet answered: the institution never becomes a party.
    Its Pimpinan and the other parties are told."""
    from agreements.selectors import may_withdraw

    agreement = lock(invitation.agreement)
    require_right(acting_user, agreement, Right.EDIT_SHARED)
    invitation = (
        PartyInvitation.objects.select_for_update(of=("self",))
        .select_related("agreement", "institution", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(
            _("Undangan ini sudah tidak menunggu jawaban: %(status)s.")
            % {"status": invitation.get_status_display()}
        )
    if not may_withdraw(acting_user, invitation):
        # A party acts only for itself: another party's invitation is that party's to take back.
        raise ValidationError(_("Undangan hanya dapat ditarik oleh pihak yang mengundang."))
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.withdrawn_by = user_of(acting_user)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
    lead = keyed(
        gettext_noop("Undangan kepada %(institution)s menjadi pihak perjanjian %(title)s ditarik."),
        institution=invitation.institution.name,
        title=invitation.agreement.title,
    )
    record_event(
        invitation.agreement,
        EventKind.INVITATION_WITHDRAWN,
        acting_user,
        lead,
        institution=invitation.institution_id,
    )
    _tell_withdrawn(invitation, lead)
    _tell_parties(invitation, actor=acting_user, lead=lead, key=f"invitation-{invitation.pk}-withdrawn-news")
    return invitation
