"""The figures of a semester report as an XLSX workbook: a cover sheet (number, period, agreement, party,
obstacles, follow-up) and one sheet per section with its key figures and tables, numbers as numbers."""

from __future__ import annotations

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from exchange.reports import figures
from exchange.reports.models import ReportRun
from exchange.reports.pdf import TITLE, period_text
from portal.lib.text_id import format_date

BOLD = Font(bold=True)


def _sheet_name(index: int, title: str) -> str:
    name = f"{index}. {title}"
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31]


@translation.override("id")
def report_xlsx(run: ReportRun) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = _("Laporan")
    cover.append([TITLE])
    cover["A1"].font = BOLD
    for label, value in (
        (_("Nomor"), run.number or _("(konsep)")),
        (_("Perjanjian"), run.agreement.title),
        (_("Pihak pelapor"), f"{run.party.role_name} — {run.party.institution.name}"),
        (_("Periode"), period_text(run)),
        (_("Awal periode"), run.period_start),
        (_("Akhir periode"), run.period_end),
        (_("Tanggal terbit"), format_date(run.issued_on) if run.issued_on else "-"),
        (_("Kendala"), run.kendala),
        (_("Rencana tindak lanjut"), run.rencana),
    ):
        cover.append([label, value])
    cover.column_dimensions["A"].width = 24
    cover.column_dimensions["B"].width = 90
    for index, section in enumerate(figures.present(run.figures, run.agreement_id), start=1):
        sheet = book.create_sheet(_sheet_name(index, section.title))
        sheet.append([f"{index}. {section.title}"])
        sheet["A1"].font = BOLD
        for label, value in section.summary:
            sheet.append([label, value])
        for table in section.tables:
            sheet.append([])
            sheet.append([table.title])
            sheet.cell(row=sheet.max_row, column=1).font = BOLD
            sheet.append(list(table.header))
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
            for row in table.rows:
                sheet.append(list(row))
        for chart in section.charts:
            sheet.append([])
            sheet.append([chart.title])
            sheet.cell(row=sheet.max_row, column=1).font = BOLD
            for label, value in zip(chart.labels, chart.values, strict=True):
                sheet.append([label, value])
        sheet.column_dimensions["A"].width = 48
        for column in "BCDE":
            sheet.column_dimensions[column].width = 16
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
