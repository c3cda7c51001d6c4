"""Documents (signed scans, amendments, statements, minutes) and the parties' initials on them."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.choices import DocumentKind, EventKind
from agreements.models import Agreement, AgreementParty, Document, Paraf
from agreements.services._common import attribute, lock, party_of, record_event, require_right, role_term
from portal.lib.stored_text import day_of, keyed
from portal.principals import Principal, user_of

# Extension -> (content type, the bytes a real file of that kind starts with).
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
}
ALLOWED_EXTENSIONS_TEXT = "PDF, JPG, PNG, DOCX, XLSX"


def _sha256(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def document_check(file: UploadedFile) -> tuple[str, str]:
    """Refuse an upload that is empty, too large, or not what its name says. Returns (extension, type)."""
    if file is None or not file.size:
        raise ValidationError(_("Berkas kosong; pilih berkas yang akan diunggah."))
    if file.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s); ukuran maksimum %(max)s.")
            % {"size": filesizeformat(file.size), "max": filesizeformat(settings.DOCUMENT_MAX_BYTES)}
        )
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("Jenis berkas .%(ext)s tidak diterima; gunakan %(allowed)s.")
            % {"ext": extension or "?", "allowed": ALLOWED_EXTENSIONS_TEXT}
        )
    content_type, signatures = ALLOWED_TYPES[extension]
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("Isi berkas tidak sesuai dengan jenisnya (.%(ext)s); berkas mungkin rusak atau salah nama.")
            % {"ext": extension}
        )
    return extension, content_type


def store_document(
    *, agreement: Agreement, acting_user: Principal, file: UploadedFile, kind: str, title: str
) -> Document:
    """Check and store one upload inside the caller's transaction, with its SHA-256."""
    extension, content_type = document_check(file)
    original_name = PurePath(file.name).name[:255]
    sha256 = _sha256(file)
    # The stored name says nothing about the content: original names can carry personal data.
    file.name = f"{uuid.uuid4().hex}.{extension}"
    document = Document(
        agreement=agreement,
        kind=kind,
        title=(title or original_name)[:300],
        file=file,
        original_name=original_name,
        content_type=content_type,
        size=file.size,
        sha256=sha256,
        uploaded_by=user_of(acting_user),
    )
    attribute(document, acting_user).save()
    record_event(
        agreement,
        EventKind.DOCUMENT_UPLOADED,
        acting_user,
        keyed(gettext_noop("Dokumen diunggah: %(title)s"), title=document.title),
        document=document.pk,
        sha256=sha256,
    )
    return document


@transaction.atomic
def document_upload(
    *,
    agreement: Agreement,
    acting_user: Principal,
    file: UploadedFile,
    kind: str = DocumentKind.OTHER,
    title: str,
) -> Document:
    agreement = lock(agreement)
    require_right(acting_user, agreement)
    if kind not in DocumentKind.values:
        raise ValidationError(_("Jenis dokumen tidak dikenal."))
    return store_document(agreement=agreement, acting_user=acting_user, file=file, kind=kind, title=title)


def document_verify(document: Document) -> bool:
    """Read the stored file again and compare its SHA-256 with the one taken at upload."""
    try:
        with document.file.open("rb") as handle:
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(65536), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return False
    return digest.hexdigest() == document.sha256


@transaction.atomic
def paraf_record(
    *,
    document: Document,
    acting_user: Principal,
    party: AgreementParty,
    initialled_by: str,
    initialled_on: date,
) -> Paraf:
    """Record that one party initialled every page of a document (Pasal 13)."""
    agreement = lock(document.agreement)
    require_right(acting_user, agreement)
    party_of(agreement, party)
    if not initialled_by.strip():
        raise ValidationError(_("Nama pemaraf wajib diisi."))
    try:
        with transaction.atomic():
            paraf = Paraf.objects.create(
                document=document,
                party=party,
                initialled_by=initialled_by.strip(),
                initialled_on=initialled_on,
                recorded_by=user_of(acting_user),
            )
    except IntegrityError:
        raise ValidationError(
            _("Paraf %(party)s untuk dokumen ini sudah dicatat.") % {"party": party.role_name}
        ) from None
    record_event(
        agreement,
        EventKind.PARAF_RECORDED,
        acting_user,
        keyed(
            gettext_noop("Paraf %(party)s pada %(title)s, %(day)s"),
            party=role_term(party),
            title=document.title,
            day=day_of(initialled_on),
        ),
        document=document.pk,
        party=party.pk,
    )
    return paraf
