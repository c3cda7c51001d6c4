"""The Administrator's services: each refuses anyone else, records who changed what, and never deletes."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal import administration
from portal.administration import UserInput
from portal.choices import Role
from portal.models import AdminEvent, Institution, OutboxMail, User

pytestmark = pytest.mark.django_db


def png(size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return buffer.getvalue()


DATA = {
    "name": "Badan Riset dan Inovasi Nasional",
    "short_name": "BRIN",
    "address": "Jalan M.H. Thamrin Nomor 8, Jakarta Pusat",
    "phone": "(021) 3169000",
    "email": "persuratan@brin.go.id",
    "letter_number_format": "B-{seq}/BRIN/{month}/{year}",
}


def spec(institution, **over) -> UserInput:
    values = {
        "first_name": "Nadia",
        "last_name": "Putri",
        "email": "nadia.putri@brin.go.id",
        "role": Role.STAF.value,
        "institution": institution,
        "position": "Analis Kerja Sama",
    }
    values.update(over)
    return UserInput(**values)


def test_an_administrator_adds_an_institution_with_a_logo_and_it_is_recorded(admin_user):
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    institution = administration.institution_create(acting_user=admin_user, data=DATA, logo=logo)
    assert institution.logo.name.endswith(".png") and "logo" not in institution.logo.name.rsplit("/", 1)[-1]
    event = AdminEvent.objects.get(kind=AdminEvent.Kind.INSTITUTION_CREATED)
    assert event.actor == admin_user and event.institution == institution
    assert event.changes["short_name"] == ["—", "BRIN"]


def test_nobody_else_may_change_institutions_or_users(kemendes_pimpinan, kemendes_staf, kemendes):
    with pytest.raises(PermissionDenied):
        administration.institution_create(acting_user=kemendes_pimpinan, data=DATA)
    with pytest.raises(PermissionDenied):
        administration.institution_update(acting_user=kemendes_staf, institution=kemendes, data=DATA)
    with pytest.raises(PermissionDenied):
        administration.user_invite(acting_user=kemendes_pimpinan, spec=spec(kemendes))
    with pytest.raises(PermissionDenied):
        administration.user_set_active(acting_user=kemendes_pimpinan, user=kemendes_staf, active=False)
    assert not Institution.objects.filter(short_name="BRIN").exists() and not AdminEvent.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"GIF89a" + b"\0" * 30, "logo.gif", "tidak diterima"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 30, "logo.png", "rusak"),
        (png((3000, 3000)) + b"\0" * (1024 * 1024), "logo.png", "terlalu besar"),
    ],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused(admin_user, content, name, message):
    logo = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=message):
        administration.institution_create(acting_user=admin_user, data=DATA, logo=logo)
    assert not Institution.objects.filter(short_name="BRIN").exists()


def test_a_letter_number_format_without_seq_or_with_unknown_names_is_refused(admin_user, kemendes):
    for pattern in ("B/BRIN/{year}", "{seq}/{tahun}", "{seq:>999999999}/{year}", "{seq.__class__}"):
        with pytest.raises(ValidationError) as info:
            administration.institution_update(
                acting_user=admin_user, institution=kemendes, data={**DATA, "letter_number_format": pattern}
            )
        assert "letter_number_format" in info.value.message_dict
    kemendes.refresh_from_db()
    assert kemendes.short_name == "Kemendes PDTT"


def test_an_update_records_the_fields_that_changed(admin_user, kemendes):
    data = {name: getattr(kemendes, name) for name in administration.INSTITUTION_FIELDS}
    administration.institution_update(
        acting_user=admin_user, institution=kemendes, data={**data, "phone": "(021) 000 1111"}
    )
    event = AdminEvent.objects.get()
    assert event.changes == {"phone": ["(021) 791 98670", "(021) 000 1111"]}
    # Saving the same again changes and records nothing.
    administration.institution_update(
        acting_user=admin_user, institution=kemendes, data={**data, "phone": "(021) 000 1111"}
    )
    assert AdminEvent.objects.count() == 1


def test_an_invited_user_gets_a_set_password_link_that_works_once(admin_user, kemendes, client):
    user = administration.user_invite(acting_user=admin_user, spec=spec(kemendes))
    assert user.username == "nadia.putri" and not user.has_usable_password() and user.has_role(Role.STAF)
    mail = OutboxMail.objects.get(kind="invitation")
    assert mail.to == ["nadia.putri@brin.go.id"] and "kata sandi" in mail.subject
    link = re.search(r"http\S+/akun/reset/\S+/", mail.body_text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200 and b"new_password1" in response.content
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Bunga-Melati-2026", "new_password2": "Bunga-Melati-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Bunga-Melati-2026")
    assert not default_token_generator.check_token(user, link.rstrip("/").rsplit("/", 1)[1])
    assert AdminEvent.objects.filter(kind=AdminEvent.Kind.USER_INVITED, user=user, actor=admin_user).exists()


def test_an_invitation_needs_a_unique_email_and_an_institution_for_party_roles(admin_user, kemendes_staf):
    with pytest.raises(ValidationError) as info:
        administration.user_invite(acting_user=admin_user, spec=spec(None, email=kemendes_staf.email.upper()))
    assert set(info.value.message_dict) == {"email", "institution"}
    assert not OutboxMail.objects.exists()


def test_deactivating_keeps_the_user_and_records_it(admin_user, kemendes_staf, client):
    administration.user_set_active(acting_user=admin_user, user=kemendes_staf, active=False)
    kemendes_staf.refresh_from_db()
    assert User.objects.filter(pk=kemendes_staf.pk).exists() and not kemendes_staf.is_active
    assert not client.login(username="kemendes.staf", password="kata-sandi-uji-123")
    assert AdminEvent.objects.get().kind == AdminEvent.Kind.USER_DEACTIVATED
    with pytest.raises(ValidationError):
        administration.user_set_active(acting_user=admin_user, user=admin_user, active=False)


def test_a_role_and_institution_change_is_recorded(admin_user, kemendes_staf, bkn):
    administration.user_update(
        acting_user=admin_user,
        user=kemendes_staf,
        spec=spec(bkn, email=kemendes_staf.email, first_name="Rina", last_name="Wulandari", role="Pimpinan"),
    )
    kemendes_staf.refresh_from_db()
    kemendes_staf._role_names = None
    assert kemendes_staf.institution == bkn and administration.role_of(kemendes_staf) == "Pimpinan"
    changes = AdminEvent.objects.get().changes
    assert changes["role"] == ["Staf", "Pimpinan"] and changes["institution"][1] == bkn.name
