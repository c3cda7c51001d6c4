"""Verification (pemadanan per field) as pure functions: what the caller holds against what the data set
holds, answered as padan / tidak padan with a similarity score, never with the value.

Both sides are normalised the way the data set stores values (exchange.data.normalise): names by their
phonetic key (titles, case, spacing and old spellings folded), dates by the day they mean, ranks as
'III/a'. A name is padan from NAME_THRESHOLD on (a typo or a missing middle letter); every other kind of
field must be equal after normalising. The score is the rapidfuzz ratio of the normalised forms in 0..1.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from exchange.api.choices import VerifyResult
from exchange.data import normalise

NAME_THRESHOLD = 0.9
NAME_FIELDS = frozenset({"nama"})
RANK_FIELDS = frozenset({"golRuangAkhir", "golRuangAwal"})


@dataclass(frozen=True)
class FieldVerdict:
    result: str
    score: float | None


def _normalised(code: str, data_type: str, value: object) -> str:
    if code in NAME_FIELDS:
        return normalise.name_key(value)
    if code in RANK_FIELDS:
        return normalise.rank_normalise(value) or normalise.clean_text(value).lower()
    if data_type == "date":
        day = normalise.parse_date(value)
        return day.isoformat() if day else normalise.clean_text(value).lower()
    return " ".join(normalise.clean_text(value).casefold().split())


def compare(code: str, data_type: str, given: object, held: object) -> FieldVerdict:
    """The verdict on one field: `given` by the caller, `held` in the data set (None when it has none)."""
    if normalise.is_blank(held):
        return FieldVerdict(VerifyResult.KOSONG, None)
    ours, theirs = _normalised(code, data_type, held), _normalised(code, data_type, given)
    score = round(fuzz.ratio(ours, theirs) / 100, 2) if ours or theirs else 1.0
    agrees = ours == theirs or (code in NAME_FIELDS and score >= NAME_THRESHOLD)
    if agrees and ours == theirs:
        score = 1.0
    return FieldVerdict(VerifyResult.PADAN if agrees else VerifyResult.TIDAK_PADAN, score)
