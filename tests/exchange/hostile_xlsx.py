"""Hostile XLSX files, written part by part so that their XML says exactly what an attacker wants it to say:
a shared string of a gigabyte, a row numbered 200,000,000, a `<dimension>` that lies. Both spreadsheet
imports (correction proposals and data sets) are fed these."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Usulan" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
 Target="sharedStrings.xml"/>
</Relationships>"""
SHEET_OPEN = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"""


def _inline_row(number: int, values: list[str]) -> bytes:
    cells = b"".join(
        b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), number, value.encode())
        for i, value in enumerate(values)
    )
    return b'<row r="%d">%s</row>' % (number, cells)


def _write(path: Path, sheet: bytes, shared_strings_parts) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            for piece in shared_strings_parts:
                part.write(piece)
    return path


def shared_string_bomb(path: Path, header: list[str], *, megabytes: int = 1024) -> Path:
    """One shared string of `megabytes` MB of the same letter: about a megabyte on disk."""
    sheet = SHEET_OPEN + b"<sheetData>" + _inline_row(1, header)
    sheet += b'<row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>'

    def strings():
        yield b'<?xml version="1.0" encoding="UTF-8"?>'
        yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
        yield b"<si><t>"
        block = b"A" * (1024 * 1024)
        for _ in range(megabytes):
            yield block
        yield b"</t></si></sst>"

    return _write(path, sheet, strings())


def empty_row_bomb(path: Path, header: list[str], row: list[str], *, last_row: int = 200_000_000) -> Path:
    """A header, one real row, then an empty row numbered `last_row` (a reader pads every row between) and
    a dimension that claims the same."""
    sheet = SHEET_OPEN + b'<dimension ref="A1:F%d"/><sheetData>' % last_row
    sheet += _inline_row(1, header) + _inline_row(2, row)
    sheet += b'<row r="%d"/></sheetData></worksheet>' % last_row
    empty_strings = [b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0"/>']
    return _write(path, sheet, empty_strings)


def with_lying_dimension(content: bytes, ref: str) -> bytes:
    """The same workbook with the `<dimension>` of its first sheet replaced by `ref`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="%s"' % ref.encode(), data)
                assert count == 1
            archive.writestr(member, data)
    return out.getvalue()


def workbook(rows: list[list], title: str = "Usulan") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
