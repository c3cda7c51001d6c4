"""The semester report as a PDF the reporting party files: its letterhead (and logo), the number, the period,
the date in Indonesian, one numbered section per part of the exchange with its tables and bar charts, the
obstacles and the follow-up, and the signature block of who issued it.

Built on the house style of portal.lib.pdf, like the berita acara; printed in Bahasa Indonesia whatever the
reader's language.
"""

from __future__ import annotations

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from agreements.letters import agreement_reference
from exchange.reports import figures
from exchange.reports.models import ReportRun
from portal.lib import pdf
from portal.lib import report as content
from portal.lib.text_id import format_date

TITLE = "LAPORAN HASIL PEMANFAATAN SERTA PERTUKARAN DATA DAN/ATAU INFORMASI"
BAR = colors.HexColor("#1f5f8b")
WIDTH = pdf.PAGE_WIDTH - 2 * pdf.MARGIN


def report_filename(run: ReportRun) -> str:
    safe = "".join(ch if ch.isalnum() or ch == "." else "-" for ch in run.number or run.reference).strip("-")
    return f"laporan-pertukaran-data-{safe}.pdf"


def period_text(run: ReportRun) -> str:
    return _("%(start)s s.d. %(end)s") % {
        "start": format_date(run.period_start),
        "end": format_date(run.period_end),
    }


def _cell(value, styles, *, bold: bool = False) -> Paragraph:
    text = pdf._text(content.number(value) if isinstance(value, int | float) else str(value))
    return Paragraph(f"<b>{text}</b>" if bold else text, styles["cell"])


def _table(table: content.Table, styles) -> list:
    story = [Paragraph(f"<b>{pdf._text(table.title)}</b>", styles["body"])]
    if not table.rows:
        story.append(Paragraph(pdf._text(table.empty or "-"), styles["small"]))
        story.append(Spacer(1, 3 * mm))
        return story
    columns = len(table.header)
    first = WIDTH * (0.5 if columns > 2 else 0.7)
    widths = [first] + [(WIDTH - first) / (columns - 1)] * (columns - 1)
    rows = [[_cell(h, styles, bold=True) for h in table.header]]
    rows += [[_cell(c, styles) for c in row] for row in table.rows]
    grid = Table(rows, colWidths=widths, repeatRows=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
    ]
    for col in range(1, columns):
        if all(isinstance(row[col], int | float) for row in table.rows):
            commands.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
    grid.setStyle(TableStyle(commands))
    story += [grid, Spacer(1, 4 * mm)]
    return story


def _summary(section: content.Section, styles) -> Table | None:
    if not section.summary:
        return None
    rows = [[_cell(label, styles), _cell(value, styles, bold=True)] for label, value in section.summary]
    grid = Table(rows, colWidths=[WIDTH * 0.7, WIDTH * 0.3])
    grid.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return grid


def bar_chart(chart: content.Chart) -> Drawing:
    """One series as vertical bars with the values above them; long labels are cut, many are slanted."""
    height = 62 * mm
    drawing = Drawing(WIDTH, height)
    drawing.add(String(0, height - 10, chart.title, fontName="Helvetica-Bold", fontSize=9))
    bars = VerticalBarChart()
    bars.x, bars.y = 12 * mm, 16 * mm
    bars.width, bars.height = WIDTH - 16 * mm, height - 30 * mm
    bars.data = [list(chart.values)]
    bars.bars[0].fillColor = BAR
    bars.bars[0].strokeColor = None
    bars.valueAxis.valueMin = 0
    top = max(chart.values, default=0)
    bars.valueAxis.valueMax = max(top * 1.15, 4)
    bars.valueAxis.valueStep = max(1, round(bars.valueAxis.valueMax / 4))
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.labelTextFormat = lambda v: content.number(int(v))
    bars.categoryAxis.categoryNames = [label[:18] for label in chart.labels]
    bars.categoryAxis.labels.fontSize = 7
    if len(chart.labels) > 6:
        bars.categoryAxis.labels.angle = 30
        bars.categoryAxis.labels.boxAnchor = "ne"
    bars.barLabelFormat = lambda v: content.number(int(v))
    bars.barLabels.fontSize = 7
    bars.barLabels.nudge = 6
    drawing.add(bars)
    return drawing


def _section(index: int, section: content.Section, styles) -> list:
    story = [Paragraph(pdf._text(f"{index}. {section.title}"), styles["section"])]
    if section.intro:
        story.append(Paragraph(pdf._text(section.intro), styles["justify"]))
    summary = _summary(section, styles)
    if summary is not None:
        story += [summary, Spacer(1, 4 * mm)]
    for table in section.tables:
        story += _table(table, styles)
    for chart in section.charts:
        if not chart.is_empty:
            story += [KeepTogether([bar_chart(chart)]), Spacer(1, 3 * mm)]
    return story


def _styles() -> dict:
    from reportlab.lib.styles import ParagraphStyle

    styles = pdf._styles()
    styles["section"] = ParagraphStyle(
        "section", parent=styles["body"], fontName="Helvetica-Bold", spaceBefore=10, spaceAfter=4
    )
    styles["cell"] = ParagraphStyle("cell", parent=styles["body"], fontSize=9, leading=11)
    return styles


def _opening(run: ReportRun, styles) -> list:
    agreement = run.agreement
    intro = _(
        "Sebagai pelaksanaan Pasal 3 ayat (2) angka 2 %(agreement)s, %(institution)s selaku %(role)s "
        "menyampaikan laporan hasil pemanfaatan serta pertukaran data dan/atau informasi untuk periode "
        "%(period)s. Angka dalam laporan ini dihitung oleh Portal PKS dari catatannya sendiri atas periode "
        "tersebut: log layanan web, log akses data pribadi, sinkronisasi, pemadanan, usulan perbaikan data "
        "dan sesi monev."
    ) % {
        "agreement": agreement_reference(agreement),
        "institution": run.party.institution.name,
        "role": run.party.role_name,
        "period": period_text(run),
    }
    head = Table(
        [
            [_("Nomor"), ":", run.number or _("(konsep)")],
            [
                _("Periode"),
                ":",
                _("ke-%(n)s, %(period)s") % {"n": run.due.period_number or "-", "period": period_text(run)},
            ],  # fmt: skip
            [_("Tanggal"), ":", format_date(run.issued_on) if run.issued_on else _("(belum diterbitkan)")],
        ],
        colWidths=[24 * mm, 4 * mm, WIDTH - 28 * mm],
    )
    head.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 11), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [
        Paragraph(pdf._text(TITLE), styles["heading"]),
        Paragraph(pdf._text(run.agreement.title.upper()), styles["center"]),
        Spacer(1, 5 * mm),
        head,
        Spacer(1, 5 * mm),
        Paragraph(pdf._text(intro), styles["justify"]),
    ]


def _closing(run: ReportRun, index: int, styles) -> list:
    place = run.agreement.signing_place or "Jakarta"
    signer = run.issued_by
    name = (signer.get_full_name() or signer.username) if signer else "...................................."
    position = (signer.position if signer else "") or ""
    story = [
        Paragraph(pdf._text(f"{index}. {_('Kendala')}"), styles["section"]),
        Paragraph(pdf._text(run.kendala or "-"), styles["justify"]),
        Paragraph(pdf._text(f"{index + 1}. {_('Rencana tindak lanjut')}"), styles["section"]),
        Paragraph(pdf._text(run.rencana or "-"), styles["justify"]),
        Spacer(1, 4 * mm),
        Paragraph(
            pdf._text(_("Demikian laporan ini disampaikan untuk dipergunakan sebagaimana mestinya.")),
            styles["justify"],
        ),
        Spacer(1, 6 * mm),
    ]
    day = format_date(run.issued_on) if run.issued_on else "...................."
    signature = pdf.Signature(
        heading=f"{place}, {day}\n{run.party.role_name},",
        name=name,
        position="\n".join(part for part in (run.party.institution.name, position) if part),
    )
    story.append(KeepTogether(pdf._signature_table([signature], styles, align_right=True)))
    return story


def _with_logo(draw, institution):
    """The letterhead, with the institution's logo at its left when one is kept."""
    logo = None
    if institution.logo:
        try:
            with institution.logo.open("rb") as handle:
                logo = ImageReader(BytesIO(handle.read()))
        except OSError:
            logo = None

    def first(canvas, doc) -> None:
        draw(canvas, doc)
        if logo is not None:
            size = 20 * mm
            canvas.drawImage(
                logo, pdf.MARGIN, pdf.PAGE_HEIGHT - 14 * mm - size, size, size,
                preserveAspectRatio=True, mask="auto",
            )  # fmt: skip

    return first


@translation.override("id")
def report_pdf(run: ReportRun) -> bytes:
    styles = _styles()
    issuer = run.party.institution
    letterhead = pdf.Letterhead(
        name=issuer.name, address=issuer.address, phone=issuer.phone, email=issuer.email
    )
    sections = figures.present(run.figures, run.agreement_id)
    story = _opening(run, styles)
    for index, section in enumerate(sections, start=1):
        story += _section(index, section, styles)
    story += _closing(run, len(sections) + 1, styles)
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pdf.A4,
        leftMargin=pdf.MARGIN,
        rightMargin=pdf.MARGIN,
        topMargin=pdf.MARGIN + pdf.LETTERHEAD_HEIGHT - 10 * mm,
        bottomMargin=20 * mm,
        title=f"Laporan Pemanfaatan dan Pertukaran Data {run.number or run.reference}",
        author=issuer.name,
        creator="Portal PKS",
    )
    doc.build(
        story,
        onFirstPage=_with_logo(pdf._draw_letterhead(letterhead), issuer),
        onLaterPages=pdf._draw_page_number,
    )
    return buffer.getvalue()
