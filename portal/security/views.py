"""Login, password reset and the second factor's pages.

The login and reset views extend the portal's own (portal.views) with the limits of this package; the
routes in portal/urls.py point here.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import django_otp
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import views as portal_views
from portal.security import otp, sessions, throttle
from portal.security.client_ip import client_ip
from portal.security.forms import OTPCodeForm, OTPConfirmForm

log = logging.getLogger("portal.security")

NEXT_KEY = "_security_next"
NEW_CODES_KEY = "_security_new_backup_codes"


# --- Login and password reset ----------------------------------------------------------------------------


class LoginView(portal_views.LoginView):
    def post(self, request, *args, **kwargs):
        if throttle.address_over_login_limit(request):
            log.warning("login refused: address over its failure limit")
            return render(request, "registration/lockout.html", {"address_limit": True}, status=429)
        return super().post(request, *args, **kwargs)


def _reset_limits() -> tuple[tuple[str, int], ...]:
    return (
        ("reset-address", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS),
        ("reset-email", settings.PASSWORD_RESET_LIMIT_PER_EMAIL),
    )


class PasswordResetView(portal_views.PasswordResetView):
    """Rate-limited per address and per e-mail, and as slow for an unknown address as for a known one."""

    def form_valid(self, form):
        started = time.monotonic()
        try:
            return self._limited_form_valid(form)
        finally:
            # Known addresses render and enqueue a mail, unknown ones do nothing: pad both to one duration.
            remaining = settings.PASSWORD_RESET_MIN_SECONDS - (time.monotonic() - started)
            if remaining > 0:
                time.sleep(remaining)

    def _limited_form_valid(self, form):
        window = timedelta(seconds=settings.PASSWORD_RESET_WINDOW_SECONDS)
        values = {"reset-address": client_ip(self.request), "reset-email": form.cleaned_data["email"]}
        for scope, limit in _reset_limits():
            if throttle.hits(scope=scope, value=values[scope], window=window) >= limit:
                log.warning("password reset refused: %s over its limit", scope)
                form.add_error(None, _("Terlalu banyak permintaan atur ulang kata sandi. Coba lagi nanti."))
                return self.render_to_response(self.get_context_data(form=form), status=429)
        for scope, _limit in _reset_limits():
            throttle.record(scope=scope, value=values[scope])
        return super().form_valid(form)


# --- The second factor -----------------------------------------------------------------------------------


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _remember_next(request: HttpRequest) -> None:
    if "next" in request.GET:
        request.session[NEXT_KEY] = _safe_next(request, request.GET["next"])


def _verified(request: HttpRequest, device) -> None:
    django_otp.login(request, device)
    # A new session key once both factors are in: a key seen before the second factor is worth nothing.
    request.session.cycle_key()
    sessions.set_otp_needed(request, True)


@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    _remember_next(request)
    if user.is_verified():
        return redirect(request.session.pop(NEXT_KEY, None) or settings.LOGIN_REDIRECT_URL)
    if not otp.has_authenticator(user):
        if otp.otp_required_for(user):
            return redirect("security:otp_enrol")
        sessions.set_otp_needed(request, False)
        return redirect(request.session.pop(NEXT_KEY, None) or settings.LOGIN_REDIRECT_URL)
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            _verified(request, device)
            if isinstance(device, StaticDevice):
                left = otp.backup_codes_left(user)
                messages.warning(
                    request,
                    _("Kode cadangan telah dipakai; sisa %(n)d. Buat kode baru bila hampir habis.")
                    % {"n": left},
                )
            return redirect(request.session.pop(NEXT_KEY, None) or settings.LOGIN_REDIRECT_URL)
        form.add_error(
            "code",
            _(
                "Kode tidak cocok atau sudah dipakai. Setelah beberapa kali salah, tunggu sebentar "
                "sebelum mencoba lagi."
            ),
        )
    return render(request, "portal/otp_verify.html", {"form": form})


@never_cache
def otp_enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    _remember_next(request)
    if otp.has_authenticator(user) and not user.is_verified():
        # Replacing an authenticator takes the current one first.
        return redirect("security:otp_verify")
    form = OTPConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.totp_confirm(acting_user=user, token=form.cleaned_data["code"])
        if codes is not None:
            _verified(request, TOTPDevice.objects.get(user=user, confirmed=True))
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect("security:otp_backup_codes")
        form.add_error(
            "code", _("Kode tidak cocok. Periksa jam ponsel Anda, lalu masukkan kode yang sedang tampil.")
        )
    device = otp.totp_pending(user)
    context = {
        "form": form,
        "qr": otp.qr_svg(device, label=_("Kode QR untuk aplikasi autentikator")),
        "secret": otp.secret_text(device),
        "required": otp.otp_required_for(user),
        "replacing": otp.has_authenticator(user),
    }
    return render(request, "portal/otp_enrol.html", context)


@never_cache
def otp_backup_codes(request: HttpRequest) -> HttpResponse:
    """The backup codes just issued, shown this once: they leave the session as the page is made."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes:
        messages.info(request, _("Kode cadangan hanya ditampilkan sekali. Buat kode baru bila perlu."))
        return redirect("security:otp_settings")
    next_url = request.session.pop(NEXT_KEY, None) or reverse(settings.LOGIN_REDIRECT_URL)
    return render(request, "portal/otp_backup_codes.html", {"codes": codes, "next_url": next_url})


def _needs_current_factor(request: HttpRequest) -> bool:
    return otp.has_authenticator(request.user) and not request.user.is_verified()


@never_cache
def otp_settings(request: HttpRequest) -> HttpResponse:
    if _needs_current_factor(request):
        return redirect("security:otp_verify")
    user = request.user
    context = {
        "active": otp.has_authenticator(user),
        "required": otp.otp_required_for(user),
        "codes_left": otp.backup_codes_left(user),
        "form": OTPCodeForm(),
    }
    return render(request, "portal/otp_settings.html", context)


@require_POST
def otp_backup_regenerate(request: HttpRequest) -> HttpResponse:
    if not otp.has_authenticator(request.user):
        return redirect("security:otp_settings")
    if not request.user.is_verified():
        return redirect("security:otp_verify")
    request.session[NEW_CODES_KEY] = otp.backup_codes_issue(acting_user=request.user)
    messages.success(request, _("Kode cadangan baru dibuat; kode yang lama tidak berlaku lagi."))
    return redirect("security:otp_backup_codes")


@require_POST
def otp_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if _needs_current_factor(request):
        return redirect("security:otp_verify")
    if otp.otp_required_for(user):
        messages.error(
            request, _("Peran Anda mewajibkan verifikasi dua langkah; fitur ini tidak dapat dimatikan.")
        )
        return redirect("security:otp_settings")
    form = OTPCodeForm(request.POST)
    # Switching the factor off takes a fresh code, so a session left open cannot do it alone.
    if not form.is_valid() or otp.verify(user=user, code=form.cleaned_data["code"]) is None:
        messages.error(request, _("Kode tidak cocok; verifikasi dua langkah tetap aktif."))
        return redirect("security:otp_settings")
    otp.otp_disable(acting_user=user)
    sessions.set_otp_needed(request, False)
    messages.success(request, _("Verifikasi dua langkah dimatikan."))
    return redirect("security:otp_settings")
