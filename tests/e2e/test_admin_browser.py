"""The Administrator manages users from the portal's own pages, reached from the navigation (never
/sistem/): invites a new user, who sets a password from the mail's link and logs in. With
PORTAL_SCREENSHOTS set, every administration page is also saved at desktop width and at 390 px."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.models import AdminEvent, OutboxMail, User
from tests.e2e.conftest import login

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Cempaka-Putih-2026"


def test_the_administrator_invites_a_user_who_sets_a_password_and_logs_in(
    live_server, page_as, new_page, bkn
):
    page = page_as("admin")
    page.goto("/")
    page.locator("nav.mainnav").get_by_role("link", name="Administrasi").click()
    page.locator("nav.tabs").get_by_role("link", name="Pengguna").click()
    expect(page).not_to_have_url(re.compile("/sistem/"))
    page.get_by_role("link", name="Undang pengguna").click()
    page.get_by_label("Nama depan").fill("Laras")
    page.get_by_label("Nama belakang").fill("Anindita")
    page.get_by_role("textbox", name="E-mail").fill("laras.anindita@bkn.go.id")
    page.get_by_label("Instansi").select_option(label="Badan Kepegawaian Negara")
    page.get_by_label("Peran").select_option(label="Petugas penghubung")
    page.get_by_label("Jabatan").fill("Pranata Komputer Ahli Pertama")
    page.get_by_role("button", name="Kirim undangan").click()
    expect(page.locator(".messages")).to_contain_text("Undangan dikirim kepada laras.anindita@bkn.go.id")
    expect(page.get_by_text("Diundang, belum membuat kata sandi")).to_be_visible()

    mail = OutboxMail.objects.get(to=["laras.anindita@bkn.go.id"])
    link = re.search(r"https?://\S+(/akun/reset/\S+/)", mail.body_text).group(1)

    guest = new_page()
    guest.goto(link)
    guest.get_by_label("Sandi baru:", exact=True).fill(NEW_PASSWORD)
    guest.get_by_label("Konfirmasi sandi baru:").fill(NEW_PASSWORD)
    guest.get_by_role("button", name="Simpan kata sandi").click()
    expect(guest.get_by_role("heading", name="Kata sandi tersimpan")).to_be_visible()
    login(guest, "laras.anindita", NEW_PASSWORD)
    expect(guest.locator(".usermenu-who")).to_contain_text("Laras Anindita")
    expect(guest.locator("nav.mainnav")).not_to_contain_text("Administrasi")

    # The link is used up; the administrator sees the user active, with a last login, and the history.
    again = new_page()
    again.goto(link)
    expect(again.get_by_text("Tautan ini tidak berlaku lagi")).to_be_visible()
    page.reload()
    expect(page.locator(".subtitle .badge")).to_have_text("Aktif")
    assert User.objects.get(username="laras.anindita").last_login is not None
    assert AdminEvent.objects.filter(kind=AdminEvent.Kind.USER_INVITED, actor__username="admin").exists()


PAGES = {
    "admin-home": "/admin/",
    "admin-users": "/admin/pengguna/",
    "admin-user-invite": "/admin/pengguna/undang/",
    "admin-institutions": "/admin/instansi/",
    "admin-institution-edit": None,
    "admin-roles": "/admin/peran/",
    "admin-history": "/admin/riwayat/",
    "admin-register": "/admin/perjanjian/",
}


@pytest.mark.skipif(not os.environ.get("PORTAL_SCREENSHOTS"), reason="screenshots only on request")
def test_screenshots_of_the_administration(live_server, page_as, kemendes, cast):
    from agreements.demo import load_seed

    load_seed(users=cast)
    folder = Path(os.environ["PORTAL_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    for width, suffix in ((1280, "desktop"), (390, "390")):
        page = page_as("admin", viewport={"width": width, "height": 900})
        for name, path in PAGES.items():
            page.goto(path or f"/admin/instansi/{kemendes.pk}/")
            page.screenshot(path=folder / f"{name}-{suffix}.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
