"""Pages of a party's team on an agreement (the Tim tab's forms), an institution's teams, and invitations.

As everywhere in the app: load through a selector, ask the right, call one service, redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreements import forms, selectors, services
from agreements.choices import InvitationStatus
from agreements.models import Agreement, AgreementParty, TeamMember
from agreements.selectors import Right
from portal.models import Institution
from portal.principals import is_portal_admin


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    return get_object_or_404(
        selectors.agreements_visible_to(request.user).prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("institution"))
        ),
        pk=pk,
    )


def _back(agreement: Agreement):
    return redirect(f"{agreement.get_absolute_url()}#tim")


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    if not selectors.may(request.user, Right.MANAGE_TEAM, agreement):
        raise PermissionDenied
    party = selectors.own_party_of(request.user, agreement)
    form = forms.TeamMemberAddForm(request.POST, candidates=selectors.team_of(agreement, party).candidates)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(agreement)
    try:
        services.team_member_add(
            agreement=agreement, acting_user=request.user, user=form.cleaned_data["user"]
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("%(user)s kini anggota tim pihak Anda.") % {"user": form.cleaned_data["user"]}
        )
    return _back(agreement)


def _member(request: HttpRequest, agreement: Agreement, member_pk: int) -> TeamMember:
    if not selectors.may(request.user, Right.MANAGE_TEAM, agreement):
        raise PermissionDenied
    return get_object_or_404(
        TeamMember.objects.select_related("team__party__agreement", "user"),
        pk=member_pk,
        team__party__agreement=agreement,
        team__party__institution_id=request.user.institution_id,
    )


@require_POST
def team_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    member = _member(request, agreement, member_pk)
    try:
        services.team_member_remove(member=member, acting_user=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(user)s dikeluarkan dari tim.") % {"user": member.user})
    return _back(agreement)


@require_POST
def team_member_rights(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    member = _member(request, agreement, member_pk)
    # The Tim tab has one rights form for every member: each member's boxes carry the member's id.
    form = forms.TeamRightsForm({"rights": request.POST.getlist(f"rights-{member.pk}")})
    if not form.is_valid():
        messages.error(request, _("Hak yang dipilih tidak dikenal."))
        return _back(agreement)
    try:
        services.team_member_rights_set(
            member=member, acting_user=request.user, rights=form.cleaned_data["rights"]
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Hak %(user)s tersimpan.") % {"user": member.user})
    return _back(agreement)


def teams(request: HttpRequest) -> HttpResponse:
    """An institution's teams across its agreements: its Pimpinan's own, any institution's for the admin."""
    admin = is_portal_admin(request.user)
    institutions = list(Institution.objects.order_by("name")) if admin else []
    institution = None
    wanted = request.GET.get("instansi", "")
    if admin and wanted.isdigit():
        institution = next((i for i in institutions if i.pk == int(wanted)), None)
    elif not admin and request.user.institution_id:
        institution = request.user.institution
    if institution is not None and not selectors.may_see_teams_of(request.user, institution):
        raise PermissionDenied
    if institution is None and not admin:
        raise PermissionDenied
    rows = selectors.teams_overview(institution) if institution else []
    return render(
        request,
        "agreements/teams.html",
        {"institution": institution, "institutions": institutions, "rows": rows, "admin": admin},
    )


def invitation_list(request: HttpRequest) -> HttpResponse:
    invitations = list(selectors.invitations_for(request.user))
    return render(
        request,
        "agreements/invitation_list.html",
        {
            "pending": [i for i in invitations if i.status == InvitationStatus.PENDING],
            "answered": [i for i in invitations if i.status != InvitationStatus.PENDING],
        },
    )


def invitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What the invited institution sees before it accepts: the title, the parties, who invited; no more."""
    invitation = get_object_or_404(selectors.invitations_for(request.user), pk=pk)
    return render(
        request,
        "agreements/invitation_detail.html",
        {
            "invitation": invitation,
            "may_answer": selectors.may_answer(request.user, invitation),
            "decline_form": forms.InvitationDeclineForm(),
        },
    )


@require_http_methods(["POST"])
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(selectors.invitations_for(request.user), pk=pk)
    try:
        party = services.invitation_accept(invitation=invitation, acting_user=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect(invitation)
    messages.success(
        request,
        _("Undangan diterima: instansi Anda kini %(party)s perjanjian ini.") % {"party": party.role_name},
    )
    return redirect(party.agreement)


@require_http_methods(["POST"])
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(selectors.invitations_for(request.user), pk=pk)
    form = forms.InvitationDeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.invitation_decline(invitation=invitation, acting_user=request.user, reason=reason)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Undangan ditolak; para pihak telah diberi tahu."))
    return redirect(invitation)


@require_http_methods(["POST"])
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The inviting party takes back an unanswered invitation, from the Tim tab of its agreement."""
    invitation = get_object_or_404(
        selectors.invitations_of_visible(request.user).select_related("agreement"), pk=pk
    )
    try:
        services.invitation_withdraw(invitation=invitation, acting_user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Undangan kepada %(institution)s ditarik; instansi itu dan para pihak telah diberi tahu.")
            % {"institution": invitation.institution.name},
        )
    return _back(invitation.agreement)
