"""Bearer tokens for DRF: the API client whose token it is becomes the acting principal (`request.user`)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from exchange.api import credentials, selectors
from exchange.api.problems import ApiProblem
from exchange.api.services import refuse_unusable


def _invalid_token() -> ApiProblem:
    return ApiProblem(
        "invalid_token",
        "Token akses tidak dikenal atau sudah kedaluwarsa (berlaku 1 jam); "
        "minta token baru di POST /api/v1/token.",
        "The access token is unknown or has expired (tokens last 1 hour); "
        "get a new one at POST /api/v1/token.",
    )


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`; the token is looked up by its SHA-256 digest."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise _invalid_token()
        raw = parts[1].decode("ascii", errors="replace")
        now = timezone.now()
        token = selectors.token_with_client(credentials.digest(raw), now=now)
        if token is None:
            raise _invalid_token()
        # Known even when refused, so that the exchange log names whose request it was.
        request._api_client = token.client
        refuse_unusable(token.client, now)
        return token.client, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "exchange.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token dari POST /api/v1/token (1 jam). / From POST /api/v1/token (1 hour).",
        }
