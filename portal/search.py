"""The header's search box: one query asked of every search provider the apps registered, each answering
through its own selectors, scoped to the user.

The query travels in the URL (a GET, so a result page can be bookmarked and shared), which is why it never
searches personal data: a query that looks like a NIP is refused before any provider sees it, and the user
is sent to the proposals' own search, which is posted and kept in the session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from portal.models import User
from portal.registry import SearchSection, registry

MIN_LENGTH = 2
MAX_LENGTH = 100
HITS_PER_SECTION = 10
# The page where a person is looked up by NIP or name, posted and kept in the session.
PERSONAL_SEARCH_URL_NAME = "exchange:proposal_list"

_NIP = re.compile(r"\d{18}")
_SEPARATORS = re.compile(r"[\s.\-_/]")


def looks_like_nip(query: str) -> bool:
    """18 digits in a row once spaces, dots and dashes are taken out: '19850312 201001 1 004' is one."""
    return bool(_NIP.search(_SEPARATORS.sub("", query)))


def clean_query(raw: str) -> str:
    return " ".join(raw.split())[:MAX_LENGTH]


@dataclass
class Outcome:
    """What the results page shows: the query, the sections found, or why nothing was searched."""

    query: str
    sections: list[SearchSection] = field(default_factory=list)
    error: str = ""
    refused_nip: bool = False

    @property
    def total(self) -> int:
        return sum(len(section.hits) for section in self.sections)


def nip_refusal() -> Outcome:
    return Outcome(
        query="",
        refused_nip=True,
        error=_(
            "Kotak pencarian ini tidak mencari NIP atau nama, karena kata yang dicari tercantum di alamat "
            "halaman. Cari orang melalui pencarian NIP/nama pada halaman Usulan Perbaikan."
        ),
    )


def search(user: User, raw: str, *, limit: int = HITS_PER_SECTION) -> Outcome:
    """Ask every provider, in the order they registered; an empty section is left out."""
    query = clean_query(raw)
    if not query:
        return Outcome(query="")
    if looks_like_nip(query):
        return nip_refusal()
    if len(query) < MIN_LENGTH:
        return Outcome(
            query=query, error=_("Ketik sedikitnya %(n)d karakter untuk mencari.") % {"n": MIN_LENGTH}
        )
    sections = [
        section
        for provider in registry.search_providers
        for section in provider(user, query, limit)
        if section.hits
    ]
    return Outcome(query=query, sections=sections)


def _personal_search_url() -> str:
    try:
        return reverse(PERSONAL_SEARCH_URL_NAME)
    except NoReverseMatch:
        return ""


REFUSED_PARAM = "ditolak"


def search_view(request: HttpRequest) -> HttpResponse:
    """A NIP that reached the URL is sent away at once: the page it lands on no longer holds it (in its
    address, its language switch or its search box) and says why nothing was searched."""
    outcome = search(request.user, request.GET.get("q", ""))
    if outcome.refused_nip:
        return redirect(f"{reverse('portal:search')}?{REFUSED_PARAM}=nip")
    if request.GET.get(REFUSED_PARAM) == "nip":
        outcome = nip_refusal()
    context = {
        "outcome": outcome,
        "personal_search_url": _personal_search_url() if outcome.refused_nip else "",
        "hits_per_section": HITS_PER_SECTION,
    }
    return render(request, "portal/search.html", context)
