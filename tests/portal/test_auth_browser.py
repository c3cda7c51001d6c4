"""In Chromium: a Pimpinan enrols an authenticator, keeps the backup codes and reaches the portal, and the
Content-Security-Policy blocks nothing the pages need on the way (nor does the browser find anything to
complain about in it or in the Permissions-Policy)."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.e2e.conftest import CHROMIUM_ARGS, PASSWORD, TIMEOUT_MS

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(chromium_path, live_server, settings, monkeypatch):
    from playwright.sync_api import sync_playwright

    settings.OTP_ENFORCED = True
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
        page.on(
            "console",
            lambda msg: problems.append(msg.text) if "Policy" in msg.text else None,
        )
        try:
            yield page, problems
        finally:
            browser.close()


def test_a_pimpinan_enrols_and_the_pages_run_under_the_policy(browser_page, cast):
    from playwright.sync_api import expect

    page, problems = browser_page
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill("kemendes.pimpinan")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()

    expect(page).to_have_url(re.compile(r"/akun/dua-langkah/aktifkan/"))
    expect(page.locator("svg.otp-qr")).to_be_visible()
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Kode dari aplikasi").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Aktifkan", exact=True).click()

    expect(page.locator(".otp-codes li")).to_have_count(10)
    page.get_by_role("link", name="Saya sudah menyimpannya, lanjutkan").click()
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()

    # The pages with scripts of their own: the user menu, the language switch, a calendar.
    page.locator("details.usermenu summary").click()
    expect(page.get_by_role("link", name="Verifikasi dua langkah")).to_be_visible()
    page.goto("/kalender/")
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert not problems, problems
