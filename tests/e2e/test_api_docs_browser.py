"""The web service's documentation page (Swagger UI) renders under the portal's Content Security Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_api_docs_page_renders_with_nothing_blocked_by_the_csp(new_page, db):
    page = new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Portal PKS")
    blocked = [text for text in console if "Content Security Policy" in text]
    assert not blocked, blocked
    margin = page.evaluate("() => getComputedStyle(document.body).margin")
    assert margin == "0px"
