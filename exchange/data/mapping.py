"""Which catalogue field a column heading means: SIASN's export names, Indonesian headings, the catalogue's
own codes and labels, and what an institution confirmed last time. Pure, apart from the caller's lookups.
"""

from __future__ import annotations

import re

# Headings folded by `heading_key`, per catalogue code: SIASN's "Export Data ASN" names and the headings
# agencies' own rosters use.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "nipBaru": ("nip", "nipbaru", "nip18", "nip18digit", "nomorindukpegawai", "nippppk", "nipnipppk",
                "nippns", "nipasn", "nomornip", "nipbarupns"),
    "nipLama": ("niplama", "nip9", "nip9digit"),
    "nama": ("nama", "namalengkap", "namapegawai", "namapns", "namaasn", "namagelar", "namadangelar",
             "namalengkapdangelar", "namatanpagelar"),
    "gelarDepan": ("gelardepan",),
    "gelarBelakang": ("gelarbelakang",),
    "tempatLahir": ("tempatlahir", "tempatlahirnama", "tmplahir"),
    "tglLahir": ("tanggallahir", "tgllahir", "tgl lahir", "tgllhr", "tanggallhr", "lahir", "tanggallahirpns"),
    "jenisKelamin": ("jeniskelamin", "jk", "lp", "sex", "kelamin", "jeniskelaminnama"),
    "agama": ("agama", "agamanama"),
    "email": ("email", "surel", "alamatemail"),
    "noHp": ("nohp", "nomorhp", "hp", "telepon", "notelp"),
    "alamat": ("alamat",),
    "jenisPegawaiNama": ("jenispegawai", "jenispegawainama"),
    "kedudukanPnsNama": ("kedudukanpns", "kedudukanhukum", "kedudukanhukumnama", "kedudukanpnsnama"),
    "statusPegawai": ("statuspegawai", "statuscpnspns", "status", "statuskepegawaian"),
    "tmtCpns": ("tmtcpns", "tanggaltmtcpns", "tmtcpnstanggal"),
    "nomorSkCpns": ("nomorskcpns", "noskcpns"),
    "tmtPns": ("tmtpns", "tanggaltmtpns"),
    "nomorSkPns": ("nomorskpns", "noskpns"),
    "pendidikanTerakhirNama": ("pendidikan", "pendidikanterakhir", "pendidikannama", "tingkatpendidikannama"),
    "tahunLulus": ("tahunlulus",),
    "golRuangAwal": ("golawal", "golawalnama", "golonganawal", "golruangawal"),
    "golRuangAkhir": ("gol", "golongan", "golruang", "golonganruang", "golakhir", "golakhirnama",
                      "golonganakhir", "golruangakhir", "pangkatgolongan", "pangkatgol", "golpangkat"),
    "pangkatAkhir": ("pangkat", "pangkatakhir", "pangkatnama"),
    "tmtGolAkhir": ("tmtgol", "tmtgolongan", "tmtgolakhir", "tmtpangkat", "tmtgolonganakhir"),
    "masaKerja": ("masakerja", "mk"),
    "jenisJabatan": ("jenisjabatan", "jenisjabatannama"),
    "jabatanNama": ("jabatan", "jabatannama", "namajabatan"),
    "jabatanFungsionalId": ("jabatanfungsionalid", "idjabatanfungsional", "jabfungid", "idjabatan"),
    "jabatanFungsionalNama": ("jabatanfungsional", "jabatanfungsionalnama", "jabfung", "jft",
                              "namajabatanfungsional", "jabatanfungsionaltertentu", "jenjangjabatan"),
    "jabatanStrukturalNama": ("jabatanstruktural", "jabatanstrukturalnama"),
    "tmtJabatan": ("tmtjabatan", "tanggaltmtjabatan", "tmtjab"),
    "eselon": ("eselon", "eselonnama"),
    "unorId": ("unorid", "idunor", "idunitorganisasi"),
    "unorNama": ("unor", "unornama", "unitorganisasi", "unitkerja", "satker", "satuankerja", "namaunitkerja",
                 "satuankerjakerjanama"),
    "unorIndukNama": ("unorinduk", "unorinduknama", "unitorganisasiinduk"),
    "instansiIndukNama": ("instansiinduk", "instansiinduknama"),
    "instansiKerjaNama": ("instansi", "instansikerja", "instansikerjanama", "namainstansi"),
    "lokasiKerja": ("lokasi", "lokasikerja", "lokasikerjanama", "penempatan", "kabupatenkota", "kabkota",
                    "lokasitugas", "tempattugas"),
}  # fmt: skip


def heading_key(heading: str) -> str:
    """'Tgl. Lahir' -> 'tgllahir', 'NIP_BARU' -> 'nipbaru', 'nipBaru' -> 'nipbaru'."""
    return re.sub(r"[^a-z0-9]", "", (heading or "").lower())[:200]


def _known() -> dict[str, str]:
    known: dict[str, str] = {}
    for code, keys in SYNONYMS.items():
        known.setdefault(heading_key(code), code)
        for key in keys:
            known.setdefault(heading_key(key), code)
    return known


KNOWN = _known()


def guess(
    headings: list[str],
    *,
    remembered: dict[str, str],
    labels: dict[str, str],
    allowed: list[str] | None = None,
) -> list[str | None]:
    """A catalogue code (or None) per heading: what the institution confirmed before, else SIASN's name or
    a common Indonesian heading, else the catalogue's label. A code is given to one column only."""
    by_label = {heading_key(label): code for code, label in labels.items()}
    taken: set[str] = set()
    result: list[str | None] = []
    for heading in headings:
        key = heading_key(heading)
        code = remembered.get(key) or KNOWN.get(key) or by_label.get(key)
        if code and (code in taken or (allowed is not None and code not in allowed)):
            code = None
        if code:
            taken.add(code)
        result.append(code)
    return result


def score(headings: list[str], remembered: dict[str, str] | None = None) -> int:
    """How much a candidate header row looks like one: headings we know, a NIP heading counting double."""
    remembered = remembered or {}
    codes = [remembered.get(heading_key(h)) or KNOWN.get(heading_key(h)) for h in headings]
    return sum(1 for code in codes if code) + sum(1 for code in codes if code == "nipBaru")
