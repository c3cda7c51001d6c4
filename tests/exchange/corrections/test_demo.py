"""The exchange demo: the seed's annex and proposals in every state, loaded twice with one effect."""

from datetime import date
from io import StringIO

import pytest

from exchange.corrections import demo, selectors
from exchange.corrections.choices import CommentVisibility, ProposalStatus
from exchange.corrections.models import Proposal, ProposalComment
from exchange.data.models import AnnexField
from exchange.data.nip import is_valid
from portal.models import OutboxMail

TODAY = date(2025, 8, 11)


@pytest.fixture
def seed(cast, kemendes, bkn):
    from agreements.models import Agreement, AgreementParty

    agreement = Agreement.objects.create(
        title=demo.SEED_NUMBERS[0], signed_on=date(2023, 10, 9), ends_on=date(2025, 10, 8)
    )
    AgreementParty.objects.create(
        agreement=agreement, institution=kemendes, order=1, number=demo.SEED_NUMBERS[0]
    )
    AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2, number=demo.SEED_NUMBERS[1])
    return agreement


def load(cast):
    out = StringIO()
    demo.load(today=TODAY, users=cast, stdout=out)
    return out.getvalue()


def test_without_the_seed_agreement_it_says_so_and_adds_nothing(cast):
    assert "dilewati" in load(cast)
    assert not Proposal.objects.exists()


def test_it_loads_proposals_in_every_state_on_the_seed(seed, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = load(cast)
    assert "11 dibuat" in output
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert statuses == {
        ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.REVIEW, ProposalStatus.INFO_NEEDED,
        ProposalStatus.ACCEPTED, ProposalStatus.REJECTED, ProposalStatus.APPLIED, ProposalStatus.CLOSED,
        ProposalStatus.WITHDRAWN,
    }  # fmt: skip
    assert all(is_valid(nip) and nip[-3] == "9" for nip in Proposal.objects.values_list("nip", flat=True))
    assert Proposal.objects.filter(proposing_party__order=2).exists()
    comments = ProposalComment.objects.all()
    for institution in ("Kemendes PDTT", "BKN"):
        for visibility in CommentVisibility.values:
            assert comments.filter(institution__short_name=institution, visibility=visibility).exists()
    assert AnnexField.objects.filter(agreement=seed).count() == 32
    assert OutboxMail.objects.filter(kind__startswith="proposal_").exists()


def test_the_demo_shows_an_overdue_proposal_to_bkn(seed, cast):
    load(cast)
    assert selectors.proposal_counts(cast["bkn.penghubung"], today=TODAY)["overdue"] >= 1


def test_it_is_idempotent(seed, cast):
    load(cast)
    counts = (Proposal.objects.count(), ProposalComment.objects.count(), AnnexField.objects.count())
    assert "0 dibuat, 11 sudah ada" in load(cast)
    assert (Proposal.objects.count(), ProposalComment.objects.count(), AnnexField.objects.count()) == counts


def test_bkn_never_sees_the_kemendes_notes_of_the_demo(seed, cast):
    load(cast)
    bkn = cast["bkn.penghubung"]
    visible = selectors.comments_visible_to(bkn)
    assert not visible.filter(institution__short_name="Kemendes PDTT", visibility="internal").exists()
    assert visible.filter(institution__short_name="BKN", visibility="internal").exists()
