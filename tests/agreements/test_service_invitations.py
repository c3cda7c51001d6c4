"""Parties join by consent: an invited institution sees only the invitation until its Pimpinan accepts."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import selectors, services
from agreements.choices import EventKind, InvitationStatus
from agreements.models import AgreementEvent, PartyInvitation
from agreements.selectors import Right
from portal.models import Notification, OutboxMail
from tests.agreements.conftest import manager_of, party


def invite_bps(agreement, user, kemendes, bkn, lain):
    """Kemendes's staff adds BPS as PIHAK KETIGA through the edit service."""
    parties = [party(kemendes, "1/UJI/2023"), party(bkn, "2/UJI/2023"), party(lain, "3/BPS/2023")]
    services.agreement_update(agreement=agreement, acting_user=user, fields={}, parties=parties)
    return PartyInvitation.objects.get(agreement=agreement, institution=lain)


def test_a_third_institution_added_to_a_signed_agreement_sees_nothing_until_its_pimpinan_accepts(
    client, agreement, kemendes_staf, kemendes, bkn, lain, lain_staf, django_capture_on_commit_callbacks
):
    assert agreement.signed_on
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_bps(agreement, kemendes_staf, kemendes, bkn, lain)
    assert invitation.status == InvitationStatus.PENDING and invitation.order == 3
    assert agreement.parties.count() == 2
    # Nothing of the agreement: not in the list, 404 on its page, its PDF, its actions; no rights.
    assert not selectors.agreements_visible_to(lain_staf).filter(pk=agreement.pk).exists()
    assert selectors.agreement_rights(lain_staf, agreement) == frozenset()
    client.force_login(lain_staf)
    assert agreement.title not in client.get(reverse("agreements:agreement_list")).content.decode()
    for url in (
        agreement.get_absolute_url(),
        reverse("agreements:agreement_pdf", args=[agreement.pk]),
        reverse("agreements:agreement_contact", args=[agreement.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # Only the invitation: its page names the agreement and the parties, and shows no clause or date.
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert agreement.title in page and "Terima undangan" not in page  # staff may not answer
    assert "Tujuan uji." not in page
    bps_manager = manager_of(lain.pk)
    with django_capture_on_commit_callbacks(execute=True):
        joined = services.invitation_accept(invitation=invitation, acting_user=bps_manager)
    assert (joined.order, joined.number) == (3, "3/BPS/2023")
    assert selectors.agreements_visible_to(lain_staf).filter(pk=agreement.pk).exists()
    assert client.get(agreement.get_absolute_url()).status_code == 200
    assert Right.KEEP_OWN in selectors.agreement_rights(lain_staf, agreement)


def test_the_existing_parties_are_told_in_the_portal_and_by_mail(
    agreement,
    kemendes_staf,
    kemendes_pimpinan,
    bkn_staf,
    bkn_pimpinan,
    kemendes,
    bkn,
    lain,
    django_capture_on_commit_callbacks,
):
    manager_of(lain.pk)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_bps(agreement, kemendes_staf, kemendes, bkn, lain)
    assert Notification.objects.filter(user=bkn_staf, key=f"invitation-{invitation.pk}-sent").exists()
    assert not Notification.objects.filter(
        user=kemendes_staf, key=f"invitation-{invitation.pk}-sent"
    ).exists()
    told = OutboxMail.objects.filter(kind="party_invitation_news")
    assert {tuple(m.recipients) for m in told} == {(kemendes_pimpinan.email,), (bkn_pimpinan.email,)}
    invited = OutboxMail.objects.get(kind="party_invitation")
    assert "Badan Pusat Statistik" in invited.body_text and invitation.get_absolute_url() in invited.body_text
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_decline(
            invitation=invitation, acting_user=manager_of(lain.pk), reason="Belum perlu"
        )
    declined = Notification.objects.get(user=bkn_staf, key=f"invitation-{invitation.pk}-declined")
    assert "menolak" in declined.title and "Belum perlu" in declined.title
    event = AgreementEvent.objects.get(agreement=agreement, kind=EventKind.INVITATION_DECLINED)
    assert event.actor == manager_of(lain.pk)
    assert agreement.parties.count() == 2


def test_only_the_invited_institutions_pimpinan_answers(
    agreement, kemendes_staf, kemendes, bkn, lain, lain_staf, bkn_pimpinan
):
    invitation = invite_bps(agreement, kemendes_staf, kemendes, bkn, lain)
    for user in (lain_staf, bkn_pimpinan):
        with pytest.raises(PermissionDenied, match="Pimpinan instansi yang diundang"):
            services.invitation_accept(invitation=invitation, acting_user=user)
    services.invitation_accept(invitation=invitation, acting_user=manager_of(lain.pk))
    with pytest.raises(ValidationError, match="sudah dijawab"):
        services.invitation_decline(invitation=invitation, acting_user=manager_of(lain.pk))


def test_a_draft_is_signed_only_once_every_invited_party_has_joined(make_agreement, kemendes_staf, bkn):
    draft = make_agreement(signed_on=None, contacts=False, join=False)
    with pytest.raises(ValidationError, match="sekurang-kurangnya dua pihak"):
        services.agreement_sign(
            agreement=draft, acting_user=kemendes_staf, signed_on=date(2024, 2, 1), signing_place="Bogor"
        )
    services.invitation_accept(invitation=draft.invitations.get(), acting_user=manager_of(bkn.pk))
    services.agreement_sign(
        agreement=draft, acting_user=kemendes_staf, signed_on=date(2024, 2, 1), signing_place="Bogor"
    )


def test_the_invitation_pages_permission_matrix(
    client, make_agreement, bkn_pimpinan, bkn_staf, kemendes_staf, lain_staf
):
    from tests.helpers import assert_permission_matrix

    draft = make_agreement(signed_on=None, contacts=False, join=False)
    invitation = draft.invitations.get()
    url = invitation.get_absolute_url()
    assert_permission_matrix(
        client,
        url,
        {
            "anonymous": (None, 302),
            "inviting party": (kemendes_staf, 404),
            "outsider": (lain_staf, 404),
            "invited staff": (bkn_staf, 200),
            "invited pimpinan": (bkn_pimpinan, 200),
        },
    )
    accept = reverse("agreements:invitation_accept", args=[invitation.pk])
    client.force_login(bkn_staf)
    client.post(accept)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    client.force_login(bkn_pimpinan)
    page = client.get(url).content.decode()
    assert "Terima undangan" in page
    response = client.post(accept)
    assert response.status_code == 302 and response.url == draft.get_absolute_url()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_the_inviting_party_withdraws_a_pending_invitation_and_the_invited_pimpinan_is_told(
    agreement,
    kemendes_staf,
    kemendes_pimpinan,
    bkn_staf,
    kemendes,
    bkn,
    lain,
    django_capture_on_commit_callbacks,
):
    bps_manager = manager_of(lain.pk)
    invitation = invite_bps(agreement, kemendes_staf, kemendes, bkn, lain)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_withdraw(invitation=invitation, acting_user=kemendes_staf)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    assert (invitation.withdrawn_by, invitation.answered_by) == (kemendes_staf, None)
    event = AgreementEvent.objects.get(agreement=agreement, kind=EventKind.INVITATION_WITHDRAWN)
    assert event.actor == kemendes_staf and "Badan Pusat Statistik" in event.summary_text
    mail = OutboxMail.objects.get(kind="party_invitation_withdrawn")
    assert mail.recipients == [bps_manager.email]
    assert "ditarik" in mail.subject.lower() and invitation.get_absolute_url() in mail.body_text
    assert Notification.objects.filter(user=bps_manager, key=f"invitation-{invitation.pk}-withdrawn").exists()
    assert Notification.objects.filter(
        user=bkn_staf, key=f"invitation-{invitation.pk}-withdrawn-news"
    ).exists()
    # BPS never became a party and sees nothing; the invitation cannot be answered any more.
    assert agreement.parties.count() == 2
    assert not selectors.agreements_visible_to(bps_manager).filter(pk=agreement.pk).exists()
    with pytest.raises(ValidationError, match="sudah dijawab"):
        services.invitation_accept(invitation=invitation, acting_user=bps_manager)
    with pytest.raises(ValidationError, match="tidak menunggu jawaban"):
        services.invitation_withdraw(invitation=invitation, acting_user=kemendes_staf)


def test_only_the_inviting_party_withdraws_and_only_with_the_right_to_edit(
    agreement,
    kemendes_staf,
    kemendes_penghubung,
    kemendes_pimpinan,
    bkn_staf,
    bkn_pimpinan,
    kemendes,
    bkn,
    lain,
):
    bps_manager = manager_of(lain.pk)
    invitation = invite_bps(agreement, kemendes_staf, kemendes, bkn, lain)
    for user in (kemendes_penghubung, bps_manager):
        with pytest.raises(PermissionDenied, match="tidak berwenang"):
            services.invitation_withdraw(invitation=invitation, acting_user=user)
    for user in (bkn_staf, bkn_pimpinan):
        with pytest.raises(ValidationError, match="pihak yang mengundang"):
            services.invitation_withdraw(invitation=invitation, acting_user=user)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert selectors.may_withdraw(kemendes_pimpinan, invitation)
    assert not selectors.may_withdraw(bkn_staf, invitation)
    services.invitation_withdraw(invitation=invitation, acting_user=kemendes_pimpinan)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_the_withdraw_button_and_its_permission_matrix(
    client, agreement, kemendes_staf, kemendes_penghubung, bkn_staf, kemendes, bkn, lain, lain_staf
):
    from tests.helpers import assert_permission_matrix

    bps_manager = manager_of(lain.pk)
    invitation = invite_bps(agreement, kemendes_staf, kemendes, bkn, lain)
    url = reverse("agreements:invitation_withdraw", args=[invitation.pk])
    client.force_login(kemendes_staf)
    assert url in client.get(agreement.get_absolute_url()).content.decode()
    for user in (kemendes_penghubung, bkn_staf):
        client.force_login(user)
        assert url not in client.get(agreement.get_absolute_url()).content.decode()
    assert_permission_matrix(
        client,
        url,
        {
            "anonymous": (None, 302),
            "invited institution": (bps_manager, 404),
            "invited staff": (lain_staf, 404),
            "other party with the edit right": (bkn_staf, 302),
            "inviting party without the right": (kemendes_penghubung, 302),
        },
        method="post",
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    client.force_login(bkn_staf)
    page = client.post(url, follow=True).content.decode()
    assert "hanya dapat ditarik oleh pihak yang mengundang" in page
    client.force_login(kemendes_staf)
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0].endswith("#tim")
    assert "ditarik" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    # The invited institution's page of the invitation says it was withdrawn and offers no answer.
    client.force_login(bps_manager)
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "menarik undangan ini" in page and "Terima undangan" not in page
