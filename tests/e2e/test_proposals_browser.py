"""A correction proposal from draft to closed in two browsers: a Kemendes and a BKN liaison officer, each
seeing only what they should (their own internal notes, never the other side's; no NIP in any address).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement, AgreementParty
from exchange.corrections.models import Proposal
from portal.models import OutboxMail
from tests.e2e.conftest import login
from tests.exchange.corrections.conftest import ensure_catalogue, full_lampiran
from tests.helpers import acknowledge

pytestmark = pytest.mark.browser

NIP = "199205102019032903"
KEMENDES_NOTE = "Catatan internal Kemendes: SK asli ada di Biro SDM."
BKN_NOTE = "Catatan internal BKN: arsip SK di Kanreg V."


@pytest.fixture
def agreement(cast, kemendes, bkn, kemendes_penghubung, bkn_penghubung):
    ensure_catalogue()
    agreement = Agreement.objects.create(
        title="PKS Pertukaran Data ASN (uji peramban)", signed_on=date(2023, 10, 9), ends_on=date(2033, 10, 8)
    )
    AgreementParty.objects.create(agreement=agreement, institution=kemendes, order=1)
    AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2)
    full_lampiran(agreement)
    # Neither party keeps a team: the liaison officers handle proposals and read personal data by role.
    for user in (kemendes_penghubung, bkn_penghubung):
        acknowledge(user, agreement)  # the Pasal 9 acknowledgement before personal data
    return agreement


def open_step(page, label: str):
    """The small form of a step on the detail page (a <details> opened by its summary)."""
    step = page.locator("details.step").filter(has=page.locator("summary", has_text=label))
    step.locator("summary").click()
    return step


def comment(page, text: str, *, internal: bool) -> None:
    page.get_by_label("Tulis komentar").fill(text)
    if internal:
        page.get_by_role("radio", name=re.compile("Catatan internal")).check()
    else:
        page.get_by_role("radio", name=re.compile("Dibagikan kepada pihak lain")).check()
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.get_by_text("Komentar disimpan.")).to_be_visible()


def status_badge(page):
    return page.locator("h1 .badge").first


def test_two_liaison_officers_take_a_proposal_from_draft_to_closed(live_server, agreement, new_page):
    urls: list[str] = []
    kemendes = new_page()
    bkn = new_page()
    for page in (kemendes, bkn):
        page.on("request", lambda request: urls.append(request.url))
        page.on("dialog", lambda dialog: dialog.accept())
    login(kemendes, "kemendes.penghubung")
    login(bkn, "bkn.penghubung")

    # Kemendes writes the draft through the form.
    kemendes.goto("/pertukaran/usulan/")
    kemendes.get_by_role("link", name="Buat usulan").click()
    expect(kemendes.get_by_role("heading", name="Usulan perbaikan data baru")).to_be_visible()
    kemendes.get_by_label("NIP").fill("19920510 201903 2 903")
    kemendes.get_by_label("Nama ASN").fill("Citra Peraga")
    kemendes.get_by_label("Alasan perbaikan").fill("Kenaikan pangkat April belum tercatat; SK terlampir.")
    kemendes.locator("select[name=items-0-field]").select_option(label="Golongan/ruang akhir (golRuangAkhir)")
    kemendes.locator("input[name=items-0-current_value]").fill("III/a")
    kemendes.locator("input[name=items-0-proposed_value]").fill("III/b")
    kemendes.get_by_role("button", name="Simpan draf").click()
    expect(kemendes.get_by_text(re.compile(r"Draf UP-\d+ disimpan"))).to_be_visible()
    expect(status_badge(kemendes)).to_have_text("Draf")
    proposal = Proposal.objects.get()
    detail = f"/pertukaran/usulan/{proposal.pk}/"

    # BKN cannot see a draft, not even by its address.
    bkn.goto("/pertukaran/usulan/?tab=all")
    expect(bkn.get_by_text(proposal.reference)).to_have_count(0)
    assert bkn.goto(detail).status == 404

    comment(kemendes, KEMENDES_NOTE, internal=True)
    kemendes.get_by_role("button", name="Ajukan", exact=True).click()
    expect(kemendes.get_by_text("Usulan diajukan kepada pihak penerima.")).to_be_visible()
    expect(status_badge(kemendes)).to_have_text("Diajukan")

    # BKN finds it in its inbox, with the person unmasked for its liaison officer, and starts the review.
    bkn.goto("/pertukaran/usulan/")
    row = bkn.locator("tr", has_text=proposal.reference)
    expect(row).to_contain_text("Citra Peraga")
    expect(row).to_contain_text("19920510 201903 2 903")
    row.get_by_role("link", name=proposal.reference).click()
    expect(bkn.get_by_text("Golongan/ruang akhir")).to_be_visible()
    expect(bkn.get_by_text(KEMENDES_NOTE)).to_have_count(0)
    bkn.get_by_role("button", name="Mulai proses").click()
    expect(status_badge(bkn)).to_have_text("Diproses")
    comment(bkn, BKN_NOTE, internal=True)
    step = open_step(bkn, "Minta kelengkapan")
    step.get_by_label("Pesan").fill("Mohon lampirkan SK kenaikan pangkat.")
    step.get_by_role("button", name="Minta kelengkapan").click()
    expect(status_badge(bkn)).to_have_text("Perlu kelengkapan")

    # Kemendes answers; it sees BKN's request but never BKN's internal note.
    kemendes.goto(detail)
    expect(kemendes.get_by_text("Mohon lampirkan SK kenaikan pangkat.")).to_be_visible()
    expect(kemendes.get_by_text(BKN_NOTE)).to_have_count(0)
    expect(kemendes.get_by_text(KEMENDES_NOTE)).to_be_visible()
    expect(kemendes.locator(".comment.internal")).to_contain_text("Catatan internal — hanya Kemendes PDTT")
    step = open_step(kemendes, "Sampaikan kelengkapan")
    step.get_by_label("Pesan").fill("SK kenaikan pangkat sudah kami kirim lewat surat dinas.")
    step.get_by_role("button", name="Sampaikan kelengkapan").click()
    expect(status_badge(kemendes)).to_have_text("Diproses")

    # BKN accepts, then records the correction in SIASN.
    bkn.goto(detail)
    expect(bkn.get_by_text("SK kenaikan pangkat sudah kami kirim lewat surat dinas.")).to_be_visible()
    step = open_step(bkn, "Terima")
    step.get_by_role("button", name="Terima").click()
    expect(status_badge(bkn)).to_have_text("Diterima")
    step = open_step(bkn, "Tandai sudah diperbaiki")
    step.get_by_label("Tanggal perbaikan di SIASN").fill(date.today().isoformat())
    step.get_by_label("Rujukan (nomor SK/tiket SIASN)").fill("SIASN-PD/2025/0917")
    step.get_by_role("button", name="Tandai sudah diperbaiki").click()
    expect(status_badge(bkn)).to_have_text("Sudah diperbaiki")

    # Kemendes checks and closes.
    kemendes.goto(detail)
    expect(kemendes.locator("#ringkasan + dl")).to_contain_text("SIASN-PD/2025/0917")
    step = open_step(kemendes, "Tutup")
    step.get_by_label("Catatan (opsional)").fill("Sudah kami periksa di SIASN. Terima kasih.")
    step.get_by_role("button", name="Tutup").click()
    expect(status_badge(kemendes)).to_have_text("Ditutup")
    expect(kemendes.locator("#tindakan")).to_have_count(0)

    # Each side's history and conversation, as that side may see them.
    bkn.goto(detail)
    expect(status_badge(bkn)).to_have_text("Ditutup")
    expect(bkn.get_by_text("Sudah kami periksa di SIASN. Terima kasih.")).to_be_visible()
    expect(bkn.get_by_text(BKN_NOTE)).to_be_visible()
    expect(bkn.get_by_text(KEMENDES_NOTE)).to_have_count(0)
    history = bkn.locator("#riwayat + .timeline")
    for kind in ("Diajukan", "Mulai diproses", "Kelengkapan diminta", "Kelengkapan disampaikan", "Diterima"):
        expect(history).to_contain_text(kind)
    expect(history).not_to_contain_text("Draf dibuat")
    assert bkn.content().count("Catatan internal — hanya") == 1

    assert Proposal.objects.get().status == "closed"
    assert not [url for url in urls if NIP in url or NIP[:8] in url]
    for mail in OutboxMail.objects.all():
        body = mail.subject + mail.body_text + mail.body_html
        assert KEMENDES_NOTE not in body and BKN_NOTE not in body and NIP not in body
