"""Bodies larger than the portal accepts are refused before a byte of them is read.

Django reads at most Content-Length bytes of a body, so a request that announces more than REQUEST_MAX_BYTES
gets 413 at once and nothing of it reaches memory or the disk. A body without a length (chunked transfer) is
refused with 411: Django would not read it anyway, and a clear answer beats a form that loses its file.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    # The session is not read yet this early: the address is what can be said of the sender.
    logger.warning("Request body refused with %s from %s", status, request.META.get("REMOTE_ADDR", "-"))
    try:
        body = render_to_string("413.html", {"message": message, "status": status})
    except Exception:  # noqa: BLE001 - a refusal must never fail for want of a template
        body = message
    response = HttpResponse(body, status=status)
    response["Connection"] = "close"
    return response


class RequestBodyLimitMiddleware:
    """First in the chain: a body announced larger than the limit, or of no length, is refused unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower() and not meta.get("CONTENT_LENGTH"):
            return _refusal(
                request, 411, _("Kirimkan berkas dengan panjang yang disebutkan (Content-Length).")
            )
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            limit_mb = settings.REQUEST_MAX_BYTES // (1024 * 1024)
            message = _("Berkas atau isian terlalu besar. Batasnya %(mb)s MB; tidak ada yang disimpan.") % {
                "mb": limit_mb
            }
            return _refusal(request, 413, message)
        return self.get_response(request)
