"""The proposal page: items, the conversation as each side may see it, history, and the allowed steps."""

from datetime import date

import pytest
from django.urls import reverse

from exchange.corrections import services
from exchange.corrections.choices import AccessAction
from exchange.corrections.models import PersonalDataAccess
from tests.exchange.corrections.conftest import NIP, at
from tests.helpers import assert_permission_matrix


def url(proposal):
    return reverse("exchange:proposal_detail", args=[proposal.pk])


def page_of(client, user, proposal):
    client.force_login(user)
    response = client.get(url(proposal))
    assert response.status_code == 200
    return response.content.decode()


def test_the_permission_matrix(client, submitted, lain_staf, bkn_staf, bkn_penghubung):
    assert_permission_matrix(
        client,
        url(submitted),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "no grant": (bkn_staf, 200),
            "granted": (bkn_penghubung, 200),
        },
    )


def test_a_draft_is_not_found_for_the_receiving_party(client, draft, bkn_penghubung, kemendes_staf):
    assert_permission_matrix(
        client, url(draft), {"receiver": (bkn_penghubung, 404), "proposer's staff": (kemendes_staf, 200)}
    )


def test_an_unknown_proposal_is_not_found(client, bkn_penghubung):
    client.force_login(bkn_penghubung)
    assert client.get(reverse("exchange:proposal_detail", args=[999999])).status_code == 404


def test_the_page_shows_the_person_the_fields_and_what_the_nip_says(client, submitted, bkn_penghubung):
    page = page_of(client, bkn_penghubung, submitted)
    assert "19900101 201503 1 901" in page and "Andi Contoh" in page
    assert "1 Januari 1990" in page and "Laki-laki" in page
    assert "Penggerak Swadaya Masyarakat Ahli Muda" in page and "jabatanFungsionalNama" in page
    assert "Akses Anda ke data pribadi ini dicatat" in page
    access = PersonalDataAccess.objects.get()
    assert (access.action, access.proposal, access.user) == (AccessAction.DETAIL, submitted, bkn_penghubung)


def test_without_the_grant_personal_data_is_masked_and_nothing_is_logged(
    client, make_proposal, kemendes_penghubung, bkn_staf, field
):
    proposal = make_proposal(items=[services.ItemInput(field("tglLahir"), "1990-01-01", "1990-01-02")])
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=proposal)
    page = page_of(client, bkn_staf, proposal)
    assert NIP not in page and "19900101" not in page and "Andi Contoh" not in page
    assert "1 Januari 1990" not in page and "1990-01-01" not in page
    assert "A*** C***" in page and "Data pribadi disamarkan" in page
    assert not PersonalDataAccess.objects.exists()


def test_bkn_penghubung_never_sees_a_kemendes_internal_note_nor_its_event(
    client, in_review, kemendes_penghubung, bkn_penghubung
):
    services.comment_add(
        acting_user=kemendes_penghubung,
        proposal=in_review,
        body="Catatan rahasia Kemendes",
        visibility="internal",
    )
    services.comment_add(acting_user=kemendes_penghubung, proposal=in_review, body="Salam untuk BKN")
    bkn_page = page_of(client, bkn_penghubung, in_review)
    assert "Catatan rahasia Kemendes" not in bkn_page
    assert "Catatan internal" not in bkn_page.split('id="riwayat"')[1]
    assert "Salam untuk BKN" in bkn_page
    kemendes_page = page_of(client, kemendes_penghubung, in_review)
    assert "Catatan rahasia Kemendes" in kemendes_page
    assert "Catatan internal — hanya Kemendes PDTT" in kemendes_page
    assert "Dibagikan kepada kedua pihak" in kemendes_page


@pytest.mark.parametrize(
    ("user", "buttons", "absent"),
    [
        ("bkn_penghubung", ["Tangani sendiri", "Tugaskan", "Mulai proses"], ["Tarik usulan", "Terima"]),
        ("kemendes_penghubung", ["Tarik usulan"], ["Mulai proses", "Tugaskan"]),
        ("bkn_staf", [], ["Mulai proses", "Tarik usulan", "Tugaskan"]),
    ],
)
def test_the_steps_offered_are_those_this_user_may_take_now(
    client, submitted, request, user, buttons, absent
):
    page = page_of(client, request.getfixturevalue(user), submitted)
    for label in buttons:
        assert f">{label}</" in page
    for label in absent:
        assert f">{label}</" not in page
    assert ('id="tindakan"' in page) is bool(buttons)


def test_the_clock_names_the_holidays_it_skipped(
    client, make_proposal, agreement, kemendes_penghubung, bkn_penghubung
):
    agreement.proposal_due_working_days = 5
    agreement.save()
    proposal = make_proposal(now=at(date(2025, 3, 28)))
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=proposal, now=at(date(2025, 3, 28)))
    page = page_of(client, bkn_penghubung, proposal)
    assert "Senin, 14 April 2025" in page
    assert "31 Maret 2025 (Hari Raya Idul Fitri)" in page
    assert "7 April 2025 (Cuti Bersama Hari Raya Idul Fitri)" in page
    assert "terlambat" in page


def test_a_proposal_waiting_for_completeness_shows_the_stopped_clock(client, in_review, bkn_penghubung):
    services.proposal_request_info(acting_user=bkn_penghubung, proposal=in_review, message="Mohon SK.")
    page = page_of(client, bkn_penghubung, in_review)
    assert "menunggu kelengkapan; sisa" in page
    assert ">Sampaikan kelengkapan</" not in page
    assert ">Sampaikan kelengkapan</" in page_of(client, in_review.created_by, in_review)


def test_the_comment_form_offers_sharing_only_to_handlers(client, in_review, bkn_staf, bkn_penghubung):
    assert 'value="shared"' not in page_of(client, bkn_staf, in_review)
    assert 'value="shared"' in page_of(client, bkn_penghubung, in_review)
