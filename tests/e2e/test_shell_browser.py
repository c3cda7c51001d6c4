"""The shell in a real browser: log in as a demo user, see the dashboard, switch language, log out."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.browser


def test_a_staff_member_logs_in_switches_to_english_and_back_and_logs_out(live_server, cast, new_page):
    page = new_page()

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/masuk/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Masuk ke Portal PKS")).to_be_visible()

    page.get_by_label("Nama pengguna").fill("kemendes.staf")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()
    expect(page.get_by_text("Selamat datang, Rina Wulandari.")).to_be_visible()
    expect(page.get_by_text("Kementerian Desa, Pembangunan Daerah Tertinggal")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Navigasi utama")
    expect(navigation.get_by_role("link", name="Beranda")).to_have_attribute("aria-current", "page")
    expect(navigation.get_by_role("link", name="Administrasi")).to_have_count(0)

    page.get_by_role("button", name="EN", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Home")).to_be_visible()
    expect(page.get_by_text("Welcome, Rina Wulandari.")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Main navigation")
    expect(navigation.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Log out")).to_be_visible()
    expect(page.get_by_role("button", name="EN", exact=True)).to_have_attribute("aria-pressed", "true")

    page.get_by_role("button", name="ID", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()
    expect(page.get_by_role("button", name="ID", exact=True)).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="Keluar", exact=True).click()

    expect(page).to_have_url(re.compile(r"/masuk/$"))
    expect(page.get_by_text("Anda telah keluar.")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/masuk/\?next=/$"))


def test_the_logout_link_works_without_javascript(live_server, cast, new_page):
    page = new_page(java_script_enabled=False)
    login(page, "bkn.staf")
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()

    page.get_by_role("link", name="Keluar", exact=True).click()
    expect(page.get_by_role("heading", name="Keluar dari Portal PKS?")).to_be_visible()
    page.get_by_role("button", name="Ya, keluar").click()

    expect(page).to_have_url(re.compile(r"/masuk/$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/masuk/\?next=/$"))


def test_an_administrator_sees_the_admin_menu(live_server, page_as):
    page = page_as("admin")
    navigation = page.get_by_role("navigation", name="Navigasi utama")
    navigation.get_by_role("link", name="Administrasi", exact=True).click()
    expect(page.get_by_role("link", name="Kotak keluar")).to_be_visible()
