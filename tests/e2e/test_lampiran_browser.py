"""The seed agreement's Lampiran in two browsers: Kemendes's staff reach it from the agreement's page and
propose a change; BKN's Pimpinan accepts it; the page then shows version 2 and its addendum, and the
Lampiran of a day before it still reads as version 1.

The seed was in force from 9 October 2023 to 8 October 2025, and the portal takes no change to a Lampiran
after the last day in force: the test runs on a day within the term.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from agreements.demo import load_seed
from exchange.corrections.demo import load_annex
from exchange.data.models import DataField, LampiranVersion
from exchange.data.services import lampiran_first_version
from tests.exchange.corrections.conftest import ensure_catalogue
from tests.helpers import member

pytestmark = pytest.mark.browser

WITHIN_THE_TERM = "2024-05-02 09:00 +07:00"


@pytest.fixture
def seed(cast):
    ensure_catalogue()
    agreement, _created = load_seed(users=cast)
    load_annex(agreement)
    lampiran_first_version(agreement=agreement)
    for username in ("kemendes.staf", "bkn.pimpinan"):
        member(cast[username], agreement)
    return agreement


def test_staff_propose_a_change_and_the_other_pimpinan_accepts_it(live_server, page_as, seed):
    kemendes, bkn = seed.parties.order_by("order")
    field = DataField.objects.get(code="lokasiKerja")
    prefix = f"d{bkn.pk}-{kemendes.pk}"
    with time_machine.travel(WITHIN_THE_TERM, tick=True):
        page = page_as("kemendes.staf")
        page.goto(f"/perjanjian/{seed.pk}/")
        page.locator("nav.tabs").get_by_role("link", name="Lampiran").click()
        expect(page.get_by_role("heading", name="Lampiran", exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name="Lampiran versi 1")).to_be_visible()
        page.get_by_text("BKN memberikan kepada Kemendes PDTT").click()
        page.locator(f"#id_{prefix}-f{field.pk}").check()
        page.locator(f"#id_{prefix}-n{field.pk}").fill("kabupaten/kota tempat bertugas")
        page.locator(f"#id_{prefix}-reason").fill("Lokasi kerja diperlukan untuk pemetaan PSM per kabupaten.")
        page.get_by_role("button", name="Ajukan perubahan").click()
        expect(page.locator(".messages")).to_contain_text("Usulan perubahan Lampiran dikirim")
        expect(page.get_by_text("Menunggu persetujuan")).to_be_visible()
        expect(page.get_by_role("button", name="Terima perubahan")).to_have_count(0)

        boss = page_as("bkn.pimpinan")
        boss.goto(f"/perjanjian/lampiran/{seed.pk}/")
        boss.get_by_role("button", name="Terima perubahan").click()
        expect(boss.locator(".messages")).to_contain_text("Lampiran versi 2 berlaku")
        expect(boss.get_by_role("heading", name="Lampiran versi 2")).to_be_visible()
        expect(boss.get_by_text("Adendum Lampiran versi 2").first).to_be_visible()
        expect(boss.get_by_role("cell", name="kabupaten/kota tempat bertugas")).to_be_visible()

        # The agreement's page lists the addendum; the day before reads as version 1.
        page.goto(f"/perjanjian/{seed.pk}/")
        expect(page.locator("#ringkasan")).to_contain_text("Adendum Lampiran versi 2")
        page.goto(f"/perjanjian/lampiran/{seed.pk}/")
        page.get_by_label("Lampiran yang berlaku pada tanggal").fill("2024-05-01")
        page.get_by_role("button", name="Tampilkan").click()
        expect(page.get_by_role("heading", name="Lampiran versi 1")).to_be_visible()
    assert LampiranVersion.objects.filter(agreement=seed).count() == 2


@pytest.mark.skipif(not os.environ.get("PORTAL_SCREENSHOTS"), reason="screenshots only on request")
def test_screenshots_of_the_lampiran_tab(live_server, page_as, seed):
    folder = Path(os.environ["PORTAL_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    with time_machine.travel(WITHIN_THE_TERM, tick=True):
        for width, suffix in ((1280, "desktop"), (390, "390")):
            page = page_as("kemendes.staf", viewport={"width": width, "height": 900})
            page.goto(f"/perjanjian/lampiran/{seed.pk}/")
            page.get_by_text("BKN memberikan kepada Kemendes PDTT").click()
            page.screenshot(path=folder / f"lampiran-{suffix}.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
