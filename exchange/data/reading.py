"""Reading roster files as agencies really keep them: CSV in any delimiter and encoding, and XLSX.

A file is first recognised by its bytes, not its name: a zip is an XLSX only with a workbook inside, and
its members' uncompressed sizes are checked before anything is parsed (a zip bomb renamed .xlsx is refused
unread); an old .xls, a PDF or any binary is refused with a message that says what to do. Then the header
row is found (title rows above it are skipped, a two-row header under merged cells is joined), and the
rows come out as polars frames of text, chunk by chunk, each with the row number a person sees.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import polars as pl
from django.conf import settings
from django.utils.translation import gettext as _

from exchange.data.loading import CHUNK_ROWS, ROW
from portal.lib import spreadsheets

SNIFF_BYTES = 64 * 1024
HEADER_SEARCH_ROWS = 10
DELIMITERS = (";", ",", "\t", "|")
XLSX_REQUIRED = "xl/workbook.xml"
MAX_ZIP_MEMBERS = 5000
# A roster's sheet compresses about ten to twenty times; a bomb, hundreds to millions of times.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 10 * 1024 * 1024


class FileRefused(Exception):
    """The file is not a roster we can read; the message (Indonesian) says why and what to do."""


def max_uncompressed() -> int:
    return int(getattr(settings, "DATASET_XLSX_MAX_UNCOMPRESSED", 2 * 1024**3))


def sniff_kind(path: Path) -> str:
    """'csv' or 'xlsx' from the file's own bytes; FileRefused for anything else."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise FileRefused(_("Berkas kosong."))
    if head.startswith(b"PK\x03\x04"):
        check_zip(path)
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            _(
                "Berkas Excel lama (.xls) tidak dapat dibaca; simpan ulang sebagai .xlsx atau .csv lalu "
                "unggah lagi."
            )
        )
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8", b"GIF8", b"\x1f\x8b", b"Rar!")):
        raise FileRefused(_("Berkas ini bukan lembar kerja: unggah berkas CSV atau XLSX."))
    return "csv"


def check_zip(path: Path) -> None:
    """An XLSX is a zip with a workbook inside, of a sane uncompressed size (read from the directory only)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise FileRefused(_("Berkas XLSX rusak atau bukan XLSX.")) from None
    names = {member.filename for member in members}
    if XLSX_REQUIRED not in names:
        raise FileRefused(_("Berkas ini arsip zip, bukan lembar kerja XLSX."))
    total = sum(member.file_size for member in members)
    too_dense = any(
        member.file_size > RATIO_FLOOR_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > MAX_ZIP_MEMBERS or total > max_uncompressed() or too_dense:
        raise FileRefused(
            _(
                "Isi berkas XLSX jauh lebih besar daripada berkasnya (mungkin berkas berbahaya); berkas "
                "tidak dibuka. Simpan ulang lembar kerja sebagai CSV bila datanya memang sebesar itu."
            )
        )


def xlsx_limits() -> spreadsheets.Limits:
    return spreadsheets.Limits(
        max_rows=spreadsheets.EXCEL_MAX_ROWS,
        max_columns=int(getattr(settings, "DATASET_XLSX_MAX_COLUMNS", 1000)),
        max_cells=int(getattr(settings, "DATASET_XLSX_MAX_CELLS", 60_000_000)),
        max_total_bytes=max_uncompressed(),
        max_part_bytes=max_uncompressed(),
        max_shared_strings_bytes=int(getattr(settings, "DATASET_XLSX_MAX_SHARED_STRINGS", 128 * 1024**2)),
        max_ratio=MAX_RATIO,
        ratio_floor_bytes=RATIO_FLOOR_BYTES,
        max_members=MAX_ZIP_MEMBERS,
    )


def inspect_xlsx(path: Path, *, count_rows: bool = True) -> spreadsheets.Inspection:
    """Sizes and shared strings, and with `count_rows` the rows and cells, counted from the XML before
    openpyxl parses anything."""
    try:
        return spreadsheets.inspect(str(path), limits=xlsx_limits(), count_rows=count_rows)
    except spreadsheets.SpreadsheetRefused as refused:
        raise FileRefused(str(refused)) from None


# --- Cells as text ---------------------------------------------------------------------------------------


def cell_text(value: object) -> str | None:
    """An XLSX cell as the text a person reads in it (dates ISO, whole numbers without '.0')."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # A number past 15 digits lost its last digits in Excel: written as Excel shows it, it is refused.
        return f"{value:.15g}".upper() if abs(value) >= 1e15 else repr(value)
    return str(value)


def _blank(row: tuple) -> bool:
    return all(value is None or not str(value).strip() for value in row)


# --- Finding the header -----------------------------------------------------------------------------------


def _forward_filled(row: list[str | None], below: list[str | None]) -> list[str | None]:
    """A merged heading spans the cells to its right that have a sub-heading below them."""
    filled, last = [], None
    for index, value in enumerate(row):
        if value not in (None, ""):
            last = value
            filled.append(value)
        elif index < len(below) and below[index] not in (None, "") and last is not None:
            filled.append(last)
        else:
            filled.append(value)
    return filled


def find_header(
    rows: list[list[str | None]], score: Callable[[list[str]], int]
) -> tuple[int, list[str], int]:
    """(index of the last header row, the headings, how many header rows) among the first rows.

    The row whose headings map best wins; two rows joined win when the second adds mappings (a heading
    like "Tanggal" merged over "Lahir" and "TMT CPNS").
    """
    best = (-1, 0, [], 1)  # score, index, headings, height
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        single = [str(value or "").strip() for value in row]
        candidates = [(single, 1)]
        if index + 1 < len(rows):
            below = rows[index + 1]
            upper = _forward_filled(list(row), list(below))
            joined = [
                " ".join(part for part in (str(upper[i] or "").strip(), str(below[i] or "").strip()) if part)
                for i in range(max(len(upper), len(below)))
            ]
            candidates.append((joined, 2))
        for headings, height in candidates:
            value = score(headings)
            if value > best[0]:
                best = (value, index + height - 1, headings, height)
    if best[0] <= 0:
        raise FileRefused(
            _(
                "Baris judul kolom tidak ditemukan pada %(n)s baris pertama; pastikan baris pertama berisi "
                "judul kolom."
            )
            % {"n": HEADER_SEARCH_ROWS}
        )
    _score, index, headings, height = best
    return index, headings, height


# --- Tables -----------------------------------------------------------------------------------------------


@dataclass
class Table:
    """A roster file opened for reading: its headings, the row number of the header, an estimate of the
    number of data rows (for the progress bar), and its rows as frames of text."""

    path: Path
    kind: str
    headings: list[str]
    header_row: int  # 1-based number of the last header row in the file
    estimated_rows: int
    _frames: Callable[[], Iterator[pl.DataFrame]] = field(repr=False)
    _cleanup: list[Path] = field(default_factory=list, repr=False)

    def frames(self) -> Iterator[pl.DataFrame]:
        """Frames with `__row` and columns c0..cN (Utf8), blank rows left out."""
        names = [f"c{i}" for i in range(len(self.headings))]
        for frame in self._frames():
            if frame.is_empty():
                continue
            frame = frame.select(
                [ROW, *[pl.col(c) if c in frame.columns else pl.lit(None, pl.Utf8).alias(c) for c in names]]
            )
            blank = pl.all_horizontal(
                [pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in names]
            )
            yield frame.filter(~blank)

    def close(self) -> None:
        for path in self._cleanup:
            path.unlink(missing_ok=True)


def open_table(path: Path, kind: str, score: Callable[[list[str]], int]) -> Table:
    if kind == "xlsx":
        return _open_xlsx(path, score)
    return _open_csv(path, score)


def _encoding_of(path: Path) -> str:
    with open(path, "rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := handle.read(1024 * 1024):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _utf8_copy(path: Path, encoding: str) -> Path:
    """polars reads UTF-8 only: a BOM or Windows-1252 file is rewritten once, in blocks."""
    handle, name = tempfile.mkstemp(prefix="dataset-csv-", suffix=".csv", dir=_scratch_dir())
    with (
        open(path, encoding=encoding, errors="replace", newline="") as source,
        os.fdopen(handle, "w", encoding="utf-8", newline="") as target,
    ):
        while block := source.read(1024 * 1024):
            target.write(block)
    return Path(name)


def _delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * 100 + common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_csv(path: Path, score: Callable[[list[str]], int]) -> Table:
    encoding = _encoding_of(path)
    # polars reads UTF-8 with a BOM as it is: the BOM sits on the first line, which is a header or a title
    # and is always skipped; only Windows-1252 is rewritten.
    readable = path if encoding in ("utf-8", "utf-8-sig") else _utf8_copy(path, encoding)
    with open(readable, encoding="utf-8-sig", errors="replace", newline="") as handle:
        sample = handle.read(SNIFF_BYTES)
    delimiter = _delimiter(sample)
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    first_rows = []
    for row in reader:
        first_rows.append(row)
        if len(first_rows) > HEADER_SEARCH_ROWS:
            break
    header_index, headings, _height = find_header(first_rows, score)
    names = [f"c{i}" for i in range(len(headings))]
    sample_lines = max(1, sample.count("\n"))
    estimated = max(
        1, int(os.path.getsize(readable) / (len(sample.encode()) / sample_lines)) - header_index - 1
    )

    def frames() -> Iterator[pl.DataFrame]:
        lazy = pl.scan_csv(
            readable,
            has_header=False,
            separator=delimiter,
            quote_char='"',
            skip_rows=header_index + 1,
            schema=dict.fromkeys(names, pl.Utf8),
            truncate_ragged_lines=True,
            missing_columns="insert",
            row_index_name=ROW,
            row_index_offset=header_index + 2,
            raise_if_empty=False,
            # Bytes that are not UTF-8 after a BOM are read as U+FFFD, as the rewrite of other files does.
            encoding="utf8-lossy",
        )
        for frame in lazy.collect_batches(chunk_size=CHUNK_ROWS):
            yield frame.with_columns(pl.col(ROW).cast(pl.Int64))

    return Table(
        path=path,
        kind="csv",
        headings=headings,
        header_row=header_index + 1,
        estimated_rows=estimated,
        _frames=frames,
        _cleanup=[readable] if readable != path else [],
    )


def _open_xlsx(path: Path, score: Callable[[list[str]], int]) -> Table:
    from openpyxl import load_workbook

    def sheet():
        # A file object, not the path: the stored upload has no extension for openpyxl to approve of.
        handle = open(path, "rb")  # noqa: SIM115 - closed with the workbook
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - openpyxl raises anything from KeyError to XML errors on a bad file
            handle.close()
            raise FileRefused(_("Berkas XLSX rusak atau tidak dapat dibaca.")) from None
        workbook._portal_handle = handle
        worksheet = workbook.worksheets[0]
        # The rows the XML holds, not the ones its <dimension> claims: a dimension that lies drops rows.
        worksheet.reset_dimensions()
        return workbook, worksheet

    def close(workbook) -> None:
        workbook.close()
        workbook._portal_handle.close()

    # Enough to read the header (an explicit max_row pads nothing); the rows are counted before they are read.
    facts = inspect_xlsx(path, count_rows=False)
    workbook, worksheet = sheet()
    first_rows = []
    for row in worksheet.iter_rows(max_row=HEADER_SEARCH_ROWS + 1, values_only=True):
        first_rows.append([cell_text(value) for value in row])
    close(workbook)
    # Rows come as long as their last cell (no dimension pads them): make the first ones one width.
    widest = max((len(row) for row in first_rows), default=0)
    first_rows = [row + [None] * (widest - len(row)) for row in first_rows]
    header_index, headings, _height = find_header(first_rows, score)
    width = len(headings)
    estimated = max(1, facts.claimed_rows - header_index - 1)  # the dimension's claim: a progress estimate

    def frames() -> Iterator[pl.DataFrame]:
        inspect_xlsx(path)  # every row counted from the XML, so that none is read past the limits
        workbook, worksheet = sheet()
        try:
            numbers: list[int] = []
            columns: list[list[str | None]] = [[] for _ in range(width)]
            start = header_index + 2
            for number, row in enumerate(worksheet.iter_rows(min_row=start, values_only=True), start=start):
                if _blank(row):
                    continue
                numbers.append(number)
                for i in range(width):
                    columns[i].append(cell_text(row[i]) if i < len(row) else None)
                if len(numbers) >= CHUNK_ROWS:
                    yield _xlsx_frame(numbers, columns)
                    numbers, columns = [], [[] for _ in range(width)]
            if numbers:
                yield _xlsx_frame(numbers, columns)
        finally:
            close(workbook)

    return Table(
        path=path,
        kind="xlsx",
        headings=headings,
        header_row=header_index + 1,
        estimated_rows=estimated,
        _frames=frames,
    )


def _xlsx_frame(numbers: list[int], columns: list[list[str | None]]) -> pl.DataFrame:
    data = {ROW: pl.Series(ROW, numbers, dtype=pl.Int64)}
    for i, values in enumerate(columns):
        data[f"c{i}"] = pl.Series(f"c{i}", values, dtype=pl.Utf8)
    return pl.DataFrame(data)


def _scratch_dir() -> str:
    path = Path(settings.VAR_DIR) / "dataset-stage"
    path.mkdir(parents=True, exist_ok=True)
    return str(path)
