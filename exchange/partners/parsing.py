"""SIASN's payloads read defensively into catalogue values (pure functions, no Django models).

What public clients show of SIASN's data: dates as `dd-mm-yyyy` with `01-01-0001` for none; missing values
as "", null or the string "undefined"; sex as `M`/`F` (sometimes `1`/`2`, as the NIP's 15th digit says);
ids as dashed UUIDs, bare 32-digit hex or plain numbers, in either case. Everything comes out as the
catalogue stores it: ISO dates, rank as "III/a", sex "L"/"P", ids lower-case dashed, names without titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

MISSING = frozenset({"", "null", "none", "undefined", "-", "nan"})
DATE_FIELDS = frozenset({"tglLahir", "tmtCpns", "tmtPns", "tmtGolAkhir", "tmtJabatan"})
ID_FIELDS = frozenset({"unorId", "jabatanFungsionalId"})
_HEX32 = re.compile(r"^[0-9a-f]{32}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SEX = {"M": "L", "L": "L", "1": "L", "PRIA": "L", "LAKI-LAKI": "L", "F": "P", "P": "P", "2": "P"}
_SEX.update({"WANITA": "P", "PEREMPUAN": "P"})

# SIASN's own keys -> catalogue codes, where they differ (most are the same word).
ALIASES = {"nip": "nipBaru", "nipBaruPns": "nipBaru", "golRuangAkhirNama": "golRuangAkhir"}


def text(raw: Any) -> str | None:
    """A trimmed string, or None for every way SIASN says 'nothing'."""
    if raw is None or isinstance(raw, dict | list):
        return None
    value = str(raw).strip()
    return None if value.lower() in MISSING else value


def siasn_date(raw: Any) -> str | None:
    """'09-10-2023' (SIASN), '2023-10-09' or '09/10/2023' -> '2023-10-09'; '01-01-0001' and junk -> None."""
    value = text(raw)
    if value is None:
        return None
    value = value.split("T")[0].split(" ")[0]
    parts = re.split(r"[-/.]", value)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    if len(parts[0]) == 4:
        year, month, day = (int(p) for p in parts)
    else:
        day, month, year = (int(p) for p in parts)
    if year < 1900:  # 01-01-0001 is SIASN's "no date"
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def siasn_id(raw: Any) -> str | None:
    """One id in three spellings ('8AE4…' bare hex, dashed UUID, a number) -> one canonical spelling."""
    value = text(raw)
    if value is None:
        return None
    lowered = value.lower().strip("{}")
    if _HEX32.match(lowered):
        h = lowered
        return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
    if _UUID.match(lowered):
        return lowered
    if lowered.isdigit():
        return str(int(lowered))
    return value


def sex(raw: Any, nip: str | None) -> str | None:
    """'L' or 'P' from SIASN's M/F (or 1/2); falls back on the NIP's 15th digit when SIASN says nothing."""
    value = text(raw)
    if value is not None and value.upper() in _SEX:
        return _SEX[value.upper()]
    if nip and len(nip) == 18 and nip[14] in "12":
        return "L" if nip[14] == "1" else "P"
    return None


def _rank(raw: Any) -> str | None:
    value = text(raw)
    if value is None:
        return None
    try:
        from exchange.data.normalise import rank_normalise
    except ImportError:  # the data set's normaliser not deployed: keep SIASN's spelling
        return value
    return rank_normalise(value) or value


def _name(values: dict[str, str | None]) -> None:
    """Titles that SIASN left inside `nama` move to gelarDepan/gelarBelakang."""
    raw = values.get("nama")
    if not raw:
        return
    try:
        from exchange.data.normalise import name_split
    except ImportError:
        return
    name, front, back = name_split(raw)
    values["nama"] = name or raw
    if front and not values.get("gelarDepan"):
        values["gelarDepan"] = " ".join(front)
    if back and not values.get("gelarBelakang"):
        values["gelarBelakang"] = ", ".join(back)


def data_utama(payload: Mapping[str, Any], *, nip: str, keep: Iterable[str]) -> dict[str, str]:
    """The catalogue values of one data-utama payload, only the codes in `keep`, missing ones left out.

    `nipBaru` is always the NIP asked for: a payload that names another person is refused by the caller.
    """
    keep = set(keep) | {"nipBaru"}
    values: dict[str, str | None] = {}
    for key, raw in payload.items():
        code = ALIASES.get(key, key)
        if code not in keep or code in values and values[code]:
            continue
        if code in DATE_FIELDS:
            values[code] = siasn_date(raw)
        elif code in ID_FIELDS:
            values[code] = siasn_id(raw)
        elif code == "golRuangAkhir":
            values[code] = _rank(raw)
        elif code == "jenisKelamin":
            values[code] = sex(raw, nip)
        else:
            values[code] = text(raw)
    if "jenisKelamin" in keep and not values.get("jenisKelamin"):
        values["jenisKelamin"] = sex(None, nip)
    if "nama" in keep:
        _name(values)
    values["nipBaru"] = nip
    return {code: value for code, value in values.items() if value}


def payload_nip(payload: Mapping[str, Any]) -> str:
    """The NIP a payload says it is about (digits only), '' when it says none."""
    raw = text(payload.get("nipBaru") or payload.get("nip")) or ""
    return re.sub(r"\D", "", raw)


def latest(history: Any, date_key: str) -> Mapping[str, Any] | None:
    """The newest line of a riwayat list (rw-jabatan by tmtJabatan, rw-golongan by tmtGolongan)."""
    if not isinstance(history, list):
        return None
    lines = [line for line in history if isinstance(line, Mapping)]
    if not lines:
        return None
    return max(lines, key=lambda line: siasn_date(line.get(date_key)) or "")
