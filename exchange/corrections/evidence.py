"""Checks on uploaded evidence files: the size, the real type read from the first bytes (never the name
or the browser's claim), and the SHA-256 kept with the file so a copy can be verified later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_BYTES = getattr(settings, "PROPOSAL_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
MAX_FILES_PER_PROPOSAL = 20

# (magic bytes, content type, accepted name endings)
KINDS = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
)
ACCEPT = ",".join(ending for _magic, _type, endings in KINDS for ending in endings)


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def check(upload: UploadedFile) -> CheckedFile:
    """Refuse an empty, oversized or non-PDF/PNG/JPEG file with a message naming it; else its facts."""
    name = (upload.name or "berkas").rsplit("/", 1)[-1][:255]
    if not upload.size:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name})
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Berkas %(name)s berukuran %(size)s; batasnya %(max)s.")
            % {"name": name, "size": filesizeformat(upload.size), "max": filesizeformat(MAX_BYTES)}
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = next(
        (
            ctype
            for magic, ctype, endings in KINDS
            if head.startswith(magic) and name.lower().endswith(endings)
        ),
        None,
    )
    if content_type is None:
        raise ValidationError(
            _("Berkas %(name)s bukan PDF, PNG atau JPEG (isi dan akhiran nama harus sesuai).")
            % {"name": name}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(upload, name, content_type, upload.size, digest.hexdigest())
