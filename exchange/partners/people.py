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
    """The demo roster's people (exchange.data.demo) when it offers them; the seeded fallback otherwise."""
    try:
        from exchange.data import demo
    except ImportError:
        demo = None
    rows_of = getattr(demo, "roster_rows", None)
    if callable(rows_of):
        rows = list(rows_of() if count is None else rows_of(count))
        return rows
    return roster(count or 2000)
