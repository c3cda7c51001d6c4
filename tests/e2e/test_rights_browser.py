"""Two institutions at work, in a real browser, with no step under /sistem/: Kemendes's staff creates an
agreement with BKN through the forms; BKN's Pimpinan accepts the invitation; BKN's staff records BKN's own
incoming letter and is refused Kemendes's paraf; Kemendes's Pimpinan adds its liaison officer to the team;
both liaison officers exchange a correction proposal on the agreement. And the portal administrator reads
the seed agreement's page, read-only."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agreements import rules
from agreements.models import Agreement
from exchange.corrections.models import Proposal
from tests.exchange.corrections.conftest import full_lampiran

pytestmark = pytest.mark.browser

TITLE = "Pertukaran Data Pendamping Desa Uji Hak"


def said(page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def tab(page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()


def test_two_institutions_work_on_an_agreement_made_through_the_forms(live_server, page_as, kemendes, bkn):
    today = timezone.localdate()
    signed = today - timedelta(days=30)
    urls: list[str] = []

    # Kemendes's staff member creates the agreement with BKN as the other party.
    kemendes_staf = page_as("kemendes.staf")
    kemendes_staf.on("request", lambda r: urls.append(r.url))
    kemendes_staf.goto("/perjanjian/")
    kemendes_staf.get_by_role("link", name="Tambah perjanjian").click()
    kemendes_staf.locator("#id_title").fill(TITLE)
    kemendes_staf.locator("#id_signed_on").fill(signed.isoformat())
    if not rules.is_working_day(signed):  # thirty days back may be a weekend or a holiday: say it is so
        kemendes_staf.locator("#id_confirm_non_working_day").check()
    kemendes_staf.locator("#id_signing_place").fill("Jakarta")
    kemendes_staf.locator("#id_parties-0-number").fill("21/HKM.07.01/UJI")
    kemendes_staf.locator("#id_parties-0-signatory_name").fill("TAUFIK MADJID")
    kemendes_staf.locator("#id_parties-1-institution").select_option(label="Badan Kepegawaian Negara")
    kemendes_staf.locator("#id_parties-1-number").fill("22/HM.04.01/UJI")
    kemendes_staf.locator("#id_parties-1-signatory_name").fill("IMAS SUKMARIAH")
    kemendes_staf.locator("#id_scope-0-text").fill("pertukaran data ASN pendamping desa")
    kemendes_staf.locator("#id_clauses-0-number").fill("1")
    kemendes_staf.locator("#id_clauses-0-title").fill("TUJUAN")
    kemendes_staf.locator("#id_clauses-0-text").fill("Meningkatkan kualitas data.")
    kemendes_staf.get_by_role("button", name="Simpan perjanjian").click()
    said(kemendes_staf, "Perjanjian tersimpan.")
    agreement = Agreement.objects.get(title=TITLE)
    detail = agreement.get_absolute_url()
    tab(kemendes_staf, "Tim")
    expect(kemendes_staf.locator("#tim")).to_contain_text("Badan Kepegawaian Negara")
    expect(kemendes_staf.locator("#tim")).to_contain_text("Menunggu jawaban")

    # Until BKN accepts, its staff sees nothing of the agreement.
    bkn_staf = page_as("bkn.staf")
    bkn_staf.on("request", lambda r: urls.append(r.url))
    assert bkn_staf.goto(detail).status == 404
    bkn_staf.goto("/perjanjian/")
    expect(bkn_staf.get_by_text(TITLE)).to_have_count(0)

    # BKN's Pimpinan finds the invitation from the agreements page and accepts it.
    bkn_pimpinan = page_as("bkn.pimpinan")
    bkn_pimpinan.on("request", lambda r: urls.append(r.url))
    bkn_pimpinan.goto("/perjanjian/")
    bkn_pimpinan.get_by_role("link", name="Lihat undangan").click()
    bkn_pimpinan.get_by_role("link", name=TITLE).click()
    expect(bkn_pimpinan.locator("main")).to_contain_text("Badan Kepegawaian Negara diundang menjadi pihak")
    bkn_pimpinan.get_by_role("button", name="Terima undangan").click()
    said(bkn_pimpinan, "Undangan diterima: instansi Anda kini PIHAK KEDUA perjanjian ini.")

    # Kemendes's staff uploads the signed scan for both parties to initial.
    kemendes_staf.goto(detail)
    tab(kemendes_staf, "Dokumen")
    kemendes_staf.locator("summary", has_text="Unggah dokumen").click()
    kemendes_staf.locator("#document-title").fill("Naskah PKS ditandatangani")
    kemendes_staf.locator("#document-file").set_input_files(
        {"name": "naskah.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 naskah"}
    )
    kemendes_staf.locator("form:has(#document-title) button[type=submit]").click()
    said(kemendes_staf, "Dokumen diunggah.")

    # BKN's staff records BKN's own incoming letter from Kemendes...
    bkn_staf.goto(detail)
    tab(bkn_staf, "Korespondensi")
    bkn_staf.locator("summary", has_text="Catat surat masuk").click()
    expect(bkn_staf.locator("#letter_incoming-from_party option:checked")).to_have_text(
        "PIHAK KESATU — Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi"
    )
    bkn_staf.locator("#letter_incoming-number").fill("31/HKM.07.01/UJI")
    bkn_staf.locator("#letter_incoming-dated_on").fill(today.isoformat())
    bkn_staf.locator("#letter_incoming-received_on").fill(today.isoformat())
    bkn_staf.locator("#letter_incoming-subject").fill("Jadwal pemadanan data")
    bkn_staf.locator("form:has(#letter_incoming-number) button[type=submit]").click()
    said(bkn_staf, "Surat masuk tercatat.")
    tab(bkn_staf, "Korespondensi")
    expect(bkn_staf.locator("table.letters")).to_contain_text("31/HKM.07.01/UJI")

    # ...and is offered only BKN's own paraf; a forged request for Kemendes's is refused, nothing recorded.
    tab(bkn_staf, "Dokumen")
    row = bkn_staf.locator("table.documents tr", has_text="Naskah PKS ditandatangani")
    row.get_by_role("link", name="Catat paraf").click()
    dialog = bkn_staf.locator("#paraf-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-row-label]")).to_have_text("Naskah PKS ditandatangani")
    form = dialog.locator("form")
    options = form.locator("select[name=party] option").all_inner_texts()
    assert [o for o in options if o.startswith("PIHAK")] == ["PIHAK KEDUA — Badan Kepegawaian Negara"]
    kemendes_party = agreement.parties.get(order=1)
    refused = bkn_staf.request.post(
        live_server.url + form.get_attribute("action"),
        form={
            "csrfmiddlewaretoken": form.locator("input[name=csrfmiddlewaretoken]").get_attribute("value"),
            "party": str(kemendes_party.pk),
            "initialled_by": "TAUFIK MADJID",
            "initialled_on": today.isoformat(),
        },
        headers={"Referer": live_server.url + detail},
    )
    assert refused.status == 400
    assert "Pihak ini bukan pihak Anda: setiap pihak mencatat untuk dirinya sendiri." in refused.text()
    assert not kemendes_party.parafs.exists()

    # Kemendes's Pimpinan adds the liaison officer to Kemendes's team on the Tim tab.
    kemendes_pimpinan = page_as("kemendes.pimpinan")
    kemendes_pimpinan.on("request", lambda r: urls.append(r.url))
    kemendes_pimpinan.goto(detail)
    tab(kemendes_pimpinan, "Tim")
    team = kemendes_pimpinan.locator("#tim")
    expect(team).to_contain_text("Rina Wulandari")
    team.locator("select[name=user]").select_option(label="Agus Santoso (Petugas penghubung)")
    team.get_by_role("button", name="Tambahkan ke tim").click()
    said(kemendes_pimpinan, "Agus Santoso kini anggota tim pihak Anda.")
    tab(kemendes_pimpinan, "Riwayat")
    expect(kemendes_pimpinan.locator("#riwayat")).to_contain_text(
        "Agus Santoso ditambahkan ke tim PIHAK KESATU"
    )

    # The parties keep the Lampiran (its own tab, tested on its own); a proposal names only its elements.
    full_lampiran(agreement)

    # Both liaison officers exchange a correction proposal on the agreement.
    kemendes_penghubung = page_as("kemendes.penghubung")
    kemendes_penghubung.on("request", lambda r: urls.append(r.url))
    kemendes_penghubung.goto("/pertukaran/usulan/")
    kemendes_penghubung.get_by_role("link", name="Buat usulan").click()
    kemendes_penghubung.locator("select[name=receiving_party]").select_option(
        value=str(agreement.parties.get(order=2).pk)
    )
    kemendes_penghubung.get_by_label("NIP").fill("19920510 201903 2 903")
    kemendes_penghubung.get_by_label("Nama ASN").fill("Citra Peraga")
    kemendes_penghubung.get_by_label("Alasan perbaikan").fill("Kenaikan pangkat belum tercatat.")
    kemendes_penghubung.locator("select[name=items-0-field]").select_option(
        label="Golongan/ruang akhir (golRuangAkhir)"
    )
    kemendes_penghubung.locator("input[name=items-0-current_value]").fill("III/a")
    kemendes_penghubung.locator("input[name=items-0-proposed_value]").fill("III/b")
    kemendes_penghubung.get_by_role("button", name="Simpan draf").click()
    expect(kemendes_penghubung.get_by_text(re.compile(r"Draf UP-\d+ disimpan"))).to_be_visible()
    kemendes_penghubung.on("dialog", lambda dialog: dialog.accept())
    kemendes_penghubung.get_by_role("button", name="Ajukan", exact=True).click()
    expect(kemendes_penghubung.get_by_text("Usulan diajukan kepada pihak penerima.")).to_be_visible()
    proposal = Proposal.objects.get(agreement=agreement)

    bkn_penghubung = page_as("bkn.penghubung")
    bkn_penghubung.on("request", lambda r: urls.append(r.url))
    bkn_penghubung.goto("/pertukaran/usulan/")
    bkn_penghubung.locator("tr", has_text=proposal.reference).get_by_role(
        "link", name=proposal.reference
    ).click()
    bkn_penghubung.get_by_role("button", name="Mulai proses").click()
    expect(bkn_penghubung.locator("h1 .badge").first).to_have_text("Diproses")
    bkn_penghubung.get_by_label("Tulis komentar").fill("Sedang kami periksa di SIASN.")
    bkn_penghubung.get_by_role("radio", name=re.compile("Dibagikan kepada pihak lain")).check()
    bkn_penghubung.get_by_role("button", name="Kirim", exact=True).click()
    expect(bkn_penghubung.get_by_text("Komentar disimpan.")).to_be_visible()
    kemendes_penghubung.goto(f"/pertukaran/usulan/{proposal.pk}/")
    expect(kemendes_penghubung.get_by_text("Sedang kami periksa di SIASN.")).to_be_visible()

    assert not [u for u in urls if "/sistem/" in u]


def test_the_administrator_reads_the_seed_agreement_in_the_portal(live_server, page_as, cast):
    from agreements import demo

    seed, _created = demo.load_seed(users=cast)
    page = page_as("admin")
    page.goto(seed.get_absolute_url())
    expect(page.get_by_role("heading", name=seed.title)).to_be_visible()
    expect(page.locator("main")).to_contain_text("hanya baca")
    expect(page.locator("main")).to_contain_text("26/HKM.07.01/X/2023")
    expect(page.get_by_role("link", name="Ubah", exact=True)).to_have_count(0)
    expect(page.locator("summary", has_text="Terbitkan surat")).to_have_count(0)
    tab(page, "Riwayat")
    expect(page.locator("#riwayat")).to_contain_text("Administrator portal membuka perjanjian (hanya baca)")
