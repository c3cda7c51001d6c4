"""Pasal 9 and the semester report in the browser: Kemendes's liaison officer sees the roster masked,
acknowledges the confidentiality duties, then sees it unmasked (and the read is logged), records a disclosure,
generates the first period's report, completes it and issues it; the report due is met. No NIP in an address.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from agreements import demo as agreements_demo
from agreements.models import ObligationDue
from exchange.data import services as data_services
from exchange.data.models import DataAccess
from exchange.privacy.models import Acknowledgement, Disclosure
from exchange.reports import services
from exchange.reports.models import ReportRun
from tests.e2e.conftest import login
from tests.exchange.corrections.conftest import ensure_catalogue
from tests.exchange.data.conftest import people
from tests.helpers import grant

pytestmark = pytest.mark.browser


@pytest.fixture
def seed_with_roster(transactional_db, cast):
    ensure_catalogue()
    seed, _created = agreements_demo.load_seed(users=cast)
    from exchange.corrections.demo import load_annex

    load_annex(seed)
    # The seed ended in 2025 and the acknowledgement opens access only while in force: its term runs to 2033.
    type(seed).objects.filter(pk=seed.pk).update(
        term_months=120, ends_on=date(2033, 10, 8), notice_deadline=date(2033, 9, 8)
    )
    seed.refresh_from_db()
    officer = cast["kemendes.penghubung"]
    grant(officer, seed, "view_personal_data", "change_agreement")
    # The test has the officer make the Pasal 9 acknowledgement in the browser; grant() makes it for them.
    Acknowledgement.objects.filter(user=officer, agreement=seed).delete()
    parties = {p.order: p for p in seed.parties.all()}
    dataset = data_services.dataset_for_direction(agreement=seed, provider=parties[1], receiver=parties[2])
    version = data_services.version_create(
        dataset=dataset, rows=people(5), source_kind="import", source_name="psm.xlsx"
    )
    return seed, version


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("PORTAL_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_acknowledge_gain_access_disclose_and_issue_the_report(
    live_server, seed_with_roster, new_page, shots
):
    seed, version = seed_with_roster
    nip = version.records.order_by("id").values_list("nip", flat=True).first()
    urls: list[str] = []
    page = new_page()
    page.on("request", lambda r: urls.append(r.url))
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "kemendes.penghubung")

    page.goto(f"/pertukaran/himpunan/versi/{version.pk}/")
    expect(page.get_by_text(re.compile("Data pribadi disamarkan"))).to_be_visible()
    expect(page.get_by_text(nip)).to_have_count(0)

    page.goto(f"/pertukaran/pelindungan/perjanjian/{seed.pk}/")
    expect(page.get_by_text(re.compile("baru berlaku setelah Anda menyatakan"))).to_be_visible()
    page.screenshot(path=shots / "privacy-desktop.png", full_page=True)
    page.get_by_label(re.compile("Saya telah membaca, memahami")).check()
    page.get_by_role("button", name="Nyatakan dan setujui").click()
    expect(page.get_by_text("Pernyataan kerahasiaan Anda tercatat.")).to_be_visible()
    assert Acknowledgement.objects.filter(agreement=seed).count() == 1

    page.goto(f"/pertukaran/himpunan/versi/{version.pk}/")
    expect(page.get_by_text(re.compile("Data pribadi disamarkan"))).to_have_count(0)
    expect(page.get_by_text(nip).first).to_be_visible()
    assert DataAccess.objects.filter(user__username="kemendes.penghubung", version=version).exists()

    page.goto(f"/pertukaran/pelindungan/perjanjian/{seed.pk}/")
    page.get_by_label("Dasar pengungkapan").select_option("court")
    page.get_by_label("Nomor dasar").fill("Penetapan PN Jakarta Selatan Nomor 12/Pen.Pid/2024")
    page.get_by_label("Data yang diungkapkan").fill("NIP, nama dan jabatan tiga ASN")
    page.get_by_label("Penerima", exact=True).fill("Pengadilan Negeri Jakarta Selatan")
    page.get_by_label("Tanggal pengungkapan").fill("2024-02-01")
    page.get_by_label("Disetujui oleh").fill("Kepala Biro Hukum dan Humas")
    page.get_by_role("button", name="Catat pengungkapan").click()
    expect(page.get_by_text("Pengungkapan data dicatat pada register.")).to_be_visible()
    assert Disclosure.objects.filter(agreement=seed).count() == 1

    page.goto(f"/pertukaran/laporan/perjanjian/{seed.pk}/")
    first = page.locator("#periods tbody tr", has_text="ke-1")
    first.get_by_role("button", name="Susun laporan").click()
    expect(page.get_by_text(re.compile("sedang disusun"))).to_be_visible()
    expect(page.locator("progress")).to_be_visible()

    # The test stands in for the worker; the page polls the status and reloads once the draft is ready.
    run = ReportRun.objects.get()
    assert services.report_run_execute(run_id=run.pk) == "draft"
    expect(page.get_by_label("Kendala")).to_be_visible(timeout=15_000)
    expect(page.locator("#section-disclosures")).to_contain_text("Pengadilan Negeri Jakarta Selatan")
    page.get_by_label("Kendala").fill("Token SSO SIASN sempat kedaluwarsa sehingga sinkronisasi tertahan.")
    page.get_by_label("Rencana tindak lanjut").fill("Pembaruan token SSO dijadwalkan sebelum kedaluwarsa.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Kendala dan rencana tindak lanjut disimpan.")).to_be_visible()
    page.get_by_role("button", name="Terbitkan laporan").click()
    expect(page.get_by_text(re.compile("tercatat terpenuhi"))).to_be_visible()
    page.screenshot(path=shots / "report-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=shots / "report-390.png", full_page=True)

    run.refresh_from_db()
    assert run.status == "issued" and run.number
    due = ObligationDue.objects.get(pk=run.due_id)
    assert due.met_on is not None and due.evidence_id == run.document_id
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert not [url for url in urls if nip in url]
