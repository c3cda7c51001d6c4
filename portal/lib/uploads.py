"""The one checker of uploaded files: size counted while the content streams, the name's extension, the
real type sniffed from the first bytes (never the browser's claim), and the SHA-256 kept with the file.

Each caller names the kinds it accepts and its limit, and may word the refusals its own way (an evidence
upload names the file, an import says what it expected); the checking itself happens only here:

    checked = uploads.check(upload, kinds=(uploads.PDF, uploads.PNG), max_bytes=10 * 1024 * 1024)
    checked.sha256, checked.content_type, checked.extension

A refusal is a ValidationError with an Indonesian message and one of the codes below, and reads the file
no further than needed: an oversized file stops counting at the first byte past the limit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

CHUNK_BYTES = 64 * 1024

EMPTY = "empty"
TOO_LARGE = "too_large"
EXTENSION = "extension"
CONTENT = "content"


@dataclass(frozen=True)
class Kind:
    """One accepted kind of file: its content type, the name endings it may carry, the bytes it opens with."""

    label: str
    content_type: str
    extensions: tuple[str, ...]
    signatures: tuple[bytes, ...]

    def opens(self, head: bytes) -> bool:
        # A kind without signatures (plain text such as CSV) opens with anything; its reader recognises it.
        return not self.signatures or any(head.startswith(signature) for signature in self.signatures)


PDF = Kind("PDF", "application/pdf", (".pdf",), (b"%PDF-",))
PNG = Kind("PNG", "image/png", (".png",), (b"\x89PNG\r\n\x1a\n",))
JPEG = Kind("JPG", "image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",))
CSV = Kind("CSV", "text/csv", (".csv", ".txt"), ())
# Office Open XML files are ZIP archives; whether the archive is a real workbook is its reader's call.
DOCX = Kind(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    (b"PK\x03\x04",),
)
XLSX = Kind(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), (b"PK\x03\x04",)
)

# The default wording; every message is formatted with name, ext, size, max and allowed.
MESSAGES: Mapping[str, str] = {
    EMPTY: _("Berkas kosong; pilih berkas yang akan diunggah."),
    TOO_LARGE: _("Berkas terlalu besar (%(size)s); ukuran maksimum %(max)s."),
    EXTENSION: _("Jenis berkas .%(ext)s tidak diterima; gunakan %(allowed)s."),
    CONTENT: _("Isi berkas tidak sesuai dengan jenisnya (.%(ext)s); berkas mungkin rusak atau salah nama."),
}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: its base name as given, extension (with the dot), real type, size and digest."""

    upload: IO[bytes]
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def accept(kinds: Sequence[Kind]) -> str:
    """The HTML accept attribute for these kinds: '.pdf,.png,.jpg,.jpeg'."""
    return ",".join(extension for kind in kinds for extension in kind.extensions)


def labels(kinds: Sequence[Kind]) -> str:
    """'PDF, PNG, JPG': the kinds as a reader names them."""
    return ", ".join(kind.label for kind in kinds)


def base_name(upload: IO[bytes], default: str = "berkas") -> str:
    """The file's own name without any folder a browser sent along, at most 255 characters."""
    name = getattr(upload, "name", None) or default
    return name.replace("\\", "/").rsplit("/", 1)[-1][:255] or default


def _chunks(upload: IO[bytes]) -> Iterator[bytes]:
    upload.seek(0)
    if hasattr(upload, "chunks"):
        yield from upload.chunks(CHUNK_BYTES)
    else:
        yield from iter(lambda: upload.read(CHUNK_BYTES), b"")


def sha256_of(upload: IO[bytes]) -> str:
    """The SHA-256 of a whole file, read in chunks from its start (for checking a stored copy later)."""
    digest = hashlib.sha256()
    for chunk in _chunks(upload):
        digest.update(chunk)
    return digest.hexdigest()


def check(
    upload: IO[bytes] | None,
    *,
    kinds: Sequence[Kind],
    max_bytes: int,
    messages: Mapping[str, str] | None = None,
) -> CheckedUpload:
    """Refuse a missing, empty or oversized file, or one whose name or content is not one of `kinds`.

    The declared size refuses at once; the bytes are counted again while they stream through the digest,
    so a file object that declares no size (or a wrong one) cannot slip past the limit either.
    """
    wording = {**MESSAGES, **(messages or {})}
    name = base_name(upload)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    facts = {"name": name, "ext": extension.lstrip(".") or "?", "max": filesizeformat(max_bytes)}
    facts["allowed"] = labels(kinds)

    def refuse(code: str, **more) -> ValidationError:
        return ValidationError(str(wording[code]) % {**facts, **more}, code=code)

    declared = getattr(upload, "size", None)
    if upload is None or declared == 0:
        raise refuse(EMPTY)
    if declared is not None and declared > max_bytes:
        raise refuse(TOO_LARGE, size=filesizeformat(declared))
    kind = next((kind for kind in kinds if extension in kind.extensions), None)
    if kind is None:
        raise refuse(EXTENSION)

    digest = hashlib.sha256()
    size = 0
    head = b""
    for chunk in _chunks(upload):
        if not head:
            head = chunk[:16]
        size += len(chunk)
        if size > max_bytes:
            upload.seek(0)
            raise refuse(TOO_LARGE, size=filesizeformat(max(size, declared or 0)))
        digest.update(chunk)
    upload.seek(0)
    if size == 0:
        raise refuse(EMPTY)
    if not kind.opens(head):
        raise refuse(CONTENT)
    return CheckedUpload(upload, name, extension, kind.content_type, size, digest.hexdigest())
