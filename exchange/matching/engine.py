"""The matching engine (pemadanan): two polars frames in, one row per person out. Pure: no Django models.

Input: two frames with a "nip" column and one Utf8 column per catalogue code (what
`exchange.data.selectors.version_frame` gives). Output: a frame of results, one per person (or per
duplicated NIP), with the outcome, the rule that decided it, the differing fields with both values, the
NIP checks that failed, the person's name and unit.

How persons are paired, in order:
1. by NIP (an exact join; a NIP twice on either side is reported as a duplicate and paired with nothing);
2. the unpaired, by the phonetic key of the name without titles plus the birth date (a key shared by
   more than one record on either side is ambiguous: a duplicate);
3. what is still unpaired, by a fuzzy score of the name keys above a threshold, the birth date equal.

Step 3 uses rapidfuzz rather than splink: the candidates are only the persons that steps 1 and 2 left
over, blocked by birth date, so a probabilistic linkage model (splink's trained m/u weights, a SQL
backend) would add a dependency and a training step to rank a handful of pairs per block. rapidfuzz scores
in C++ with no dependency of its own (token_sort_ratio, so a swapped word order
still scores high); each remainder record is scored against its block with `process.extractOne` (its
`process.cdist` would score a block in one call but needs numpy, which this project does not carry) and
kept only where the choice is mutual, which keeps even a large remainder a matter of milliseconds.

Comparison is lazy but exact: every normaliser is a function of the raw value, so two identical raw values
are equal under any of them. The engine compares raw values first as polars expressions over all pairs
(the NIP-paired majority never meets a Python loop) and applies the normalisers of `rules` only to the
distinct values of the pairs whose raw values differ.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl
from rapidfuzz import fuzz, process

from exchange.matching import rules

PADAN = "padan"
TIDAK_PADAN = "tidak_padan"
HANYA_KIRI = "hanya_kiri"
HANYA_KANAN = "hanya_kanan"
GANDA = "ganda"
NIP_TIDAK_VALID = "nip_tidak_valid"
OUTCOMES = (PADAN, TIDAK_PADAN, HANYA_KIRI, HANYA_KANAN, GANDA, NIP_TIDAK_VALID)

RULE_NIP = "nip"
RULE_NAME_DATE = "nama_tgl_lahir"
RULE_FUZZY = "nama_mirip_tgl_lahir"
RULE_NIP_DUPLICATE = "nip_ganda"
RULE_NAME_DUPLICATE = "nama_tgl_ganda"
RULE_NIP_STRUCTURE = "struktur_nip"
RULE_UNPAIRED = "tanpa_pasangan"

DEFAULT_THRESHOLD = 90.0
RESULT_COLUMNS = ("nip", "nip_other", "name", "outcome", "rule", "differences", "checks", "fields", "unit")
RESULT_SCHEMA = dict.fromkeys(RESULT_COLUMNS, pl.Utf8)
_SKIP = ("nip", rules.NIP)


@dataclass
class MatchOutput:
    """What a match yields: the results frame and its counts (by outcome, by field, by unit)."""

    results: pl.DataFrame
    counts: dict = field(default_factory=dict)


def match(
    left: pl.DataFrame,
    right: pl.DataFrame,
    *,
    fields: Sequence[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[int], None] | None = None,
) -> MatchOutput:
    """Match two versions: `fields` are the catalogue codes compared (default: those both frames carry)."""
    step = progress or (lambda _percent: None)
    if fields is None:
        fields = [c for c in left.columns if c in right.columns and c not in _SKIP]
    fields = [f for f in fields if f not in _SKIP]
    left, right = _prepare(left, "l", fields), _prepare(right, "r", fields)
    step(10)
    duplicate_nips = (
        pl.concat([_duplicated(left, "l"), _duplicated(right, "r")]).unique().to_series()
        if left.height or right.height
        else pl.Series("nip", [], pl.Utf8)
    )
    left_dup = left.filter(pl.col("nip").is_in(duplicate_nips.implode()))
    right_dup = right.filter(pl.col("nip").is_in(duplicate_nips.implode()))
    left = left.filter(~pl.col("nip").is_in(duplicate_nips.implode()))
    right = right.filter(~pl.col("nip").is_in(duplicate_nips.implode()))
    by_nip = left.filter(pl.col("nip") != "").join(right.filter(pl.col("nip") != ""), on="nip", how="inner")
    by_nip = by_nip.with_columns(pl.col("nip").alias("r:nip"), pl.col("nip").alias("l:nip"))
    step(30)
    left_rest = left.join(by_nip.select("nip"), on="nip", how="anti")
    right_rest = right.join(by_nip.select("nip"), on="nip", how="anti")
    by_name, ambiguous, left_rest, right_rest = _pair_by_name(left_rest, right_rest)
    by_fuzzy, left_rest, right_rest = _pair_fuzzy(left_rest, right_rest, threshold)
    step(50)
    pairs = pl.concat(
        [
            by_nip.with_columns(pl.lit(RULE_NIP).alias("pair_rule")),
            by_name.with_columns(pl.lit(RULE_NAME_DATE).alias("pair_rule")),
            by_fuzzy.with_columns(pl.lit(RULE_FUZZY).alias("pair_rule")),
        ],
        how="diagonal_relaxed",
    )
    paired = _compare(pairs, fields)
    step(80)
    results = pl.concat(
        [
            paired,
            _unpaired(left_rest, "l", HANYA_KIRI, fields),
            _unpaired(right_rest, "r", HANYA_KANAN, fields),
            _duplicates(left_dup, right_dup),
            ambiguous,
        ],
        how="diagonal_relaxed",
    ).select([pl.col(c).cast(pl.Utf8) for c in RESULT_COLUMNS])
    counts = summarise(
        results, fields, left_total=left.height + left_dup.height, right_total=right.height + right_dup.height
    )
    step(90)
    return MatchOutput(results=results, counts=counts)


# --- Preparing one side ------------------------------------------------------------------------------------


def _prepare(frame: pl.DataFrame, side: str, fields: Sequence[str]) -> pl.DataFrame:
    """Utf8 columns prefixed by side ('l:nama'), the NIP cleaned, its soundness and the NIP checks."""
    wanted = (*fields, rules.NAME, rules.BIRTH_DATE, rules.SEX, rules.TMT_CPNS, *rules.UNIT_FIELDS)
    columns = {
        c: pl.col(c).cast(pl.Utf8) if c in frame.columns else pl.lit(None, pl.Utf8)
        for c in dict.fromkeys(wanted)
    }
    prepared = frame.select(
        rules.nip_clean_expr("nip").alias("nip"),
        *[expr.alias(f"{side}:{code}") for code, expr in columns.items()],
    )
    prepared = prepared.with_columns(rules.nip_valid_expr("nip").alias(f"{side}:nip_valid"))
    # What is wrong with each broken NIP, in exchange.data.nip's words: few distinct values, one call each.
    broken = prepared.filter(~pl.col(f"{side}:nip_valid"))["nip"].unique().to_list()
    problems = {value: rules.nip_problem(value) for value in broken}
    prepared = prepared.with_columns(
        pl.col("nip")
        .replace_strict(problems, default=None, return_dtype=pl.Utf8)
        .alias(f"{side}:nip_problem")
    )
    checks = []
    for code, rule in rules.NIP_CHECKS:
        column = f"{side}:{code}"
        folded = _keys(prepared[column], lambda raw, code=code: rules.record_key_for_check(code, raw))
        expected = _expected(code)
        checks.append(
            (pl.col(f"{side}:nip_valid") & (folded != "") & (folded != expected)).alias(f"{side}:chk:{rule}")
        )
    return (
        prepared.with_columns(checks)
        if prepared.height
        else prepared.with_columns(
            [pl.lit(False).alias(f"{side}:chk:{rule}") for _code, rule in rules.NIP_CHECKS]
        )
    )


def _expected(code: str) -> pl.Expr:
    if code == rules.BIRTH_DATE:
        return rules.nip_birth_iso_expr()
    if code == rules.TMT_CPNS:
        return rules.nip_appointment_expr()
    return pl.col("nip").str.slice(14, 1)


def _keys(series: pl.Series, key: Callable[[str], object]) -> pl.Series:
    """Apply a Python key once per distinct value (dates and ranks have few; only names have many)."""
    values = series.fill_null("")
    distinct = values.unique().to_list()
    mapping = {value: _as_text(key(value)) for value in distinct}
    return values.replace_strict(mapping, return_dtype=pl.Utf8) if mapping else values


def _as_text(key: object) -> str:
    return "|".join(key) if isinstance(key, tuple) else str(key)


def _duplicated(frame: pl.DataFrame, _side: str) -> pl.DataFrame:
    return frame.filter((pl.col("nip") != "") & pl.col("nip").is_duplicated()).select("nip")


# --- Pairing the rest by name ------------------------------------------------------------------------------


def _with_name_keys(frame: pl.DataFrame, side: str) -> pl.DataFrame:
    return frame.with_columns(
        _keys(frame[f"{side}:{rules.NAME}"], rules.name_key).alias("name_key"),
        _keys(frame[f"{side}:{rules.BIRTH_DATE}"], rules.date_key).alias("birth_key"),
    ).with_columns(pl.col("name_key").replace("", None), pl.col("birth_key").replace("", None))


def _pair_by_name(left: pl.DataFrame, right: pl.DataFrame):
    """Pairs of equal name key and birth date; records sharing such a key with another are ambiguous."""
    left, right = _with_name_keys(left, "l"), _with_name_keys(right, "r")
    keys = ["name_key", "birth_key"]
    left_counts = left.drop_nulls(keys).group_by(keys).len("n_left")
    right_counts = right.drop_nulls(keys).group_by(keys).len("n_right")
    both = left_counts.join(right_counts, on=keys, how="inner")
    single = both.filter((pl.col("n_left") == 1) & (pl.col("n_right") == 1)).select(keys)
    crowded = both.filter((pl.col("n_left") > 1) | (pl.col("n_right") > 1)).select(keys)
    pairs = (
        left.join(single, on=keys, how="semi")
        .rename({"nip": "l:nip"})
        .join(right.join(single, on=keys, how="semi").rename({"nip": "r:nip"}), on=keys, how="inner")
        .with_columns(pl.col("l:nip").alias("nip"))
    )
    ambiguous = pl.concat(
        [
            _ambiguous(left.join(crowded, on=keys, how="semi"), "l"),
            _ambiguous(right.join(crowded, on=keys, how="semi"), "r"),
        ],
        how="diagonal_relaxed",
    )
    used = pl.concat([single, crowded])
    return (
        pairs.drop(keys),
        ambiguous,
        left.join(used, on=keys, how="anti"),
        right.join(used, on=keys, how="anti"),
    )


def _ambiguous(frame: pl.DataFrame, side: str) -> pl.DataFrame:
    return frame.select(
        pl.col("nip"),
        pl.lit("").alias("nip_other"),
        pl.col(f"{side}:{rules.NAME}").alias("name"),
        pl.lit(GANDA).alias("outcome"),
        pl.lit(RULE_NAME_DUPLICATE).alias("rule"),
        pl.lit("[]").alias("differences"),
        pl.lit(f'[{{"side":"{_SIDE_NAME[side]}","rule":"{RULE_NAME_DUPLICATE}"}}]').alias("checks"),
        pl.lit("").alias("fields"),
        _unit(side).alias("unit"),
    )


def _pair_fuzzy(left: pl.DataFrame, right: pl.DataFrame, threshold: float):
    """Within each birth date, mutual best name scores at or above the threshold pair two records."""
    if not left.height or not right.height:
        return pl.DataFrame(), left, right
    blocks = left.drop_nulls(["name_key", "birth_key"]).join(
        right.drop_nulls(["name_key", "birth_key"]).select("birth_key").unique(), on="birth_key", how="semi"
    )
    right_blocks = {
        key[0]: block
        for key, block in right.drop_nulls(["name_key", "birth_key"])
        .partition_by("birth_key", as_dict=True)
        .items()
    }
    chosen: list[tuple[str, str]] = []
    for key, block in blocks.partition_by("birth_key", as_dict=True).items():
        other = right_blocks[key[0]]
        left_keys, right_keys = block["name_key"].to_list(), other["name_key"].to_list()
        for i, name in enumerate(left_keys):
            best = process.extractOne(name, right_keys, scorer=fuzz.token_sort_ratio, score_cutoff=threshold)
            if best is None:
                continue
            back = process.extractOne(
                best[0], left_keys, scorer=fuzz.token_sort_ratio, score_cutoff=threshold
            )
            # Only a mutual best pairs two persons: a name close to two others decides nothing.
            if back is not None and back[2] == i:
                chosen.append((block["nip"][i], other["nip"][best[2]]))
    if not chosen:
        return pl.DataFrame(), left, right
    links = pl.DataFrame(chosen, schema={"l:nip": pl.Utf8, "r:nip": pl.Utf8}, orient="row")
    lefts = left.rename({"nip": "l:nip"}).drop("name_key", "birth_key")
    rights = right.rename({"nip": "r:nip"}).drop("name_key", "birth_key")
    pairs = links.join(lefts, on="l:nip").join(rights, on="r:nip").with_columns(pl.col("l:nip").alias("nip"))
    return (
        pairs,
        left.join(links.select(pl.col("l:nip").alias("nip")), on="nip", how="anti"),
        right.join(links.select(pl.col("r:nip").alias("nip")), on="nip", how="anti"),
    )


# --- Comparing the pairs -----------------------------------------------------------------------------------


def _raw_equal(column: str) -> pl.Expr:
    left, right = pl.col(f"l:{column}"), pl.col(f"r:{column}")
    return (left == right).fill_null(False) | (left.is_null() & right.is_null())


def _differing_pairs(pairs: pl.DataFrame, code: str) -> pl.Series:
    """Pair numbers whose `code` differs once normalised; only pairs with different raw values are keyed."""
    fast = pl.all_horizontal([_raw_equal(c) for c in rules.depends_on(code)])
    residue = pairs.filter(~fast)
    if not residue.height:
        return pl.Series("pair", [], pl.UInt32)
    if rules.field_kind(code) == "titles":
        front = code == rules.FRONT_TITLES
        keyed = [
            _keys(
                residue.select(
                    pl.concat_str(
                        [pl.col(f"{s}:{code}").fill_null(""), pl.col(f"{s}:{rules.NAME}").fill_null("")],
                        separator="\x1f",
                    )
                ).to_series(),
                lambda raw, front=front: rules.titles_key(*raw.split("\x1f"), front=front),
            )
            for s in ("l", "r")
        ]
    else:
        key = rules.KEYS[rules.field_kind(code)]
        keyed = [_keys(residue[f"{s}:{code}"], key) for s in ("l", "r")]
    return residue["pair"].filter(keyed[0] != keyed[1])


def _compare(pairs: pl.DataFrame, fields: Sequence[str]) -> pl.DataFrame:
    if not pairs.height:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    pairs = pairs.with_row_index("pair")
    flags = [
        pl.col("pair").is_in(_differing_pairs(pairs, code).implode()).alias(f"d:{code}") for code in fields
    ]
    pairs = pairs.with_columns(*flags, (pl.col("l:nip") != pl.col("r:nip")).alias(f"d:{rules.NIP}"))
    compared = [*fields, rules.NIP]
    check_columns = [f"{s}:chk:{rule}" for s in ("l", "r") for _code, rule in rules.NIP_CHECKS]
    any_diff = pl.any_horizontal([pl.col(f"d:{c}") for c in compared])
    any_check = pl.any_horizontal([pl.col(c) for c in check_columns])
    invalid = ~pl.col("l:nip_valid") | ~pl.col("r:nip_valid")
    first_check = pl.coalesce(
        [
            pl.when(pl.col(f"{s}:chk:{rule}")).then(pl.lit(rule))
            for s in ("l", "r")
            for _c, rule in rules.NIP_CHECKS
        ]
    )
    pairs = pairs.with_columns(
        pl.when(invalid)
        .then(pl.lit(NIP_TIDAK_VALID))
        .when(any_diff)
        .then(pl.lit(TIDAK_PADAN))
        .when(any_check)
        .then(pl.lit(NIP_TIDAK_VALID))
        .otherwise(pl.lit(PADAN))
        .alias("outcome"),
        pl.when(invalid)
        .then(pl.lit(RULE_NIP_STRUCTURE))
        .when(any_diff)
        .then(pl.col("pair_rule"))
        .when(any_check)
        .then(first_check)
        .otherwise(pl.col("pair_rule"))
        .alias("rule"),
        (any_diff | any_check | invalid).alias("has_detail"),
    )
    base = [
        pl.col("l:nip").alias("nip"),
        pl.when(pl.col("l:nip") != pl.col("r:nip"))
        .then(pl.col("r:nip"))
        .otherwise(pl.lit(""))
        .alias("nip_other"),
        pl.coalesce(pl.col(f"l:{rules.NAME}"), pl.col(f"r:{rules.NAME}")).alias("name"),
        pl.col("outcome"),
        pl.col("rule"),
        _unit("r", "l").alias("unit"),
    ]
    plain = pairs.filter(~pl.col("has_detail")).select(
        *base, pl.lit("[]").alias("differences"), pl.lit("[]").alias("checks"), pl.lit("").alias("fields")
    )
    detailed = pairs.filter(pl.col("has_detail"))
    detailed = detailed.with_columns(
        pl.col("l:nip").alias(f"l:{rules.NIP}"), pl.col("r:nip").alias(f"r:{rules.NIP}")
    ).select(*base, *_detail_columns(compared))
    return pl.concat([plain, detailed])


_SIDE_NAME = {"l": "left", "r": "right"}


def _detail_columns(compared: Sequence[str]) -> list[pl.Expr]:
    """The differences and failed NIP checks as JSON text, and the differing codes for filtering: built
    only for the pairs that have any, in polars (struct.json_encode escapes the values)."""
    differences = [
        pl.when(pl.col(f"d:{c}")).then(
            pl.struct(
                pl.lit(c).alias("field"), pl.col(f"l:{c}").alias("left"), pl.col(f"r:{c}").alias("right")
            ).struct.json_encode()
        )
        for c in compared
    ]
    checks = [_structure_check(s) for s in ("l", "r")] + [
        pl.when(pl.col(f"{s}:chk:{rule}")).then(pl.lit(f'{{"side":"{_SIDE_NAME[s]}","rule":"{rule}"}}'))
        for s in ("l", "r")
        for _code, rule in rules.NIP_CHECKS
    ]
    return [
        _json_list(differences).alias("differences"),
        _json_list(checks).alias("checks"),
        _field_list([pl.when(pl.col(f"d:{c}")).then(pl.lit(c)) for c in compared]).alias("fields"),
    ]


def _json_list(items: list[pl.Expr]) -> pl.Expr:
    return pl.concat_str([pl.lit("["), pl.concat_list(items).list.drop_nulls().list.join(","), pl.lit("]")])


def _field_list(items: list[pl.Expr]) -> pl.Expr:
    """' tglLahir golRuangAkhir ': spaces around each code, so a filter by field is a plain substring."""
    return pl.concat_str([pl.lit(" "), pl.concat_list(items).list.drop_nulls().list.join(" "), pl.lit(" ")])


def _unit(*sides: str) -> pl.Expr:
    return pl.coalesce([pl.col(f"{s}:{code}") for code in rules.UNIT_FIELDS for s in sides] + [pl.lit("")])


# --- The persons with no pair, and the duplicates ----------------------------------------------------------


def _unpaired(frame: pl.DataFrame, side: str, outcome: str, fields: Sequence[str]) -> pl.DataFrame:
    if not frame.height:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    valid = pl.col(f"{side}:nip_valid")
    return frame.select(
        pl.col("nip"),
        pl.lit("").alias("nip_other"),
        pl.col(f"{side}:{rules.NAME}").alias("name"),
        pl.when(valid).then(pl.lit(outcome)).otherwise(pl.lit(NIP_TIDAK_VALID)).alias("outcome"),
        pl.when(valid).then(pl.lit(RULE_UNPAIRED)).otherwise(pl.lit(RULE_NIP_STRUCTURE)).alias("rule"),
        pl.lit("[]").alias("differences"),
        pl.when(valid)
        .then(pl.lit(f'[{{"side":"{_SIDE_NAME[side]}","rule":"{RULE_UNPAIRED}"}}]'))
        .otherwise(_json_list([_structure_check(side)]))
        .alias("checks"),
        pl.lit("").alias("fields"),
        _unit(side).alias("unit"),
    )


def _structure_check(side: str) -> pl.Expr:
    """{"side", "rule": "struktur_nip", "message"} where this side's NIP is broken, else null."""
    return pl.when(pl.col(f"{side}:nip_problem").is_not_null()).then(
        pl.struct(
            pl.lit(_SIDE_NAME[side]).alias("side"),
            pl.lit(RULE_NIP_STRUCTURE).alias("rule"),
            pl.col(f"{side}:nip_problem").alias("message"),
        ).struct.json_encode()
    )


def _duplicates(left: pl.DataFrame, right: pl.DataFrame) -> pl.DataFrame:
    """One result per NIP that appears more than once on either side, saying how often on each."""
    if not left.height and not right.height:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    counted = [
        frame.group_by("nip").agg(
            pl.len().alias(f"n_{side}"),
            pl.col(f"{side}:{rules.NAME}").first().alias(f"name_{side}"),
            _unit(side).first().alias(f"unit_{side}"),
        )
        for frame, side in ((left, "l"), (right, "r"))
    ]
    joined = counted[0].join(counted[1], on="nip", how="full", coalesce=True)
    return joined.select(
        pl.col("nip"),
        pl.lit("").alias("nip_other"),
        pl.coalesce("name_l", "name_r").alias("name"),
        pl.lit(GANDA).alias("outcome"),
        pl.lit(RULE_NIP_DUPLICATE).alias("rule"),
        pl.lit("[]").alias("differences"),
        pl.format(
            '[{{"side":"left","count":{}}},{{"side":"right","count":{}}}]',
            pl.col("n_l").fill_null(0),
            pl.col("n_r").fill_null(0),
        ).alias("checks"),
        pl.lit("").alias("fields"),
        pl.coalesce("unit_r", "unit_l", pl.lit("")).alias("unit"),
    )


# --- Counts ------------------------------------------------------------------------------------------------


def summarise(results: pl.DataFrame, fields: Sequence[str], *, left_total: int, right_total: int) -> dict:
    """The run's counts: by outcome, tidak padan by field, outcomes by unit, and what needs a proposal."""
    by_outcome = dict.fromkeys(OUTCOMES, 0)
    for outcome, n in results.group_by("outcome").len().iter_rows():
        by_outcome[outcome] = n
    mismatched = results.filter(pl.col("outcome") == TIDAK_PADAN)
    by_field = {}
    for code in [*fields, rules.NIP]:
        n = mismatched.filter(pl.col("fields").str.contains(f" {code} ", literal=True)).height
        if n:
            by_field[code] = n
    by_unit: dict[str, dict[str, int]] = {}
    for unit, outcome, n in results.group_by("unit", "outcome").len().sort("unit").iter_rows():
        by_unit.setdefault(unit or "", {})[outcome] = n
    return {
        "left": left_total,
        "right": right_total,
        "results": results.height,
        "outcome": by_outcome,
        "field": by_field,
        "unit": by_unit,
        "needs_proposal": by_outcome[TIDAK_PADAN],
    }
