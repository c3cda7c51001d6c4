"""What evidence files a proposal accepts: PDF, PNG or JPEG up to a size, at most twenty per proposal.

The checking itself (size counted while streaming, the real type read from the first bytes, never the name
or the browser's claim, and the SHA-256 kept with the file) is `portal.lib.uploads`; this module says what
evidence may be and how a refusal names the file, so that one bad file among several is easy to find.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from portal.lib import uploads

MAX_BYTES = getattr(settings, "PROPOSAL_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
MAX_FILES_PER_PROPOSAL = 20
KINDS = (uploads.PDF, uploads.PNG, uploads.JPEG)
ACCEPT = uploads.accept(KINDS)

_WRONG_KIND = _("Berkas %(name)s bukan PDF, PNG atau JPEG (isi dan akhiran nama harus sesuai).")
MESSAGES = {
    uploads.EMPTY: _("Berkas %(name)s kosong."),
    uploads.TOO_LARGE: _("Berkas %(name)s berukuran %(size)s; batasnya %(max)s."),
    uploads.EXTENSION: _WRONG_KIND,
    uploads.CONTENT: _WRONG_KIND,
}


def check(upload: UploadedFile) -> uploads.CheckedUpload:
    """Refuse an empty, oversized or non-PDF/PNG/JPEG file with a message naming it; else its facts."""
    return uploads.check(upload, kinds=KINDS, max_bytes=MAX_BYTES, messages=MESSAGES)
