"""Documents: type and size limits with clear messages, SHA-256 at upload, initials of each party."""

import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from agreements.choices import DocumentKind, EventKind
from agreements.models import Document


def pdf_file(name="naskah.pdf", content=b"%PDF-1.4 naskah bertanda tangan"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_upload_is_stored_under_a_neutral_name_with_its_checksum(agreement, kemendes_staf):
    content = b"%PDF-1.4 naskah bertanda tangan"
    document = services.document_upload(
        agreement=agreement,
        acting_user=kemendes_staf,
        file=pdf_file("PKS Budi Santoso.pdf", content),
        kind=DocumentKind.SIGNED_SCAN,
        title="Naskah",
    )
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.original_name == "PKS Budi Santoso.pdf"
    assert "Budi" not in document.file.name
    assert document.content_type == "application/pdf"
    assert services.document_verify(document)
    assert agreement.events.filter(kind=EventKind.DOCUMENT_UPLOADED).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("naskah.exe", b"MZ....", "Jenis berkas .exe tidak diterima"),
        ("naskah.pdf", b"<html>bukan pdf</html>", "Isi berkas tidak sesuai dengan jenisnya"),
        ("naskah.pdf", b"", "Berkas kosong"),
        ("foto.png", b"\xff\xd8\xff jpeg", "Isi berkas tidak sesuai"),
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_message(agreement, kemendes_staf, name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.document_upload(
            agreement=agreement, acting_user=kemendes_staf, file=SimpleUploadedFile(name, content), title="X"
        )
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused(agreement, kemendes_staf, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="Berkas terlalu besar"):
        services.document_upload(agreement=agreement, acting_user=kemendes_staf, file=pdf_file(), title="X")


def test_a_changed_file_fails_verification(agreement, kemendes_staf):
    document = services.document_upload(
        agreement=agreement, acting_user=kemendes_staf, file=pdf_file(), title="X"
    )
    with open(document.file.path, "ab") as handle:
        handle.write(b"tampered")
    assert not services.document_verify(document)


def test_each_party_initials_a_document_once(agreement, parties, kemendes_staf, bkn_staf):
    document = services.document_upload(
        agreement=agreement, acting_user=kemendes_staf, file=pdf_file(), title="X"
    )
    services.paraf_record(
        document=document,
        acting_user=kemendes_staf,
        party=parties[0],
        initialled_by="TAUFIK MADJID",
        initialled_on=date(2023, 10, 9),
    )
    services.paraf_record(
        document=document,
        acting_user=bkn_staf,
        party=parties[1],
        initialled_by="IMAS SUKMARIAH",
        initialled_on=date(2023, 10, 9),
    )
    with pytest.raises(ValidationError, match="Paraf PIHAK KESATU untuk dokumen ini sudah dicatat"):
        services.paraf_record(
            document=document,
            acting_user=kemendes_staf,
            party=parties[0],
            initialled_by="X",
            initialled_on=date(2023, 10, 9),
        )
    assert document.parafs.count() == 2
