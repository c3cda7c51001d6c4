"""Editing an agreement: the form comes filled in; saving moves the clocks; a grant is needed."""

from django.urls import reverse

from tests.helpers import assert_permission_matrix

from .conftest import addendum
from .forms_data import agreement_post


def url(agreement):
    return reverse("agreements:agreement_update", args=[agreement.pk])


def test_the_permission_matrix(
    client, agreement, lain_staf, bkn_staf, bkn_penghubung, kemendes_staf, kemendes_penghubung, admin_user
):
    assert_permission_matrix(
        client,
        url(agreement),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "administrator": (admin_user, 403),
            "liaison, no team member": (kemendes_penghubung, 403),
            "liaison of the other party": (bkn_penghubung, 403),
            "staff of the other party (by role)": (bkn_staf, 200),
            "staff in the team": (kemendes_staf, 200),
        },
    )
    assert_permission_matrix(
        client,
        url(agreement),
        {"outsider": (lain_staf, 404), "no right": (bkn_penghubung, 403), "administrator": (admin_user, 403)},
        method="post",
        data={"title": "Diambil alih"},
    )
    agreement.refresh_from_db()
    assert agreement.title == "PKS Uji Pertukaran Data"


def test_the_form_comes_filled_in(client, agreement, kemendes_staf):
    client.force_login(kemendes_staf)
    page = client.get(url(agreement)).content.decode()
    assert 'value="PKS Uji Pertukaran Data"' in page
    assert 'value="1/UJI/2023"' in page and 'value="2/UJI/2023"' in page
    assert 'value="2023-10-09"' in page


def longer_term(kemendes, bkn, **extra) -> dict:
    return agreement_post(
        parties=[
            {"institution": str(kemendes.pk), "number": "1/UJI/2023"},
            {"institution": str(bkn.pk), "number": "2/UJI/2023"},
        ],
        title="PKS Uji Pertukaran Data",
        signed_on="2023-10-09",
        term_months="36",
        **extra,
    )


def test_a_signed_agreement_is_changed_only_on_an_addendum_and_the_form_says_so(
    client, agreement, kemendes_staf, kemendes, bkn
):
    client.force_login(kemendes_staf)
    page = client.get(url(agreement)).content.decode()
    assert "Berdasarkan adendum/amandemen" in page and "Perubahan sesudah penandatanganan" in page
    response = client.post(url(agreement), longer_term(kemendes, bkn))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Perjanjian sudah ditandatangani" in text and "Catat adendum/amandemen" in text
    agreement.refresh_from_db()
    assert str(agreement.ends_on) == "2025-10-08"


def test_saving_a_longer_term_moves_the_clocks(client, agreement, kemendes_staf, kemendes, bkn):
    signed_off = addendum(agreement, title="Adendum jangka waktu")
    client.force_login(kemendes_staf)
    page = client.get(url(agreement)).content.decode()
    assert "Adendum jangka waktu" in page
    response = client.post(url(agreement), longer_term(kemendes, bkn, amendment=str(signed_off.pk)))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert str(agreement.ends_on) == "2026-10-08"
    assert str(agreement.notice_deadline) == "2026-09-08"
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "8 Oktober 2026" in page and "Perubahan tersimpan." in page


def test_removing_a_party_with_records_is_explained(client, agreement, kemendes_staf, kemendes, lain):
    client.force_login(kemendes_staf)
    data = agreement_post(
        parties=[{"institution": str(kemendes.pk)}, {"institution": str(lain.pk)}], signed_on="2023-10-09"
    )
    response = client.post(url(agreement), data)
    assert response.status_code == 200
    assert "tidak dapat dihapus karena sudah memiliki kontak" in response.content.decode()
    assert agreement.parties.count() == 2
