"""Steps from the detail page: the right people only, each with its message, illegal ones refused."""

from datetime import date

import pytest
from django.urls import reverse

from exchange.corrections.choices import ProposalStatus
from exchange.corrections.models import Proposal
from tests.exchange.corrections.conftest import grant
from tests.helpers import assert_permission_matrix


def url(proposal, step):
    return reverse("exchange:proposal_step", args=[proposal.pk, step])


def post(client, user, proposal, step, data=None):
    client.force_login(user)
    return client.post(url(proposal, step), data or {}, follow=True)


def status(proposal):
    return Proposal.objects.get(pk=proposal.pk).status


def test_the_permission_matrix_of_a_receiving_step(
    client, submitted, lain_staf, bkn_staf, kemendes_penghubung, bkn_penghubung
):
    assert_permission_matrix(
        client,
        url(submitted, "start_review"),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "no grant": (bkn_staf, 403),
            "wrong side": (kemendes_penghubung, 403),
            "granted": (bkn_penghubung, 302),
        },
        method="post",
    )
    assert status(submitted) == ProposalStatus.REVIEW


def test_the_permission_matrix_of_a_proposing_step(
    client, draft, lain_staf, kemendes_staf, bkn_penghubung, kemendes_penghubung
):
    assert_permission_matrix(
        client,
        url(draft, "submit"),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "receiver cannot see a draft": (bkn_penghubung, 404),
            "no grant": (kemendes_staf, 403),
            "granted": (kemendes_penghubung, 302),
        },
        method="post",
    )
    assert status(draft) == ProposalStatus.SUBMITTED


def test_a_get_is_not_allowed(client, submitted, bkn_penghubung):
    client.force_login(bkn_penghubung)
    assert client.get(url(submitted, "start_review")).status_code == 405


def test_an_unknown_step_is_not_found(client, submitted, bkn_penghubung):
    client.force_login(bkn_penghubung)
    assert client.post(url(submitted, "update")).status_code == 404
    assert client.post(url(submitted, "terbang")).status_code == 404


def test_a_step_at_the_wrong_moment_says_why_and_changes_nothing(client, submitted, bkn_penghubung):
    response = post(client, bkn_penghubung, submitted, "accept")
    assert (
        "Langkah “Terima” tidak dapat dilakukan pada usulan berstatus Diajukan." in response.content.decode()
    )
    assert status(submitted) == ProposalStatus.SUBMITTED


def test_a_rejection_without_a_reason_says_so_and_changes_nothing(client, in_review, bkn_penghubung):
    response = post(client, bkn_penghubung, in_review, "reject", {"reject-reason": ""})
    assert "Alasan penolakan wajib diisi." in response.content.decode()
    assert status(in_review) == ProposalStatus.REVIEW


def test_a_form_step_without_the_right_is_forbidden_before_its_input_is_checked(
    client, in_review, kemendes_penghubung
):
    client.force_login(kemendes_penghubung)
    assert client.post(url(in_review, "reject"), {}).status_code == 403


def test_the_whole_flow_through_the_pages(
    client, draft, kemendes_penghubung, bkn_penghubung, bkn_staf, agreement
):
    grant(bkn_staf, agreement, "handle_proposals")
    steps = [
        (
            kemendes_penghubung,
            "submit",
            {},
            "Usulan diajukan kepada pihak penerima.",
            ProposalStatus.SUBMITTED,
        ),
        (bkn_penghubung, "take", {}, "Usulan kini Anda tangani.", ProposalStatus.SUBMITTED),
        (
            bkn_penghubung,
            "assign",
            {"assign-assignee": bkn_staf.pk},
            "Usulan ditugaskan.",
            ProposalStatus.SUBMITTED,
        ),
        (bkn_staf, "start_review", {}, "Usulan mulai diproses.", ProposalStatus.REVIEW),
        (
            bkn_staf,
            "request_info",
            {"request_info-message": "SK?"},
            "tenggat dihentikan",
            ProposalStatus.INFO_NEEDED,
        ),
        (
            kemendes_penghubung,
            "provide_info",
            {"provide_info-message": "SK ada."},
            "kembali diproses",
            ProposalStatus.REVIEW,
        ),
        (bkn_staf, "accept", {"accept-note": ""}, "Usulan diterima.", ProposalStatus.ACCEPTED),
        (
            bkn_staf,
            "mark_applied",
            {"mark_applied-applied_on": date.today().isoformat(), "mark_applied-reference": "SIASN-1"},
            "sudah diterapkan",
            ProposalStatus.APPLIED,
        ),
        (
            kemendes_penghubung,
            "close",
            {"close-note": "Terima kasih."},
            "Usulan ditutup.",
            ProposalStatus.CLOSED,
        ),
    ]
    for user, step, data, message, expected in steps:
        response = post(client, user, draft, step, data)
        assert response.redirect_chain[-1][0] == draft.get_absolute_url()
        assert message in response.content.decode(), step
        assert status(draft) == expected, step
    assert Proposal.objects.get(pk=draft.pk).assignee == bkn_staf


@pytest.mark.parametrize("step", ["withdraw", "reject"])
def test_the_danger_steps_work_from_their_forms(client, in_review, kemendes_penghubung, bkn_penghubung, step):
    if step == "withdraw":
        post(client, kemendes_penghubung, in_review, "withdraw", {"withdraw-reason": "Sudah benar."})
        assert status(in_review) == ProposalStatus.WITHDRAWN
    else:
        post(client, bkn_penghubung, in_review, "reject", {"reject-reason": "Tidak sesuai SK."})
        assert status(in_review) == ProposalStatus.REJECTED


def test_assigning_to_someone_outside_the_choices_is_refused(
    client, submitted, bkn_penghubung, kemendes_penghubung
):
    response = post(client, bkn_penghubung, submitted, "assign", {"assign-assignee": kemendes_penghubung.pk})
    assert "Petugas itu tidak dapat ditugaskan pada usulan ini." in response.content.decode()
    assert Proposal.objects.get(pk=submitted.pk).assignee is None
