"""The berita acara hasil pemadanan data: numbered from the issuer's letter sequence, the PDF read back,
signed off by both parties, and the agreement's berita acara obligation met with the PDF as evidence."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from agreements.models import ObligationDue
from exchange.matching import pdf, services
from exchange.matching.models import BeritaAcara
from tests.exchange.matching.conftest import grant

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")
ON = datetime(2024, 3, 4, 10, tzinfo=JAKARTA)  # a Monday


@pytest.fixture
def berita_acara(finished_run, kemendes_staf):
    return services.berita_acara_issue(acting_user=kemendes_staf, run=finished_run, now=ON)


def text_of(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_it_is_numbered_from_the_issuing_partys_letter_sequence(berita_acara, finished_run, kemendes_staf):
    assert berita_acara.issuing_party.institution == kemendes_staf.institution
    assert berita_acara.number.startswith("1/")
    assert berita_acara.dated_on.isoformat() == "2024-03-04"


def test_the_pdf_holds_the_number_the_day_in_words_both_parties_and_the_counts(berita_acara, finished_run):
    text = " ".join(text_of(pdf.berita_acara_pdf(berita_acara)).split())
    assert "BERITA ACARA HASIL PEMADANAN DATA" in text
    assert berita_acara.number in text
    assert "Senin tanggal Empat bulan Maret tahun Dua Ribu Dua Puluh Empat (04-03-2024)" in text
    assert "PIHAK KESATU" in text and "PIHAK KEDUA" in text
    assert finished_run.agreement.parties.get(order=1).institution.name in text
    assert finished_run.agreement.parties.get(order=2).institution.name in text
    assert "Padan 36" in text
    assert "Tidak padan 3" in text
    assert "NIP tidak valid 0" in text
    assert "Perlu usulan perbaikan 3" in text
    assert "Paraf" in text
    assert "kerahasiaan" in text.lower()


def test_a_second_berita_acara_for_the_same_run_is_refused(berita_acara, finished_run, bkn_staf):
    with pytest.raises(ValidationError):
        services.berita_acara_issue(acting_user=bkn_staf, run=finished_run)


def test_an_outsider_can_neither_issue_nor_sign(finished_run, berita_acara, lain_staf):
    with pytest.raises(PermissionDenied):
        services.berita_acara_sign(acting_user=lain_staf, berita_acara=berita_acara)


def test_signing_twice_for_one_party_is_refused(berita_acara, kemendes_staf, kemendes_pimpinan):
    services.berita_acara_sign(acting_user=kemendes_staf, berita_acara=berita_acara, now=ON)
    with pytest.raises(ValidationError) as error:
        services.berita_acara_sign(acting_user=kemendes_pimpinan, berita_acara=berita_acara, now=ON)
    assert "sudah menandatangani" in str(error.value)


def test_both_signatures_file_the_pdf_and_meet_the_obligation(
    berita_acara, finished_run, kemendes_staf, bkn_staf
):
    grant(kemendes_staf, finished_run.agreement, "change_agreement")
    services.berita_acara_sign(acting_user=kemendes_staf, berita_acara=berita_acara, now=ON)
    berita_acara.refresh_from_db()
    assert not berita_acara.is_complete
    services.berita_acara_sign(acting_user=bkn_staf, berita_acara=berita_acara, now=ON)
    berita_acara = BeritaAcara.objects.get(pk=berita_acara.pk)
    assert berita_acara.is_complete
    due = ObligationDue.objects.get(pk=berita_acara.due_id)
    assert due.met_on.isoformat() == "2024-03-04"
    assert due.evidence_id == berita_acara.document_id
    assert due.obligation.kind == "berita_acara"
    with berita_acara.document.file.open("rb") as handle:
        text = " ".join(text_of(handle.read()).split())
    assert berita_acara.number in text
    assert (kemendes_staf.get_full_name() or kemendes_staf.username).upper() in text
    assert (bkn_staf.get_full_name() or bkn_staf.username).upper() in text


def test_without_a_signer_holding_the_change_right_the_due_stays_open(berita_acara, kemendes_staf, bkn_staf):
    services.berita_acara_sign(acting_user=kemendes_staf, berita_acara=berita_acara, now=ON)
    services.berita_acara_sign(acting_user=bkn_staf, berita_acara=berita_acara, now=ON)
    berita_acara = BeritaAcara.objects.get(pk=berita_acara.pk)
    assert berita_acara.is_complete and berita_acara.document_id
    assert berita_acara.due_id is None
