"""Pemadanan in two browsers: a Kemendes liaison officer runs a match of the roster against SIASN, opens
the results, raises correction proposals for three differences and signs the berita acara; a BKN officer
signs it too, and the agreement's berita acara obligation is met. No NIP ever appears in an address.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from exchange.corrections.models import Proposal
from exchange.matching import services
from exchange.matching.models import BeritaAcara, MatchRun
from tests.e2e.conftest import login
from tests.exchange.corrections.conftest import ensure_catalogue
from tests.exchange.matching.conftest import grant

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_like(transactional_db, cast, request):
    """The seed-like agreement with a roster version and a SIASN version, made by the fixtures of the
    matching tests once the catalogue (emptied by transactional tests) is back."""
    ensure_catalogue()
    deal = request.getfixturevalue("agreement")
    # Proposals from a match need the agreement in force today: its term runs on to 2033 here (the matching
    # fixture's agreement ended in 2025), as the corrections fixtures' agreement does.
    Agreement.objects.filter(pk=deal.pk).update(
        term_months=120, ends_on=date(2033, 10, 8), notice_deadline=date(2033, 9, 8)
    )
    deal.refresh_from_db()
    return deal, request.getfixturevalue("versions")


from tests.exchange.matching.conftest import agreement, bkn_party, kemendes_party, versions  # noqa: E402,F401


def test_a_match_from_request_to_signed_berita_acara(live_server, demo_like, new_page, cast):
    deal, (left, right) = demo_like
    grant(cast["kemendes.penghubung"], deal, "handle_proposals", "view_personal_data", "change_agreement")
    urls: list[str] = []
    kemendes, bkn = new_page(), new_page()
    for page in (kemendes, bkn):
        page.on("request", lambda r: urls.append(r.url))
        page.on("dialog", lambda dialog: dialog.accept())
    login(kemendes, "kemendes.penghubung")
    login(bkn, "bkn.staf")

    kemendes.goto("/pertukaran/pemadanan/")
    kemendes.get_by_role("link", name=deal.title).click()
    kemendes.get_by_label("Data pertama").select_option(str(left.pk))
    kemendes.get_by_label(re.compile("Data pembanding")).select_option(str(right.pk))
    kemendes.get_by_role("button", name="Jalankan pemadanan").click()
    expect(kemendes.get_by_text(re.compile("diantrekan"))).to_be_visible()

    # The test stands in for the worker; the page polls the status and reloads when the run is done.
    run = MatchRun.objects.get()
    assert services.match_run_execute(run_id=run.pk).startswith("done")
    expect(kemendes.get_by_role("heading", name="Daftar orang")).to_be_visible(timeout=15_000)
    expect(kemendes.locator("svg.chart").first).to_be_visible()

    kemendes.get_by_label("Hasil", exact=True).select_option("tidak_padan")
    kemendes.get_by_role("button", name="Terapkan").click()
    checks = kemendes.locator("input.result-check")
    expect(checks).to_have_count(3)
    for index in range(3):
        checks.nth(index).check()
    kemendes.get_by_role("button", name=re.compile("Ajukan usulan perbaikan")).click()
    expect(kemendes.get_by_text(re.compile("3 usulan perbaikan diajukan"))).to_be_visible()
    assert Proposal.objects.filter(status="submitted").count() == 3

    kemendes.get_by_role("button", name="Buat berita acara").click()
    expect(kemendes.get_by_text(re.compile("Berita acara .* dibuat"))).to_be_visible()
    kemendes.get_by_role("button", name="Tandatangani atas nama instansi saya").click()
    expect(kemendes.get_by_text("Tanda tangan Anda pada berita acara tercatat.")).to_be_visible()

    bkn.goto(run.get_absolute_url())
    bkn.get_by_role("button", name="Tandatangani atas nama instansi saya").click()
    expect(bkn.get_by_text(re.compile("ditandatangani PARA PIHAK"))).to_be_visible()
    expect(bkn.get_by_text("Kewajiban berita acara pemadanan tercatat terpenuhi.")).to_be_visible()

    berita_acara = BeritaAcara.objects.get(run=run)
    assert berita_acara.is_complete and berita_acara.due.met_on is not None
    nips = set(left.records.values_list("nip", flat=True))
    assert not [url for url in urls if any(nip in url for nip in nips)]
