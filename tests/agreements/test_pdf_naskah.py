"""The naskah PDF read back with pypdf: the whole agreement as signed, Lampiran and paraf box included."""

import io
import re
from datetime import date

import pypdf
import pytest
from django.core.management import call_command

from agreements import demo, pdf
from tests.agreements.conftest import party


def pages_of(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def body_of(pages: list[str]) -> str:
    """The running text, without the paraf box and page number each page starts with."""
    return " ".join(re.sub(r"^PARAF PIHAK I PIHAK II Halaman \d+ ", "", page) for page in pages)


@pytest.fixture
def seed_pages(cast):
    call_command("load_demo", today=date(2026, 1, 15), stdout=io.StringIO())
    return pages_of(pdf.agreement_pdf(demo.seed_agreement()))


def test_the_seed_naskah_opens_with_the_numbers_the_parties_in_roman_and_the_considerations(seed_pages):
    first = seed_pages[0]
    assert "NOMOR : 26/HKM.07.01/X/2023" in first and "NOMOR : 35/HM.04.01/2023" in first
    assert "I. TAUFIK MADJID, selaku Sekretaris Jenderal Kementerian Desa" in first
    assert "II. IMAS SUKMARIAH, selaku Sekretaris Utama Badan Kepegawaian Negara" in first
    assert "Nomor 171/TPA Tahun 2020, tanggal 24 September 2020" in first
    assert "1. TAUFIK" not in first
    text = body_of(seed_pages)
    assert (
        "PIHAK KESATU dan PIHAK KEDUA yang selanjutnya secara bersama-sama disebut PARA PIHAK, dan secara "
        "sendiri-sendiri disebut PIHAK, terlebih dahulu menerangkan hal-hal sebagai berikut:"
    ) in text
    assert "1. bahwa PIHAK KESATU adalah Kementerian yang mempunyai tugas menyelenggarakan" in text
    assert "2. bahwa PIHAK KEDUA adalah lembaga pemerintah nonkementerian" in text
    assert (
        "Berdasarkan hal-hal tersebut di atas dan memperhatikan ketentuan peraturan perundang-undangan, PARA "
        "PIHAK sepakat untuk membuat Perjanjian Kerja Sama tentang Pertukaran dan Pemanfaatan Data"
    ) in text
    for number in range(1, 14):
        assert f"Pasal {number} " in text
    assert "(10) Kebocoran data yang diakibatkan kelalaian" in text


def test_the_seed_naskah_signs_with_positions_then_the_lampiran_and_a_paraf_box_on_every_page(seed_pages):
    text = body_of(seed_pages)
    closing = text.index("Pasal 13 PENUTUP")
    signatures = text[closing:]
    assert re.search(
        r"PIHAK KESATU, TAUFIK MADJID Sekretaris Jenderal Kementerian Desa, Pembangunan Daerah Tertinggal, "
        r"dan Transmigrasi PIHAK KEDUA, IMAS SUKMARIAH Sekretaris Utama Badan Kepegawaian Negara",
        signatures,
    )
    lampiran = text.index("LAMPIRAN PERJANJIAN KERJA SAMA")
    assert lampiran > closing
    annex = text[lampiran:]
    assert "A. Data dan/atau informasi dari PIHAK KESATU" in annex
    assert (
        "B. Data dan/atau informasi dari PIHAK KEDUA (Badan Kepegawaian Negara) kepada PIHAK KESATU" in annex
    )
    assert "nipBaru" in annex and "jabatanFungsionalNama" in annex
    assert len(seed_pages) >= 5
    for number, page in enumerate(seed_pages, start=1):
        assert "PARAF PIHAK I PIHAK II" in page, number
        assert f"Halaman {number}" in page


def test_an_agreement_entered_by_hand_prints_its_purpose_scope_and_closing(make_agreement, kemendes, bkn):
    agreement = make_agreement(
        purpose="Meningkatkan pemanfaatan data uji antarinstansi.",
        parties=[
            party(kemendes, "1/UJI/2024", description="kementerian yang menguji"),
            party(bkn, "2/UJI/2024"),
        ],
    )
    agreement.clauses.all().delete()
    text = body_of(pages_of(pdf.agreement_pdf(agreement)))
    assert "Pasal 1 TUJUAN KERJA SAMA Meningkatkan pemanfaatan data uji antarinstansi." in text
    assert (
        "Pasal 2 RUANG LINGKUP Ruang lingkup Perjanjian Kerja Sama ini meliputi: a. pertukaran data uji."
        in text
    )
    assert "1. bahwa PIHAK KESATU adalah kementerian yang menguji." in text
    assert "Demikian Perjanjian Kerja Sama ini dibuat dan ditandatangani oleh PARA PIHAK" in text
    assert "Sekretaris Badan Kepegawaian Negara" in text
    assert "LAMPIRAN" not in text


def test_a_pks_under_an_umbrella_mou_names_it_among_the_considerations(make_agreement):
    mou = make_agreement(title="Kerja Sama Pengembangan Sumber Daya Manusia", kind="mou")
    agreement = make_agreement(umbrella=mou)
    text = body_of(pages_of(pdf.agreement_pdf(agreement)))
    assert (
        "bahwa PARA PIHAK telah menandatangani Nota Kesepahaman Nomor 1/UJI/2023 dan Nomor 2/UJI/2023 "
        "tentang Kerja Sama Pengembangan Sumber Daya Manusia yang ditandatangani pada tanggal 9 Oktober 2023."
    ) in text
