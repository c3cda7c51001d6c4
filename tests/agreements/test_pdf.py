"""The printed papers read back with pypdf: letterhead, number, Indonesian date, addressee, signature."""

import io
from datetime import date

import pypdf
import pytest

from agreements import pdf, services
from agreements.choices import NoticeKind
from portal.lib import pdf as base


def text_of(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_base_letter_is_an_a4_pdf_with_every_part():
    content = base.letter_pdf(
        base.Letterhead(
            name="Badan Uji Coba", address="Jalan Uji 1, Jakarta", phone="(021) 1", email="a@b.go.id"
        ),
        base.LetterContent(
            number="5/UJI/III/2025",
            dated_on=date(2025, 3, 31),
            place="Jakarta",
            subject="Perihal uji",
            addressee="Yth. Kepala Biro\nInstansi Tujuan\nJalan Tujuan 2",
            body="Paragraf satu.\n\nParagraf dua.",
            signature=base.Signature(heading="PIHAK KESATU,", name="Nama Pejabat", position="Sekretaris"),
        ),
    )
    reader = pypdf.PdfReader(io.BytesIO(content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)
    text = text_of(content)
    for expected in (
        "BADAN UJI COBA",
        "5/UJI/III/2025",
        "Jakarta, 31 Maret 2025",
        "Yth. Kepala Biro",
        "Paragraf dua.",
        "NAMA PEJABAT",
    ):
        assert expected in text


@pytest.fixture
def renewal_letter(agreement, parties, kemendes_pimpinan):
    notice = services.notice_serve(
        agreement=agreement,
        acting_user=kemendes_pimpinan,
        kind=NoticeKind.RENEWAL,
        from_party=parties[0],
        served_on=date(2025, 8, 4),
        send_email=False,
    )
    return notice.letter


def test_a_renewal_notice_letter_holds_number_date_and_addressee(renewal_letter):
    text = " ".join(text_of(pdf.letter_pdf(renewal_letter)).split())
    assert "KEMENTERIAN DESA, PEMBANGUNAN DAERAH TERTINGGAL, DAN TRANSMIGRASI" in text
    assert "1/HKM.07.01/VIII/2025" in text
    assert "Jakarta, 4 Agustus 2025" in text
    assert "Yth. Kepala Biro Kerja Sama BKN" in text
    assert "Badan Kepegawaian Negara" in text
    assert "Pemberitahuan Perpanjangan" in text
    assert "PENANDA TANGAN KEMENDES PDTT" in text


def test_a_force_majeure_notice_letter_reads_back(agreement, parties, bkn_editor):
    event = services.force_majeure_record(
        agreement=agreement,
        acting_user=bkn_editor,
        party=parties[1],
        occurred_on=date(2024, 2, 20),
        description="Gempa bumi",
    )
    services.force_majeure_notify(
        force_majeure=event, acting_user=bkn_editor, notified_on=date(2024, 2, 29), send_email=False
    )
    letter = agreement.letters.get()
    text = text_of(pdf.letter_pdf(letter))
    assert "1/HM.04.01/2024" in text
    assert "29 Februari 2024" in text
    assert "Yth. Kepala Biro Kerja Sama Kemendes PDTT" in text
    assert "Gempa bumi" in text and "20 Februari 2024" in text


def test_the_letter_file_name_carries_only_the_number(renewal_letter):
    assert pdf.letter_filename(renewal_letter) == "surat-1-HKM.07.01-VIII-2025.pdf"


def test_the_agreement_text_opens_with_the_long_form_date(agreement):
    text = text_of(pdf.agreement_pdf(agreement))
    assert "Senin tanggal Sembilan bulan Oktober tahun Dua Ribu Dua Puluh Tiga (09-10-2023)" in " ".join(
        text.split()
    )
    assert "1/UJI/2023" in text and "Pasal 1" in text


def test_a_letter_issued_from_an_english_screen_is_still_written_in_indonesian(
    agreement, parties, kemendes_pimpinan
):
    from django.utils import translation

    with translation.override("en"):
        notice = services.notice_serve(
            agreement=agreement,
            acting_user=kemendes_pimpinan,
            kind=NoticeKind.RENEWAL,
            from_party=parties[0],
            served_on=date(2025, 8, 4),
            send_email=False,
        )
        text = text_of(pdf.letter_pdf(notice.letter))
    assert notice.letter.body.startswith("Dengan hormat,")
    assert "Jakarta, 4 Agustus 2025" in text


def test_a_force_majeure_letter_counts_the_enclosed_statement_and_signs_as_the_office(
    agreement, parties, bkn_editor
):
    event = services.force_majeure_record(
        agreement=agreement,
        acting_user=bkn_editor,
        party=parties[1],
        occurred_on=date(2024, 2, 20),
        description="Gempa bumi",
    )
    services.force_majeure_notify(
        force_majeure=event, acting_user=bkn_editor, notified_on=date(2024, 2, 29), send_email=False
    )
    letter = agreement.letters.get()
    letter.signer_position = "Direktur Kerja Sama BKN"
    text = " ".join(text_of(pdf.letter_pdf(letter)).split())
    assert "Lampiran : 1 (satu) berkas" in text
    assert "Bersama ini kami lampirkan pernyataan tertulis" in text
    assert "Direktur Kerja Sama BKN," in text
    assert "PIHAK KEDUA," not in text
    # Tembusan: both signatories of the agreement, none of them the letter's signer.
    tembusan = text[text.index("Tembusan:") :]
    assert "1. Sekretaris Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi" in tembusan
    assert "2. Sekretaris Badan Kepegawaian Negara" in tembusan


def test_a_renewal_letter_encloses_nothing_and_is_addressed_to_the_office_not_the_person(
    agreement, parties, kemendes_pimpinan, bkn_editor
):
    contact = services.contact_add(
        agreement=agreement,
        acting_user=bkn_editor,  # a party records its own contacts
        party=parties[1],
        unit="Direktur Pengelolaan Data BKN",
        person_name="Drs. Nama Pejabat",
        valid_from=date(2025, 1, 1),
    )
    notice = services.notice_serve(
        agreement=agreement,
        acting_user=kemendes_pimpinan,
        kind=NoticeKind.RENEWAL,
        from_party=parties[0],
        served_on=date(2025, 8, 4),
        send_email=False,
    )
    text = " ".join(text_of(pdf.letter_pdf(notice.letter)).split())
    assert "Lampiran : -" in text
    assert f"Yth. {contact.unit}" in text
    assert "Nama Pejabat" not in text


def test_the_letterhead_carries_the_institutions_logo(
    agreement, parties, kemendes_pimpinan, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from portal.demo import demo_emblem

    settings.MEDIA_ROOT = tmp_path
    institution = parties[0].institution
    institution.logo.save("lambang.png", ContentFile(demo_emblem("KD", "#1f5f3a")), save=True)
    notice = services.notice_serve(
        agreement=agreement,
        acting_user=kemendes_pimpinan,
        kind=NoticeKind.RENEWAL,
        from_party=parties[0],
        served_on=date(2025, 8, 4),
        send_email=False,
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf.letter_pdf(notice.letter)))
    images = reader.pages[0].images
    assert len(images) == 1 and images[0].image.size == (240, 240)
    institution.logo.delete(save=True)
    assert not pypdf.PdfReader(io.BytesIO(pdf.letter_pdf(notice.letter))).pages[0].images
