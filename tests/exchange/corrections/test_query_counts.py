"""List pages run a fixed number of queries, with 10 proposals or with 5,000."""

from datetime import date, timedelta
from uuid import uuid4

import pytest
from django.urls import reverse

from exchange.corrections.choices import CommentVisibility, ProposalStatus
from exchange.corrections.models import Proposal, ProposalComment, ProposalItem
from exchange.data.models import DataField

STATUSES = [
    ProposalStatus.SUBMITTED,
    ProposalStatus.REVIEW,
    ProposalStatus.INFO_NEEDED,
    ProposalStatus.ACCEPTED,
]


def bulk_proposals(n, *, agreement, proposer, receiver, author, assignee):
    """n submitted-or-later proposals with two fields and two comments each, by bulk_create."""
    fields = list(DataField.objects.filter(code__in=["golRuangAkhir", "pangkatAkhir"]))
    today = date(2025, 6, 2)
    proposals = Proposal.objects.bulk_create(
        Proposal(
            agreement=agreement,
            proposing_party=proposer,
            receiving_party=receiver,
            nip=f"19900101201503190{n % 9 + 1}",
            person_name=f"ASN Contoh {i}",
            reason="Uji jumlah kueri.",
            status=STATUSES[i % len(STATUSES)],
            assignee=assignee if i % 2 else None,
            working_days=10,
            submitted_on=today - timedelta(days=i % 40),
            due_on=today + timedelta(days=10 - i % 40),
            message_id=f"<{uuid4().hex}@uji>",
            created_by=author,
        )
        for i in range(n)
    )
    ProposalItem.objects.bulk_create(
        ProposalItem(proposal=p, field=f, proposed_value="III/b", order=k)
        for p in proposals
        for k, f in enumerate(fields)
    )
    ProposalComment.objects.bulk_create(
        ProposalComment(
            proposal=p, author=author, institution_id=author.institution_id, visibility=v, body="x"
        )
        for p in proposals
        for v in (CommentVisibility.SHARED, CommentVisibility.INTERNAL)
    )
    return proposals


@pytest.fixture
def many(granted, kemendes_party, bkn_party, kemendes_penghubung, bkn_penghubung):
    def make(n):
        return bulk_proposals(
            n,
            agreement=granted,
            proposer=kemendes_party,
            receiver=bkn_party,
            author=kemendes_penghubung,
            assignee=bkn_penghubung,
        )

    return make


# Session and user; the institution's party ids; the tab counts (one query, each count capped); the
# agreement and assignee filter choices; the personal-data and the handling grants (one query each once
# guardian has cached the permission's content type); the page of rows (a keyset page: no count of the rows
# behind it) and their fields; the access-log row; the navigation (groups, unread bell, the user's
# institution); the bulk-assign choices (its holders in one query over every agreement, then the users).
LIST_QUERIES = 18  # the rights from role and team: the roles, and one query per right asked; the Pasal 9
# acknowledgement gate: the acknowledged agreements, and the agreements the personal-data right keeps
# A search also asks, for its own filter, which agreements the personal-data right covers.
SEARCH_QUERIES = LIST_QUERIES + 1


def warm(client, url, params=None):
    """A first request fills per-process caches (content types); what is pinned is every request after it."""
    client.get(url, params or {})


@pytest.mark.parametrize("n", [10, 5000])
@pytest.mark.parametrize(
    "params",
    [
        {"tab": "inbox"},
        {"tab": "inbox", "page": "last"},
        {"tab": "all", "overdue": "1", "assignee": "me"},
    ],
)
def test_the_list_runs_a_fixed_number_of_queries(
    client, many, bkn_penghubung, django_assert_num_queries, n, params
):
    many(n)
    client.force_login(bkn_penghubung)
    warm(client, reverse("exchange:proposal_list"), params)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("exchange:proposal_list"), params)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [10, 5000])
def test_a_search_runs_the_same_number_of_queries(client, many, bkn_penghubung, django_assert_num_queries, n):
    many(n)
    client.force_login(bkn_penghubung)
    client.post(reverse("exchange:proposal_list"), {"q": "ASN Contoh 7"})
    warm(client, reverse("exchange:proposal_list"))
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(reverse("exchange:proposal_list"), {"tab": "inbox"})
    assert "ASN Contoh 7" in response.content.decode()


# The list's queries without the page, the navigation and the bulk menu, plus the visible comments.
EXPORT_QUERIES = 14  # with the roles of the reader (rights from role and team); the Pasal 9 acknowledgement
# gate: the acknowledged agreements, and the agreements the personal-data right keeps


@pytest.mark.parametrize("n", [10, 500])
def test_the_export_runs_a_fixed_number_of_queries(
    client, many, bkn_penghubung, django_assert_num_queries, n
):
    many(n)
    client.force_login(bkn_penghubung)
    warm(client, reverse("exchange:proposal_export"))
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(reverse("exchange:proposal_export"), {"tab": "inbox"})
    assert response.status_code == 200


# Session, user, the proposal with its agreement's parties; the two grants (guardian, two queries each); the
# assign menu; items, comments, events and evidence; the access-log row; the navigation.
DETAIL_QUERIES = (
    22  # rights from role and team (roles, team, membership, adjustments); the Pasal 9 acknowledgement
)


@pytest.mark.parametrize("comments", [0, 40])
def test_the_detail_page_runs_a_fixed_number_of_queries(
    client, many, bkn_penghubung, kemendes_penghubung, django_assert_num_queries, comments
):
    from exchange.corrections import services

    proposal = many(3)[1]
    for n in range(comments):
        services.comment_add(
            acting_user=bkn_penghubung if n % 2 else kemendes_penghubung,
            proposal=proposal,
            body=f"Komentar {n}",
            visibility="shared" if n % 3 else "internal",
        )
    client.force_login(bkn_penghubung)
    warm(client, proposal.get_absolute_url())
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
