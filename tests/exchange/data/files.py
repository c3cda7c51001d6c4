"""Roster files as agencies have them, built in memory for the tests."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from openpyxl import Workbook

from tests.exchange.data.conftest import people

SIASN_HEADINGS = (
    "NIP_BARU", "NAMA", "JABATAN_FUNGSIONAL_ID", "JABATAN_FUNGSIONAL_NAMA", "TMT_JABATAN", "GOL_AKHIR_NAMA",
    "UNOR_NAMA", "INSTANSI_KERJA_NAMA", "LOKASI_KERJA_NAMA",
)  # fmt: skip
CODES = (
    "nipBaru", "nama", "jabatanFungsionalId", "jabatanFungsionalNama", "tmtJabatan", "golRuangAkhir",
    "unorNama", "instansiKerjaNama", "lokasiKerja",
)  # fmt: skip


def siasn_csv(rows: list[dict] | None = None, *, headings=SIASN_HEADINGS, codes=CODES, bom=True) -> bytes:
    """SIASN's "Export Data ASN" saved by Excel in Indonesia: semicolons, a BOM, values led by an apostrophe,
    the literal null, dates dd-mm-yyyy and 01-01-0001 for no date."""
    rows = rows if rows is not None else people(3)
    lines = [";".join(headings)]
    for row in rows:
        cells = []
        for code in codes:
            value = row.get(code)
            if value is None:
                cells.append("null")
            elif code == "nipBaru":
                cells.append("'" + value)
            elif code == "tmtJabatan" and value and value[4] == "-":
                cells.append(f"{value[8:10]}-{value[5:7]}-{value[0:4]}")
            else:
                cells.append(str(value))
        lines.append(";".join(cells))
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def roster_xlsx(
    rows: list[dict] | None = None, *, nip_as_number=False, merged_header=True, blank_tail=5
) -> bytes:
    """An agency's own roster: a title row, a two-row header under merged cells, Excel serial dates,
    titles in the name column, ranks written 3A, blank rows at the end."""
    rows = rows if rows is not None else people(3)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR PENGGERAK SWADAYA MASYARAKAT (CONTOH)"])
    sheet.merge_cells("A1:I1")
    if merged_header:
        sheet.append(
            [
                "NIP",
                "Nama",
                "Jabatan Fungsional",
                None,
                "TMT Jabatan",
                "Gol/Ruang",
                "Unit Kerja",
                "Instansi",
                "Lokasi",
            ]
        )
        sheet.append([None, None, "ID", "Nama", None, None, None, None, None])
        sheet.merge_cells("C2:D2")
        for column in "ABEFGHI":
            sheet.merge_cells(f"{column}2:{column}3")
        header_rows = 3
    else:
        headings = [
            "NIP",
            "Nama",
            "ID Jabatan",
            "Jabatan Fungsional",
            "TMT Jabatan",
            "Gol/Ruang",
            "Unit Kerja",
        ]
        sheet.append([*headings, "Instansi", "Lokasi"])
        header_rows = 2
    for row in rows:
        tmt = date.fromisoformat(row["tmtJabatan"]) if row.get("tmtJabatan") else None
        sheet.append([
            float(row["nipBaru"]) if nip_as_number else row["nipBaru"],
            row["nama"],
            row["jabatanFungsionalId"],
            row["jabatanFungsionalNama"],
            (tmt - date(1899, 12, 30)).days if tmt else None,
            row["golRuangAkhir"],
            row["unorNama"],
            row["instansiKerjaNama"],
            row["lokasiKerja"],
        ])  # fmt: skip
    for _ in range(blank_tail):
        sheet.append([None] * 9)
    sheet.cell(row=header_rows + len(rows) + blank_tail, column=1).number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb(megabytes: int = 64) -> bytes:
    """An archive that looks like an XLSX and unpacks to far more than it weighs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(block)
    return buffer.getvalue()
