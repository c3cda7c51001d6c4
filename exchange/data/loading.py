"""Turning rows into records: normalise, check and stage them, chunk by chunk, in bounded memory.

Both ways into a data set go through `Loader`: a roster import (strict: one bad value refuses the file)
and `services.version_create` for a sync run (lenient: what cannot be normalised is kept as written; only a
missing or repeated NIP refuses the rows). A chunk is a polars frame with a `__row` column (the row number
a person sees in the file) and one Utf8 column per catalogue code.

The rules themselves stay in the pure modules (`normalise`, `nip`): a value that repeats (a rank, a date,
a unit name) is normalised once per distinct value, and NIPs are checked with vectorised expressions whose
failures are then explained by `nip.parse`, so the messages are the ones the forms show.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from exchange.data import nip, normalise
from exchange.data.choices import DataType
from portal.lib import spreadsheets

ROW = "__row"
NIP_FIELD = "nipBaru"
NAME_FIELD = "nama"
FRONT_TITLES_FIELD, BACK_TITLES_FIELD = "gelarDepan", "gelarBelakang"
RANK_FIELDS = frozenset({"golRuangAkhir", "golRuangAwal"})
SEX_FIELD = "jenisKelamin"
BIRTH_FIELD, CPNS_FIELD = "tglLahir", "tmtCpns"
CHUNK_ROWS = 50_000
MAX_VALUE_LENGTH = 500
PREVIEW_ROWS = 20

SEXES = {
    "l": "L", "lk": "L", "laki-laki": "L", "laki laki": "L", "lakilaki": "L", "pria": "L", "m": "L",
    "male": "L", "1": "L",
    "p": "P", "pr": "P", "perempuan": "P", "wanita": "P", "f": "P", "female": "P", "w": "P", "2": "P",
}  # fmt: skip
SEX_DIGIT = {"L": "1", "P": "2"}
# Excel shows a NIP kept as a number in scientific notation and keeps only 15 significant digits.
FLOAT_NIP = r"^[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+$|^[0-9]+\.[0-9]+$"
TITLE_HINT = r"[,.]|\s(?i:se|sh|st|ssos|sip|spd|skom|skm|sag|msi|mm|mpd|mh|mt|mkes|map|amd|phd)$"


@dataclass(frozen=True)
class Problem:
    """One problem in one row: the row number of the file, the column as the file names it, and what is
    wrong (never the value itself)."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


class RowsRefused(Exception):
    """The rows cannot become a version; `problems` says why, row by row (the first `cap` of `count`)."""

    def __init__(self, problems: list[Problem], count: int):
        super().__init__(f"{count} problems")
        self.problems, self.count = problems, count


def sex_normalise(raw: object) -> str | None:
    return SEXES.get(normalise.clean_text(raw).lower())


BLANK_SPELLINGS = sorted({s for word in normalise.BLANKS for s in (word, word.upper(), word.title())})


def _cleaned(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Values trimmed (and SIASN's leading apostrophe dropped), runs of spaces folded, blanks made null.

    In three passes over the frame: an eager frame does not share a subexpression, so one expression that
    names the trimmed value four times would trim every value four times.
    """
    frame = frame.with_columns(
        pl.col(column).str.strip_chars().str.strip_prefix("'").str.strip_chars() for column in columns
    )
    # Folding spaces costs a copy of every value; only the values with runs of spaces or tabs pay it.
    frame = frame.with_columns(
        pl.when(pl.col(column).str.contains(r"\s\s|[\t\r\n]"))
        .then(pl.col(column).str.replace_all(r"\s+", " "))
        .otherwise(pl.col(column))
        .alias(column)
        for column in columns
    )
    return frame.with_columns(
        pl.when(pl.col(column).is_in(BLANK_SPELLINGS)).then(None).otherwise(pl.col(column)).alias(column)
        for column in columns
    )


def _map_distinct(series: pl.Series, function: Callable[[str], str | None]) -> pl.Series:
    """`function` applied once per distinct value: rosters repeat ranks, dates and names of units."""
    distinct = series.drop_nulls().unique()
    if distinct.is_empty():
        return pl.Series(series.name, [None] * len(series), dtype=pl.Utf8)
    mapped = pl.Series([function(value) for value in distinct.to_list()], dtype=pl.Utf8)
    return series.replace_strict(distinct, mapped, default=None, return_dtype=pl.Utf8)


def _iso_date(raw: str) -> str | None:
    parsed = normalise.parse_date(raw)
    return parsed.isoformat() if parsed else None


@dataclass
class Loader:
    """Normalises and checks chunks of rows and stages them for storing.

    `fields` are the catalogue codes kept (the Lampiran of the direction, nipBaru among them);
    `labels` name a code's column as the file does, for messages; `types` are the catalogue data types.
    With `stage`, the normalised rows go to a CSV file (NIP, values as JSON) that `stored_lines` reads back.
    """

    fields: list[str]
    types: dict[str, str]
    labels: dict[str, str] = field(default_factory=dict)
    strict: bool = True
    stage: bool = True
    cap: int = 1000
    rows: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._digest = hashlib.sha256()
        self._nips: list[pl.DataFrame] = []
        self._value_fields = [code for code in self.fields if code != NIP_FIELD]
        self._stage_file = None
        if self.stage:
            handle, path = tempfile.mkstemp(prefix="dataset-stage-", suffix=".csv", dir=_stage_dir())
            self._stage_file = os.fdopen(handle, "wb")
            self.staged_path = Path(path)

    # --- Problems ------------------------------------------------------------------------------------

    def _label(self, code: str) -> str:
        return self.labels.get(code, code)

    def _problem(self, row: int, code: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < self.cap:
            self.problems.append(Problem(int(row), self._label(code), message))

    def _flag(self, frame: pl.DataFrame, mask: pl.Series, code: str, message: str | Callable) -> None:
        if not mask.any():
            return
        rows = frame.filter(mask)
        if rows.is_empty():
            return
        for row, value in rows.select(ROW, code if code in rows.columns else ROW).iter_rows():
            self._problem(row, code, message(value) if callable(message) else message)

    # --- Columns -------------------------------------------------------------------------------------

    def _check_error_cells(self, frame: pl.DataFrame, codes: list[str]) -> pl.DataFrame:
        """A cell showing an Excel error (#REF!, #N/A...) is a problem of its row, never a value; it is then
        left blank, so that the same cell is not named a second time as an unreadable date or number."""
        errors = sorted(spreadsheets.ERROR_VALUES)
        blanked = []
        for code in codes:
            mask = frame[code].is_in(errors).fill_null(False)
            if not mask.any():
                continue
            self._flag(
                frame,
                mask,
                code,
                lambda value: (
                    _("Sel berisi galat Excel %(value)s, bukan nilai; perbaiki selnya.") % {"value": value}
                ),
            )
            if code != NIP_FIELD:
                blanked.append(pl.when(mask).then(None).otherwise(pl.col(code)).alias(code))
        return frame.with_columns(blanked) if blanked else frame

    def _check_nips(self, frame: pl.DataFrame) -> pl.DataFrame:
        raw = frame[NIP_FIELD]
        self._flag(frame, raw.is_null(), NIP_FIELD, _("NIP wajib diisi."))
        floats = raw.str.contains(FLOAT_NIP).fill_null(False)
        self._flag(
            frame,
            floats,
            NIP_FIELD,
            _(
                "NIP tersimpan sebagai angka (tampil seperti 1,98001E+17), sehingga digit terakhirnya "
                "hilang; simpan kolom NIP sebagai teks lalu isi ulang."
            ),
        )
        digits = raw.str.replace_all(r"[\s.\-]", "")
        frame = frame.with_columns(digits.alias(NIP_FIELD))
        if self.strict:
            valid = self._valid_nip_mask(frame[NIP_FIELD]) | raw.is_null() | floats
            self._flag(frame, ~valid, NIP_FIELD, _nip_message)
        else:
            bad = raw.is_not_null() & ~floats & ~digits.str.contains(r"^[0-9]{1,18}$").fill_null(False)
            self._flag(frame, bad, NIP_FIELD, _("NIP hanya boleh berisi angka, paling banyak 18 digit."))
        return frame

    @staticmethod
    def _valid_nip_mask(digits: pl.Series) -> pl.Series:
        frame = pl.DataFrame({"n": digits})
        n = pl.col("n")
        birth = n.str.slice(0, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)
        month = n.str.slice(12, 2).cast(pl.Int32, strict=False)
        checks = (
            n.str.contains(r"^[0-9]{18}$")
            & birth.is_not_null()
            & month.is_between(1, 12)
            & (
                n.str.slice(8, 6).cast(pl.Int64, strict=False)
                > n.str.slice(0, 6).cast(pl.Int64, strict=False)
            )
            & n.str.slice(14, 1).is_in(["1", "2"])
            & (n.str.slice(15, 3) != "000")
        )
        return frame.select(checks.fill_null(False)).to_series()

    def _normalise_values(self, frame: pl.DataFrame) -> pl.DataFrame:
        columns = []
        for code in self._value_fields:
            if code not in frame.columns:
                columns.append(pl.Series(code, [None] * frame.height, dtype=pl.Utf8))
                continue
            raw = frame[code]
            too_long = raw.str.len_chars() > MAX_VALUE_LENGTH
            if too_long.any():
                self._flag(frame, too_long.fill_null(False), code, _("Isian terlalu panjang."))
            kind, label = self._kind(code), self._label(code)
            if kind == DataType.DATE:
                # SIASN writes 01-01-0001 for "no date": blank, not unreadable.
                raw = pl.select(
                    pl.when(raw.is_in(sorted(normalise.NO_DATES))).then(None).otherwise(raw)
                ).to_series()
            normalised = self._normalise_column(raw, kind)
            if normalised is not raw:
                unread = raw.is_not_null() & normalised.is_null()
                if unread.any():
                    if self.strict:
                        self._flag(frame, unread, code, _unreadable(kind) % {"column": label})
                    normalised = pl.select(pl.coalesce(normalised, raw)).to_series()
            columns.append(normalised.alias(code))
        return frame.with_columns(columns)

    def _kind(self, code: str) -> str:
        if code in RANK_FIELDS:
            return "rank"
        if code == SEX_FIELD:
            return "sex"
        return self.types.get(code, DataType.TEXT)

    @staticmethod
    def _normalise_column(raw: pl.Series, kind: str) -> pl.Series:
        if kind == DataType.DATE:
            return _map_distinct(raw, _iso_date)
        if kind == "rank":
            return _map_distinct(raw, normalise.rank_normalise)
        if kind == "sex":
            return _map_distinct(raw, sex_normalise)
        if kind == DataType.INTEGER:
            return pl.select(pl.when(raw.str.contains(r"^-?[0-9]+$")).then(raw).otherwise(None)).to_series()
        return raw

    def _split_names(self, frame: pl.DataFrame) -> pl.DataFrame:
        if NAME_FIELD not in frame.columns:
            return frame
        names = frame[NAME_FIELD]
        titled = names.str.contains(TITLE_HINT).fill_null(False)
        if not titled.any():
            return frame
        parts = {value: normalise.name_split(value) for value in names.filter(titled).unique().to_list()}
        split = {
            value: (name or value, " ".join(front), ", ".join(back))
            for value, (name, front, back) in parts.items()
        }
        keys = pl.Series(list(split), dtype=pl.Utf8)

        def column(index: int) -> pl.Series:
            mapped = pl.Series([parts[index] or None for parts in split.values()], dtype=pl.Utf8)
            return names.replace_strict(keys, mapped, default=None, return_dtype=pl.Utf8)

        updates = [pl.select(pl.coalesce(column(0), names)).to_series().alias(NAME_FIELD)]
        for index, code in ((1, FRONT_TITLES_FIELD), (2, BACK_TITLES_FIELD)):
            if code in self._value_fields:
                given = (
                    frame[code]
                    if code in frame.columns
                    else pl.Series(code, [None] * frame.height, dtype=pl.Utf8)
                )
                updates.append(pl.select(pl.coalesce(given, column(index))).to_series().alias(code))
        return frame.with_columns(updates)

    def _check_consistency(self, frame: pl.DataFrame) -> None:
        """BKN's rules: the birth date, TMT CPNS and sex the NIP spells agree with their own columns."""
        n = frame[NIP_FIELD]
        well_formed = n.str.contains(r"^[0-9]{18}$").fill_null(False)
        rules = (
            (BIRTH_FIELD, n.str.slice(0, 8), lambda c: c.str.replace_all("-", ""),
             _("Tanggal lahir pada NIP (digit 1-8) tidak sama dengan kolom tanggal lahir.")),
            (CPNS_FIELD, n.str.slice(8, 6), lambda c: c.str.replace_all("-", "").str.slice(0, 6),
             _("Tahun dan bulan pengangkatan pada NIP (digit 9-14) tidak sama dengan kolom TMT CPNS.")),
            (SEX_FIELD, n.str.slice(14, 1), lambda c: c.replace_strict(SEX_DIGIT, default=None),
             _("Digit jenis kelamin pada NIP (digit 15) tidak sama dengan kolom jenis kelamin.")),
        )  # fmt: skip
        for code, from_nip, from_column, message in rules:
            if code not in frame.columns:
                continue
            column = from_column(frame[code])
            disagree = (well_formed & column.is_not_null() & (column != from_nip)).fill_null(False)
            self._flag(frame, disagree, code, message)

    # --- Feeding ---------------------------------------------------------------------------------------

    def feed(self, frame: pl.DataFrame) -> None:
        """Normalise, check and stage one chunk (`__row` plus Utf8 columns named by catalogue codes)."""
        if frame.is_empty():
            return
        codes = [code for code in frame.columns if code != ROW]
        frame = _cleaned(frame, codes)
        frame = self._check_error_cells(frame, codes)
        if NIP_FIELD not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(NIP_FIELD))
        frame = self._check_nips(frame)
        frame = self._split_names(frame)
        frame = self._normalise_values(frame)
        if self.strict:
            self._check_consistency(frame)
        self._nips.append(frame.select(ROW, NIP_FIELD).filter(pl.col(NIP_FIELD).is_not_null()))
        self.rows += frame.height
        if len(self.preview) < PREVIEW_ROWS:
            head = frame.head(PREVIEW_ROWS - len(self.preview))
            self.preview.extend(head.select(ROW, NIP_FIELD, *self._value_fields).to_dicts())
        self._stage(frame)

    def _stage(self, frame: pl.DataFrame) -> None:
        # In NIP order within the chunk: the index on (version, NIP) then grows page by page rather than at
        # random, which keeps a million-row COPY from thrashing it.
        out = frame.sort(NIP_FIELD).select(
            pl.col(NIP_FIELD).fill_null(""),
            pl.struct(self._value_fields).struct.json_encode().alias("values")
            if self._value_fields
            else pl.lit("{}").alias("values"),
        )
        lines = out.select(
            pl.concat_str([NIP_FIELD, pl.lit("\t"), "values", pl.lit("\n")]).str.join("").cast(pl.Binary)
        )
        data = lines.item()  # bytes straight from polars, never a Python str of the whole chunk
        self._digest.update(data)
        if self._stage_file is not None and not self.problem_count:
            # COPY's text format: a tab between columns, backslashes doubled (JSON escapes its own tabs
            # and newlines, so one line is one row).
            self._stage_file.write(data.replace(b"\\", b"\\\\") if b"\\" in data else data)

    def finish(self) -> str:
        """Check NIPs across chunks, close the stage; the checksum, or RowsRefused naming every problem."""
        if self._stage_file is not None:
            self._stage_file.close()
        nips = pl.concat(self._nips) if self._nips else pl.DataFrame({ROW: [], NIP_FIELD: []})
        repeated = nips.filter(pl.col(NIP_FIELD).is_duplicated()).sort(ROW)
        if not repeated.is_empty():
            first = repeated.group_by(NIP_FIELD).agg(pl.col(ROW).min().alias("first"))
            for row, first_row in (
                repeated.join(first, on=NIP_FIELD).select(ROW, "first").sort(ROW).iter_rows()
            ):
                if row != first_row:
                    self._problem(row, NIP_FIELD, _("NIP sama dengan baris %(row)s.") % {"row": first_row})
        if self.problem_count:
            self.discard()
            self.problems.sort(key=lambda problem: problem.row)
            raise RowsRefused(self.problems, self.problem_count)
        if not self.rows:
            self.discard()
            raise RowsRefused([Problem(0, "", _("Berkas tidak berisi satu baris data pun."))], 1)
        return self._digest.hexdigest()

    def discard(self) -> None:
        if self.stage and self.staged_path.exists():
            self.staged_path.unlink()


def _nip_message(value: str | None) -> str:
    try:
        nip.parse(value)
    except nip.NipError as exc:
        return str(exc)
    return _("NIP tidak sah.")


def _unreadable(kind: str) -> str:
    if kind == DataType.DATE:
        return _("%(column)s: tanggal tidak terbaca (tulis HH-BB-TTTT atau TTTT-BB-HH).")
    if kind == "rank":
        return _("%(column)s: golongan/ruang tidak dikenal (tulis mis. III/a atau 3A).")
    if kind == "sex":
        return _("%(column)s: jenis kelamin harus L atau P.")
    return _("%(column)s harus berupa bilangan bulat.")


def _stage_dir() -> str:
    from django.conf import settings

    # Beside the uploads: the check and the storing may run on different workers.
    path = Path(settings.MEDIA_ROOT) / "dataset-stage"
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def frames_of_dicts(
    rows: Iterable[dict], fields: list[str], *, size: int = CHUNK_ROWS
) -> Iterator[pl.DataFrame]:
    """Chunks of dict rows as frames of text (version_create's way in); keys outside `fields` are dropped."""
    batch: list[dict] = []
    number = 0
    for row in rows:
        number += 1
        batch.append(row)
        if len(batch) >= size:
            yield _frame_of(batch, fields, number - len(batch) + 1)
            batch = []
    if batch:
        yield _frame_of(batch, fields, number - len(batch) + 1)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def _frame_of(batch: list[dict], fields: list[str], first: int) -> pl.DataFrame:
    columns = {ROW: pl.Series(ROW, range(first, first + len(batch)), dtype=pl.Int64)}
    for code in fields:
        columns[code] = pl.Series(code, [_text(row.get(code)) for row in batch], dtype=pl.Utf8)
    return pl.DataFrame(columns)


def stored_lines(path: Path, version_id: int, *, block: int = 20_000) -> Iterator[bytes]:
    """The staged rows as lines of COPY's text format, each led by the version's id."""
    prefix = f"{version_id}\t".encode()
    with open(path, "rb") as staged:
        while True:
            lines = staged.readlines(block * 200)
            if not lines:
                return
            yield b"".join(prefix + line for line in lines)


def staged_rows(path: Path, version_id: int) -> Iterator[tuple[int, str, str]]:
    """The staged rows as (version id, NIP, values JSON), for databases without COPY."""
    with open(path, encoding="utf-8", newline="\n") as staged:
        for line in staged:
            nip_value, values = line.rstrip("\n").split("\t", 1)
            yield version_id, nip_value, values.replace("\\\\", "\\")
