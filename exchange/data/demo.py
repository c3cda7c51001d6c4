"""Demo data of the data sets: the seed agreement's PSM roster (Kemendes -> BKN, Pasal 3(2)(1)).

About 2,000 synthetic civil servants: the names are made up and say so (every family name is a word for
"example" or "fictional"), the NIPs are valid and agree with each person's birth date, TMT CPNS and sex,
and their sequence numbers start at 9, as in the other demos. The roster is written as SIASN's "Export
Data ASN" CSV in memory and goes through the same import as a file uploaded on the page. Idempotent: a
second run finds the demo version and adds nothing.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from django.core.files.base import ContentFile

from agreements.demo import seed_agreement
from exchange.data import imports, services
from exchange.data.choices import ImportStatus
from exchange.data.models import AnnexField, DataField, DataSetVersion
from portal.models import User

PEOPLE = 2000
DEMO_FILE = "contoh-roster-psm-kemendes.csv"
ANNEX_NOTE = "contoh: isi Lampiran tidak termuat dalam naskah"
# Pasal 3(2)(1): Kemendes gives BKN the data of the PSM functional position (the same lines the correction
# proposals' demo names; whichever demo runs first makes them).
TO_BKN = (
    "nipBaru", "nama", "jabatanFungsionalId", "jabatanFungsionalNama", "tmtJabatan", "golRuangAkhir",
    "unorNama", "instansiKerjaNama", "lokasiKerja",
)  # fmt: skip
HEADINGS = (
    "NIP_BARU", "NAMA", "JABATAN_FUNGSIONAL_ID", "JABATAN_FUNGSIONAL_NAMA", "TMT_JABATAN", "GOL_AKHIR_NAMA",
    "UNOR_NAMA", "INSTANSI_KERJA_NAMA", "LOKASI_KERJA_NAMA",
)  # fmt: skip
FIRST_NAMES = (
    "Andi", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kartika", "Lestari",
    "Made", "Nur", "Oki", "Putri", "Rahmat", "Sari", "Taufik", "Utami", "Wahyu", "Yuni", "Zainal", "Agus",
    "Bayu", "Dian", "Endang", "Fitri", "Gilang", "Hendra", "Ika", "Kurnia", "Lina", "Mega", "Novi", "Rina",
)  # fmt: skip
FAMILY_NAMES = (
    "Contoh",
    "Fiktif",
    "Peraga",
    "Simulasi",
    "Rekaan",
    "Tiruan",
    "Sampel",
    "Ilustrasi",
    "Percobaan",
)
BACK_TITLES = ("", "", "", "S.Sos", "S.E.", "S.IP", "S.Pd", "S.T.", "M.Si", "S.Kom")
LEVELS = (
    ("PSM-AP", "Penggerak Swadaya Masyarakat Ahli Pertama", ("3A", "III/b")),
    ("PSM-AM", "Penggerak Swadaya Masyarakat Ahli Muda", ("III/c", "3D")),
    ("PSM-AMD", "Penggerak Swadaya Masyarakat Ahli Madya", ("IV/a", "IV/b", "4C")),
    ("PSM-T", "Penggerak Swadaya Masyarakat Terampil", ("II/c", "II/d")),
)
UNITS = (
    "Direktorat Jenderal Pembangunan Desa dan Perdesaan",
    "Direktorat Jenderal Pembangunan Daerah Tertinggal",
    "Badan Pengembangan dan Informasi Desa",
    "Direktorat Pengembangan Kapasitas Masyarakat",
)
PLACES = (
    "Kabupaten Bogor", "Kabupaten Sukabumi", "Kabupaten Garut", "Kabupaten Banyumas", "Kabupaten Malang",
    "Kabupaten Lombok Timur", "Kabupaten Kupang", "Kabupaten Jayapura", "Kabupaten Gowa", "Kabupaten Kampar",
)  # fmt: skip
AGENCY = "Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi"


def roster(n: int = PEOPLE, *, seed: int = 20231009) -> list[list[str]]:
    """n fictional people as rows of SIASN's export, NIPs distinct and consistent with their own digits."""
    rng = random.Random(seed)
    rows, seen = [], set()
    while len(rows) < n:
        birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 12000))
        appointed = date(birth.year + rng.randint(22, 30), rng.randint(1, 12), 1)
        sex = rng.choice((1, 2))
        nip = f"{birth:%Y%m%d}{appointed:%Y%m}{sex}9{rng.randint(0, 99):02d}"
        if nip in seen:
            continue
        seen.add(nip)
        code, position, ranks = rng.choice(LEVELS)
        title = rng.choice(BACK_TITLES)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}" + (f", {title}" if title else "")
        since = appointed + timedelta(days=rng.randrange(365, 3650))
        rows.append(
            [
                "'" + nip,
                name,
                code,
                position,
                f"{since:%d-%m-%Y}" if rng.random() > 0.03 else "01-01-0001",
                rng.choice(ranks),
                rng.choice(UNITS),
                AGENCY,
                rng.choice(PLACES) if rng.random() > 0.02 else "null",
            ]
        )
    return rows


def roster_csv(rows: list[list[str]]) -> bytes:
    """As Excel saves it in Indonesia: a BOM, semicolons, CRLF."""
    text = io.StringIO()
    text.write(";".join(HEADINGS) + "\r\n")
    for row in rows:
        text.write(";".join(row) + "\r\n")
    return b"\xef\xbb\xbf" + text.getvalue().encode("utf-8")


def ensure_annex(agreement) -> int:
    parties = {party.order: party for party in agreement.parties.all()}
    fields = {f.code: f for f in DataField.objects.filter(code__in=TO_BKN)}
    made = 0
    for code in TO_BKN:
        _line, created = AnnexField.objects.get_or_create(
            agreement=agreement,
            provider=parties[1],
            receiver=parties[2],
            field=fields[code],
            defaults={"note": ANNEX_NOTE},
        )
        made += created
    return made


def load(*, today: date, users: dict[str, User], stdout) -> None:
    agreement = seed_agreement()
    if agreement is None:
        stdout.write("Perjanjian seed belum ada; roster PSM contoh dilewati.")
        return
    ensure_annex(agreement)
    services.lampiran_first_version(agreement=agreement)
    parties = {party.order: party for party in agreement.parties.all()}
    dataset = services.dataset_for_direction(agreement=agreement, provider=parties[1], receiver=parties[2])
    if DataSetVersion.objects.filter(dataset=dataset, source_name=DEMO_FILE).exists():
        stdout.write(f"Roster PSM contoh sudah ada: {dataset.name}.")
        return
    content = roster_csv(roster())
    data_import = imports.import_upload(
        dataset=dataset, file=ContentFile(content, name=DEMO_FILE), file_name=DEMO_FILE, acting_user=None
    )
    data_import = imports.import_map(
        data_import=data_import, columns=data_import.mapping["columns"], acting_user=None, inline=True
    )
    if data_import.status != ImportStatus.CHECKED:
        raise RuntimeError(f"demo roster refused: {data_import.problems[:3]} {data_import.message}")
    data_import = imports.import_store(data_import=data_import, acting_user=None, inline=True)
    version = data_import.version
    version.created_by = users.get("kemendes.staf")
    version.save(update_fields=["created_by"])
    stdout.write(
        f"Roster PSM contoh dimuat: {dataset.name}, versi {version.number}, {version.row_count} orang."
    )
