"""The second factor: an authenticator app (TOTP) with ten single-use backup codes, on django-otp's devices.

Who must use it: superusers and the roles in `OTP_REQUIRED_ROLES` (Administrator, Pimpinan); anyone else
may switch it on, and once on it is asked at every login. Backup codes are stored as keyed hashes, never as
they are shown, so a copy of the database does not hand them out; each works once.
"""

from __future__ import annotations

import logging
import re
import secrets
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

log = logging.getLogger("portal.security")

BACKUP_CODE_COUNT = 10
BACKUP_CODE_LENGTH = 10
# No 0/o, 1/l/i: codes are copied by hand from paper.
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOTP_DEVICE_NAME = "Aplikasi autentikator"
BACKUP_DEVICE_NAME = "Kode cadangan"
_SVG_SIZE = re.compile(r'^<svg width="[^"]*" height="[^"]*"')


def otp_required_for(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(user.has_role(role) for role in settings.OTP_REQUIRED_ROLES)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_verification(user) -> bool:
    """A user who must use the second factor, or who switched it on, verifies it after every login."""
    return otp_required_for(user) or has_authenticator(user)


# --- Enrolment -------------------------------------------------------------------------------------------


def totp_pending(user) -> TOTPDevice:
    """The authenticator being set up: the same one across reloads, so a scanned code stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice, *, label: str) -> SafeString:
    """The otpauth:// link of the device as an inline SVG (no image request, nothing from outside)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    opening = format_html('<svg class="otp-qr" role="img" aria-label="{}" width="220" height="220"', label)
    # qrcode writes its sizes in millimetres; the page sets its own size in pixels.
    return mark_safe(_SVG_SIZE.sub(opening, svg, count=1))  # noqa: S308 - the rest is qrcode's own markup


@transaction.atomic
def totp_confirm(*, acting_user, token: str) -> list[str] | None:
    """Confirm the pending authenticator with a code it shows; the new backup codes, or None if wrong.

    A confirmed authenticator replaces any earlier one, and the backup codes are issued afresh.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=acting_user, confirmed=False).last()
    if device is None or not device.verify_token(_digits(token)):
        return None
    TOTPDevice.objects.filter(user=acting_user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log.info("second factor enrolled user_id=%s", acting_user.pk)
    return _issue_backup_codes(acting_user)


def backup_codes_issue(*, acting_user) -> list[str]:
    with transaction.atomic():
        codes = _issue_backup_codes(acting_user)
    log.info("backup codes issued user_id=%s", acting_user.pk)
    return codes


def _issue_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < BACKUP_CODE_COUNT:
        code = "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_backup_hash(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def otp_disable(*, acting_user) -> bool:
    """Switch the second factor off; refused (False) for those who must use it."""
    if otp_required_for(acting_user):
        return False
    TOTPDevice.objects.filter(user=acting_user).delete()
    StaticDevice.objects.filter(user=acting_user).delete()
    log.info("second factor disabled user_id=%s", acting_user.pk)
    return True


# --- Verification ----------------------------------------------------------------------------------------


def _digits(token: str) -> str:
    return "".join(ch for ch in token if not ch.isspace())


def _normalise_backup(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _backup_hash(code: str) -> str:
    # StaticToken.token holds 16 characters: 64 bits of a keyed hash of a 50-bit code.
    return salted_hmac("portal.security.backup-code", _normalise_backup(code)).hexdigest()[:16]


def verify(*, user, code: str) -> Device | None:
    """The device that accepts this code (an authenticator code, or an unused backup code), if any.

    Each device throttles its own failures (django-otp doubles the wait after each one), and a TOTP code
    is accepted once: the device remembers the last time step it verified.
    """
    code = code.strip()
    if not code or len(code) > 32:
        return None
    if _digits(code).isdigit():
        token, kind = _digits(code), TOTPDevice
    else:
        token, kind = _backup_hash(code), StaticDevice
    for device in devices_for_user(user):
        if isinstance(device, kind) and otp_verify_token(user, device.persistent_id, token):
            if kind is StaticDevice:
                log.info("backup code used user_id=%s left=%s", user.pk, backup_codes_left(user))
            return device
    log.warning("second factor refused user_id=%s", user.pk)
    return None
