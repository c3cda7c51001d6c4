"""Every error of the web service as a problem detail (RFC 9457, `application/problem+json`).

Each problem is declared once in PROBLEMS with its status and its title in Bahasa Indonesia and English; the
views raise `ApiProblem(code, ...)`, DRF's own exceptions are mapped onto the same codes, and the OpenAPI
document lists the same table. `title` and `detail` follow `Accept-Language` (Indonesian unless English is
preferred); `messages` always carries both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

PROBLEM_TYPE = "urn:portal-pks:problem:"
MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class Problem:
    """One kind of error: its HTTP status and title in both languages."""

    status: int
    title_id: str
    title_en: str


PROBLEMS: dict[str, Problem] = {
    "invalid_request": Problem(400, "Permintaan tidak valid", "Invalid request"),
    "unsupported_grant_type": Problem(400, "Jenis grant tidak didukung", "Unsupported grant type"),
    "purpose_required": Problem(400, "Tujuan penggunaan wajib disebutkan", "A purpose must be stated"),
    "invalid_cursor": Problem(400, "Kursor tidak valid", "Invalid cursor"),
    "invalid_client": Problem(401, "Kredensial klien salah", "Invalid client credentials"),
    "invalid_token": Problem(401, "Token akses tidak valid", "Invalid access token"),
    "client_expired": Problem(401, "Kredensial klien telah kedaluwarsa", "Client credentials have expired"),
    "client_revoked": Problem(401, "Kredensial klien telah dicabut", "Client credentials have been revoked"),
    "agreement_not_in_force": Problem(
        403, "Perjanjian tidak sedang berlaku", "The agreement is not in force"
    ),
    "direction_not_in_lampiran": Problem(
        403, "Arah pertukaran tidak ada dalam Lampiran", "This direction is not in the agreement's annex"
    ),
    "purpose_not_in_scope": Problem(
        403, "Tujuan tidak termasuk ruang lingkup perjanjian", "The purpose is not in the agreement's scope"
    ),
    "field_not_allowed": Problem(
        403, "Elemen data di luar Lampiran", "Data field outside the agreement's annex"
    ),
    "not_found": Problem(404, "Tidak ditemukan", "Not found"),
    "no_data_set": Problem(404, "Himpunan data belum tersedia", "No data set is available yet"),
    "method_not_allowed": Problem(405, "Metode tidak diizinkan", "Method not allowed"),
    "not_acceptable": Problem(406, "Format jawaban tidak tersedia", "Response format not available"),
    "version_gone": Problem(410, "Versi data tidak tersedia lagi", "The data version is no longer available"),
    "body_too_large": Problem(413, "Isi permintaan terlalu besar", "Request body too large"),
    "unsupported_media_type": Problem(415, "Jenis isi tidak didukung", "Unsupported media type"),
    "quota_exceeded": Problem(429, "Kuota harian habis", "Daily quota spent"),
}


class ApiProblem(exceptions.APIException):
    """Raised anywhere in a request to answer with problem `code`; details in both languages."""

    def __init__(
        self,
        code: str,
        detail_id: str = "",
        detail_en: str = "",
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ):
        problem = PROBLEMS[code]
        self.code = code
        self.status_code = problem.status
        self.detail_id = detail_id or problem.title_id
        self.detail_en = detail_en or problem.title_en
        self.headers = headers or {}
        self.extra = extra
        super().__init__(self.detail_en, code)


def language_of(request) -> str:
    """'en' when the caller prefers English over Indonesian in Accept-Language, else 'id'."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "") if request is not None else ""
    for lang, _q in parse_accept_lang_header(header):
        base = lang.split("-")[0].lower()
        if base in ("id", "in"):
            return "id"
        if base == "en":
            return "en"
    return "id"


def problem_body(problem: ApiProblem, language: str, instance: str = "") -> dict[str, Any]:
    kind = PROBLEMS[problem.code]
    english = language == "en"
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + problem.code,
        "title": kind.title_en if english else kind.title_id,
        "status": kind.status,
        "detail": problem.detail_en if english else problem.detail_id,
        "code": problem.code,
        "messages": {
            "id": {"title": kind.title_id, "detail": problem.detail_id},
            "en": {"title": kind.title_en, "detail": problem.detail_en},
        },
    }
    if instance:
        body["instance"] = instance
    body.update(problem.extra)
    return body


class ProblemJSONRenderer(JSONRenderer):
    """Lets a caller ask for `application/problem+json` alone and still be answered."""

    media_type = MEDIA_TYPE


def _as_problem(exc: Exception) -> ApiProblem | None:
    if isinstance(exc, ApiProblem):
        return exc
    if isinstance(exc, RequestDataTooBig):
        return ApiProblem("body_too_large")
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return ApiProblem(
            "invalid_token",
            "Sertakan token akses: Authorization: Bearer <token> (dari POST /api/v1/token).",
            "Send an access token: Authorization: Bearer <token> (from POST /api/v1/token).",
        )
    if isinstance(exc, exceptions.ParseError):
        return ApiProblem(
            "invalid_request", "Isi permintaan bukan JSON yang sah.", "The body is not valid JSON."
        )
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return ApiProblem(
            "unsupported_media_type",
            "Kirim isi permintaan sebagai application/json.",
            "Send the body as application/json.",
        )
    if isinstance(exc, exceptions.NotAcceptable):
        return ApiProblem("not_acceptable")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return ApiProblem("method_not_allowed")
    if isinstance(exc, exceptions.ValidationError):
        return ApiProblem(
            "invalid_request",
            "Isi permintaan tidak sesuai; lihat 'errors'.",
            "The request does not validate; see 'errors'.",
            errors=exc.detail,
        )
    if isinstance(exc, exceptions.NotFound):
        return ApiProblem("not_found")
    return None


def problem_response(problem: ApiProblem, request) -> Response:
    language = language_of(request)
    headers = {"Content-Language": language, **problem.headers}
    if problem.status_code == 401:
        scheme = 'Basic realm="api"' if problem.code == "invalid_client" else 'Bearer realm="api"'
        headers.setdefault("WWW-Authenticate", scheme)
    path = request.path if request is not None else ""
    return Response(
        problem_body(problem, language, path),
        status=problem.status_code,
        headers=headers,
        content_type=MEDIA_TYPE,
    )


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error a problem detail; anything unforeseen stays a server error."""
    problem = _as_problem(exc)
    if problem is None:
        return None
    request = context.get("request")
    response = problem_response(problem, request)
    if request is not None:
        request._api_problem = problem.code
    return response
