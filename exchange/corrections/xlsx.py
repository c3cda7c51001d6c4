"""Proposals to and from XLSX: the export of a list, the import template, and reading an import file.

The export is built from what the selectors already scoped: rows the user may see, comments the user may
read (never the other institution's internal notes), personal data masked where the user holds no grant.
Reading an import only turns the sheet into rows; what a row may say is `services.proposal_import`'s call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from zipfile import BadZipFile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from exchange.corrections.models import Proposal, ProposalComment, ProposalItem
from exchange.corrections.privacy import mask_name, mask_value
from exchange.data import nip
from exchange.data.models import DataField
from portal.lib import spreadsheets, uploads

CONTENT_TYPE = uploads.XLSX.content_type
IMPORT_MAX_ROWS = 1000
IMPORT_KINDS = (uploads.XLSX,)
IMPORT_MAX_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
IMPORT_MESSAGES = {
    uploads.TOO_LARGE: gettext_lazy("Berkas berukuran %(size)s; batasnya %(max)s."),
    uploads.EXTENSION: gettext_lazy("Berkas harus berformat XLSX (Excel)."),
    uploads.CONTENT: gettext_lazy("Berkas tidak dapat dibaca sebagai XLSX."),
}

# Import columns: key, header as written in the template, required.
IMPORT_COLUMNS = (
    ("nip", "NIP", True),
    ("person_name", "Nama ASN", True),
    ("field_code", "Kode elemen data", True),
    ("current_value", "Nilai saat ini", False),
    ("proposed_value", "Nilai usulan", True),
    ("reason", "Alasan", True),
)


# The longest value each column's model field holds; longer is a row message, never a database error.
LONGEST = {
    "person_name": Proposal._meta.get_field("person_name").max_length,
    "field_code": DataField._meta.get_field("code").max_length,
    "current_value": ProposalItem._meta.get_field("current_value").max_length,
    "proposed_value": ProposalItem._meta.get_field("proposed_value").max_length,
    "reason": 5000,
}
# The sheet of an import holds at most IMPORT_MAX_ROWS proposals; rows formatted beyond them (the template
# formats a thousand) are allowed, a sheet whose rows run into the tens of thousands is not read.
IMPORT_LIMITS = spreadsheets.Limits(
    max_rows=20_000,
    max_columns=200,
    max_cells=1_000_000,
    max_total_bytes=64 * 1024 * 1024,
    max_part_bytes=32 * 1024 * 1024,
    max_shared_strings_bytes=8 * 1024 * 1024,
)


class ImportFileError(ValueError):
    """The file itself cannot be read as an import (not XLSX, no header, too many rows)."""


@dataclass(frozen=True)
class ImportRow:
    number: int
    nip: str
    person_name: str
    field_code: str
    current_value: str
    proposed_value: str
    reason: str
    # A number cell is a double (15 significant digits): an 18-digit NIP stored as a number is altered.
    nip_was_number: bool = False

    def texts(self) -> list[tuple[str, str]]:
        """(column title, value) of every column, as the sheet names them."""
        return [(title, getattr(self, key)) for key, title, _required in IMPORT_COLUMNS]

    def lengths(self) -> list[tuple[str, str, int]]:
        """(column title, value, longest value its model column holds) of the columns that have a limit."""
        return [
            (title, getattr(self, key), LONGEST[key])
            for key, title, _required in IMPORT_COLUMNS
            if key in LONGEST
        ]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_import(upload) -> list[ImportRow]:
    """The rows of an import file, numbered as Excel numbers them; empty rows skipped.

    The file is checked first like every upload (size, name, content); then openpyxl reads it.
    """
    try:
        uploads.check(upload, kinds=IMPORT_KINDS, max_bytes=IMPORT_MAX_BYTES, messages=IMPORT_MESSAGES)
    except ValidationError as exc:
        raise ImportFileError(exc.messages[0]) from exc
    try:
        # Sizes, rows and cells counted from the file's parts before openpyxl is let near it.
        spreadsheets.inspect(upload, limits=IMPORT_LIMITS)
    except spreadsheets.SpreadsheetRefused as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        upload.seek(0)
        book = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise ImportFileError(_("Berkas tidak dapat dibaca sebagai XLSX.")) from exc
    try:
        sheet = book["Usulan"] if "Usulan" in book.sheetnames else book.worksheets[0]
        # The rows the XML holds, not the ones its <dimension> claims: a dimension that lies drops rows.
        sheet.reset_dimensions()
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if not header:
            raise ImportFileError(_("Baris judul kolom tidak ditemukan pada baris 1."))
        names = [_text(cell).lower() for cell in header]
        positions = {}
        missing = []
        for key, title, required in IMPORT_COLUMNS:
            if title.lower() in names:
                positions[key] = names.index(title.lower())
            elif required:
                missing.append(title)
        if missing:
            raise ImportFileError(
                _("Kolom wajib tidak ditemukan pada baris 1: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        rows = []
        for number, cells in enumerate(lines, start=2):
            values = {key: cells[index] if index < len(cells) else None for key, index in positions.items()}
            if all(_text(v) == "" for v in values.values()):
                continue
            if len(rows) >= IMPORT_MAX_ROWS:
                raise ImportFileError(
                    _("Berkas memuat lebih dari %(n)s baris usulan; bagi menjadi beberapa berkas.")
                    % {"n": IMPORT_MAX_ROWS}
                )
            raw_nip = values.get("nip")
            rows.append(
                ImportRow(
                    number=number,
                    nip=nip.normalize(_text(raw_nip)),
                    person_name=_text(values.get("person_name")),
                    field_code=_text(values.get("field_code")),
                    current_value=_text(values.get("current_value")),
                    proposed_value=_text(values.get("proposed_value")),
                    reason=str(values.get("reason") or "").strip(),
                    nip_was_number=isinstance(raw_nip, int | float) and not isinstance(raw_nip, bool),
                )
            )
        return rows
    finally:
        book.close()


def _autosize(sheet, widths: Mapping[int, int]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


# A value starting with one of these stays text: exported data never becomes a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def _append(sheet, values: Iterable, formats: Mapping[int, str] | None = None) -> None:
    """One row of a write-only sheet. Cells are made here, before the row is written, because a streamed
    row cannot be changed afterwards: text that looks like a formula, and dates with their format."""
    row = []
    for column, value in enumerate(values, start=1):
        formula_like = isinstance(value, str) and value[:1] in FORMULA_STARTS
        number_format = formats.get(column) if formats and value is not None else None
        if formula_like or number_format:
            cell = WriteOnlyCell(sheet, value=value)
            if formula_like:
                cell.data_type = "s"
            if number_format:
                cell.number_format = number_format
            value = cell
        row.append(value)
    sheet.append(row)


def _sheet(book, title: str, titles: Iterable[str], widths: Mapping[int, int]):
    """A streamed sheet with its widths, a bold header and the header row frozen (all set before rows)."""
    sheet = book.create_sheet(title)
    _autosize(sheet, widths)
    sheet.freeze_panes = "A2"
    header = []
    for title_text in titles:
        cell = WriteOnlyCell(sheet, value=title_text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    return sheet


def _head(sheet, titles: Iterable[str]) -> None:
    sheet.append(list(titles))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _yes_no(flag: bool) -> str:
    return _("Ya") if flag else _("Tidak")


DAY = "yyyy-mm-dd"


def build_export(
    proposals: list[Proposal],
    comments: Iterable[ProposalComment],
    *,
    personal_ids: set[int],
    today: date,
) -> bytes:
    """The proposals (items prefetched), their items and their visible conversation, as one workbook.

    The workbook is write-only: rows stream to temporary files as they are appended, so neither time nor
    memory grows faster than the number of rows (a regular worksheet looks for its last row by scanning
    every cell, once per appended row).
    """
    book = Workbook(write_only=True)
    _write_proposals(book, proposals, personal_ids=personal_ids, today=today)
    _write_conversation(book, comments)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _write_proposals(book, proposals: list[Proposal], *, personal_ids: set[int], today: date) -> None:
    """The 'Usulan' sheet (one row per proposal) and the 'Rincian' sheet (one row per field)."""
    main = _sheet(
        book,
        "Usulan",
        [
            _("Nomor"), _("Perjanjian"), _("Pihak pengusul"), _("Pihak penerima"), _("Status"),
            "NIP", _("Nama ASN"), _("Elemen data"), _("Alasan"), _("Diajukan"), _("Jatuh tempo"),
            _("Terlambat"), _("Petugas"), _("Diputuskan"), _("Alasan penolakan"), _("Diperbaiki pada"),
            _("Rujukan perbaikan"),
        ],
        {1: 11, 2: 40, 3: 14, 4: 14, 5: 16, 6: 21, 7: 28, 8: 30, 9: 40, 13: 22},
    )  # fmt: skip
    items_sheet = _sheet(
        book,
        "Rincian",
        [_("Nomor"), "NIP", _("Kode elemen data"), _("Elemen data"), _("Nilai saat ini"), _("Nilai usulan")],
        {1: 11, 2: 21, 3: 22, 4: 28, 5: 30, 6: 30},
    )
    main_formats = {10: DAY, 11: DAY, 14: DAY, 16: DAY}
    for proposal in proposals:
        personal = proposal.agreement_id in personal_ids
        shown_nip = proposal.nip if personal else nip.mask(proposal.nip)
        items = list(proposal.items.all())
        _append(
            main,
            [
                proposal.reference,
                proposal.agreement.title,
                proposal.proposing_party.institution.short_name,
                proposal.receiving_party.institution.short_name,
                str(proposal.get_status_display()),
                shown_nip,
                proposal.person_name if personal else mask_name(proposal.person_name),
                ", ".join(item.field.code for item in items),
                proposal.reason,
                proposal.submitted_on,
                proposal.due_on,
                _yes_no(proposal.is_overdue(on=today)),
                str(proposal.assignee) if proposal.assignee else "",
                proposal.decided_on,
                proposal.rejection_reason,
                proposal.applied_on,
                proposal.applied_reference,
            ],
            main_formats,
        )
        for item in items:
            hidden = item.field.is_personal and not personal
            _append(
                items_sheet,
                [
                    proposal.reference,
                    shown_nip,
                    item.field.code,
                    item.field.label,
                    mask_value(item.current_value) if hidden else item.current_value,
                    mask_value(item.proposed_value) if hidden else item.proposed_value,
                ],
            )


def _write_conversation(book, comments: Iterable[ProposalComment]) -> None:
    """The 'Percakapan' sheet: the comments the user may read, in order."""
    talk = _sheet(
        book,
        "Percakapan",
        [_("Nomor"), _("Waktu"), _("Penulis"), _("Instansi"), _("Sifat"), _("Isi")],
        {1: 11, 2: 17, 3: 22, 4: 14, 5: 28, 6: 80},
    )
    for comment in comments:
        _append(
            talk,
            [
                f"UP-{comment.proposal_id:05d}",
                timezone.localtime(comment.created_at).replace(tzinfo=None),
                str(comment.author),
                comment.institution.short_name,
                str(comment.get_visibility_display()),
                comment.body,
            ],
            {2: "yyyy-mm-dd hh:mm"},
        )


def build_import_template(fields: Iterable[DataField]) -> bytes:
    """An empty import sheet with its columns (NIP as text) and the catalogue of field codes beside it."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Usulan"
    _head(sheet, [title for _key, title, _required in IMPORT_COLUMNS])
    for row in range(2, IMPORT_MAX_ROWS + 2):
        sheet.cell(row=row, column=1).number_format = "@"
    _autosize(sheet, {1: 22, 2: 30, 3: 24, 4: 30, 5: 30, 6: 50})
    guide = book.create_sheet("Petunjuk")
    for line in (
        _("Satu baris = satu elemen data. Beberapa baris dengan NIP yang sama menjadi satu usulan."),
        _("Kolom NIP harus berformat teks (18 digit), bukan angka."),
        _("Kode elemen data diambil dari lembar 'Elemen data'. Tanggal ditulis TTTT-BB-HH."),
        _("Impor berlaku semua baris atau tidak sama sekali: satu baris salah, tidak ada yang tersimpan."),
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    catalogue = book.create_sheet("Elemen data")
    _head(catalogue, [_("Kode elemen data"), _("Elemen data"), _("Tipe"), _("Sifat")])
    for field in fields:
        catalogue.append(
            [
                field.code,
                field.label,
                str(field.get_data_type_display()),
                str(field.get_sensitivity_display()),
            ]
        )
    _autosize(catalogue, {1: 26, 2: 34, 3: 22, 4: 22})
    out = BytesIO()
    book.save(out)
    return out.getvalue()
