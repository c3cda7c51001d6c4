"""The header's search box: agreements, letters and proposals each user may see, nothing else; NIP-looking
queries refused before anything is searched; a bounded number of queries."""

from datetime import date
from io import StringIO

import pytest
from django.urls import reverse

from agreements import demo as agreements_demo
from exchange.corrections import demo as corrections_demo
from exchange.corrections.models import Proposal
from portal.search import looks_like_nip

TODAY = date(2025, 8, 11)
SEED_NUMBER = agreements_demo.SEED_NUMBERS[0]


@pytest.fixture
def demo_data(cast):
    agreements_demo.load(today=TODAY, users=cast, stdout=StringIO())
    corrections_demo.load(today=TODAY, users=cast, stdout=StringIO())
    return cast


def search(client, user, query):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("portal:search"), {"q": query})
    assert response.status_code == 200
    return response


def sections(response) -> dict[str, list[str]]:
    return {s.code: [hit.title for hit in s.hits] for s in response.context["outcome"].sections}


def test_it_finds_the_seed_agreement_by_a_party_number(client, demo_data):
    found = sections(search(client, demo_data["bkn.staf"], SEED_NUMBER))
    assert found["agreements"] == [agreements_demo.seed_agreement().title]


def test_it_finds_an_agreement_by_a_party_name(client, demo_data):
    found = sections(search(client, demo_data["kemendes.staf"], "Kepegawaian Negara"))
    assert found["agreements"]


def test_kahar_finds_the_force_majeure_letter_by_its_subject(client, demo_data):
    response = search(client, demo_data["kemendes.staf"], "kahar")
    letters = sections(response)["letters"]
    assert letters and all("Kahar" in title for title in letters)
    assert "Keadaan Kahar" in response.content.decode()


def test_it_finds_a_letter_by_its_number(client, demo_data):
    from agreements.models import Letter

    letter = Letter.objects.first()
    found = sections(search(client, demo_data["kemendes.staf"], letter.number))
    assert any(title.startswith(letter.number) for title in found["letters"])


def test_it_finds_a_proposal_by_its_reference_in_any_spelling(client, demo_data):
    proposal = Proposal.objects.exclude(submitted_on=None).first()
    user = demo_data["bkn.penghubung"]
    for query in (proposal.reference, proposal.reference.lower(), f"UP {proposal.pk}"):
        assert sections(search(client, user, query))["proposals"] == [proposal.reference]


def test_an_outsider_finds_nothing_of_an_agreement_it_is_not_party_to(client, demo_data):
    from agreements.selectors import agreements_visible_to

    outsider = demo_data["lain.staf"]
    own = {agreement.get_absolute_url() for agreement in agreements_visible_to(outsider)}
    proposal = Proposal.objects.first()
    for query in (SEED_NUMBER, "Kepegawaian", "kahar", "Contoh", proposal.reference):
        outcome = search(client, outsider, query).context["outcome"]
        for section in outcome.sections:
            assert section.code == "agreements", (query, section.code)
            assert {hit.url for hit in section.hits} <= own, query
    response = search(client, outsider, SEED_NUMBER)
    assert sections(response) == {}
    assert "Tidak ada yang cocok" in response.content.decode()


def test_a_draft_proposal_stays_hidden_from_the_receiving_party(client, demo_data):
    draft = Proposal.objects.filter(submitted_on=None).first()
    if draft is None:
        pytest.skip("the demo holds no draft proposal")
    receiver = draft.receiving_party.institution.users.filter(is_active=True).first()
    assert "proposals" not in sections(search(client, receiver, draft.reference))


@pytest.mark.parametrize(
    "query", ["198503122010011004", "19850312 201001 1 004", "nip 19850312.201001.1.004"]
)
def test_a_nip_looking_query_is_refused_before_anything_is_searched(client, demo_data, query):
    client.force_login(demo_data["kemendes.penghubung"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("portal:search"), {"q": query}, follow=True)
    assert response.redirect_chain[0][0] == reverse("portal:search") + "?ditolak=nip"
    outcome = response.context["outcome"]
    assert outcome.refused_nip and not outcome.sections
    body = response.content.decode()
    assert "tidak mencari NIP" in body
    assert reverse("exchange:proposal_list") in body
    assert query not in body  # not echoed back into the page or its search box


def test_nip_detection_leaves_ordinary_numbers_alone():
    assert not looks_like_nip("26/HKM.07.01/X/2023")
    assert not looks_like_nip("UP-00012")
    assert looks_like_nip("1985 0312 2010 0110 04")


def test_a_one_letter_query_asks_for_more(client, demo_data):
    response = search(client, demo_data["kemendes.staf"], "k")
    assert "sedikitnya 2 karakter" in response.content.decode()


def test_the_header_of_every_page_carries_the_search_box(client, demo_data):
    client.force_login(demo_data["bkn.staf"], backend="django.contrib.auth.backends.ModelBackend")
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert f'action="{reverse("portal:search")}"' in body and 'name="q"' in body


def test_the_number_of_queries_does_not_grow_with_the_results(
    client, demo_data, django_assert_max_num_queries
):
    user = demo_data["kemendes.staf"]
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("portal:search"), {"q": "Contoh"})  # warm the session and caches
    with django_assert_max_num_queries(14):
        response = client.get(reverse("portal:search"), {"q": "a"})
    with django_assert_max_num_queries(14):
        response = client.get(reverse("portal:search"), {"q": "Contoh"})
    assert len(sections(response)["agreements"]) >= 4
