"""The administration pages: the Administrator's alone, in the portal's own look, reachable from the
navigation; /sistem/ only for superusers, in Indonesian column titles."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementParty
from portal.models import AdminEvent, Institution, OutboxMail, User
from tests.helpers import assert_permission_matrix

pytestmark = pytest.mark.django_db

PAGES = [
    "portal:admin_home",
    "portal:admin_user_list",
    "portal:admin_user_invite",
    "portal:admin_institution_list",
    "portal:admin_institution_create",
    "portal:admin_role_list",
    "portal:admin_history",
    "register:agreement_register",
]


@pytest.mark.parametrize("name", PAGES)
def test_the_permission_matrix(client, name, lain_staf, kemendes_staf, kemendes_pimpinan, admin_user):
    assert_permission_matrix(
        client,
        reverse(name),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 403),
            "staff": (kemendes_staf, 403),
            "manager": (kemendes_pimpinan, 403),
            "administrator": (admin_user, 200),
        },
    )


def test_the_edit_pages_and_posts_are_refused_to_others(client, kemendes_pimpinan, kemendes, bkn_staf):
    client.force_login(kemendes_pimpinan)
    assert client.get(reverse("portal:admin_user_edit", args=[bkn_staf.pk])).status_code == 403
    assert client.get(reverse("portal:admin_institution_edit", args=[kemendes.pk])).status_code == 403
    url = reverse("portal:admin_user_set_active", args=[bkn_staf.pk])
    assert client.post(url, {"active": "0"}).status_code == 403
    bkn_staf.refresh_from_db()
    assert bkn_staf.is_active


def test_the_navigation_shows_administrasi_to_the_administrator_only(client, admin_user, kemendes_pimpinan):
    client.force_login(admin_user)
    assert f'<a href="{reverse("portal:admin_home")}">Administrasi</a>' in client.get("/").content.decode()
    client.force_login(kemendes_pimpinan)
    assert "Administrasi</a>" not in client.get("/").content.decode()


def test_the_user_list_filters_by_institution_role_and_status(client, admin_user, kemendes, bkn_staf):
    client.force_login(admin_user)
    page = client.get(reverse("portal:admin_user_list"), {"institution": kemendes.pk, "role": "Pimpinan"})
    text = page.content.decode()
    assert "kemendes.pimpinan" in text and "kemendes.staf" not in text and "bkn.pimpinan" not in text
    User.objects.filter(pk=bkn_staf.pk).update(is_active=False)
    text = client.get(reverse("portal:admin_user_list"), {"active": "0"}).content.decode()
    assert "bkn.staf" in text and "kemendes.staf" not in text and "Nonaktif" in text


def test_inviting_through_the_page_sends_the_mail_and_bad_input_changes_nothing(client, admin_user, bkn):
    client.force_login(admin_user)
    url = reverse("portal:admin_user_invite")
    bad = client.post(
        url, {"first_name": "Tono", "email": "bukan-email", "role": "Staf", "institution": bkn.pk}
    )
    assert bad.status_code == 400 and "Masukkan alamat email yang valid" in bad.content.decode()
    assert not OutboxMail.objects.exists()
    response = client.post(
        url,
        {
            "first_name": "Tono",
            "email": "tono@bkn.go.id",
            "role": "Petugas penghubung",
            "institution": bkn.pk,
        },
    )
    user = User.objects.get(email="tono@bkn.go.id")
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:admin_user_edit", args=[user.pk]
    )
    assert OutboxMail.objects.get().to == ["tono@bkn.go.id"]
    page = client.get(response["Location"]).content.decode()
    assert "Diundang, belum membuat kata sandi" in page and "Kirim ulang undangan" in page


def test_an_institution_form_shows_the_letter_number_preview(client, admin_user, kemendes):
    client.force_login(admin_user)
    page = client.get(reverse("portal:admin_institution_edit", args=[kemendes.pk])).content.decode()
    assert "/HKM.07.01/" in page and "Contoh nomor ke-7 hari ini" in page
    preview = client.get(reverse("portal:admin_letter_number_preview"), {"format": "{seq}/X/{tahun}"}).json()
    assert preview["sample"] == "" and "tidak valid" in preview["error"]
    response = client.post(
        reverse("portal:admin_institution_edit", args=[kemendes.pk]),
        {"name": kemendes.name, "short_name": "Kemendes PDTT", "letter_number_format": "tanpa nomor"},
    )
    assert response.status_code == 400 and "harus memuat {seq}" in response.content.decode()
    assert not AdminEvent.objects.exists()


def test_the_register_lists_every_agreement_with_parties_and_status(client, admin_user, kemendes, bkn, lain):
    one = Agreement.objects.create(title="PKS satu", signed_on=date(2024, 1, 10), ends_on=date(2099, 1, 9))
    AgreementParty.objects.create(agreement=one, institution=kemendes, order=1, number="1/KMD/2024")
    AgreementParty.objects.create(agreement=one, institution=bkn, order=2, number="2/BKN/2024")
    two = Agreement.objects.create(title="PKS dua (draf)")
    AgreementParty.objects.create(agreement=two, institution=lain, order=1)
    client.force_login(admin_user)
    page = client.get(reverse("register:agreement_register")).content.decode()
    assert "PKS satu" in page and "PKS dua (draf)" in page and "1/KMD/2024" in page and "BPS" in page
    assert "Berlaku" in page and "Draf" in page
    page = client.get(reverse("register:agreement_register"), {"status": "draft"}).content.decode()
    assert "PKS satu" not in page and "PKS dua (draf)" in page


def test_sistem_is_for_superusers_only(client, kemendes_staf):
    User.objects.filter(pk=kemendes_staf.pk).update(is_staff=True)
    client.force_login(kemendes_staf)
    assert client.get("/sistem/").status_code == 302


def test_sistem_speaks_one_language_and_does_not_edit_users_or_institutions(client, admin_user, kemendes):
    client.force_login(admin_user)
    page = client.get(reverse("admin:portal_user_changelist")).content.decode()
    assert "Get full name" not in page and "Nama lengkap" in page
    assert client.get(reverse("admin:portal_user_add")).status_code == 403
    assert client.get(reverse("admin:portal_institution_add")).status_code == 403
    events = client.get(reverse("admin:agreements_agreementevent_changelist")).content.decode()
    for english in ("Occurred at", "Kind", "Summary", "Actor"):
        assert f">{english}<" not in events
    assert Institution.objects.filter(pk=kemendes.pk).exists()


def test_the_user_list_runs_a_bounded_number_of_queries(
    client, admin_user, kemendes, django_assert_max_num_queries
):
    from django.contrib.auth.models import Group

    staff = Group.objects.get(name="Staf")
    for i in range(60):
        User.objects.create(username=f"pengguna{i}", institution=kemendes).groups.add(staff)
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("portal:admin_user_list")).status_code == 200
