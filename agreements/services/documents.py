"""Documents (signed scans, amendments, statements, minutes) and the parties' initials on them."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.choices import DocumentKind, EventKind
from agreements.models import Agreement, AgreementParty, Document, Paraf
from agreements.selectors import Right
from agreements.services._common import (
    attribute,
    lock,
    record_event,
    require_own_party,
    require_right,
    role_term,
)
from portal.lib import uploads
from portal.lib.stored_text import day_of, keyed
from portal.principals import Principal, user_of

DOCUMENT_KINDS = (uploads.PDF, uploads.JPEG, uploads.PNG, uploads.DOCX, uploads.XLSX)
ALLOWED_EXTENSIONS_TEXT = uploads.labels(DOCUMENT_KINDS)


def document_check(file: UploadedFile) -> uploads.CheckedUpload:
    """Refuse an upload that is empty, too large, or not what its name says (the one upload checker:
    size counted while the content streams, the real type from the first bytes, the SHA-256)."""
    return uploads.check(file, kinds=DOCUMENT_KINDS, max_bytes=settings.DOCUMENT_MAX_BYTES)


def store_document(
    *, agreement: Agreement, acting_user: Principal, file: UploadedFile, kind: str, title: str
) -> Document:
    """Check and store one upload inside the caller's transaction, with its SHA-256."""
    checked = document_check(file)
    original_name, content_type, sha256 = checked.name, checked.content_type, checked.sha256
    # The stored name says nothing about the content: original names can carry personal data.
    file.name = f"{uuid.uuid4().hex}{checked.extension}"
    document = Document(
        agreement=agreement,
        kind=kind,
        title=(title or original_name)[:300],
        file=file,
        original_name=original_name,
        content_type=content_type,
        size=checked.size,
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
    require_right(acting_user, agreement, Right.KEEP_OWN)
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
    require_right(acting_user, agreement, Right.KEEP_OWN)
    require_own_party(
        agreement,
        party,
        acting_user,
        _("Anda hanya dapat mencatat paraf pihak Anda sendiri; paraf %(party)s dicatat oleh pihak tersebut.")
        % {"party": party.role_name},
    )
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
