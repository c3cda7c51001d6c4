"""The people the SIASN simulator serves when it is not given the demo roster: fictional PSM, deterministic.

The demo roster of the data sets (exchange/data/demo.py) is preferred: `demo_roster(count)` reads it when
that module offers it, so the simulator and the roster agree on who exists. The fallback draws the same kind
of people from a seeded generator: structurally valid NIPs (birth date, appointment month, sex, sequence)
and Indonesian names.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

FIRST = (
    "Agus",
    "Budi",
    "Dewi",
    "Eko",
    "Fitri",
    "Gita",
    "Hadi",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Putu",
    "Rahmat",
    "Sari",
    "Teguh",
    "Utami",
    "Wahyu",
    "Yusuf",
    "Siti",
    "Bambang",
    "Cahya",
    "Dian",
)
LAST = (
    "Santoso",
    "Wijaya",
    "Pratama",
    "Saputra",
    "Hidayat",
    "Kurniawan",
    "Nugroho",
    "Rahayu",
    "Susanto",
    "Setiawan",
    "Lubis",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Purnomo",
    "Wibowo",
    "Yulianti",
)
PROVINCES = ("Aceh", "Sumatera Utara", "Jawa Barat", "Jawa Tengah", "Jawa Timur", "Bali", "NTB", "Papua")
RANKS = ("III/a", "III/b", "III/c", "III/d")
LEVELS = ("Ahli Pertama", "Ahli Muda", "Ahli Madya")
INSTANSI = "Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi"
UNOR = "Direktorat Jenderal Pembangunan Desa dan Perdesaan"


def roster(count: int, *, seed: int = 2023) -> list[dict[str, str]]:
    """`count` fictional people as roster rows {catalogue code: value}, the same for the same seed."""
    rng = random.Random(seed)
    rows, seen = [], set()
    while len(rows) < count:
        birth = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 25 * 365))
        year = birth.year + rng.randrange(23, 31)
        month = rng.randrange(1, 13)
        sex = rng.choice("12")
        nip = f"{birth:%Y%m%d}{year:04d}{month:02d}{sex}{rng.randrange(1, 1000):03d}"
        if nip in seen:
            continue
        seen.add(nip)
        rows.append(
            {
                "nipBaru": nip,
                "nama": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "tglLahir": birth.isoformat(),
                "golRuangAkhir": rng.choice(RANKS),
                "jabatanFungsionalNama": f"Penggerak Swadaya Masyarakat {rng.choice(LEVELS)}",
                "tmtJabatan": f"{min(year + 3, 2023)}-01-01",
                "unorNama": UNOR,
                "instansiKerjaNama": INSTANSI,
                "lokasiKerja": rng.choice(PROVINCES),
            }
        )
    return rows


def demo_roster(count: int | None = None) -> list[dict[str, str]]:
    """The demo roster's people (exchange.data.demo.roster: rows of SIASN's export) as catalogue values,
    so the simulator serves the same people the demo's roster version holds; the seeded fallback when
    that module is not there."""
    try:
        from exchange.data import demo, normalise
    except ImportError:
        return roster(count or 2000)
    rows = demo.roster(count or demo.PEOPLE)
    people = []
    for raw in rows:
        values = dict(zip(demo.TO_BKN, raw, strict=False))
        values["nipBaru"] = values["nipBaru"].lstrip("'")
        name, front, back = normalise.name_split(values.get("nama", ""))
        values.update(nama=name, gelarDepan=" ".join(front), gelarBelakang=", ".join(back))
        nip = values["nipBaru"]
        values["tglLahir"] = f"{nip[0:4]}-{nip[4:6]}-{nip[6:8]}"
        tmt = normalise.parse_date(values.get("tmtJabatan"))
        values["tmtJabatan"] = tmt.isoformat() if tmt else ""
        values["golRuangAkhir"] = normalise.rank_normalise(values.get("golRuangAkhir")) or ""
        people.append({code: value for code, value in values.items() if value and value != "null"})
    return people
