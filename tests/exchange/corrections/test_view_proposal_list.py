"""The proposal list: tabs, filters, a search that keeps the NIP out of every URL, masking, the access log."""

import re
from datetime import date

import pytest
from django.urls import reverse

from exchange.corrections import services
from exchange.corrections.choices import AccessAction
from exchange.corrections.models import PersonalDataAccess
from tests.exchange.corrections.conftest import NIP, NIP_2, at
from tests.helpers import assert_permission_matrix

URL = reverse("exchange:proposal_list")


def page_of(client, user, url=URL, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_permission_matrix(client, submitted, lain_staf, bkn_staf, bkn_penghubung):
    assert_permission_matrix(
        client,
        URL,
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 200),
            "no grant": (bkn_staf, 200),
            "granted": (bkn_penghubung, 200),
        },
    )


def test_lain_staf_sees_no_proposal_in_any_tab(client, submitted, lain_staf):
    for tab in ("inbox", "outbox", "all"):
        page = page_of(client, lain_staf, tab=tab)
        assert submitted.reference not in page
        assert "Tidak ada usulan yang sesuai." in page
    assert not PersonalDataAccess.objects.exists()


def test_the_receiving_party_does_not_see_a_draft(client, draft, bkn_penghubung, kemendes_penghubung):
    assert draft.reference not in page_of(client, bkn_penghubung, tab="all")
    assert draft.reference in page_of(client, kemendes_penghubung, tab="outbox")


def test_the_inbox_and_the_outbox_split_by_direction(
    client, submitted, make_proposal, kemendes_party, bkn_penghubung
):
    reverse_proposal = make_proposal(user=bkn_penghubung, nip=NIP_2, receiving_party=kemendes_party)
    services.proposal_submit(acting_user=bkn_penghubung, proposal=reverse_proposal)
    inbox = page_of(client, bkn_penghubung, tab="inbox")
    outbox = page_of(client, bkn_penghubung, tab="outbox")
    assert submitted.reference in inbox and reverse_proposal.reference not in inbox
    assert reverse_proposal.reference in outbox and submitted.reference not in outbox
    assert re.search(r"Kotak masuk <span class=\"badge\">1</span>", inbox)


def test_filters_narrow_by_status_assignee_and_overdue(
    client, make_proposal, kemendes_penghubung, bkn_penghubung
):
    late = make_proposal(now=at(date(2025, 3, 3)))
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=late, now=at(date(2025, 3, 3)))
    services.proposal_start_review(acting_user=bkn_penghubung, proposal=late)
    fresh = make_proposal(nip=NIP_2)
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=fresh)
    both = page_of(client, bkn_penghubung, tab="inbox")
    assert late.reference in both and fresh.reference in both
    overdue = page_of(client, bkn_penghubung, tab="inbox", overdue="1")
    assert late.reference in overdue and fresh.reference not in overdue
    mine = page_of(client, bkn_penghubung, tab="inbox", assignee="me")
    assert late.reference in mine and fresh.reference not in mine
    nobody = page_of(client, bkn_penghubung, tab="inbox", assignee="none")
    assert fresh.reference in nobody and late.reference not in nobody
    submitted_only = page_of(client, bkn_penghubung, tab="inbox", status="submitted")
    assert fresh.reference in submitted_only and late.reference not in submitted_only
    bad = page_of(client, bkn_penghubung, tab="inbox", status="bogus", agreement="x", assignee="999999")
    assert late.reference in bad and fresh.reference in bad
    half_bad = page_of(client, bkn_penghubung, tab="inbox", status="bogus", overdue="1")
    assert late.reference in half_bad and fresh.reference not in half_bad


def test_the_search_is_posted_kept_in_the_session_and_never_put_in_a_url(
    client, submitted, make_proposal, kemendes_penghubung, bkn_penghubung
):
    other = make_proposal(nip=NIP_2, name="Budi Fiktif")
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=other)
    client.force_login(bkn_penghubung)
    response = client.post(f"{URL}?tab=inbox&status=submitted", {"q": NIP})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?tab=inbox&status=submitted"
    assert NIP not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert submitted.reference in page and other.reference not in page
    for url in re.findall(r'(?:href|action)="([^"]*)"', page):
        assert NIP not in url and NIP[:8] not in url
    assert PersonalDataAccess.objects.filter(action=AccessAction.SEARCH, user=bkn_penghubung).exists()
    by_name = client.post(URL, {"q": "budi"})
    assert other.reference in client.get(by_name["Location"]).content.decode()
    cleared = client.post(URL, {"q": "budi", "clear": "1"})
    page = client.get(cleared["Location"]).content.decode()
    assert submitted.reference in page and other.reference in page


def test_a_user_without_the_personal_data_grant_sees_masks_and_cannot_search(client, submitted, bkn_staf):
    page = page_of(client, bkn_staf)
    assert NIP not in page and "Andi Contoh" not in page
    assert "A*** C***" in page and "•" * 15 + NIP[-3:] in page
    assert "Pencarian NIP/nama hanya bagi pengguna yang berhak" in page
    client.post(URL, {"q": "Andi"})
    assert submitted.reference not in client.get(URL).content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_a_list_with_personal_data_shown_is_logged_with_its_rows(client, submitted, bkn_penghubung):
    page = page_of(client, bkn_penghubung)
    assert "19900101 201503 1 901" in page and "Andi Contoh" in page
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.action, access.proposal_ids, access.row_count) == (
        bkn_penghubung,
        AccessAction.LIST,
        [submitted.pk],
        1,
    )


def test_the_comment_count_leaves_out_the_other_institutions_internal_notes(
    client, in_review, kemendes_penghubung, bkn_penghubung
):
    for body in ("satu", "dua"):
        services.comment_add(
            acting_user=kemendes_penghubung, proposal=in_review, body=body, visibility="internal"
        )
    page = page_of(client, bkn_penghubung)
    assert re.search(r'<td class="num">0</td>', page)
    page = page_of(client, kemendes_penghubung, tab="outbox")
    assert re.search(r'<td class="num">2</td>', page)


@pytest.mark.parametrize(("user", "offered"), [("bkn_penghubung", True), ("bkn_staf", False)])
def test_the_bulk_bar_and_the_create_buttons_are_offered_to_handlers_only(
    client, submitted, request, user, offered
):
    page = page_of(client, request.getfixturevalue(user))
    assert ('id="bulk-form"' in page) is True
    assert ('name="ids"' in page) is offered
    assert ("Buat usulan" in page) is offered
