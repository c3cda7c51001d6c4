"""The portal on a 390 x 844 phone in a real browser: the calendar is an agenda list, the agreement list's
status shows without scrolling sideways, a NIP never wraps inside one of its groups. Screenshots of each page
(phone and desktop) go to PORTAL_SCREENSHOTS, or a temporary directory, for a person to look at."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agreements import demo as agreements_demo
from exchange.corrections import demo as corrections_demo
from tests.exchange.corrections.conftest import ensure_catalogue

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# For every element of a NIP (its groups separated by spaces), the groups that the browser laid out over
# more than one line: each group's text is measured with a Range, one rectangle per line box.
BROKEN_GROUPS_JS = """
(nodes) => nodes.flatMap((node) => {
  const text = node.firstChild;
  if (!text || text.nodeType !== Node.TEXT_NODE) return [];
  const broken = [];
  let start = 0;
  for (const group of text.data.split(" ")) {
    if (group) {
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + group.length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(text.data);
    }
    start += group.length + 1;
  }
  return broken;
})
"""


@pytest.fixture
def demo_data(cast):
    today = timezone.localdate()
    ensure_catalogue()  # the live server's database is flushed of the catalogue the migrations wrote
    agreements_demo.load(today=today, users=cast, stdout=StringIO())
    corrections_demo.load(today=today, users=cast, stdout=StringIO())
    return today


@pytest.fixture
def shots() -> Path:
    folder = Path(os.environ.get("PORTAL_SCREENSHOTS") or "/tmp/portal-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_calendar_is_an_agenda_list_on_a_phone(live_server, page_as, demo_data, shots):
    # The example force majeure's report fell due ten days ago: that month has entries.
    month = (demo_data - timedelta(days=10)).strftime("%Y-%m")
    page = page_as("kemendes.staf", viewport=PHONE)
    page.goto(f"/kalender/?bulan={month}")
    expect(page.locator(".calendar thead")).to_be_hidden()
    days = page.locator(".calendar td.has-events:not(.other)")
    expect(days.first).to_be_visible()
    assert days.first.evaluate("td => getComputedStyle(td).display") == "block"
    expect(days.first.locator(".agenda-date")).to_be_visible()
    event = days.first.locator(".event").first
    box = event.bounding_box()
    assert box["width"] > 250, "an entry takes the width of the phone, not of one weekday column"
    assert event.evaluate("a => a.scrollWidth <= a.clientWidth"), "entries are not truncated"
    assert no_sideways_scroll(page)
    page.screenshot(path=shots / "calendar-390.png", full_page=True)

    desktop = page_as("kemendes.staf", viewport=DESKTOP)
    desktop.goto(f"/kalender/?bulan={month}")
    expect(desktop.locator(".calendar thead")).to_be_visible()
    other = desktop.locator(".calendar td.other").first
    assert other.evaluate("td => getComputedStyle(td).color") == "rgb(89, 98, 115)"
    desktop.screenshot(path=shots / "calendar-desktop.png", full_page=True)


def test_the_agreement_list_shows_each_status_without_scrolling_sideways(
    live_server, page_as, demo_data, shots
):
    page = page_as("kemendes.staf", viewport=PHONE)
    page.goto("/perjanjian/")
    badges = page.locator("table.table tbody tr td:last-child .badge:first-child")
    expect(badges.first).to_be_visible()
    assert badges.count() >= 4
    for index in range(badges.count()):
        box = badges.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    label = page.locator("table.table tbody tr td:last-child").first.get_attribute("data-label")
    assert label == "Status"
    assert no_sideways_scroll(page)
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= 160
    page.screenshot(path=shots / "agreements-390.png", full_page=True)

    desktop = page_as("kemendes.staf", viewport=DESKTOP)
    desktop.goto("/perjanjian/")
    desktop.screenshot(path=shots / "agreements-desktop.png", full_page=True)


def test_no_nip_wraps_inside_a_group_on_a_phone(live_server, page_as, demo_data, shots):
    page = page_as("kemendes.penghubung", viewport=PHONE)
    page.goto("/pertukaran/usulan/?tab=all")
    nips = page.locator("table.table td span.mono")
    expect(nips.first).to_be_visible()
    assert page.evaluate(BROKEN_GROUPS_JS, nips.element_handles()) == []
    assert no_sideways_scroll(page)
    page.screenshot(path=shots / "proposals-390.png", full_page=True)
    page.locator("table.table tbody a[href*='/pertukaran/usulan/']").first.click()
    nip = page.locator("dd.nip")
    expect(nip).to_be_visible()
    assert page.evaluate(BROKEN_GROUPS_JS, nip.element_handles()) == []
    # A forgotten radio must not mail the other party: the comment box defaults to the internal note.
    expect(page.get_by_role("radio", name=re.compile("Catatan internal"))).to_be_checked()
    page.screenshot(path=shots / "proposal-detail-390.png", full_page=True)


def test_the_header_search_and_the_panduan_work_on_a_phone(live_server, page_as, demo_data, shots):
    page = page_as("kemendes.staf", viewport=PHONE)
    page.goto("/")
    page.get_by_label("Cari perjanjian, surat atau usulan").fill("kahar")
    page.get_by_label("Cari perjanjian, surat atau usulan").press("Enter")
    expect(page.locator("#hasil-letters")).to_be_visible()
    expect(page.locator(".search-hits").first).to_contain_text("Kahar")
    page.screenshot(path=shots / "search-390.png", full_page=True)

    # A NIP typed into the box is stopped in the browser: it never reaches an address.
    page.get_by_label("Cari perjanjian, surat atau usulan").fill("19850312 201001 1 004")
    page.get_by_label("Cari perjanjian, surat atau usulan").press("Enter")
    assert "19850312" not in page.url

    page.get_by_role("link", name="Panduan").click()
    expect(page.get_by_role("heading", name="Panduan Portal PKS")).to_be_visible()
    page.get_by_role("link", name="Petugas penghubung").first.click()
    expect(page.get_by_role("heading", name="Panduan untuk Petugas penghubung")).to_be_visible()
    assert no_sideways_scroll(page)
    page.screenshot(path=shots / "help-390.png", full_page=True)

    desktop = page_as("kemendes.staf", viewport=DESKTOP)
    desktop.goto("/panduan/perjanjian/")
    desktop.locator(".usermenu summary").click()
    expect(desktop.get_by_role("link", name="Preferensi pengingat")).to_be_visible()
    desktop.screenshot(path=shots / "help-desktop.png")
