"""The proposal list's keyset pages: every proposal exactly once, following "next" from the first page or
"previous" from the last, in the inbox's order and newest first, with ties on every sort key; cursors that
carry nothing personal; the tab counts exact up to 1,000 and "1.000+" beyond.
"""

import html
import re
from datetime import timedelta
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse
from django.utils import timezone

from exchange.corrections import flow
from exchange.corrections.models import Proposal
from exchange.corrections.selectors import COUNT_CAP
from tests.exchange.corrections.test_query_counts import bulk_proposals

URL = reverse("exchange:proposal_list")
ROWS = 137  # three pages of 50 and a short one
REFERENCE = re.compile(r">(UP-\d{5})</a></td>")


def link(page: str, rel: str) -> dict | None:
    """The query of the page's link with this rel (first, prev, next, last), as a dict; None without one."""
    match = re.search(rf'rel="{rel}" href="\?([^"]*)"', page)
    if not match:
        return None
    return dict(parse_qsl(html.unescape(match.group(1)), keep_blank_values=True))


def references(page: str) -> list[str]:
    return REFERENCE.findall(page)


@pytest.fixture
def tied(granted, kemendes_party, bkn_party, kemendes_penghubung, bkn_penghubung):
    """ROWS proposals to BKN whose created_at is shared by groups of seven and whose due dates repeat (ties
    on every key but the id)."""
    proposals = bulk_proposals(
        ROWS,
        agreement=granted,
        proposer=kemendes_party,
        receiver=bkn_party,
        author=kemendes_penghubung,
        assignee=bkn_penghubung,
    )
    base = timezone.now() - timedelta(days=30)
    for start in range(0, ROWS, 7):
        ids = [p.pk for p in proposals[start : start + 7]]
        Proposal.objects.filter(pk__in=ids).update(created_at=base + timedelta(minutes=start // 7 % 5))
    return list(Proposal.objects.filter(pk__in=[p.pk for p in proposals]))


def inbox_order(proposals) -> list[str]:
    def key(p):
        urgency = 0 if p.status in flow.CLOCK_RUNNING else 1 if p.status in flow.OPEN_FOR_RECEIVER else 2
        return (urgency, p.due_on or timezone.datetime.max.date(), p.created_at, p.pk)

    return [p.reference for p in sorted(proposals, key=key)]


def newest_order(proposals) -> list[str]:
    return [p.reference for p in sorted(proposals, key=lambda p: (p.created_at, p.pk), reverse=True)]


def walk(client, params: dict, rel: str) -> list[list[str]]:
    """The pages met following `rel` links from the page `params` opens, each a list of references."""
    pages = []
    while params is not None:
        response = client.get(URL, params)
        assert response.status_code == 200
        page = response.content.decode()
        pages.append(references(page))
        params = link(page, rel)
        assert len(pages) <= ROWS // 50 + 1, "the links go round in circles"
    return pages


@pytest.mark.parametrize(
    ("user", "tab", "order"),
    [
        ("bkn_penghubung", "inbox", inbox_order),
        ("kemendes_penghubung", "outbox", newest_order),
        ("bkn_penghubung", "all", newest_order),
    ],
)
def test_every_proposal_once_forwards_and_backwards(client, tied, request, user, tab, order):
    client.force_login(request.getfixturevalue(user))
    expected = order(tied)

    forwards = walk(client, {"tab": tab}, "next")
    assert [len(page) for page in forwards] == [50, 50, 37]
    assert [ref for page in forwards for ref in page] == expected

    first = client.get(URL, {"tab": tab}).content.decode()
    backwards = walk(client, link(first, "last"), "prev")
    # Back from the end, the pages are cut from the end: the first page is the short one.
    assert [len(page) for page in backwards] == [50, 50, 37]
    assert [ref for page in reversed(backwards) for ref in page] == expected
    assert backwards[0] == expected[-50:]


def test_the_first_page_has_no_way_back_and_the_last_no_way_on(client, tied, bkn_penghubung):
    client.force_login(bkn_penghubung)
    first = client.get(URL, {"tab": "inbox"}).content.decode()
    assert link(first, "prev") is None and link(first, "first") is None
    assert link(first, "next") and link(first, "last")
    assert "Halaman terakhir" in first and "50 usulan di halaman ini" in first
    last = client.get(URL, link(first, "last")).content.decode()
    assert link(last, "next") is None and link(last, "last") is None
    assert link(last, "prev") and link(last, "first") == {"tab": "inbox", "page": ""}


def test_a_list_on_one_page_offers_no_page_links(client, granted, kemendes_party, bkn_party, bkn_penghubung):
    bulk_proposals(
        3,
        agreement=granted,
        proposer=kemendes_party,
        receiver=bkn_party,
        author=bkn_penghubung,
        assignee=None,
    )
    client.force_login(bkn_penghubung)
    page = client.get(URL, {"tab": "inbox"}).content.decode()
    assert len(references(page)) == 3
    assert 'class="pagination"' not in page


def test_a_filter_keeps_to_its_rows_across_pages(client, tied, bkn_penghubung):
    client.force_login(bkn_penghubung)
    mine = [p for p in tied if p.assignee_id == bkn_penghubung.pk]
    pages = walk(client, {"tab": "inbox", "assignee": "me"}, "next")
    assert [ref for page in pages for ref in page] == inbox_order(mine)
    assert len(pages) == 2  # 68 rows


def test_the_cursor_is_opaque_and_carries_nothing_personal(client, tied, bkn_penghubung):
    client.force_login(bkn_penghubung)
    first = client.get(URL, {"tab": "inbox"}).content.decode()
    cursor = link(first, "next")["page"]
    proposal = tied[0]
    for personal in (proposal.nip, proposal.person_name, proposal.person_name.replace(" ", "+")):
        assert personal not in cursor
    # An edited cursor is not trusted: it opens the first page.
    edited = client.get(URL, {"tab": "inbox", "page": cursor[:-3] + "abc"}).content.decode()
    assert references(edited) == references(first)
    assert references(client.get(URL, {"tab": "inbox", "page": "7"}).content.decode()) == references(first)


def test_the_tab_counts_are_exact_up_to_the_cap_and_more_than_it_beyond(
    client, granted, kemendes_party, bkn_party, kemendes_penghubung, bkn_penghubung
):
    def make(n):
        bulk_proposals(
            n,
            agreement=granted,
            proposer=kemendes_party,
            receiver=bkn_party,
            author=kemendes_penghubung,
            assignee=None,
        )

    make(COUNT_CAP)
    client.force_login(bkn_penghubung)
    page = client.get(URL, {"tab": "inbox"}).content.decode()
    assert 'Kotak masuk <span class="badge">1.000</span>' in page
    make(1)
    page = client.get(URL, {"tab": "inbox"}).content.decode()
    assert 'Kotak masuk <span class="badge">1.000+</span>' in page
    assert "<strong>0</strong>Ditangani oleh Anda" in page
