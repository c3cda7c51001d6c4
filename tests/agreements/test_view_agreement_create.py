"""Creating an agreement through the form: formsets of parties, scope and clauses; clear errors."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from tests.helpers import assert_permission_matrix

from .forms_data import agreement_post

URL = reverse("agreements:agreement_create")


def test_the_permission_matrix(client, cast, lain_staf, kemendes_penghubung, kemendes_staf, admin_user):
    assert_permission_matrix(
        client,
        URL,
        {
            "anonymous": (None, 302),
            "staff of another institution may open their own": (lain_staf, 200),
            "no grant (liaison officer)": (kemendes_penghubung, 403),
            "no institution (administrator)": (admin_user, 403),
            "granted (staff)": (kemendes_staf, 200),
        },
    )


def test_the_form_starts_with_the_users_institution_as_first_party(client, kemendes_staf, kemendes):
    client.force_login(kemendes_staf)
    response = client.get(URL)
    page = response.content.decode()
    assert "Tambah perjanjian" in page
    assert f'<option value="{kemendes.pk}" selected>' in page
    assert "Nomor perjanjian pihak ini" in page


def test_a_staff_member_creates_an_agreement(client, kemendes_staf, kemendes, bkn):
    client.force_login(kemendes_staf)
    data = agreement_post(
        parties=[
            {
                "institution": str(kemendes.pk),
                "number": "7/HKM.07.01/II/2024",
                "signatory_name": "TAUFIK MADJID",
            },
            {"institution": str(bkn.pk), "number": "9/HM.04.01/2024", "signatory_name": "IMAS SUKMARIAH"},
        ]
    )
    response = client.post(URL, data)
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert [p.number for p in agreement.parties.order_by("order")] == ["7/HKM.07.01/II/2024"]
    assert str(agreement.ends_on) == "2026-02-27"
    assert agreement.obligations.count() == 2
    # BKN is invited, not yet a party; its number waits on the invitation until its Pimpinan accepts.
    invitation = agreement.invitations.get()
    assert (invitation.institution, invitation.party_data["number"]) == (bkn, "9/HM.04.01/2024")
    from agreements.selectors import Right, may

    assert may(kemendes_staf, Right.EDIT_SHARED, agreement)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Bidang ini tidak boleh kosong."),
        ({"signed_on": "2023-02-29"}, "Tanggal tidak valid; gunakan format HHHH-BB-TT."),
        (
            {"effective_from": "2024-01-01"},
            "Tanggal mulai berlaku tidak boleh sebelum tanggal penandatanganan.",
        ),
        ({"term_months": "0"}, "Pastikan nilai ini lebih besar dari atau sama dengan 1."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(client, kemendes_staf, kemendes, bkn, change, message):
    client.force_login(kemendes_staf)
    data = agreement_post(parties=[{"institution": str(kemendes.pk)}, {"institution": str(bkn.pk)}], **change)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Agreement.objects.exists()


def test_one_party_only_is_explained(client, kemendes_staf, kemendes):
    client.force_login(kemendes_staf)
    response = client.post(URL, agreement_post(parties=[{"institution": str(kemendes.pk)}]))
    assert "Isi sekurang-kurangnya dua pihak." in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_same_institution_twice_is_explained(client, kemendes_staf, kemendes):
    client.force_login(kemendes_staf)
    response = client.post(
        URL, agreement_post(parties=[{"institution": str(kemendes.pk)}, {"institution": str(kemendes.pk)}])
    )
    assert "Satu instansi hanya dapat menjadi satu pihak." in response.content.decode()


def test_an_agreement_without_ones_own_institution_is_explained(client, kemendes_staf, bkn, lain):
    client.force_login(kemendes_staf)
    response = client.post(
        URL, agreement_post(parties=[{"institution": str(bkn.pk)}, {"institution": str(lain.pk)}])
    )
    assert "Instansi Anda harus menjadi salah satu pihak dalam perjanjian." in response.content.decode()
    assert not Agreement.objects.exists()


def test_duplicate_clause_numbers_are_explained(client, kemendes_staf, kemendes, bkn):
    client.force_login(kemendes_staf)
    data = agreement_post(
        parties=[{"institution": str(kemendes.pk)}, {"institution": str(bkn.pk)}],
        clauses=[{"number": "3", "title": "A", "text": "a"}, {"number": "3", "title": "B", "text": "b"}],
    )
    assert "Nomor pasal 3 tercantum lebih dari sekali." in client.post(URL, data).content.decode()
