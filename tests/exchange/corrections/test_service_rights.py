"""Every correction-proposal service refuses, by itself, whoever may not act: the view is not the only guard.

For each step: a user of the acting party without the grant handle_proposals (its staff member) and a user
of another institution are refused with PermissionDenied and nothing is recorded; the party's granted
liaison officer succeeds. The proposal steps are Kemendes's (the proposer) or BKN's (the receiver).
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from exchange.corrections import services
from exchange.corrections.models import Proposal, ProposalComment, ProposalEvent
from tests.exchange.corrections.conftest import NIP, at

NOW = at(date(2025, 3, 3))


def items(field):
    return [services.ItemInput(field("jabatanFungsionalNama"), "Penggerak Swadaya Masyarakat", "Pelaksana")]


# name -> (the side that takes the step, the proposal state it needs, the call as a given user)
CASES = {
    "proposal_create": (
        "kemendes",
        None,
        lambda ctx, user: services.proposal_create(
            acting_user=user,
            receiving_party=ctx["bkn_party"],
            nip_value=NIP,
            person_name="Andi Contoh",
            reason="SK terlampir.",
            items=items(ctx["field"]),
            now=NOW,
        ),
    ),
    "proposal_update": (
        "kemendes",
        "draft",
        lambda ctx, user: services.proposal_update(
            acting_user=user,
            proposal=ctx["proposal"],
            nip_value=NIP,
            person_name="Andi Contoh",
            reason="SK pengangkatan terlampir.",
            items=items(ctx["field"]),
            now=NOW,
        ),
    ),
    "proposal_submit": (
        "kemendes",
        "draft",
        lambda ctx, user: services.proposal_submit(acting_user=user, proposal=ctx["proposal"], now=NOW),
    ),
    "proposal_withdraw": (
        "kemendes",
        "submitted",
        lambda ctx, user: services.proposal_withdraw(acting_user=user, proposal=ctx["proposal"], now=NOW),
    ),
    "proposal_provide_info": (
        "kemendes",
        "info_needed",
        lambda ctx, user: services.proposal_provide_info(
            acting_user=user, proposal=ctx["proposal"], message="SK terbaru terlampir.", now=NOW
        ),
    ),
    "proposal_take": (
        "bkn",
        "submitted",
        lambda ctx, user: services.proposal_take(acting_user=user, proposal=ctx["proposal"], now=NOW),
    ),
    "proposal_assign": (
        "bkn",
        "submitted",
        lambda ctx, user: services.proposal_assign(
            acting_user=user, proposal=ctx["proposal"], assignee=ctx["bkn_penghubung"], now=NOW
        ),
    ),
    "proposal_start_review": (
        "bkn",
        "submitted",
        lambda ctx, user: services.proposal_start_review(acting_user=user, proposal=ctx["proposal"], now=NOW),
    ),
    "proposal_request_info": (
        "bkn",
        "in_review",
        lambda ctx, user: services.proposal_request_info(
            acting_user=user, proposal=ctx["proposal"], message="Mohon SK terbaru.", now=NOW
        ),
    ),
    "proposal_accept": (
        "bkn",
        "in_review",
        lambda ctx, user: services.proposal_accept(acting_user=user, proposal=ctx["proposal"], now=NOW),
    ),
    "proposal_reject": (
        "bkn",
        "in_review",
        lambda ctx, user: services.proposal_reject(
            acting_user=user, proposal=ctx["proposal"], reason="Tidak sesuai.", now=NOW
        ),
    ),
    "proposal_mark_applied": (
        "bkn",
        "accepted",
        # Accepted today by the fixture: the repair is recorded on the same day.
        lambda ctx, user: services.proposal_mark_applied(
            acting_user=user, proposal=ctx["proposal"], applied_on=timezone.localdate(), reference="SIASN-123"
        ),
    ),
    "proposal_close": (
        "bkn",
        "rejected",
        lambda ctx, user: services.proposal_close(acting_user=user, proposal=ctx["proposal"], now=NOW),
    ),
    "comment_add": (
        "bkn",
        "in_review",
        lambda ctx, user: services.comment_add(
            acting_user=user, proposal=ctx["proposal"], body="Sedang diperiksa.", now=NOW
        ),
    ),
    "evidence_add": (
        "kemendes",
        "draft",
        lambda ctx, user: services.evidence_add(
            acting_user=user,
            proposal=ctx["proposal"],
            files=[SimpleUploadedFile("sk.pdf", b"%PDF-1.4 sk", content_type="application/pdf")],
            now=NOW,
        ),
    ),
}


@pytest.fixture
def rejected(in_review, bkn_penghubung):
    return services.proposal_reject(acting_user=bkn_penghubung, proposal=in_review, reason="Tidak sesuai.")


@pytest.fixture
def info_needed(in_review, bkn_penghubung):
    return services.proposal_request_info(acting_user=bkn_penghubung, proposal=in_review, message="Mohon SK.")


@pytest.fixture
def context(granted, bkn_party, field, bkn_penghubung):
    """What a case needs: the receiving party, the catalogue, and the proposal in the state it names."""
    return {"bkn_party": bkn_party, "field": field, "bkn_penghubung": bkn_penghubung}


def prepared(request, name):
    side, state, call = CASES[name]
    ctx = request.getfixturevalue("context")
    if state is not None:
        ctx["proposal"] = request.getfixturevalue(state)
    return side, call, ctx


def recorded() -> tuple[int, int, int]:
    return Proposal.objects.count(), ProposalEvent.objects.count(), ProposalComment.objects.count()


def test_every_step_on_one_proposal_is_covered():
    import inspect

    def parameters(name):
        return inspect.signature(getattr(services, name)).parameters

    steps = {
        name
        for name in services.__all__
        if callable(getattr(services, name)) and {"acting_user", "proposal"} <= set(parameters(name))
    }
    # Bulk steps and imports run these single steps for every row (tested in their own files).
    assert steps | {"proposal_create"} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_user_of_the_party_without_the_grant_is_refused_by_the_service(request, name):
    side, call, ctx = prepared(request, name)
    user = request.getfixturevalue(f"{side}_staf")
    before = recorded()
    with pytest.raises(PermissionDenied, match="menangani usulan"):
        call(ctx, user)
    assert recorded() == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_user_of_another_institution_is_refused_by_the_service(request, name, lain_staf, granted):
    # An outsider belongs to no party of the agreement, so no party's team can hold them: whatever
    # their role at home, they act on nothing here.
    side, call, ctx = prepared(request, name)
    before = recorded()
    with pytest.raises(PermissionDenied, match="bukan pihak|tidak memiliki hak"):
        call(ctx, lain_staf)
    assert recorded() == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_partys_granted_liaison_officer_succeeds(request, name):
    side, call, ctx = prepared(request, name)
    user = request.getfixturevalue(f"{side}_penghubung")
    before = recorded()
    call(ctx, user)
    assert recorded() != before
