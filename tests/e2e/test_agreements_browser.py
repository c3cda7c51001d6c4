"""Agreements in a real browser: a staff member creates an agreement through the forms, the other party's
Pimpinan accepts the invitation and its staff adds its contact; the Pimpinan records an extension and a force
majeure, watches the clocks move, serves a notice and reads the letter's PDF back."""

import io
import re
from datetime import timedelta

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agreements import rules
from portal.lib.text_id import format_date, roman_month

pytestmark = pytest.mark.browser


def iso(day) -> str:
    return day.isoformat()


def open_action(page, title: str) -> None:
    page.locator("summary", has_text=title).first.click()


def submit(page, field_id: str) -> None:
    page.locator(f"form:has(#{field_id}) button[type=submit]").click()


def said(page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def test_a_staff_member_runs_an_agreement_from_the_forms_to_a_notice_letter(
    live_server, page_as, kemendes, bkn
):
    today = timezone.localdate()
    signed = today - timedelta(days=30)
    ends = rules.last_day_in_force(signed, 24)
    page = page_as("kemendes.staf")

    # Create the agreement through the forms, adding a clause row in the browser.
    page.goto("/perjanjian/")
    page.get_by_role("link", name="Tambah perjanjian").click()
    page.locator("#id_title").fill("Pertukaran Data Jabatan Fungsional Uji Peramban")
    page.locator("#id_signed_on").fill(iso(signed))
    if not rules.is_working_day(signed):  # thirty days back may be a weekend or a holiday: say it is so
        page.locator("#id_confirm_non_working_day").check()
    page.locator("#id_signing_place").fill("Jakarta")
    expect(page.locator("#id_parties-0-institution")).to_have_value(str(kemendes.pk))
    page.locator("#id_parties-0-number").fill("11/HKM.07.01/UJI")
    page.locator("#id_parties-0-signatory_name").fill("TAUFIK MADJID")
    page.locator("#id_parties-1-institution").select_option(label="Badan Kepegawaian Negara")
    page.locator("#id_parties-1-number").fill("12/HM.04.01/UJI")
    page.locator("#id_parties-1-signatory_name").fill("IMAS SUKMARIAH")
    page.locator("#id_scope-0-text").fill("pertukaran data ASN jabatan fungsional PSM")
    page.locator("#id_clauses-0-number").fill("1")
    page.locator("#id_clauses-0-title").fill("TUJUAN KERJA SAMA")
    page.locator("#id_clauses-0-text").fill("Meningkatkan sinergi data.")
    page.get_by_role("button", name="Tambah pasal").click()
    page.locator("#id_clauses-2-number").fill("6")
    page.locator("#id_clauses-2-title").fill("JANGKA WAKTU")
    page.locator("#id_clauses-2-text").fill("Berlaku 2 (dua) tahun.")
    page.get_by_role("button", name="Simpan perjanjian").click()

    said(page, "Perjanjian tersimpan.")
    expect(
        page.get_by_role("heading", name="Pertukaran Data Jabatan Fungsional Uji Peramban")
    ).to_be_visible()
    ends_on = page.locator('[data-clock="ends_on"]')
    deadline = page.locator('[data-clock="notice_deadline"]')
    expect(ends_on).to_have_text(format_date(ends))
    expect(deadline).to_have_text(format_date(rules.notice_deadline(ends)))
    page.get_by_role("tab", name="Pasal").click()
    expect(page.locator("#pasal-6")).to_contain_text("JANGKA WAKTU")

    # BKN is invited: its Pimpinan accepts, then BKN designates its own correspondence contact (Pasal 8),
    # to which the letter will be addressed.
    detail = page.url.split("#")[0]
    manager = page_as("bkn.pimpinan")
    manager.goto("/perjanjian/undangan/")
    manager.get_by_role("link", name="Pertukaran Data Jabatan Fungsional Uji Peramban").click()
    manager.get_by_role("button", name="Terima undangan").click()
    said(manager, "Undangan diterima")
    bkn_staff = page_as("bkn.staf")
    bkn_staff.goto(detail)
    bkn_staff.get_by_role("tab", name="Korespondensi").click()
    open_action(bkn_staff, "Tambah kontak korespondensi")
    expect(bkn_staff.locator("#contact-party option:checked")).to_have_text(
        "PIHAK KEDUA — Badan Kepegawaian Negara"
    )
    bkn_staff.locator("#contact-unit").fill("Direktur Pengelolaan Data dan Penyajian Informasi Kepegawaian")
    bkn_staff.locator("#contact-address").fill("Jalan Mayjen Sutoyo Nomor 12 Cililitan Jakarta Timur")
    bkn_staff.locator("#contact-email").fill("pdpik@bkn.go.id")
    bkn_staff.locator("#contact-valid_from").fill(iso(signed))
    submit(bkn_staff, "contact-valid_from")
    said(bkn_staff, "Kontak korespondensi tercatat.")

    # Kemendes's Pimpinan signs off the extension and the notice.
    page = page_as("kemendes.pimpinan")
    page.goto(detail)
    ends_on = page.locator('[data-clock="ends_on"]')
    deadline = page.locator('[data-clock="notice_deadline"]')

    # Extension by amendment: the end and the notice deadline move by twelve months.
    page.get_by_role("tab", name="Ringkasan").click()
    open_action(page, "Catat perpanjangan")
    page.locator("#extend-months").fill("12")
    page.locator("#extend-signed_on").fill(iso(today))
    page.locator("#extend-number").fill("AMD-1/UJI")
    submit(page, "extend-months")
    said(page, "Perpanjangan tercatat")
    extended = rules.last_day_in_force(signed, 36)
    expect(ends_on).to_have_text(format_date(extended))
    expect(deadline).to_have_text(format_date(rules.notice_deadline(extended)))

    # Force majeure three days ago: its fourteen-day notice clock shows and the status carries the flag.
    occurred = today - timedelta(days=3)
    open_action(page, "Catat keadaan kahar")
    page.locator("#fm_record-occurred_on").fill(iso(occurred))
    page.locator("#fm_record-description").fill("Banjir merusak pusat data")
    submit(page, "fm_record-description")
    said(page, "Keadaan kahar tercatat.")
    expect(page.locator('[data-clock="fm_notice_due"]')).to_contain_text(
        format_date(occurred + timedelta(days=14))
    )
    expect(page.locator('[data-clock="status"]')).to_contain_text("Keadaan kahar")

    # A renewal notice: a numbered letter to BKN, read back from its PDF.
    page.get_by_role("tab", name="Korespondensi").click()
    open_action(page, "Sampaikan pemberitahuan perpanjangan atau pengakhiran")
    page.locator("#notice-kind").select_option(label="Pemberitahuan perpanjangan")
    page.locator("#notice-served_on").fill(iso(today))
    submit(page, "notice-served_on")
    number = f"1/HKM.07.01/{roman_month(today)}/{today.year}"
    said(page, f"Pemberitahuan tercatat dan surat {number} diterbitkan.")

    page.get_by_role("tab", name="Korespondensi").click()
    link = page.locator("table.letters").get_by_role("link", name="PDF")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.body())).pages)
    assert number in text
    assert f"Jakarta, {format_date(today)}" in text
    assert "Yth. Direktur Pengelolaan Data dan Penyajian Informasi Kepegawaian" in text
    assert "Badan Kepegawaian Negara" in text
    assert re.search(r"Pemberitahuan Perpanjangan", text)


def test_the_seed_agreements_row_actions_open_the_pages_one_dialog_and_work_without_javascript(
    live_server, page_as, cast
):
    from django.core.management import call_command

    from agreements import demo
    from agreements.models import ObligationDue
    from tests.e2e.test_accessibility import DESKTOP, PHONE, axe_findings

    today = timezone.localdate()
    call_command("load_demo", today=today, stdout=io.StringIO())
    detail = demo.seed_agreement().get_absolute_url()
    page = page_as("kemendes.staf", viewport=DESKTOP, bypass_csp=True)  # axe is injected inline
    page.goto(f"{detail}#kewajiban")
    links = page.locator("table.dues a.row-action", has_text="Tandai terpenuhi")
    href = links.first.get_attribute("href")
    assert page.locator("#kewajiban form").count() == 4  # monev, obligation and the two due dialogs

    # The row's link opens the one form of its action, named after the row and aimed at the row's URL.
    links.first.click()
    dialog = page.locator("#due_meet-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#due_meet-met_on")).to_be_focused()
    expect(dialog.locator("[data-row-label]")).not_to_be_empty()
    assert dialog.locator("form").get_attribute("action") == href
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        assert not axe_findings(page), viewport
    page.set_viewport_size(DESKTOP)
    dialog.get_by_role("button", name="Batal").click()
    expect(dialog).to_be_hidden()
    links.first.click()
    dialog.locator("#due_meet-note").fill("Terkirim lewat surel")
    dialog.get_by_role("button", name="Simpan").click()
    said(page, "Kewajiban ditandai terpenuhi.")
    due = ObligationDue.objects.get(pk=int(href.rstrip("/").rsplit("/", 1)[1]))
    assert (due.met_on, due.note) == (today, "Terkirim lewat surel")

    # Without JavaScript the same link leads to the action's own page, which posts to the same URL.
    plain = page_as("kemendes.staf", java_script_enabled=False)
    plain.goto(f"{detail}#kewajiban")
    waive = plain.locator("table.dues a.row-action", has_text="Kesampingkan").first
    waive_href = waive.get_attribute("href")
    waive.click()
    expect(plain).to_have_url(re.compile(re.escape(waive_href) + "$"))
    plain.locator("#id_reason").fill("Tidak diperlukan lagi")
    plain.get_by_role("button", name="Simpan").click()
    said(plain, "Kewajiban dikesampingkan.")
    waived = ObligationDue.objects.get(pk=int(waive_href.rstrip("/").rsplit("/", 1)[1]))
    assert waived.waived_reason == "Tidak diperlukan lagi"
