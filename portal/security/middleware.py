"""The request pipeline's security rules: response headers, session lifetimes, the second factor.

Order in MIDDLEWARE: `SecurityHeadersMiddleware` near the top (it must see every response, the lockout
and redirect responses of the others included); `SessionTimeoutMiddleware` after the message middleware
(it leaves a message); `OTPRequiredMiddleware` after LoginRequiredMiddleware (anonymous visitors go to the
login page first).
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from portal.security import otp, sessions
from portal.security.redaction import redact

log = logging.getLogger("portal.security")

# Only features Chromium knows: an unknown one is an error in the console of every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=(), serial=(), hid=()"
)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `no-store` on everything a signed-in user or an API client
    receives (pages with personal data, the feed link, backup codes); every refusal (403) logged with the
    user's id. Static files are answered by WhiteNoise before this runs and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        stored_anyway = "no-store" not in response.get("Cache-Control", "")
        if stored_anyway and (signed_in or "HTTP_AUTHORIZATION" in request.META):
            add_never_cache_headers(response)
        if response.status_code == 403:
            log.warning(
                "refused status=403 method=%s path=%s user_id=%s",
                request.method,
                redact(request.path),
                user.pk if signed_in else "-",
            )
        return response


class SessionTimeoutMiddleware:
    """Ends a signed-in session idle for SESSION_IDLE_SECONDS or older than SESSION_ABSOLUTE_SECONDS.

    The request then goes on as an anonymous one: LoginRequiredMiddleware sends it to the login page,
    which says why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = sessions.touch(request)
            if reason is not None:
                user_id = request.user.pk
                logout(request)
                log.info("session ended reason=%s user_id=%s", reason, user_id)
                if reason == "idle":
                    text = _("Sesi Anda berakhir karena lama tidak ada aktivitas. Silakan masuk lagi.")
                else:
                    text = _("Sesi Anda telah mencapai batas waktu maksimum. Silakan masuk lagi.")
                messages.info(request, text)
        return self.get_response(request)


# Reachable before the second factor: signing in and out, the second factor's own pages, the health
# check, the language switch, the API (its own credentials) and the calendar feed (its own secret link).
OTP_EXEMPT_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "health",
        "set_language",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "portal:calendar_feed",
    }
)
OTP_EXEMPT_NAMESPACES = frozenset({"security", "api"})
OTP_EXEMPT_PATH_PREFIXES = ("/api/",)


def _is_exempt(request: HttpRequest) -> bool:
    if request.path_info.startswith((*OTP_EXEMPT_PATH_PREFIXES, settings.STATIC_URL)):
        return True
    match = request.resolver_match
    if match is None:
        return False
    return match.view_name in OTP_EXEMPT_URL_NAMES or bool(OTP_EXEMPT_NAMESPACES & set(match.namespaces))


class OTPRequiredMiddleware:
    """Sends a signed-in user who still owes the second factor to its page, from any other page.

    Whether a user owes it is decided once per login (superuser, a required role, or an authenticator
    switched on) and kept in the session; `OTP_ENFORCED = False` switches the rule off (the test suite's
    default, where the fixed cast logs in without devices).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not settings.OTP_ENFORCED or not request.user.is_authenticated:
            return None
        if request.user.is_verified() or _is_exempt(request):
            return None
        if not sessions.otp_needed(request, decide=otp.needs_verification):
            return None
        target = "security:otp_verify" if otp.has_authenticator(request.user) else "security:otp_enrol"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(reverse(target) + (f"?{query}" if query else ""))
