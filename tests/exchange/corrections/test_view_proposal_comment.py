"""Writing in the conversation from the proposal page."""

from django.urls import reverse

from exchange.corrections.models import ProposalComment
from tests.helpers import assert_permission_matrix


def url(proposal):
    return reverse("exchange:proposal_comment", args=[proposal.pk])


def test_the_permission_matrix_of_a_shared_comment(client, in_review, lain_staf, bkn_staf, bkn_penghubung):
    assert_permission_matrix(
        client,
        url(in_review),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "no grant": (bkn_staf, 403),
            "granted": (bkn_penghubung, 302),
        },
        method="post",
        data={"body": "Sedang dicek.", "visibility": "shared"},
    )
    assert ProposalComment.objects.get().body == "Sedang dicek."


def test_a_user_without_the_grant_writes_an_internal_note(client, in_review, bkn_staf):
    client.force_login(bkn_staf)
    response = client.post(url(in_review), {"body": "Cek arsip.", "visibility": "internal"})
    assert response["Location"].endswith("#percakapan")
    assert ProposalComment.objects.get().is_internal


def test_an_empty_comment_says_so(client, in_review, bkn_penghubung):
    client.force_login(bkn_penghubung)
    response = client.post(url(in_review), {"body": "", "visibility": "shared"}, follow=True)
    assert "Isi komentar dan pilih sifatnya." in response.content.decode()
    assert not ProposalComment.objects.exists()


def test_a_shared_comment_on_a_draft_is_refused_with_a_message(client, draft, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    response = client.post(url(draft), {"body": "Halo", "visibility": "shared"}, follow=True)
    assert "baru dapat dikirim setelah usulan diajukan" in response.content.decode()
