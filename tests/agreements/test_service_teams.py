"""A party's team, kept by its Pimpinan: members and rights, each change an event; one answer to "who may"."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import selectors, services
from agreements.choices import EventKind
from agreements.models import AgreementEvent, TeamMember
from agreements.selectors import Right
from tests.helpers import acknowledge, assert_permission_matrix


def member(agreement, user):
    return TeamMember.objects.get(team__party__agreement=agreement, user=user)


def test_the_pimpinan_adds_the_liaison_officer_who_then_handles_proposals(
    agreement, kemendes_pimpinan, kemendes_penghubung
):
    assert not selectors.may(kemendes_penghubung, Right.HANDLE_PROPOSALS, agreement)
    services.team_member_add(agreement=agreement, acting_user=kemendes_pimpinan, user=kemendes_penghubung)
    assert selectors.may(kemendes_penghubung, Right.HANDLE_PROPOSALS, agreement)
    event = AgreementEvent.objects.filter(agreement=agreement, kind=EventKind.TEAM_CHANGED).get()
    assert event.actor == kemendes_pimpinan and event.occurred_at
    assert "Agus Santoso ditambahkan ke tim PIHAK KESATU" in event.summary
    assert "Melihat data pribadi" in event.summary
    assert event.data["user"] == kemendes_penghubung.pk


def test_rights_are_widened_and_narrowed_against_the_role_and_leave_a_trace(
    agreement, kemendes_pimpinan, kemendes_staf
):
    row = member(agreement, kemendes_staf)
    services.team_member_rights_set(
        member=row, acting_user=kemendes_pimpinan, rights=[Right.KEEP_OWN, Right.VIEW_PERSONAL_DATA]
    )
    # The personal-data right given counts only once the member acknowledged the Pasal 9 duties.
    assert Right.VIEW_PERSONAL_DATA not in selectors.agreement_rights(kemendes_staf, agreement)
    acknowledge(kemendes_staf, agreement)
    rights = selectors.agreement_rights(kemendes_staf, agreement)
    assert Right.VIEW_PERSONAL_DATA in rights and Right.KEEP_OWN in rights
    assert Right.EDIT_SHARED not in rights and Right.RECOMPUTE not in rights
    event = AgreementEvent.objects.filter(agreement=agreement, kind=EventKind.TEAM_CHANGED).get()
    assert event.data["personal_data_granted"] is True
    assert event.data["added"] == ["view_personal_data"] and event.data["removed"] == ["edit_shared"]
    assert "diberi Melihat data pribadi" in event.summary and "dicabut Mengubah data bersama" in event.summary
    # Saving the same rights again changes nothing and writes nothing.
    services.team_member_rights_set(
        member=row, acting_user=kemendes_pimpinan, rights=[Right.KEEP_OWN, Right.VIEW_PERSONAL_DATA]
    )
    assert AgreementEvent.objects.filter(kind=EventKind.TEAM_CHANGED).count() == 1


def test_a_removed_member_acts_no_more_and_a_party_without_team_acts_by_role(
    agreement, kemendes_pimpinan, kemendes_staf, bkn_staf, bkn_pimpinan
):
    services.team_member_remove(member=member(agreement, kemendes_staf), acting_user=kemendes_pimpinan)
    assert selectors.agreement_rights(kemendes_staf, agreement) == {Right.VIEW}
    assert selectors.may(bkn_staf, Right.EDIT_SHARED, agreement)
    # BKN's Pimpinan starts a team by adding a member: from then on only members act for BKN.
    services.team_member_add(agreement=agreement, acting_user=bkn_pimpinan, user=bkn_pimpinan)
    assert selectors.agreement_rights(bkn_staf, agreement) == {Right.VIEW}
    assert selectors.may(bkn_pimpinan, Right.SIGN_OFF, agreement)


def test_only_a_pimpinan_keeps_only_its_own_partys_team(
    agreement, kemendes_staf, kemendes_penghubung, bkn_pimpinan, bkn_staf, kemendes_pimpinan, admin_user
):
    for user in (kemendes_staf, admin_user):
        with pytest.raises(PermissionDenied, match="dikelola oleh Pimpinan"):
            services.team_member_add(agreement=agreement, acting_user=user, user=kemendes_penghubung)
    with pytest.raises(ValidationError, match="instansi Anda sendiri"):
        services.team_member_add(agreement=agreement, acting_user=bkn_pimpinan, user=kemendes_penghubung)
    with pytest.raises(ValidationError, match="pihak Anda sendiri"):
        services.team_member_remove(member=member(agreement, kemendes_staf), acting_user=bkn_pimpinan)
    with pytest.raises(ValidationError, match="sudah menjadi anggota"):
        services.team_member_add(agreement=agreement, acting_user=kemendes_pimpinan, user=kemendes_staf)
    assert not AgreementEvent.objects.filter(kind=EventKind.TEAM_CHANGED).exists()


@pytest.mark.parametrize("right", [r for r in Right if r != Right.VIEW])
def test_who_may_answers_as_agreement_rights_does_for_every_user(agreement, cast, right):
    holders = {user.pk for user in selectors.who_may(agreement, right)}
    expected = {
        u.pk for u in cast.values() if u.institution_id and right in selectors.agreement_rights(u, agreement)
    }
    assert holders == expected
    listed = {
        u.pk for u in cast.values() if selectors.agreements_granted_to(u, right).filter(pk=agreement.pk)
    }
    assert listed == expected


def test_the_team_tab_and_its_forms(
    client, agreement, kemendes_pimpinan, kemendes_penghubung, kemendes_staf, bkn_staf
):
    client.force_login(kemendes_pimpinan)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert 'href="#tim"' in page and "Tambah anggota tim" in page and "Agus Santoso" in page
    response = client.post(
        reverse("agreements:team_member_add", args=[agreement.pk]), {"user": str(kemendes_penghubung.pk)}
    )
    assert response.status_code == 302 and response.url.endswith("#tim")
    assert selectors.may(kemendes_penghubung, Right.HANDLE_PROPOSALS, agreement)
    # The staff member reads the tab but is offered no form; BKN's staff sees its users acting by role.
    client.force_login(kemendes_staf)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Tambah anggota tim" not in page and "Simpan hak" not in page
    client.force_login(bkn_staf)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "belum menyusun tim" in page


def test_the_tim_tab_has_one_form_per_action_and_each_row_button_acts_on_its_member(
    client, agreement, kemendes_pimpinan, kemendes_penghubung, kemendes_staf
):
    services.team_member_add(agreement=agreement, acting_user=kemendes_pimpinan, user=kemendes_penghubung)
    client.force_login(kemendes_pimpinan)
    page = client.get(agreement.get_absolute_url()).content.decode()
    tab = page.split('id="tim"', 1)[1].split("</section>", 1)[0]
    staff, liaison = member(agreement, kemendes_staf), member(agreement, kemendes_penghubung)
    # Three members (every user of the institution: no add form), one rights form and one removal form.
    assert tab.count("<form") == 2
    assert tab.count('form="team-rights-form" formaction=') == tab.count('form="team-remove-form"') == 3
    rights_url = reverse("agreements:team_member_rights", args=[agreement.pk, staff.pk])
    assert f'formaction="{rights_url}"' in tab and f'name="rights-{liaison.pk}"' in tab
    # The form carries every member's boxes; the staff member's URL reads the staff member's alone.
    response = client.post(
        rights_url,
        {f"rights-{staff.pk}": [Right.KEEP_OWN.value], f"rights-{liaison.pk}": [Right.SIGN_OFF.value]},
    )
    assert response.status_code == 302 and response.url.endswith("#tim")
    rights = selectors.agreement_rights(kemendes_staf, agreement)
    assert Right.KEEP_OWN in rights and Right.EDIT_SHARED not in rights
    assert Right.SIGN_OFF not in selectors.agreement_rights(kemendes_penghubung, agreement)
    remove_url = reverse("agreements:team_member_remove", args=[agreement.pk, liaison.pk])
    assert f'formaction="{remove_url}"' in tab
    assert client.post(remove_url).status_code == 302
    assert not TeamMember.objects.filter(pk=liaison.pk).exists()
    assert TeamMember.objects.filter(pk=staff.pk).exists()


def test_the_team_pages_permission_matrix(
    client,
    agreement,
    kemendes_pimpinan,
    kemendes_staf,
    bkn_pimpinan,
    lain_staf,
    admin_user,
    kemendes_penghubung,
):
    add = reverse("agreements:team_member_add", args=[agreement.pk])
    assert_permission_matrix(
        client,
        add,
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "staff": (kemendes_staf, 403),
            "administrator": (admin_user, 404),
        },
        method="post",
        data={"user": str(kemendes_penghubung.pk)},
    )
    row = member(agreement, kemendes_staf)
    remove = reverse("agreements:team_member_remove", args=[agreement.pk, row.pk])
    assert_permission_matrix(client, remove, {"other party's pimpinan": (bkn_pimpinan, 404)}, method="post")
    assert TeamMember.objects.filter(pk=row.pk).exists()
    teams = reverse("agreements:teams")
    assert_permission_matrix(
        client,
        teams,
        {
            "anonymous": (None, 302),
            "staff": (kemendes_staf, 403),
            "pimpinan": (kemendes_pimpinan, 200),
            "administrator": (admin_user, 200),
        },
    )
    client.force_login(admin_user)
    page = client.get(teams, {"instansi": kemendes_pimpinan.institution_id}).content.decode()
    assert agreement.title in page and "Rina Wulandari" in page
