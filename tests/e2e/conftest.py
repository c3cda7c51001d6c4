"""Browser fixtures for the end-to-end tests: system Chromium driven by Playwright against the live server.

Every page a test opens is watched: a request to another origin (a CDN, a font service) or an uncaught
script error fails the test, because the portal must work on a closed government network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest

PASSWORD = "kata-sandi-uji-123"  # the cast's password (tests/conftest.py)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser(chromium_path):
    """Chromium for one test module.

    Playwright's sync API leaves an event loop running in this thread, so Django would refuse the ORM
    calls of the tests; they are still plain synchronous calls, which DJANGO_ALLOW_ASYNC_UNSAFE allows.
    The variable lives only as long as the browser, so no other test (or process it starts, such as
    `check --deploy`) inherits it.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable[..., object]]:
    """A factory of fresh pages, each in its own context (own cookies), with live_server.url as base URL.

    The browser is set up like one in Indonesia (id-ID, Asia/Jakarta); options override that.
    """
    contexts, foreign, errors = [], [], []
    origin = urlsplit(live_server.url)[:2]

    def make(**context_options):
        options = {"locale": "id-ID", "timezone_id": "Asia/Jakarta", **context_options}
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url)[:2] != origin else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not foreign, f"pages asked another origin for: {foreign}"
    assert not errors, f"script errors on the pages: {errors}"


def login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person would, and wait for the page after it."""
    from playwright.sync_api import expect

    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.locator("#id_password")).to_have_count(0)


@pytest.fixture
def page_as(new_page, cast):
    """page_as("bkn.staf") gives a page logged in as that member of the cast."""

    def make(username: str, **context_options):
        page = new_page(**context_options)
        login(page, username)
        return page

    return make
