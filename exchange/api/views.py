"""The endpoints of the web service (`/api/v1/`). Every request, granted or refused, becomes one row of the
exchange log: granted data calls write theirs together with the quota they use (`ExchangeView.grant`), every
other request is written as the response leaves (`finalize_response`).

Checks run in this order: authentication, body size, agreement in force and direction in the Lampiran,
purpose, body, fields, quota.
"""

from __future__ import annotations

import base64
import binascii
import logging
from datetime import UTC, datetime
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from exchange.api import credentials, selectors, services
from exchange.api import serializers as s
from exchange.api.authentication import BearerTokenAuthentication
from exchange.api.choices import Endpoint
from exchange.api.problems import ApiProblem, ProblemJSONRenderer
from exchange.api.schema import ACCESS_PROBLEMS, BODY_PROBLEMS, PURPOSE_HEADER, problem_responses
from exchange.api.verify import compare
from exchange.data.models import DataField, DataSetVersion

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = getattr(settings, "API_MAX_BODY_BYTES", 64 * 1024)
CURSOR_SALT = "exchange.api.records-cursor"


def _party(party) -> dict:
    return {"role": party.role_name, "institution": str(party.institution), "number": party.number}


def _version(version: DataSetVersion) -> dict:
    return {"number": version.number, "created_at": version.created_at, "row_count": version.row_count}


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ExchangeView(APIView):
    """What every endpoint shares: bearer auth, the checks of access and purpose, and the exchange log."""

    endpoint = ""
    needs_access = True
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer, ProblemJSONRenderer]
    throttle_classes: list = []

    @classmethod
    def as_view(cls, **initkwargs):
        # Partner systems carry a token, not a session: outside the portal's login requirement.
        return login_not_required(super().as_view(**initkwargs))

    def initial(self, request, *args, **kwargs):
        self.now = timezone.now()
        super().initial(request, *args, **kwargs)
        self.refuse_oversized(request)
        if self.needs_access:
            self.access = selectors.access_for(request.user, today=timezone.localdate(self.now))
            request._api_purpose = self.purpose_of(request)

    @staticmethod
    def refuse_oversized(request) -> None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            raise ApiProblem(
                "body_too_large",
                f"Isi permintaan {length} bita; paling besar {MAX_BODY_BYTES} bita.",
                f"The body has {length} bytes; at most {MAX_BODY_BYTES} are accepted.",
            )

    def purpose_of(self, request) -> str:
        raw = ""
        if request.method == "POST" and isinstance(request.data, dict):
            raw = request.data.get("purpose") or ""
        raw = raw if isinstance(raw, str) and raw else request.headers.get("X-Purpose", "")
        # Logged as it came, so without control characters (PostgreSQL text refuses NUL).
        raw = "".join(ch for ch in raw if ch.isprintable())
        request._api_purpose = raw[:40]
        code = raw.strip().lower()
        purposes = self.access.purpose_list()
        if not code:
            raise ApiProblem(
                "purpose_required",
                "Sebutkan tujuan penggunaan (huruf ruang lingkup Pasal 2) di X-Purpose atau 'purpose'.",
                "State the purpose (a scope letter of Pasal 2) in X-Purpose or the body's 'purpose'.",
                purposes=purposes,
            )
        if code not in self.access.purposes:
            raise ApiProblem(
                "purpose_not_in_scope",
                "Tujuan ini bukan butir ruang lingkup perjanjian; lihat 'purposes'.",
                "This purpose is not a scope item of the agreement; see 'purposes'.",
                purposes=purposes,
            )
        return code

    def allowed_fields(self, requested: list[str] | None) -> list[str]:
        if not requested:
            return self.access.fields
        outside = sorted(set(requested) - set(self.access.fields))
        if outside:
            raise ApiProblem(
                "field_not_allowed",
                "Elemen data berikut tidak termasuk Lampiran untuk arah ini: " + ", ".join(outside) + ".",
                "These fields are not in the annex for this direction: " + ", ".join(outside) + ".",
                fields=outside,
            )
        return [code for code in self.access.fields if code in set(requested)]

    def version(self) -> DataSetVersion:
        version = selectors.latest_version(self.request.user)
        if version is None:
            raise ApiProblem(
                "no_data_set",
                "Pihak pemberi belum memuat himpunan data yang siap untuk arah ini.",
                "The providing party has not loaded a ready data set for this direction yet.",
            )
        return version

    # --- the exchange log ---

    def log(self, request, *, status: int, nips=(), reserve: bool = False) -> None:
        record = services.RequestRecord(
            endpoint=self.endpoint,
            status_code=status,
            occurred_at=getattr(self, "now", None) or timezone.now(),
            client=getattr(request, "_api_client", None),
            purpose=getattr(request, "_api_purpose", ""),
            problem=getattr(request, "_api_problem", ""),
            record_count=len(nips),
            address=request.META.get("REMOTE_ADDR") or None,
            person_hashes=tuple(credentials.person_hashes(nips)),
        )
        services.request_log(record, reserve=reserve)
        request._api_logged = True

    def grant(self, request, *, nips: list[str]) -> None:
        """Count the records served against the quota and log them, before the data leaves."""
        self.log(request, status=200, nips=nips, reserve=True)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not getattr(request, "_api_logged", False):
            self.log(request, status=response.status_code)
        return response

    def handle_exception(self, exc):
        try:
            return super().handle_exception(exc)
        except Exception:
            if not getattr(self.request, "_api_logged", False):
                self.request._api_problem = "server_error"
                try:
                    self.log(self.request, status=500)
                except Exception:
                    logger.exception("Could not log a failed API request")
            raise


TOKEN_DESCRIPTION = (
    "OAuth2 client credentials (RFC 6749 §4.4): HTTP Basic `client_id:client_secret`, body "
    "`grant_type=client_credentials` (form or JSON). Token bearer berlaku 1 jam. / A bearer token of 1 hour."
)


class TokenView(ExchangeView):
    endpoint = Endpoint.TOKEN
    needs_access = False
    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser, JSONParser]

    @staticmethod
    def basic_credentials(request) -> tuple[str, str]:
        scheme, _, value = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        try:
            if scheme.lower() != "basic":
                raise ValueError
            decoded = base64.b64decode(value.strip(), validate=True).decode()
            client_id, separator, secret = decoded.partition(":")
            if not separator:
                raise ValueError
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise ApiProblem(
                "invalid_client",
                "Kirim client_id dan client_secret dengan HTTP Basic.",
                "Send client_id and client_secret with HTTP Basic.",
            ) from None
        return unquote(client_id), unquote(secret)

    @extend_schema(
        operation_id="token",
        summary="Token akses / access token",
        description=TOKEN_DESCRIPTION,
        auth=[{"clientBasic": []}],
        request={"application/x-www-form-urlencoded": s.TokenRequestSerializer},
        responses={
            (200, "application/json"): s.TokenSerializer,
            **problem_responses(
                "invalid_client",
                "client_expired",
                "client_revoked",
                "unsupported_grant_type",
                "agreement_not_in_force",
                "direction_not_in_lampiran",
                "method_not_allowed",
                "not_acceptable",
                *BODY_PROBLEMS,
            ),
        },
    )
    def post(self, request):
        client_id, secret = self.basic_credentials(request)
        client = services.client_lookup(client_id[:64])
        request._api_client = client
        client = services.client_check(client, secret=secret, now=self.now)
        grant_type = request.data.get("grant_type") if hasattr(request.data, "get") else None
        if grant_type != "client_credentials":
            raise ApiProblem(
                "unsupported_grant_type",
                "grant_type harus client_credentials.",
                "grant_type must be client_credentials.",
            )
        selectors.access_for(client, today=timezone.localdate(self.now))
        raw, token = services.token_issue(client=client, now=self.now)
        expires_in = int((token.expires_at - self.now).total_seconds())
        body = {"access_token": raw, "token_type": "Bearer", "expires_in": expires_in}
        return Response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


class MeView(ExchangeView):
    endpoint = Endpoint.ME

    @extend_schema(
        operation_id="me",
        summary="Kredensial ini / these credentials",
        description="Perjanjian (kedua nomor), arah, elemen data yang diizinkan, tujuan, sisa kuota.",
        parameters=[PURPOSE_HEADER],
        responses={(200, "application/json"): s.MeSerializer, **problem_responses(*ACCESS_PROBLEMS)},
    )
    def get(self, request):
        client, access = request.user, self.access
        agreement = client.agreement
        day = timezone.localdate(self.now)
        left = services.quota_left(client, day)
        version = selectors.latest_version(client)
        labels = selectors.field_labels(access.fields)
        parties = list(agreement.parties.select_related("institution").order_by("order"))
        by_pk = {party.pk: party for party in parties}
        body = {
            "client_id": client.client_id,
            "name": client.name,
            "expires_at": client.expires_at,
            "agreement": {
                "id": agreement.pk,
                "title": agreement.title,
                "numbers": [_party(party) for party in parties],
                "last_day_in_force": agreement.last_day_in_force,
            },
            "direction": {
                "provider": _party(by_pk[client.provider_id]),
                "receiver": _party(by_pk[client.receiver_id]),
            },
            "fields": [{"code": code, "label": labels.get(code, code)} for code in access.fields],
            "purposes": access.purpose_list(),
            "quota": {
                "daily_records": client.daily_record_quota,
                "used_today": client.daily_record_quota - left,
                "left_today": left,
                "resets_at": services.end_of_day(day),
            },
            "version": _version(version) if version else None,
        }
        return Response(s.MeSerializer(body).data)


class RecordQueryView(ExchangeView):
    endpoint = Endpoint.QUERY

    @extend_schema(
        operation_id="records_query",
        summary="Data per NIP / records by NIP",
        description=(
            "Sampai 100 NIP di isi permintaan (tidak pernah di URL); untuk setiap NIP hanya elemen data "
            "Lampiran, atau `found: false`. / Up to 100 NIPs in the body; per NIP the annex fields only, or "
            "`found: false`. Each person found counts one record of the quota."
        ),
        parameters=[PURPOSE_HEADER],
        request=s.QueryRequestSerializer,
        responses={
            (200, "application/json"): s.QueryResponseSerializer,
            **problem_responses(
                *ACCESS_PROBLEMS, *BODY_PROBLEMS, "field_not_allowed", "no_data_set", "quota_exceeded"
            ),
        },
    )
    def post(self, request):
        body = _validated(s.QueryRequestSerializer, request.data)
        fields = self.allowed_fields(body.get("fields"))
        version = self.version()
        nips = list(dict.fromkeys(body["nips"]))
        found = selectors.records_by_nip(version, nips)
        self.grant(request, nips=[nip for nip in nips if nip in found])
        results = [
            {
                "nip": nip,
                "found": nip in found,
                "data": selectors.project(nip, found[nip], fields) if nip in found else None,
            }
            for nip in nips
        ]
        return Response({"version": _version(version), "fields": fields, "results": results})


class RecordPullView(ExchangeView):
    endpoint = Endpoint.PULL

    @extend_schema(
        operation_id="records_pull",
        summary="Seluruh versi data / the whole data set version",
        description=(
            "Versi siap terakhir dari himpunan data arah ini, per halaman dengan kursor (`next_cursor`). "
            "`changed_since` (ISO 8601): hanya rekaman yang baru atau berubah dibanding versi yang terakhir "
            "siap pada waktu itu (rekaman yang hilang tidak dilaporkan; tarik ulang seluruhnya untuk itu). "
            "Kursor mengunci versinya; bila versi itu terhapus oleh retensi, jawabannya 410. / The latest "
            "ready version, cursor-paged; with `changed_since` only records new or changed since the version "
            "that was latest then. Each record served counts against the quota."
        ),
        parameters=[PURPOSE_HEADER, s.PullParamsSerializer],
        responses={
            (200, "application/json"): s.PullResponseSerializer,
            **problem_responses(
                *ACCESS_PROBLEMS,
                "invalid_request",
                "invalid_cursor",
                "no_data_set",
                "version_gone",
                "quota_exceeded",
            ),
        },
    )
    def get(self, request):
        params = _validated(s.PullParamsSerializer, request.query_params)
        client = request.user
        size = params["page_size"]
        if params.get("cursor"):
            state = self.cursor_state(params["cursor"])
            version = selectors.ready_versions(client).filter(pk=state["v"]).first()
            if version is None:
                raise ApiProblem(
                    "version_gone",
                    "Versi data kursor ini tidak tersedia lagi; mulai lagi tanpa kursor.",
                    "This cursor's data version is no longer available; start again without a cursor.",
                )
            after = state["a"]
            since = datetime.fromisoformat(state["s"]) if state["s"] else None
        else:
            version, after, since = self.version(), 0, params.get("changed_since")
            since = since.astimezone(UTC) if since else None
        base = selectors.version_as_of(client, since) if since else None
        rows = (
            []
            if base and base.pk == version.pk
            else selectors.records_page(version, after=after, limit=size + 1, base=base)
        )
        more = len(rows) > size
        rows = rows[:size]
        self.grant(request, nips=[row[1] for row in rows])
        fields = self.access.fields
        cursor = self.cursor_of(client, version, rows[-1][0], since) if more else None
        return Response(
            {
                "version": _version(version),
                "fields": fields,
                "changed_since": since,
                "results": [
                    {"nip": nip, "data": selectors.project(nip, values, fields)} for _pk, nip, values in rows
                ],
                "next_cursor": cursor,
                "next": self.next_url(request, cursor, size) if cursor else None,
            }
        )

    @staticmethod
    def cursor_of(client, version, last_pk: int, since: datetime | None) -> str:
        # Record ids, never NIPs: a cursor travels in URLs and gateway logs.
        state = {"c": client.pk, "v": version.pk, "a": last_pk, "s": since.isoformat() if since else None}
        return signing.dumps(state, salt=CURSOR_SALT, compress=True)

    def cursor_state(self, cursor: str) -> dict:
        try:
            state = signing.loads(cursor, salt=CURSOR_SALT)
            if state["c"] != self.request.user.pk:
                raise ValueError
            int(state["v"]), int(state["a"])
            return state
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise ApiProblem(
                "invalid_cursor",
                "Kursor tidak sah untuk klien ini; gunakan next_cursor dari jawaban sebelumnya.",
                "The cursor is not valid for this client; use next_cursor from the previous answer.",
            ) from None

    @staticmethod
    def next_url(request, cursor: str, size: int) -> str:
        return request.build_absolute_uri(
            request.path + "?" + urlencode({"cursor": cursor, "page_size": size})
        )


class RecordVerifyView(ExchangeView):
    endpoint = Endpoint.VERIFY

    @extend_schema(
        operation_id="records_verify",
        summary="Verifikasi / verification",
        description=(
            "Pemanggil mengirim data yang dipegangnya (NIP dan elemen data Lampiran, mis. `nama`); "
            "jawabannya per elemen `padan` / `tidak_padan` (atau `kosong` bila data set tidak memuatnya) "
            "dengan "
            "skor kemiripan 0..1, tidak pernah nilainya. / Per field padan / tidak_padan with a similarity "
            "score, never the value. Each person found counts one record of the quota."
        ),
        parameters=[PURPOSE_HEADER],
        request=s.VerifyRequestSerializer,
        responses={
            (200, "application/json"): s.VerifyResponseSerializer,
            **problem_responses(
                *ACCESS_PROBLEMS, *BODY_PROBLEMS, "field_not_allowed", "no_data_set", "quota_exceeded"
            ),
        },
    )
    def post(self, request):
        body = _validated(s.VerifyRequestSerializer, request.data)
        persons = list({person["nip"]: person for person in body["persons"]}.values())
        codes = self.allowed_fields(sorted({code for person in persons for code in person["values"]}))
        version = self.version()
        found = selectors.records_by_nip(version, [person["nip"] for person in persons])
        types = dict(DataField.objects.filter(code__in=codes).values_list("code", "data_type"))
        self.grant(request, nips=[person["nip"] for person in persons if person["nip"] in found])
        results = []
        for person in persons:
            held = found.get(person["nip"])
            verdicts = {}
            if held is not None:
                for code, given in person["values"].items():
                    verdict = compare(code, types.get(code, "text"), given, held.get(code))
                    verdicts[code] = {"result": verdict.result, "score": verdict.score}
            results.append({"nip": person["nip"], "found": held is not None, "fields": verdicts})
        return Response({"version": _version(version), "results": results})


class NotFoundView(APIView):
    """Any other address under /api/v1/: a problem detail, not the portal's HTML page."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, ProblemJSONRenderer]

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))

    @extend_schema(exclude=True)
    def http_method_not_allowed(self, request, *args, **kwargs):
        raise ApiProblem("not_found")
