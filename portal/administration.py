"""The portal Administrator's services: institutions and users. One function per change; each refuses
anyone who is not an Administrator itself, and writes an `AdminEvent` (who, when, what) in its transaction.

An invited user gets a set-password link made with Django's password-reset tokens (valid for
`PASSWORD_RESET_TIMEOUT`, used up once a password is set) in a mail through the outbox. A user is never
deleted here: deactivated, they can no longer log in and keep their place in every record.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from portal.choices import Role
from portal.lib import uploads
from portal.lib.letter_number import format_letter_number
from portal.lib.mail import render_mail
from portal.models import AdminEvent, Institution, User
from portal.principals import is_portal_admin

LOGO_MAX_BYTES = 1024 * 1024
LOGO_KINDS = (uploads.PNG, uploads.JPEG)
INSTITUTION_FIELDS = ("name", "short_name", "address", "phone", "email", "letter_number_format")


def require_admin(acting_user) -> None:
    if not is_portal_admin(acting_user):
        raise PermissionDenied(_("Hanya Administrator portal yang dapat mengelola instansi dan pengguna."))


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("ya") if value else _("tidak"))
    return str(value)


def _record(
    kind: str, acting_user: User, summary: str, *, institution=None, user=None, changes=None
) -> AdminEvent:
    return AdminEvent.objects.create(
        kind=kind,
        actor=acting_user,
        institution=institution,
        user=user,
        summary=summary[:500],
        changes=changes or {},
    )


# --- Institutions ---------------------------------------------------------------------------------------


def check_letter_number_format(pattern: str) -> str:
    """The format's sample (seq 7 on today's date), or ValidationError saying what is wrong with it."""
    return format_letter_number(pattern, seq=7, day=timezone.localdate())


def check_logo(upload: UploadedFile) -> uploads.CheckedUpload:
    """PNG or JPEG, at most LOGO_MAX_BYTES, and an image Pillow can read."""
    checked = uploads.check(upload, kinds=LOGO_KINDS, max_bytes=LOGO_MAX_BYTES)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Berkas logo rusak atau bukan gambar PNG/JPEG."), code=uploads.CONTENT
        ) from None
    finally:
        upload.seek(0)
    return checked


def _clean_institution(data: dict[str, Any], *, instance: Institution | None) -> dict[str, Any]:
    cleaned = {name: (data.get(name) or "").strip() for name in INSTITUTION_FIELDS}
    errors: dict[str, list[str]] = {}
    if not cleaned["name"]:
        errors["name"] = [_("Nama instansi wajib diisi.")]
    if not cleaned["short_name"]:
        errors["short_name"] = [_("Singkatan wajib diisi.")]
    others = Institution.objects.exclude(pk=instance.pk) if instance else Institution.objects.all()
    if cleaned["name"] and others.filter(name__iexact=cleaned["name"]).exists():
        errors["name"] = [_("Instansi dengan nama ini sudah ada.")]
    if cleaned["short_name"] and others.filter(short_name__iexact=cleaned["short_name"]).exists():
        errors["short_name"] = [_("Singkatan ini sudah dipakai instansi lain.")]
    try:
        check_letter_number_format(cleaned["letter_number_format"])
    except ValidationError as exc:
        errors["letter_number_format"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _store_logo(institution: Institution, logo: UploadedFile) -> None:
    checked = check_logo(logo)
    institution.logo.save(f"{uuid.uuid4().hex}{checked.extension}", logo, save=False)


@transaction.atomic
def institution_create(
    *, acting_user: User, data: dict[str, Any], logo: UploadedFile | None = None
) -> Institution:
    require_admin(acting_user)
    cleaned = _clean_institution(data, instance=None)
    institution = Institution(**cleaned)
    if logo is not None:
        _store_logo(institution, logo)
    institution.save()
    _record(
        AdminEvent.Kind.INSTITUTION_CREATED,
        acting_user,
        _("Instansi ditambahkan: %(name)s") % {"name": institution.name},
        institution=institution,
        changes={name: ["—", _shown(value)] for name, value in cleaned.items()},
    )
    return institution


@transaction.atomic
def institution_update(
    *,
    acting_user: User,
    institution: Institution,
    data: dict[str, Any],
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> Institution:
    require_admin(acting_user)
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    cleaned = _clean_institution(data, instance=institution)
    changes = {
        name: [_shown(getattr(institution, name)), _shown(value)]
        for name, value in cleaned.items()
        if getattr(institution, name) != value
    }
    for name, value in cleaned.items():
        setattr(institution, name, value)
    old_logo = institution.logo.name
    if logo is not None:
        _store_logo(institution, logo)
        changes["logo"] = [_shown(old_logo and _("ada")), _("baru")]
    elif remove_logo and old_logo:
        institution.logo = ""
        changes["logo"] = [_("ada"), "—"]
    if not changes:
        return institution
    institution.save()
    _record(
        AdminEvent.Kind.INSTITUTION_UPDATED,
        acting_user,
        _("Instansi diubah: %(name)s (%(fields)s)")
        % {"name": institution.name, "fields": ", ".join(changes)},
        institution=institution,
        changes=changes,
    )
    return institution


# --- Users ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserInput:
    """What the administrator sets of a user."""

    first_name: str
    last_name: str
    email: str
    role: str
    institution: Institution | None
    position: str = ""
    # The language of the mails written to the user; empty: the portal's.
    language: str = ""


def _clean_user(spec: UserInput, *, instance: User | None) -> UserInput:
    errors: dict[str, list[str]] = {}
    email = (spec.email or "").strip().lower()
    if not email:
        errors["email"] = [_("Alamat e-mail wajib diisi.")]
    else:
        others = User.objects.exclude(pk=instance.pk) if instance else User.objects.all()
        if others.filter(email__iexact=email).exists():
            errors["email"] = [_("Alamat e-mail ini sudah dipakai pengguna lain.")]
    if spec.role not in Role.values:
        errors["role"] = [_("Pilih salah satu peran.")]
    elif spec.role != Role.ADMINISTRATOR and spec.institution is None:
        errors["institution"] = [_("Pengguna dengan peran ini harus anggota suatu instansi.")]
    if not (spec.first_name or "").strip():
        errors["first_name"] = [_("Nama depan wajib diisi.")]
    if spec.language and spec.language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = [_("Pilih salah satu bahasa.")]
    if errors:
        raise ValidationError(errors)
    return UserInput(
        first_name=spec.first_name.strip(),
        last_name=(spec.last_name or "").strip(),
        email=email,
        role=spec.role,
        institution=spec.institution,
        position=(spec.position or "").strip(),
        language=spec.language or "",
    )


def role_of(user: User) -> str:
    """The user's role (one group of the four); empty when none is set."""
    names = set(user.groups.values_list("name", flat=True))
    return next((role for role in Role.values if role in names), "")


def _send_invitation(user: User, acting_user: User) -> None:
    from portal.services import mail_enqueue

    context = {
        "user": user,
        "inviter": acting_user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "site_url": settings.SITE_URL,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    subject, text, html = render_mail("invitation", context, language=user.mail_language)
    mail_enqueue(to=[user.email], subject=subject, body_text=text, body_html=html, kind="invitation")


def _username_for(email: str) -> str:
    base = email.split("@", 1)[0][:120] or "pengguna"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


@transaction.atomic
def user_invite(*, acting_user: User, spec: UserInput, username: str = "") -> User:
    """A new user without a password; the mail's link lets them set one and log in."""
    require_admin(acting_user)
    spec = _clean_user(spec, instance=None)
    username = (username or "").strip() or _username_for(spec.email)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("Nama pengguna ini sudah dipakai.")]})
    user = User(
        username=username,
        email=spec.email,
        first_name=spec.first_name,
        last_name=spec.last_name,
        institution=spec.institution,
        position=spec.position,
        language=spec.language,
        is_active=True,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([Group.objects.get_or_create(name=spec.role)[0]])
    _record(
        AdminEvent.Kind.USER_INVITED,
        acting_user,
        _("Pengguna diundang: %(user)s (%(role)s, %(institution)s)")
        % {
            "user": username,
            "role": Role(spec.role).label,
            "institution": spec.institution or _("tanpa instansi"),
        },
        institution=spec.institution,
        user=user,
        changes={"email": ["—", spec.email], "role": ["—", spec.role]},
    )
    _send_invitation(user, acting_user)
    return user


@transaction.atomic
def invitation_resend(*, acting_user: User, user: User) -> None:
    """A fresh link for a user who has not set a password yet (the old link stays valid until used)."""
    require_admin(acting_user)
    if user.has_usable_password():
        raise ValidationError(_("Pengguna ini sudah membuat kata sandi; undangan tidak perlu dikirim lagi."))
    if not user.is_active:
        raise ValidationError(_("Pengguna ini nonaktif."))
    _record(
        AdminEvent.Kind.INVITATION_RESENT,
        acting_user,
        _("Undangan dikirim ulang kepada %(user)s") % {"user": user.username},
        institution=user.institution,
        user=user,
    )
    _send_invitation(user, acting_user)


@transaction.atomic
def user_update(*, acting_user: User, user: User, spec: UserInput) -> User:
    """Name, e-mail, institution, position and role of a user."""
    require_admin(acting_user)
    user = User.objects.select_for_update().get(pk=user.pk)
    spec = _clean_user(spec, instance=user)
    if user.pk == acting_user.pk and spec.role != Role.ADMINISTRATOR and not user.is_superuser:
        raise ValidationError({"role": [_("Anda tidak dapat mencabut peran Administrator Anda sendiri.")]})
    before = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "institution": user.institution,
        "position": user.position,
        "language": user.language,
        "role": role_of(user),
    }
    after = {
        "first_name": spec.first_name,
        "last_name": spec.last_name,
        "email": spec.email,
        "institution": spec.institution,
        "position": spec.position,
        "language": spec.language,
        "role": spec.role,
    }
    changes = {k: [_shown(before[k]), _shown(after[k])] for k in after if before[k] != after[k]}
    if not changes:
        return user
    user.first_name, user.last_name, user.email = spec.first_name, spec.last_name, spec.email
    user.institution, user.position, user.language = spec.institution, spec.position, spec.language
    user.save(update_fields=["first_name", "last_name", "email", "institution", "position", "language"])
    if "role" in changes:
        user.groups.set([Group.objects.get_or_create(name=spec.role)[0]])
    _record(
        AdminEvent.Kind.USER_UPDATED,
        acting_user,
        _("Pengguna diubah: %(user)s (%(fields)s)") % {"user": user.username, "fields": ", ".join(changes)},
        institution=user.institution,
        user=user,
        changes=changes,
    )
    return user


@transaction.atomic
def user_set_active(*, acting_user: User, user: User, active: bool) -> User:
    """Deactivate (never delete) or reactivate a user. A deactivated user is logged out at their next request:
    the authentication backend loads no inactive user for a session."""
    require_admin(acting_user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == acting_user.pk:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    _record(
        AdminEvent.Kind.USER_ACTIVATED if active else AdminEvent.Kind.USER_DEACTIVATED,
        acting_user,
        (_("Pengguna diaktifkan kembali: %(user)s") if active else _("Pengguna dinonaktifkan: %(user)s"))
        % {"user": user.username},
        institution=user.institution,
        user=user,
        changes={"is_active": [_shown(not active), _shown(active)]},
    )
    return user
