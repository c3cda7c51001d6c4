"""The one upload checker: size counted while streaming, extension, content sniffed, SHA-256."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.lib import uploads

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ZIP = b"PK\x03\x04" + b"\x00" * 40
IMAGES_AND_PDF = (uploads.PDF, uploads.PNG, uploads.JPEG)


class Undeclared(io.BytesIO):
    """A file object from a command or a client that says nothing of its size."""

    def __init__(self, content: bytes, name: str):
        super().__init__(content)
        self.name = name


def check(upload, kinds=IMAGES_AND_PDF, max_bytes=1024, **kwargs):
    return uploads.check(upload, kinds=kinds, max_bytes=max_bytes, **kwargs)


def test_it_returns_the_facts_of_a_good_file_and_leaves_it_at_its_start():
    upload = SimpleUploadedFile("folder/SK Pengangkatan.PDF", PDF, content_type="text/html")
    checked = check(upload)
    assert checked.name == "SK Pengangkatan.PDF"
    assert checked.extension == ".pdf"
    # The type read from the content, not the browser's claim.
    assert checked.content_type == "application/pdf"
    assert checked.size == len(PDF)
    assert checked.sha256 == hashlib.sha256(PDF).hexdigest()
    assert upload.read() == PDF


def test_no_file_at_all_is_refused_as_empty():
    with pytest.raises(ValidationError) as caught:
        check(None)
    assert caught.value.code == uploads.EMPTY


def test_it_strips_a_windows_path_from_the_name():
    assert check(Undeclared(PDF, "C:\\Users\\andi\\sk.pdf")).name == "sk.pdf"


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("kosong.pdf", b"", uploads.EMPTY, "Berkas kosong; pilih berkas yang akan diunggah."),
        (
            "program.exe",
            b"MZ" * 10,
            uploads.EXTENSION,
            "Jenis berkas .exe tidak diterima; gunakan PDF, PNG, JPG.",
        ),
        ("tanpa-akhiran", PDF, uploads.EXTENSION, "Jenis berkas .? tidak diterima"),
        (
            "palsu.pdf",
            b"<html>bukan pdf</html>",
            uploads.CONTENT,
            "Isi berkas tidak sesuai dengan jenisnya (.pdf)",
        ),
        ("gambar.pdf", PNG, uploads.CONTENT, "Isi berkas tidak sesuai dengan jenisnya (.pdf)"),
    ],
)
def test_it_refuses_a_file_that_is_not_what_it_should_be(name, content, code, message):
    with pytest.raises(ValidationError) as caught:
        check(SimpleUploadedFile(name, content))
    assert caught.value.code == code
    assert message in caught.value.messages[0]


def test_an_oversized_file_is_refused_by_its_declared_size_without_being_read():
    upload = SimpleUploadedFile("besar.pdf", PDF + b"0" * 2000)
    upload.seek(5)
    with pytest.raises(ValidationError) as caught:
        check(upload)
    assert caught.value.messages[0] == "Berkas terlalu besar (2,0\xa0KB); ukuran maksimum 1,0\xa0KB."
    assert caught.value.code == uploads.TOO_LARGE
    assert upload.tell() == 5


def test_a_file_that_declares_no_size_is_counted_while_it_streams():
    with pytest.raises(ValidationError) as caught:
        check(Undeclared(PDF + b"0" * 5000, "besar.pdf"), max_bytes=len(PDF) + 10)
    assert caught.value.code == uploads.TOO_LARGE
    checked = check(Undeclared(PDF, "kecil.pdf"), max_bytes=len(PDF))
    assert checked.size == len(PDF)


def test_a_file_that_understates_its_size_is_counted_too():
    upload = SimpleUploadedFile("bohong.pdf", PDF + b"0" * 5000)
    upload.size = 10
    with pytest.raises(ValidationError) as caught:
        check(upload)
    assert caught.value.code == uploads.TOO_LARGE


def test_a_caller_words_its_refusals_its_own_way():
    messages = {uploads.EXTENSION: "Berkas %(name)s harus XLSX.", uploads.CONTENT: "%(name)s rusak."}
    with pytest.raises(ValidationError, match="data.csv harus XLSX."):
        check(SimpleUploadedFile("data.csv", b"a,b"), kinds=(uploads.XLSX,), messages=messages)
    with pytest.raises(ValidationError, match="palsu.xlsx rusak."):
        check(SimpleUploadedFile("palsu.xlsx", b"bukan"), kinds=(uploads.XLSX,), messages=messages)
    assert (
        check(SimpleUploadedFile("ok.xlsx", ZIP), kinds=(uploads.XLSX,)).content_type
        == uploads.XLSX.content_type
    )


def test_accept_and_labels_list_the_kinds():
    assert uploads.accept(IMAGES_AND_PDF) == ".pdf,.png,.jpg,.jpeg"
    assert uploads.labels(IMAGES_AND_PDF) == "PDF, PNG, JPG"
    documents = (uploads.PDF, uploads.JPEG, uploads.PNG, uploads.DOCX, uploads.XLSX)
    assert uploads.labels(documents) == "PDF, JPG, PNG, DOCX, XLSX"


def test_the_digest_of_a_stored_copy_reads_it_whole():
    content = PDF + b"x" * (3 * uploads.CHUNK_BYTES)
    assert uploads.sha256_of(io.BytesIO(content)) == hashlib.sha256(content).hexdigest()


def test_english_readers_get_the_refusal_in_english():
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError, match="The file is too large"):
        check(SimpleUploadedFile("besar.pdf", PDF + b"0" * 2000))
