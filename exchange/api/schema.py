"""What the OpenAPI document says beyond the shapes: the auth flow, purposes, quotas and every error."""

from __future__ import annotations

from collections import defaultdict

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from exchange.api.problems import MEDIA_TYPE, PROBLEMS
from exchange.api.serializers import ProblemSerializer

# Problems every authenticated data call can answer with, besides its own.
ACCESS_PROBLEMS = (
    "invalid_token",
    "client_expired",
    "client_revoked",
    "agreement_not_in_force",
    "direction_not_in_lampiran",
    "purpose_required",
    "purpose_not_in_scope",
    "method_not_allowed",
    "not_acceptable",
)
BODY_PROBLEMS = ("invalid_request", "body_too_large", "unsupported_media_type")

PURPOSE_HEADER = OpenApiParameter(
    "X-Purpose",
    str,
    OpenApiParameter.HEADER,
    required=False,
    pattern="^[a-z]$",
    description=(
        "Tujuan penggunaan: huruf butir ruang lingkup perjanjian (Pasal 2), mis. `a`. Untuk POST boleh di "
        "isi permintaan (`purpose`). / The purpose: the letter of a scope item of the agreement; for POST it "
        "may be in the body (`purpose`) instead. Without one the call is refused (`purpose_required`)."
    ),
)


def problem_responses(*codes: str) -> dict:
    """Responses of the given problem codes, grouped by status, for extend_schema(responses=...)."""
    by_status: dict[int, list[str]] = defaultdict(list)
    for code in codes:
        by_status[PROBLEMS[code].status].append(code)
    responses = {}
    for status, names in sorted(by_status.items()):
        text = "; ".join(f"`{name}`: {PROBLEMS[name].title_id} / {PROBLEMS[name].title_en}" for name in names)
        responses[(status, MEDIA_TYPE)] = OpenApiResponse(ProblemSerializer, description=text)
    return responses


def _problem_table() -> str:
    lines = ["| code | HTTP | Bahasa Indonesia | English |", "|---|---|---|---|"]
    for code, problem in PROBLEMS.items():
        lines.append(f"| `{code}` | {problem.status} | {problem.title_id} | {problem.title_en} |")
    return "\n".join(lines)


DESCRIPTION = f"""
Layanan web Portal PKS: akses terbatas sistem mitra ke data dalam Lampiran perjanjian (Pasal 3 dan 4).
The Portal PKS web service: a partner system's limited access to the data in the agreement's annex.

## Alur otentikasi / Authentication flow
1. Pimpinan pihak penerima data menerbitkan kredensial per perjanjian dan arah (pemberi → penerima) di
   portal (*Pertukaran › Layanan web*) atau operator dengan `python manage.py api_client_create`. Secret
   hanya ditampilkan sekali. / The receiving party's manager issues credentials per agreement and direction;
   the secret is shown once. They expire (1 year by default, never after the agreement's end) and either
   party can revoke them at once.
2. `POST /api/v1/token` dengan HTTP Basic `client_id:client_secret` dan `grant_type=client_credentials`
   (OAuth2 client credentials, RFC 6749 §4.4) memberi token bearer yang berlaku **1 jam**. / gives a bearer
   token valid for one hour.
3. Setiap panggilan lain membawa `Authorization: Bearer <token>`. / Every other call carries the token.

Secret dan token hanya disimpan sebagai SHA-256. / Secrets and tokens are stored only as SHA-256 digests.

## Tujuan penggunaan / Purposes
Setiap panggilan (selain token) menyebut tujuannya: huruf butir ruang lingkup perjanjian (Pasal 2), di header
`X-Purpose` atau, untuk POST, di isi `purpose`. Daftar tujuan ada di `GET /api/v1/me` dan di setiap jawaban
`purpose_required`/`purpose_not_in_scope`. / Every call but the token states its purpose: the letter of one of
the agreement's scope items, in `X-Purpose` or the body's `purpose`. A call without one is refused.

## Kuota / Quotas
Setiap klien punya kuota rekaman per hari (WIB, dihitung di basis data): setiap orang yang datanya dilayani
oleh query, pull atau verify dihitung satu. Bila kuota tidak cukup untuk seluruh jawaban, permintaan ditolak
dengan 429 dan header `Retry-After` (detik sampai 00.00 WIB). / Each client has a daily record quota
(Asia/Jakarta days, counted in the database); each person served counts one. A request that does not fit
is refused whole with 429 and `Retry-After`.

## Log pertukaran / Exchange log
Setiap permintaan, dilayani atau ditolak, dicatat (waktu, klien, perjanjian, arah, tujuan, layanan, hasil,
jumlah rekaman) beserta hash berkunci NIP setiap orang yang dilayani; baris log berantai hash. / Every
request, granted or refused, is logged with a keyed hash of each person's NIP; rows are hash-chained.

## Batas / Limits
Isi permintaan paling besar 64 KiB (413 `body_too_large`); paling banyak 100 NIP per query/verify; NIP tidak
pernah ada di URL. / Bodies up to 64 KiB; at most 100 NIPs per query or verify; NIPs never in a URL.

## Kesalahan / Errors
Semua kesalahan adalah *problem details* (RFC 9457, `application/problem+json`); `title` dan `detail`
mengikuti `Accept-Language` (bawaan Bahasa Indonesia), `messages` memuat keduanya. / Every error is a problem
detail; `title`/`detail` follow `Accept-Language` (Indonesian by default), `messages` has both languages.

{_problem_table()}
"""


def describe(result: dict, generator, request, public) -> dict:
    """Postprocessing hook: the long description lives here, beside the problem table it prints."""
    result.setdefault("info", {})["description"] = DESCRIPTION
    return result
