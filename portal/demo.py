"""Demo people: the institutions of the seed agreement, an unrelated third one, and one user per role."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from io import BytesIO

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from portal.choices import Role
from portal.models import Institution, User

KEMENDES = "Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi"
BKN = "Badan Kepegawaian Negara"
LAIN = "Badan Pusat Statistik"

INSTITUTIONS = {
    "kemendes": {
        "name": KEMENDES,
        "short_name": "Kemendes PDTT",
        "address": "Jalan Taman Makam Pahlawan Kalibata Nomor 17, Jakarta Selatan 12750",
        "phone": "(021) 791 98670",
        "email": "humas@kemendes.go.id",
        "letter_number_format": "{seq}/HKM.07.01/{roman_month}/{year}",
    },
    "bkn": {
        "name": BKN,
        "short_name": "BKN",
        "address": "Jalan Mayjen Sutoyo Nomor 12, Cililitan, Kramat Jati, Jakarta Timur",
        "phone": "(021) 8093008",
        "email": "pdpik@bkn.go.id",
        "letter_number_format": "{seq}/HM.04.01/{year}",
    },
    "lain": {
        "name": LAIN,
        "short_name": "BPS",
        "address": "Jalan Dr. Sutomo Nomor 6-8, Jakarta Pusat 10710",
        "phone": "(021) 3841195",
        "email": "bpshq@bps.go.id",
        "letter_number_format": "B-{seq}/BPS/{month}/{year}",
    },
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    institution: str | None
    role: Role
    first_name: str
    last_name: str
    position: str


USERS = (
    DemoUser("admin", None, Role.ADMINISTRATOR, "Admin", "Portal", "Administrator sistem"),
    DemoUser("kemendes.staf", "kemendes", Role.STAF, "Rina", "Wulandari", "Analis Kerja Sama"),
    DemoUser(
        "kemendes.penghubung", "kemendes", Role.PENGHUBUNG, "Agus", "Santoso", "Pranata Humas Ahli Muda"
    ),
    DemoUser(
        "kemendes.pimpinan", "kemendes", Role.PIMPINAN, "Dewi", "Kartika", "Kepala Biro Hubungan Masyarakat"
    ),
    DemoUser("bkn.staf", "bkn", Role.STAF, "Budi", "Hartono", "Analis Data Kepegawaian"),
    DemoUser("bkn.penghubung", "bkn", Role.PENGHUBUNG, "Sari", "Rahmawati", "Pranata Komputer Ahli Muda"),
    DemoUser(
        "bkn.pimpinan",
        "bkn",
        Role.PIMPINAN,
        "Hendra",
        "Gunawan",
        "Direktur Pengelolaan Data dan Penyajian Informasi Kepegawaian",
    ),
    DemoUser("lain.staf", "lain", Role.STAF, "Yusuf", "Pratama", "Statistisi Ahli Muda"),
)


def generated_password() -> str:
    """Twelve letters and digits: easy to copy from a terminal, no leading dash to trip a shell."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(12))


def demo_email(user: DemoUser) -> str:
    return f"{user.username}@demo.portal-pks.go.id"


# Initials and colour of each demo institution's made-up emblem.
EMBLEMS = {"kemendes": ("KD", "#1f5f3a"), "bkn": ("BKN", "#1d3f7a"), "lain": ("BPS", "#7a3b12")}


def demo_emblem(initials: str, colour: str) -> bytes:
    """A plain round emblem with the institution's initials for the demo letterheads (not a state symbol)."""
    size = 240
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=colour)
    draw.ellipse((18, 18, size - 18, size - 18), outline="white", width=6)
    font = ImageFont.load_default(size=96 if len(initials) <= 3 else 72)
    draw.text((size / 2, size / 2), initials, fill="white", font=font, anchor="mm")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def load_institutions() -> dict[str, Institution]:
    institutions = {}
    for code, fields in INSTITUTIONS.items():
        institution, _ = Institution.objects.update_or_create(name=fields["name"], defaults=fields)
        if not institution.logo:
            institution.logo.save(f"demo-{code}.png", ContentFile(demo_emblem(*EMBLEMS[code])), save=True)
        institutions[code] = institution
    return institutions


def load_users(password: str | None) -> tuple[dict[str, User], str | None]:
    """Create the demo users once. Returns them and the password set now (None if none was set)."""
    institutions = load_institutions()
    groups = {role: Group.objects.get_or_create(name=str(role))[0] for role in Role}
    existing = set(
        User.objects.filter(username__in=[u.username for u in USERS]).values_list("username", flat=True)
    )
    new_password = password or (None if existing else generated_password())
    users = {}
    for spec in USERS:
        user, created = User.objects.get_or_create(username=spec.username)
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.email = demo_email(spec)
        user.position = spec.position
        user.institution = institutions[spec.institution] if spec.institution else None
        user.is_staff = user.is_superuser = spec.role == Role.ADMINISTRATOR
        if created or password:
            user.set_password(new_password or generated_password())
        user.save()
        user.groups.set([groups[spec.role]])
        users[spec.username] = user
    return users, new_password
