"""Bulk assign and bulk status change from the list: all of the ticked proposals, or none."""

from django.urls import reverse

from exchange.corrections import services
from exchange.corrections.choices import ProposalStatus
from exchange.corrections.models import Proposal
from tests.exchange.corrections.conftest import NIP_2, grant
from tests.helpers import assert_permission_matrix

URL = reverse("exchange:proposal_bulk")


def test_the_permission_matrix(client, submitted, lain_staf, bkn_staf, bkn_penghubung):
    assert_permission_matrix(
        client,
        URL,
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 403),
            "no grant": (bkn_staf, 403),
            "granted": (bkn_penghubung, 302),
        },
        method="post",
        data={"ids": [submitted.pk], "action": "start_review"},
    )
    assert Proposal.objects.get(pk=submitted.pk).status == ProposalStatus.REVIEW


def test_bulk_assign_assigns_every_ticked_proposal(
    client, submitted, make_proposal, kemendes_penghubung, bkn_penghubung, bkn_staf, agreement
):
    grant(bkn_staf, agreement, "handle_proposals")
    second = make_proposal(nip=NIP_2)
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=second)
    client.force_login(bkn_penghubung)
    response = client.post(
        URL,
        {
            "ids": [submitted.pk, second.pk],
            "action": "assign",
            "assignee": bkn_staf.pk,
            "next": "/pertukaran/usulan/?tab=inbox",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/pertukaran/usulan/?tab=inbox"
    assert "2 usulan diperbarui." in response.content.decode()
    assert set(Proposal.objects.values_list("assignee", flat=True)) == {bkn_staf.pk}


def test_one_refusal_changes_none_and_names_the_proposal_and_the_reason(
    client, submitted, make_proposal, kemendes_penghubung, bkn_penghubung
):
    accepted = make_proposal(nip=NIP_2)
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=accepted)
    services.proposal_start_review(acting_user=bkn_penghubung, proposal=accepted)
    client.force_login(bkn_penghubung)
    response = client.post(URL, {"ids": [submitted.pk, accepted.pk], "action": "start_review"}, follow=True)
    page = response.content.decode()
    assert "Tidak ada yang diubah, karena:" in page
    assert (
        f"{accepted.reference}: Langkah “Mulai proses” tidak dapat dilakukan pada usulan berstatus Diproses."
        in page
    )
    assert Proposal.objects.get(pk=submitted.pk).status == ProposalStatus.SUBMITTED


def test_a_proposal_the_user_cannot_see_is_not_found(client, submitted, make_proposal, bkn_penghubung):
    draft = make_proposal(nip=NIP_2)
    client.force_login(bkn_penghubung)
    response = client.post(URL, {"ids": [submitted.pk, draft.pk], "action": "start_review"}, follow=True)
    assert "Sebagian usulan yang dipilih tidak ditemukan." in response.content.decode()
    assert Proposal.objects.get(pk=submitted.pk).status == ProposalStatus.SUBMITTED


def test_bad_input_says_what_is_missing(client, submitted, bkn_penghubung):
    client.force_login(bkn_penghubung)
    page = client.post(URL, {"action": "start_review"}, follow=True).content.decode()
    assert "Pilih sekurang-kurangnya satu usulan." in page
    page = client.post(URL, {"ids": [submitted.pk], "action": "assign"}, follow=True).content.decode()
    assert "Pilih petugas yang ditugaskan." in page
    page = client.post(URL, {"ids": ["x"], "action": "start_review"}, follow=True).content.decode()
    assert "Pilihan usulan tidak sah." in page


def test_a_foreign_next_address_is_ignored(client, submitted, bkn_penghubung):
    client.force_login(bkn_penghubung)
    response = client.post(
        URL, {"ids": [submitted.pk], "action": "start_review", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/pertukaran/usulan/"


def test_bulk_close_closes_applied_and_rejected_ones(
    client, in_review, make_proposal, kemendes_penghubung, bkn_penghubung
):
    services.proposal_reject(acting_user=bkn_penghubung, proposal=in_review, reason="Tidak sesuai.")
    client.force_login(kemendes_penghubung)
    client.post(URL, {"ids": [in_review.pk], "action": "close"})
    assert Proposal.objects.get(pk=in_review.pk).status == ProposalStatus.CLOSED
