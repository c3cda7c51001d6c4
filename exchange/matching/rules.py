"""The rules of pemadanan as pure functions: how each kind of field is compared, and the NIP's own structure
checked against the record, both per value (for the few rows that need it) and as polars expressions (for
the million that do not).

Every comparison key here is a function of the raw value, so two identical raw values are always equal:
the engine compares raw values first, in bulk, and calls these keys only for the pairs whose raw values
differ. The normalisers themselves are those of exchange.data.normalise, so an import, a sync and a match
agree on what "the same name" or "the same date" means.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

import polars as pl

from exchange.data import nip as nip_rules
from exchange.data import normalise

NIP = "nipBaru"
NAME = "nama"
FRONT_TITLES = "gelarDepan"
BACK_TITLES = "gelarBelakang"
BIRTH_DATE = "tglLahir"
SEX = "jenisKelamin"
TMT_CPNS = "tmtCpns"
UNIT_FIELDS = ("unorNama", "unorId", "instansiKerjaNama")

RANK_FIELDS = frozenset({"golRuangAkhir", "golRuangAwal", "pangkatAkhir", "pangkatAwal"})
SEX_VALUES = {
    "1": "1",
    "l": "1",
    "lk": "1",
    "laki-laki": "1",
    "laki laki": "1",
    "pria": "1",
    "m": "1",
    "male": "1",
    "2": "2",
    "p": "2",
    "pr": "2",
    "perempuan": "2",
    "wanita": "2",
    "f": "2",
    "female": "2",
}
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_TITLE_SPLIT = re.compile(r"[,;]|\s+(?=\S)")


def _blank(value: str | None) -> bool:
    return normalise.is_blank(value)


@lru_cache(maxsize=200_000)
def text_key(value: str | None) -> str:
    """Case, spacing and punctuation folded: 'Kab.  Bogor' = 'kab bogor'."""
    if _blank(value):
        return ""
    return " ".join(_PUNCTUATION.sub(" ", str(value)).casefold().split())


@lru_cache(maxsize=200_000)
def date_key(value: str | None) -> str:
    """Any common form of a date as ISO; an unreadable non-empty value stays as its folded text, so it
    differs from every real date and from an empty one."""
    if _blank(value):
        return ""
    parsed = normalise.parse_date(str(value))
    if parsed is None:
        return "" if str(value).strip() in normalise.NO_DATES else text_key(value)
    return parsed.isoformat()


@lru_cache(maxsize=10_000)
def rank_key(value: str | None) -> str:
    """'3A' = 'III/a' = 'III a' = 'Penata Muda'."""
    if _blank(value):
        return ""
    return normalise.rank_normalise(str(value)) or text_key(value)


@lru_cache(maxsize=1_000)
def sex_key(value: str | None) -> str:
    if _blank(value):
        return ""
    folded = " ".join(str(value).casefold().split())
    return SEX_VALUES.get(folded, folded)


@lru_cache(maxsize=200_000)
def _split(raw: str | None) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    if _blank(raw):
        return "", (), ()
    name, front, back = normalise.name_split(str(raw))
    return name, tuple(front), tuple(back)


@lru_cache(maxsize=200_000)
def name_key(raw: str | None) -> str:
    """The phonetic key of the name with its titles taken out: 'Drs. Soetjipto' = 'SUCIPTO'."""
    name, _front, _back = _split(raw)
    # The old j for today's y ("Tjahjono" = "Cahyono"), which the shared key leaves alone: in a key
    # that only ever meets another key, folding every j into y loses nothing.
    return normalise.name_key(name).replace("j", "y") if name else ""


def _title_token(token: str) -> str:
    return token.replace(".", "").replace(" ", "").casefold()


def titles_key(titles: str | None, raw_name: str | None, *, front: bool) -> tuple[str, ...]:
    """Titles as a set: those in the titles field and those still written into the name."""
    tokens = {_title_token(t) for t in _TITLE_SPLIT.split(titles or "") if t and t.strip(" .,")}
    _name, in_front, in_back = _split(raw_name)
    tokens |= {_title_token(t) for t in (in_front if front else in_back)}
    tokens.discard("")
    return tuple(sorted(tokens))


def field_kind(code: str) -> str:
    """How a catalogue field is compared."""
    if code == NAME:
        return "name"
    if code in (FRONT_TITLES, BACK_TITLES):
        return "titles"
    if code in RANK_FIELDS:
        return "rank"
    if code == SEX:
        return "sex"
    if code.startswith(("tgl", "tmt")):
        return "date"
    if code == NIP:
        return "nip"
    return "text"


KEYS: dict[str, Callable[[str | None], object]] = {
    "name": name_key,
    "rank": rank_key,
    "sex": sex_key,
    "date": date_key,
    "text": text_key,
    "nip": lambda value: nip_rules.normalize(value),
}


def depends_on(code: str) -> tuple[str, ...]:
    """The columns a field's comparison reads: the titles read the name too (titles written into it)."""
    return (code, NAME) if field_kind(code) == "titles" else (code,)


def differs(code: str, left: dict, right: dict) -> bool:
    """Whether one field differs between two records (dicts of raw values) once both are normalised."""
    kind = field_kind(code)
    if kind == "titles":
        front = code == FRONT_TITLES
        return titles_key(left.get(code), left.get(NAME), front=front) != titles_key(
            right.get(code), right.get(NAME), front=front
        )
    key = KEYS[kind]
    return key(left.get(code)) != key(right.get(code))


# --- The NIP's own structure (BKN's consistency rules), per value and in bulk -----------------------------


def nip_problem(value: str | None) -> str:
    """The Indonesian message of a broken NIP, or '' for a sound one (exchange.data.nip decides)."""
    try:
        nip_rules.parse(value)
    except nip_rules.NipError as exc:
        return str(exc)
    return ""


def nip_clean_expr(column: str = "nip") -> pl.Expr:
    """Digits as officers paste them ('19850312 201001 1 004') with the separators taken out."""
    return pl.col(column).cast(pl.Utf8).str.replace_all(r"[\s.\-]", "").fill_null("")


def nip_valid_expr(column: str = "nip") -> pl.Expr:
    """The vectorised twin of exchange.data.nip.parse (without `today`): 18 digits, a real birth date,
    an appointment month 01-12 after the birth month, a sex digit 1 or 2, a sequence other than 000."""
    value = pl.col(column)
    birth = value.str.slice(0, 8).str.to_date("%Y%m%d", strict=False)
    month = value.str.slice(12, 2)
    return (
        value.str.contains(r"^\d{18}$")
        & birth.is_not_null()
        & (month >= "01")
        & (month <= "12")
        & (value.str.slice(8, 6) > value.str.slice(0, 6))
        & value.str.slice(14, 1).is_in(["1", "2"])
        & (value.str.slice(15, 3) != "000")
    ).fill_null(False)


def nip_birth_iso_expr(column: str = "nip") -> pl.Expr:
    value = pl.col(column)
    return pl.concat_str([value.str.slice(0, 4), value.str.slice(4, 2), value.str.slice(6, 2)], separator="-")


def nip_appointment_expr(column: str = "nip") -> pl.Expr:
    """'YYYY-MM' of the TMT CPNS the NIP carries."""
    value = pl.col(column)
    return pl.concat_str([value.str.slice(8, 4), value.str.slice(12, 2)], separator="-")


NIP_CHECKS = (
    # (record field, rule code, what the NIP says as an expression, how to fold the record's value)
    (BIRTH_DATE, "nip_vs_tgl_lahir"),
    (TMT_CPNS, "nip_vs_tmt_cpns"),
    (SEX, "nip_vs_jenis_kelamin"),
)


def nip_says(code: str, value: str) -> str:
    """What a sound NIP says of one record field, in the form that field's key gives."""
    if code == BIRTH_DATE:
        return f"{value[0:4]}-{value[4:6]}-{value[6:8]}"
    if code == TMT_CPNS:
        return f"{value[8:12]}-{value[12:14]}"
    return value[14]


def record_key_for_check(code: str, raw: str | None) -> str:
    """The record's value folded as the NIP check compares it ('' when unknown: nothing to check)."""
    if code == SEX:
        return sex_key(raw)
    iso = date_key(raw)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return iso
    return iso[:7] if code == TMT_CPNS else iso


def nip_fast_agreement_expr(code: str, column: str) -> pl.Expr:
    """True where the raw record value already says what the NIP says (ISO date, 'YYYY-MM-…', '1'/'2');
    the few rows where it does not are folded and checked one by one."""
    value = pl.col(column)
    if code == BIRTH_DATE:
        return value == nip_birth_iso_expr()
    if code == TMT_CPNS:
        return value.str.slice(0, 7) == nip_appointment_expr()
    return value == pl.col("nip").str.slice(14, 1)


def birth_key_of(raw: str | None) -> date | None:
    iso = date_key(raw)
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None
