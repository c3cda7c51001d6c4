"""Looking inside an XLSX before any reader parses it, so that a hostile file costs seconds and megabytes.

An XLSX is a zip of XML parts. A reader such as openpyxl trusts what they say: it loads every shared string
into memory at once (one huge string takes gigabytes), pads missing rows up to the highest row number it
meets or the `<dimension>` tag claims (one row numbered 200,000,000 spins for minutes), and in read-only
mode stops at the rows the dimension names (a dimension that lies drops rows without a word).

`inspect` answers before any of that: from the zip's directory, the uncompressed size of each part and of
all of them, and how much each part expands; then, streaming the parts through the zip reader (which stops
at the declared size), the number of rows, the highest row and column numbers and the number of cells of
every worksheet, counted from the XML itself and never from `<dimension>`, and the number and length of the
shared strings. A reader that passes opens the workbook read-only and calls `reset_dimensions()` on its
sheet, then reads in bounded memory.

    facts = spreadsheets.inspect(file, limits=spreadsheets.Limits(max_rows=20_000, ...))

A refusal is `SpreadsheetRefused` with a message in Bahasa Indonesia; it opens nothing further.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

# Excel's own limits: a cell holds at most 32,767 characters; a sheet has 1,048,576 rows, 16,384 columns.
CELL_MAX_CHARS = 32_767
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
# The literal values of error cells (a formula whose result is an error): never data.
ERROR_VALUES = frozenset(
    {
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
        "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    }
)  # fmt: skip

CHUNK_BYTES = 1024 * 1024
# One string's XML: its characters at up to four bytes each, escapes and rich-text runs around them.
_STRING_MAX_BYTES = 4 * CELL_MAX_CHARS + 16 * 1024
_ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")
_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref="([^"]*)"')
_SST_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?sst\b")
# Columns past Z: each cell names its column in r="AB7"; a literal start keeps the scan fast, and a reference
# after another kind of white space than a blank is looked for only when a chunk has one.
_WIDE_COLUMN = re.compile(rb' r="([A-Za-z]{2,4})[0-9]')
_WIDE_COLUMN_ANY_SPACE = re.compile(rb'\sr="([A-Za-z]{2,4})[0-9]')
_ODD_SPACE_REFERENCE = (b'\tr="', b'\nr="', b'\rr="')


class _SheetPatterns:
    """The tags of one worksheet, with the namespace prefix its root element uses ('' or 'x:')."""

    def __init__(self, prefix: bytes):
        tag = re.escape(b"<" + prefix)
        self.row = re.compile(tag + rb"row[\s/>]")
        self.row_number = re.compile(tag + rb'row\b[^>]*?\sr="([0-9]+)"')
        self.cell = re.compile(tag + rb"c[\s/>]")


_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


class SpreadsheetRefused(Exception):
    """The file is not a workbook we open; the message (Indonesian) says why."""


@dataclass(frozen=True)
class Limits:
    """What one import accepts. Sizes are bytes of uncompressed XML."""

    max_rows: int = EXCEL_MAX_ROWS  # the highest row number of any sheet
    max_columns: int = 1_000  # the highest column number of any sheet
    max_cells: int = 20_000_000  # rows times columns of every sheet together: what a reader may pad to
    max_total_bytes: int = 2 * 1024**3
    max_part_bytes: int = 2 * 1024**3
    max_shared_strings_bytes: int = 128 * 1024**2
    max_ratio: int = 200  # a sheet compresses some ten to twenty times; a bomb, hundreds to millions
    ratio_floor_bytes: int = 1024 * 1024  # parts below this may compress as they like
    max_members: int = 5_000


@dataclass
class SheetFacts:
    """What the XML of one worksheet says, counted; `dimension` only as the file claims it."""

    part: str
    rows: int = 0
    last_row: int = 0
    last_column: int = 0
    cells: int = 0
    dimension: str = ""


@dataclass
class Inspection:
    sheets: list[SheetFacts] = field(default_factory=list)
    shared_strings: int = 0

    @property
    def rows(self) -> int:
        """The highest row number of the first sheet: what a reader of that sheet will go through."""
        return self.sheets[0].last_row if self.sheets else 0

    @property
    def claimed_rows(self) -> int:
        """The last row the first sheet's <dimension> claims (0 when it claims none): an estimate only."""
        found = re.search(r"[A-Za-z]+([0-9]+)$", self.sheets[0].dimension) if self.sheets else None
        return min(int(found.group(1)), EXCEL_MAX_ROWS) if found else 0


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _bomb() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _(
            "Isi berkas XLSX jauh lebih besar daripada berkasnya (mungkin berkas berbahaya); berkas tidak "
            "dibuka. Simpan ulang lembar kerja sebagai CSV bila datanya memang sebesar itu."
        )
    )


def _unreadable() -> SpreadsheetRefused:
    return SpreadsheetRefused(_("Berkas tidak dapat dibaca sebagai XLSX."))


def column_number(letters: bytes | str) -> int:
    """'A' is 1, 'Z' 26, 'AA' 27, 'XFD' 16,384."""
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(letter) - 64
    return number


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo):
    """The part's bytes cut after a '>', so that no tag is split between two chunks."""
    carry = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(CHUNK_BYTES)
            if not chunk:
                break
            data = carry + chunk
            cut = data.rfind(b">") + 1
            if cut == 0 and len(data) > _STRING_MAX_BYTES:
                raise _too_long()
            carry = data[cut:]
            if len(carry) > _STRING_MAX_BYTES:
                raise _too_long()  # text of one cell past Excel's limit, with no tag in sight
            if cut:
                yield data[:cut]
    if carry.strip():
        yield carry


def _too_long() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _(
            "Berkas memuat teks yang lebih panjang daripada %(n)s karakter, batas satu sel Excel; "
            "berkas tidak dibuka."
        )
        % {"n": _thousands(CELL_MAX_CHARS)}
    )


def _check_declarations(chunk: bytes, first: bool) -> None:
    if first and any(declaration in chunk for declaration in _DECLARATIONS):
        raise SpreadsheetRefused(
            _("Berkas XLSX memuat deklarasi DTD yang tidak diizinkan; berkas tidak dibuka.")
        )


def _inspect_sheet(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits, cells_so_far: int, *, count: bool
) -> SheetFacts:
    facts = SheetFacts(part=member.filename)
    patterns = None
    for index, chunk in enumerate(_chunks(archive, member)):
        _check_declarations(chunk, index == 0)
        if not facts.dimension:
            found = _DIMENSION.search(chunk)
            if found:
                facts.dimension = found.group(1).decode(errors="replace")[:40]
        if not count:
            break  # the dimension's claim is all that was asked for
        if patterns is None:
            root = _ROOT_PREFIX.search(chunk)
            patterns = _SheetPatterns((root.group(1) or b"") if root else b"")
        new_rows = len(patterns.row.findall(chunk))
        numbers = patterns.row_number.findall(chunk)
        highest = max((int(number) for number in numbers), default=0)
        # A row without its number follows the one before it: counted on top, an upper bound.
        facts.last_row = max(facts.last_row, highest) + (new_rows - len(numbers))
        facts.rows += new_rows
        cells = len(patterns.cell.findall(chunk))
        facts.cells += cells
        wide = _WIDE_COLUMN.findall(chunk)
        if any(odd in chunk for odd in _ODD_SPACE_REFERENCE):
            wide += _WIDE_COLUMN_ANY_SPACE.findall(chunk)
        if wide:
            facts.last_column = max(facts.last_column, max(column_number(letters) for letters in set(wide)))
        elif cells:
            facts.last_column = max(facts.last_column, 26)  # A to Z: an upper bound is all the limits need
        if facts.last_row > limits.max_rows:
            raise SpreadsheetRefused(
                _("Lembar kerja mencapai baris %(row)s; paling banyak %(max)s baris dapat diimpor.")
                % {
                    "row": _thousands(facts.last_row),
                    "max": _thousands(limits.max_rows),
                }
            )
        if facts.last_column > limits.max_columns:
            raise SpreadsheetRefused(
                _("Lembar kerja memakai kolom ke-%(column)s; paling banyak %(max)s kolom dapat diimpor.")
                % {"column": facts.last_column, "max": limits.max_columns}
            )
        padded = facts.last_row * max(facts.last_column, 1)
        if cells_so_far + max(padded, facts.cells) > limits.max_cells:
            raise SpreadsheetRefused(
                _(
                    "Lembar kerja memuat terlalu banyak sel (lebih dari %(max)s); bagi menjadi beberapa "
                    "berkas."
                )
                % {"max": _thousands(limits.max_cells)}
            )
    return facts


def _inspect_shared_strings(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> int:
    count, opened_at, consumed = 0, None, 0
    pattern = None
    for index, chunk in enumerate(_chunks(archive, member)):
        _check_declarations(chunk, index == 0)
        if pattern is None:
            root = _SST_PREFIX.search(chunk)
            prefix = (root.group(1) or b"") if root else b""
            pattern = re.compile(rb"<(/?)" + re.escape(prefix) + rb"si[\s/>]")
        for found in pattern.finditer(chunk):
            position = consumed + found.start()
            if found.group(1):  # </si>
                if opened_at is not None and position - opened_at > _STRING_MAX_BYTES:
                    raise _too_long()
                opened_at = None
            else:
                count += 1
                opened_at = position
        if opened_at is not None and consumed + len(chunk) - opened_at > _STRING_MAX_BYTES:
            raise _too_long()
        consumed += len(chunk)
    return count


def inspect(file: IO[bytes] | str, *, limits: Limits, count_rows: bool = True) -> Inspection:
    """The facts of an XLSX counted from its parts; SpreadsheetRefused when a limit is passed or the file
    is not a workbook. A file object is read from its start and left at its start.

    With `count_rows=False` the sheets are not read past their opening (only the dimension's claim is
    taken): enough before reading a header with an explicit `max_row`, which pads nothing; the rows are
    then counted before they are read.
    """
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if "xl/workbook.xml" not in names:
                raise SpreadsheetRefused(_("Berkas ini arsip zip, bukan lembar kerja XLSX."))
            if len(members) > limits.max_members:
                raise _bomb()
            total = 0
            for member in members:
                total += member.file_size
                dense = (
                    member.file_size > limits.ratio_floor_bytes
                    and member.file_size > limits.max_ratio * max(member.compress_size, 1)
                )
                if dense or member.file_size > limits.max_part_bytes or total > limits.max_total_bytes:
                    raise _bomb()
            inspection = Inspection()
            strings = archive.NameToInfo.get("xl/sharedStrings.xml")
            if strings is not None:
                if strings.file_size > limits.max_shared_strings_bytes:
                    raise _bomb()
                inspection.shared_strings = _inspect_shared_strings(archive, strings)
            sheets = sorted(
                (
                    m
                    for m in members
                    if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")
                ),
                key=lambda m: (len(m.filename), m.filename),
            )
            cells = 0
            for member in sheets:
                facts = _inspect_sheet(archive, member, limits, cells, count=count_rows)
                cells += max(facts.cells, facts.last_row * max(facts.last_column, 1))
                inspection.sheets.append(facts)
            return inspection
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
        # A damaged part, a CRC that does not match the declared size, an encrypted or unknown compression.
        raise _unreadable() from None
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
