"""File inputs speak the portal's language, not the browser's: its own button and the chosen file's name."""

from datetime import date

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement, AgreementParty
from tests.exchange.corrections.conftest import ensure_catalogue, full_lampiran

pytestmark = pytest.mark.browser


@pytest.fixture
def agreement(cast, kemendes, bkn):
    ensure_catalogue()
    agreement = Agreement.objects.create(
        title="PKS uji pemilih berkas", signed_on=date(2023, 10, 9), ends_on=date(2033, 10, 8)
    )
    AgreementParty.objects.create(agreement=agreement, institution=kemendes, order=1)
    AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2)
    full_lampiran(agreement)
    return agreement


def test_the_file_picker_reads_in_the_pages_language_and_names_the_chosen_file(page_as, agreement, tmp_path):
    # The browser itself is set up in English, so its own words would be "Choose File" / "No file chosen".
    page = page_as("kemendes.penghubung", locale="en-US")
    page.goto("/pertukaran/usulan/impor/")
    picker = page.locator(".file-picker")
    expect(picker.locator(".file-picker-button")).to_have_text("Pilih berkas")
    expect(picker.locator(".file-picker-names")).to_have_text("Belum ada berkas dipilih")

    # The input itself keeps its label and takes the file; the line then names it.
    roster = tmp_path / "usulan-maret.xlsx"
    roster.write_bytes(b"PK\x03\x04")
    page.get_by_label("Berkas XLSX").set_input_files(roster)
    expect(picker.locator(".file-picker-names")).to_have_text("usulan-maret.xlsx")

    # The portal's button opens the browser's file chooser.
    with page.expect_file_chooser() as chooser:
        picker.locator(".file-picker-button").click()
    assert not chooser.value.is_multiple()

    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".file-picker-button")).to_have_text("Choose file")
    expect(page.locator(".file-picker-names")).to_have_text("No file chosen")
