"""Normalising what rosters write: names and titles, dates in every common form, ranks. Pure functions.

The import, the data sets, matching and the corrections all compare values through these, so `III/a` and
`3A`, `12-03-1985` and `1985-03-12`, `Drs. H. Soekarno, M.Si` and `SUKARNO` meet on one form.
Anything not understood gives None rather than an exception: the caller knows whether the raw text was
blank (`is_blank`) and can say which value it could not read.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

BLANKS = frozenset({"", "null", "none", "undefined", "-", "--", "nan", "#n/a", "n/a"})
NO_DATES = frozenset({"01-01-0001", "0001-01-01", "01/01/0001", "00-00-0000", "0000-00-00"})
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's (Lotus-compatible) counting
EXCEL_SERIALS = range(1, 73051)  # up to 2099-12-31
YEARS = range(1900, 2101)

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip

FRONT_TITLES = frozenset((
    "dr", "drs", "dra", "ir", "h", "hj", "prof", "kh", "ust", "ustadz", "drg", "ns", "apt", "rr", "raden",
    "r", "ra", "ny", "nn", "tn", "sdr", "bpk", "ibu",
))  # fmt: skip
BACK_TITLES = frozenset((
    "s", "sh", "se", "st", "sp", "si", "sip", "ssos", "spd", "skom", "skm", "sag", "sthi", "shi", "sei",
    "sfarm", "sked", "sgz", "ssi", "sh", "mh", "spsi", "spt", "shut", "sds", "sikom", "sstp", "sstp",
    "sip", "ak", "amd", "ama", "amk", "amkeb", "amkep", "ap", "mm", "msi", "mpd", "mh", "mt", "mkes", "ma",
    "map", "mkom", "mak", "msc", "mse", "mba", "phd", "dr", "drs", "llm", "mhum", "mag", "mp", "mphil",
    "mpa", "mec", "dev", "msp", "mtp", "cfp", "caat", "cpa",
))  # fmt: skip

# Degrees written without dots at the end of a name ("BUDI CONTOH SE"): only unmistakable ones.
BARE_BACK_TITLES = frozenset((
    "se", "sh", "st", "ssos", "sip", "spd", "skom", "skm", "sag", "msi", "mm", "mpd", "mh", "mt", "mkes",
    "map", "amd", "phd",
))  # fmt: skip

_DIGITS = re.compile(r"^\d+$", re.ASCII)
_DMY = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$", re.ASCII)
_YMD = re.compile(
    r"^(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", re.ASCII
)
_D_MONTH_Y = re.compile(r"^(\d{1,2})[-/. ]+([a-z]+)\.?[-/. ]+(\d{4})$", re.ASCII)
_EXCEL_FLOAT = re.compile(r"^(\d{1,5})(?:\.0+)?$", re.ASCII)


def is_blank(raw: object) -> bool:
    """Empty, or one of the words exports write for nothing ("null", "-", "undefined")."""
    if raw is None:
        return True
    return str(raw).strip().strip("'").strip().lower() in BLANKS


def clean_text(raw: object) -> str:
    """A cell as text: stripped, SIASN's leading apostrophe removed, blank words as "", spaces folded."""
    if raw is None:
        return ""
    text = str(raw).strip()
    if text.startswith("'"):
        text = text[1:].strip()
    if text.lower() in BLANKS:
        return ""
    return " ".join(text.split())


# --- Names ------------------------------------------------------------------------------------------------


_NOT_LETTERS = re.compile(r"[^a-z]")


# Tokens repeat endlessly in a roster ("Drs.", "S.Sos", the common given names): decided once each.
@lru_cache(maxsize=8192)
def _title_key(token: str) -> str:
    return _NOT_LETTERS.sub("", token.lower())


@lru_cache(maxsize=8192)
def _is_front_title(token: str) -> bool:
    key = _title_key(token)
    # A single letter is a title only with its dot ("H." is Haji, "M." is an initial of Muhammad, not a
    # title, so only letters the lists name count).
    return bool(key) and key in FRONT_TITLES and (len(key) > 1 or token.endswith("."))


@lru_cache(maxsize=8192)
def _is_back_title(token: str) -> bool:
    key = _title_key(token)
    return bool(key) and (key in BACK_TITLES or (("." in token) and len(key) <= 6 and token[:1].isupper()))


@lru_cache(maxsize=8192)
def _is_trailing_title(token: str) -> bool:
    key = _title_key(token)
    return (key in BACK_TITLES and "." in token) or (key in BARE_BACK_TITLES and token.isupper())


def name_split(raw: object) -> tuple[str, list[str], list[str]]:
    """('Drs. H. Ahmad Fiktif, M.Si., S.E.') -> ('Ahmad Fiktif', ['Drs.', 'H.'], ['M.Si.', 'S.E.'])."""
    text = clean_text(raw)
    if not text:
        return "", [], []
    head, *tail = [part.strip() for part in text.split(",")]
    back: list[str] = [part for part in tail if part]
    tokens = head.split()
    front: list[str] = []
    while len(tokens) > 1 and _is_front_title(tokens[0]):
        front.append(tokens.pop(0))
    while not back and len(tokens) > 2 and _is_trailing_title(tokens[-1]):
        back.insert(0, tokens.pop())
    # A back part that is no title ("Ahmad, Budi") belongs to the name.
    while back and not _is_back_title(back[0].split()[0]):
        tokens.append(back.pop(0))
    return " ".join(tokens), front, back


_OLD_SPELLINGS = (("dj", "j"), ("tj", "c"), ("sj", "sy"), ("nj", "ny"), ("oe", "u"), ("ch", "kh"))


def name_key(name: object) -> str:
    """A phonetic key for comparing names: titles dropped, case, accents, spaces and punctuation folded, and
    the old spellings (oe/u, tj/c, dj/j, nj/ny, sj/sy, ch/kh) read as the new."""
    bare, _front, _back = name_split(name)
    text = unicodedata.normalize("NFKD", bare).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z ]+", " ", text)
    text = " ".join(text.split())
    for old, new in _OLD_SPELLINGS:
        text = text.replace(old, new)
    return text


# --- Dates ------------------------------------------------------------------------------------------------


def _make(year: int, month: int, day: int) -> date | None:
    if year not in YEARS:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def excel_serial(serial: int) -> date | None:
    if serial not in EXCEL_SERIALS:
        return None
    return EXCEL_EPOCH + timedelta(days=serial)


def parse_date(raw: object) -> date | None:
    """A date from dd-mm-yyyy, yyyy-mm-dd, dd/mm/yyyy, dd.mm.yyyy, yyyymmdd, '12 Maret 1985', an Excel
    serial, or a date/datetime; None for blanks, SIASN's 01-01-0001 and anything unreadable."""
    if isinstance(raw, datetime):
        return raw.date() if raw.year in YEARS else None
    if isinstance(raw, date):
        return raw if raw.year in YEARS else None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return excel_serial(int(raw)) if float(raw).is_integer() else None
    text = clean_text(raw).lower()
    if not text or text in NO_DATES:
        return None
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        return _make(year, month, day)
    if match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
        return _make(year, month, day)
    if match := _D_MONTH_Y.match(text):
        month = MONTHS.get(match.group(2))
        return _make(int(match.group(3)), month, int(match.group(1))) if month else None
    if _DIGITS.match(text) and len(text) == 8:
        return _make(int(text[:4]), int(text[4:6]), int(text[6:]))
    if match := _EXCEL_FLOAT.match(text):
        return excel_serial(int(match.group(1)))
    return None


# --- Ranks (golongan/ruang) -------------------------------------------------------------------------------

ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "i": "I", "ii": "II", "iii": "III", "iv": "IV"}
RANK_NAMES = {
    "juru muda": "I/a", "juru muda tingkat i": "I/b", "juru": "I/c", "juru tingkat i": "I/d",
    "pengatur muda": "II/a", "pengatur muda tingkat i": "II/b", "pengatur": "II/c",
    "pengatur tingkat i": "II/d",
    "penata muda": "III/a", "penata muda tingkat i": "III/b", "penata": "III/c", "penata tingkat i": "III/d",
    "pembina": "IV/a", "pembina tingkat i": "IV/b", "pembina utama muda": "IV/c",
    "pembina utama madya": "IV/d", "pembina utama": "IV/e",
}  # fmt: skip
RANK_LABELS = {code: name.title() for name, code in RANK_NAMES.items()}
_RANK = re.compile(r"(?<![a-z0-9])(iv|iii|ii|i|[1-4])\s*[/\-. ]?\s*([a-e])(?![a-z])")
_LAST_GRADES = {"I": "d", "II": "d", "III": "d", "IV": "e"}


def rank_normalise(raw: object) -> str | None:
    """'3A', '3/a', 'III a', 'III-A', 'Penata Muda' and 'Penata Muda (III/a)' -> 'III/a'; None when blank or
    not a rank."""
    text = clean_text(raw).lower()
    if not text:
        return None
    if match := _RANK.search(text):
        group, grade = ROMAN[match.group(1)], match.group(2)
        return f"{group}/{grade}" if grade <= _LAST_GRADES[group] else None
    words = re.sub(r"\btk\b\.?", "tingkat", text)
    words = " ".join(re.sub(r"[^a-z ]+", " ", words).split())
    return RANK_NAMES.get(words)


def rank_name(rank: str) -> str:
    """The pangkat of a golongan/ruang: 'III/a' -> 'Penata Muda'."""
    return RANK_LABELS.get(rank, "")
