"""axe-core on every page of the portal, in Indonesian and English, on a desktop and on a 390 px phone; and in
English, no Indonesian sentence of the catalogue on any page.

The pages are found as a person finds them: from the dashboard, following every link of the portal (each
kind of page once, every tab of the agreement page), as a party's staff member and as the administrator,
plus the pages seen before logging in and the error page. axe-core is vendored under tests/e2e/vendor (no
CDN) and injected into each page; a critical or serious finding fails the test with the page and the rule.
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import login
from tests.english import indonesian_sentences
from tests.exchange.corrections.conftest import ensure_catalogue

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BLOCKING = ("critical", "serious")
# Minor by axe's measure, but a screen reader announces the column as nothing: the issue named them.
ALSO_BLOCKING = ("empty-table-header",)

# Not pages of the portal's own: files, feeds, the Django admin, the machine web service and its docs
# (Swagger UI's own markup), and links that end the session or switch the language.
SKIP_PREFIXES = ("/sistem/", "/api/", "/keluar/", "/i18n/", "/static/", "/media/")
SKIP_SUFFIXES = (".pdf", ".ics", ".xlsx", ".csv", ".zip", ".json")
SKIP_VIEWS = ("agreements:document_download",)

LINKS_JS = """
() => [...document.querySelectorAll('a[href]')]
  .map((a) => ({href: a.href, tab: a.getAttribute('role') === 'tab'}))
"""

# The page's words, without what users typed and what is data in Indonesian: form values, the agreement's
# clauses as signed, and a kept mail's body (mails are written in Indonesian).
VISIBLE_TEXT_JS = """
() => {
  const copy = document.body.cloneNode(true);
  const skipped = 'script, style, textarea, select, .clause .prose, .mail-body';
  copy.querySelectorAll(skipped).forEach((n) => n.remove());
  return copy.innerText || copy.textContent;
}
"""

AXE_RUN_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
}
"""


def page_key(path: str, fragment: str) -> str | None:
    """One visit per kind of page: the view's name, and the tab for the agreement page's tabs."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name in SKIP_VIEWS:
        return None
    return f"{match.view_name}#{fragment}" if fragment else match.view_name


def crawl(page, origin: str, starts: list[str], seen: set[str]):
    """Yield (url, page) for every page reachable by links from the starts, each kind once."""
    queue = list(starts)
    while queue:
        url = queue.pop(0)
        try:
            page.goto(url)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # an export behind a plain link: a file, not a page
            raise
        page.wait_for_load_state("load")
        yield url
        for link in page.evaluate(LINKS_JS):
            parts = urlsplit(link["href"])
            if f"{parts.scheme}://{parts.netloc}" != origin:
                continue
            if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
                continue
            fragment = parts.fragment if link["tab"] else ""
            key = page_key(parts.path, fragment)
            if key is None or key in seen:
                continue
            seen.add(key)
            target = (
                parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{fragment}" if fragment else "")
            )
            queue.append(target)


def axe_findings(page) -> list[dict]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    return [v for v in page.evaluate(AXE_RUN_JS) if v["impact"] in BLOCKING or v["id"] in ALSO_BLOCKING]


@pytest.fixture
def demo_portal(cast):
    ensure_catalogue()
    call_command("load_demo", today=date.today(), stdout=StringIO())


def portal_pages(new_page, live_server, language: str, viewport: dict):
    """Every page as each kind of user sees it, in one language and one window size: (who, url, page)."""
    origin = live_server.url
    for username in (None, "kemendes.staf", "admin"):
        page = new_page(viewport=viewport, bypass_csp=True)
        if username:
            login(page, username)
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": origin}])
        if username is None:
            for url in ("/masuk/", "/akun/lupa-sandi/", "/halaman-yang-tidak-ada/"):
                page.goto(url)
                yield "anonymous", url, page
            continue
        for url in crawl(page, origin, ["/"], {"portal:dashboard"}):
            yield username, url, page


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_has_no_critical_or_serious_axe_finding_on_desktop_and_phone(
    new_page, live_server, demo_portal, language
):
    findings, visited = [], set()
    for who, url, page in portal_pages(new_page, live_server, language, DESKTOP):
        visited.add(url)
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.wait_for_timeout(150)  # the page's resize handler settles
            for finding in axe_findings(page):
                findings.append(
                    f"{who} {name} {url}: {finding['impact']} {finding['id']} ({finding['help']}) "
                    f"{finding['nodes']}"
                )
    assert len(visited) >= 40, sorted(visited)
    assert not findings, "\n".join(findings)


def test_every_page_in_english_shows_no_indonesian_sentence_of_the_catalogue(
    new_page, live_server, demo_portal
):
    """The agreement's own text (its Pasal, titles, parties) is data in Indonesian, as signed; the interface
    around it speaks English."""
    sentences = indonesian_sentences()
    assert len(sentences) > 200
    found, visited = [], 0
    for who, url, page in portal_pages(new_page, live_server, "en", DESKTOP):
        visited += 1
        text = " ".join(page.evaluate(VISIBLE_TEXT_JS).split())
        found += [f"{who} {url}: {s}" for s in sentences if s in text]
    assert visited >= 40
    assert not found, "\n".join(sorted(set(found)))
