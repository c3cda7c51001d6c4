"""The outgoing file of a version: what the providing party hands the receiving party (Pasal 3-4, "dengan
metode lainnya"), CSV or XLSX, with exactly the Lampiran fields the version keeps, headed by their SIASN
codes. Built from `version_frame` into a spooled temporary file, so memory stays bounded."""

from __future__ import annotations

import tempfile

from django.http import FileResponse

from exchange.data.models import DataSetVersion
from exchange.data.selectors import version_frame

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_name(version: DataSetVersion, kind: str) -> str:
    dataset = version.dataset
    return (
        f"himpunan-data-{dataset.agreement_id}-{dataset.provider.institution.short_name}-"
        f"{dataset.receiver.institution.short_name}-v{version.number}.{kind}"
    ).replace(" ", "_")


def write(version: DataSetVersion, kind: str, target) -> None:
    codes = list(version.fields)
    frame = version_frame(version, codes).drop("nip")
    if kind == "csv":
        # A BOM, so that Excel in Indonesia opens the UTF-8 file with its letters intact.
        target.write(b"\xef\xbb\xbf")
        frame.write_csv(target)
        return
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(codes)
    nip_column = codes.index("nipBaru") if "nipBaru" in codes else -1
    for values in frame.iter_rows():
        cells = list(values)
        if nip_column >= 0:
            # Text, never a number: Excel would show 1.98E+17 and lose the last digits.
            cell = WriteOnlyCell(sheet, value=cells[nip_column])
            cell.number_format = "@"
            cells[nip_column] = cell
        sheet.append(cells)
    workbook.save(target)


def response(version: DataSetVersion, kind: str) -> FileResponse:
    buffer = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 - closed by FileResponse
    write(version, kind, buffer)
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename=file_name(version, kind), content_type=CONTENT_TYPES[kind]
    )
