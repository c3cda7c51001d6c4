"""Panduan: every page renders for every role, is listed on the index, and is reached from every page's
header."""

import pytest
from django.urls import reverse

from portal.help import FLOW, PAGES, ROLE

ROLES = ["kemendes.staf", "kemendes.penghubung", "bkn.pimpinan", "admin", "lain.staf"]


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


@pytest.mark.parametrize("username", ROLES)
def test_every_help_page_renders_for_each_role(client, cast, username, django_assert_max_num_queries):
    login(client, cast[username])
    index = client.get(reverse("portal:help_index"))
    assert index.status_code == 200
    for page in PAGES:
        url = reverse("portal:help_page", args=[page.slug])
        assert f'href="{url}"' in index.content.decode()
        with django_assert_max_num_queries(8):
            response = client.get(url)
        assert response.status_code == 200, page.slug
        body = response.content.decode()
        assert "<h1>" in body and 'aria-current="page"' in body


def test_there_is_a_page_for_each_role_and_each_flow():
    roles = {page.slug for page in PAGES if page.kind == ROLE}
    flows = {page.slug for page in PAGES if page.kind == FLOW}
    assert roles == {"staf", "petugas-penghubung", "pimpinan", "administrator"}
    assert len(flows) == 7


@pytest.mark.parametrize(
    "url_name", ["portal:dashboard", "portal:calendar", "agreements:agreement_list", "exchange:proposal_list"]
)
def test_the_header_links_the_panduan_and_the_calendar(client, cast, url_name):
    login(client, cast["bkn.staf"])
    body = client.get(reverse(url_name)).content.decode()
    header = body.split("</header>")[0]
    assert f'href="{reverse("portal:help_index")}"' in header
    assert f'href="{reverse("portal:calendar")}"' in header.split('class="mainnav"')[1]
    assert "Menu akun" in header


def test_an_unknown_help_page_is_a_404(client, cast):
    login(client, cast["bkn.staf"])
    assert client.get(reverse("portal:help_page", args=["tidak-ada"])).status_code == 404


def test_help_needs_a_login(client, db):
    response = client.get(reverse("portal:help_index"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_help_pages_name_articles_by_their_subject_not_by_the_seeds_numbers(client, cast, language):
    """Another agreement numbers its articles differently: a general page says 'pasal jangka waktu'."""
    import re

    from django.conf import settings

    login(client, cast["kemendes.staf"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    numbered = re.compile(r"\b(Pasal|Article) \d+")
    for page in PAGES:
        body = client.get(reverse("portal:help_page", args=[page.slug])).content.decode()
        main = body.split("<main", 1)[-1].split("</main>", 1)[0]
        assert not numbered.search(main), (page.slug, numbered.search(main).group(0))
    term = client.get(reverse("portal:help_page", args=["pemberitahuan-pengakhiran"])).content.decode()
    assert ("pasal jangka waktu" if language == "id" else "the article on the term") in term
