"""PDF documents as an Indonesian office files them: A4, a letterhead, number, date, body, signatures.

Plain data in, bytes out (reportlab); no app imports, so any app can print its letters and reports here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from portal.lib.text_id import format_date

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 25 * mm
LETTERHEAD_HEIGHT = 34 * mm


@dataclass(frozen=True)
class Letterhead:
    """The issuing institution as printed at the top of its first page."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    top_line: str = "REPUBLIK INDONESIA"
    logo: bytes | None = None


@dataclass(frozen=True)
class Signature:
    """One signature block: 'PIHAK KESATU,' or the position, room to sign, the name, and a line below it."""

    heading: str
    name: str
    position: str = ""
    below: str = ""


@dataclass(frozen=True)
class Block:
    """A piece of a document body.

    kind is 'heading', 'center', 'para', 'small', 'spacer', 'item' (text hanging after `label`, indented by
    `level`), 'table' (`rows`, the first of them the header, with `widths` as fractions of the line),
    'signatures' or 'pagebreak'.
    """

    kind: str
    text: str = ""
    label: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()
    signatures: tuple[Signature, ...] = ()


@dataclass
class LetterContent:
    number: str
    dated_on: date
    place: str
    subject: str
    addressee: str
    body: str
    signature: Signature
    nature: str = "Biasa"
    attachment: str = "-"
    copies: Sequence[str] = field(default_factory=tuple)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()["Normal"]
    body = ParagraphStyle("body", parent=base, fontName="Helvetica", fontSize=11, leading=15)
    return {
        "body": body,
        "justify": ParagraphStyle("justify", parent=body, alignment=TA_JUSTIFY, spaceAfter=6),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            alignment=TA_CENTER,
            fontName="Helvetica-Bold",
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=9, leading=12, textColor=colors.HexColor("#444444")
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11),
        "cell_head": ParagraphStyle(
            "cell_head", parent=body, fontSize=9, leading=11, fontName="Helvetica-Bold", alignment=TA_CENTER
        ),
    }


ITEM_INDENT = 9 * mm


def _item_style(styles, level: int) -> ParagraphStyle:
    """A paragraph hanging after its label ('I.', '(1)', 'a.'), one indent deeper per level."""
    return ParagraphStyle(
        f"item{level}",
        parent=styles["justify"],
        leftIndent=ITEM_INDENT * (level + 1),
        bulletIndent=ITEM_INDENT * level,
        bulletFontName=styles["justify"].fontName,
        bulletFontSize=styles["justify"].fontSize,
        spaceAfter=3,
    )


def _emphasis(markup: str, terms: Sequence[str]) -> str:
    """Bold the defined terms (PIHAK KESATU, PARA PIHAK ...) as the signed text prints them."""
    if not terms:
        return markup
    words = sorted({escape(t) for t in terms if t}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    return pattern.sub(r"<b>\1</b>", markup)


def _text(value: str) -> str:
    """Escape for reportlab's markup and keep the line breaks the writer meant."""
    return escape(value).replace("\n", "<br/>")


def _logo_image(data: bytes):
    """The logo as reportlab draws it, or None when the stored file is not an image reportlab reads."""
    from reportlab.lib.utils import ImageReader

    try:
        return ImageReader(BytesIO(data))
    except Exception:  # a damaged upload must not stop the letter from printing
        return None


def _fit_name(canvas, name: str, room: float) -> tuple[list[str], int]:
    """The institution's name on one line in the largest size from 14 to 10 points that fits, else two."""
    for size in (14, 13, 12, 11, 10):
        if canvas.stringWidth(name, "Helvetica-Bold", size) <= room:
            return [name], size
    words = name.split()
    best = min(
        range(1, len(words)),
        key=lambda cut: abs(len(" ".join(words[:cut])) - len(" ".join(words[cut:]))),
        default=len(words),
    )
    return [" ".join(words[:best]), " ".join(words[best:])], 12


def _draw_letterhead(letterhead: Letterhead, after=None):
    logo = _logo_image(letterhead.logo) if letterhead.logo else None

    def draw(canvas, doc) -> None:
        canvas.saveState()
        center = PAGE_WIDTH / 2
        top = PAGE_HEIGHT - 16 * mm
        if logo is not None:
            # The emblem stands left of the text, which centres on the space that remains.
            size = 22 * mm
            width, height = logo.getSize()
            scale = size / max(width, height)
            canvas.drawImage(
                logo,
                MARGIN,
                top - size + 4 * mm,
                width=width * scale,
                height=height * scale,
                mask="auto",
            )
            center = (MARGIN + size + PAGE_WIDTH - MARGIN) / 2
        if letterhead.top_line:
            canvas.setFont("Helvetica-Bold", 10)
            canvas.drawCentredString(center, top, letterhead.top_line.upper())
            top -= 6 * mm
        room = PAGE_WIDTH - MARGIN - (MARGIN + 26 * mm if logo is not None else MARGIN)
        lines, size = _fit_name(canvas, letterhead.name.upper(), room)
        canvas.setFont("Helvetica-Bold", size)
        for index, line in enumerate(lines):
            if index:
                top -= size * 0.42 * mm
            canvas.drawCentredString(center, top, line)
        canvas.setFont("Helvetica", 9)
        top -= 5 * mm
        if letterhead.address:
            canvas.drawCentredString(center, top, " ".join(letterhead.address.split()))
            top -= 4 * mm
        contact = "   ".join(
            part
            for part in (
                f"Telepon {letterhead.phone}" if letterhead.phone else "",
                f"Surel {letterhead.email}" if letterhead.email else "",
            )
            if part
        )
        if contact:
            canvas.drawCentredString(center, top, contact)
            top -= 3 * mm
        if logo is not None:
            top = min(top, PAGE_HEIGHT - 16 * mm - 19 * mm)
        canvas.setLineWidth(1.6)
        canvas.line(MARGIN, top, PAGE_WIDTH - MARGIN, top)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 1.2 * mm, PAGE_WIDTH - MARGIN, top - 1.2 * mm)
        canvas.restoreState()
        (after or _draw_page_number)(canvas, doc)

    return draw


def _draw_page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, 12 * mm, f"Halaman {doc.page}")
    canvas.restoreState()


PARAF_CELL = 20 * mm


def _draw_paraf_box(labels: Sequence[str]):
    """The initials box an agreement carries at the foot of every page: 'PARAF', one cell per party."""

    def draw(canvas, doc) -> None:
        canvas.saveState()
        width = PARAF_CELL * len(labels)
        left = PAGE_WIDTH - MARGIN - width
        bottom = 8 * mm
        rows = (12 * mm, 4.5 * mm, 4.5 * mm)
        canvas.setLineWidth(0.6)
        canvas.rect(left, bottom, width, sum(rows))
        canvas.line(left, bottom + rows[0], left + width, bottom + rows[0])
        canvas.line(left, bottom + rows[0] + rows[1], left + width, bottom + rows[0] + rows[1])
        for index in range(1, len(labels)):
            x = left + index * PARAF_CELL
            canvas.line(x, bottom, x, bottom + rows[0] + rows[1])
        canvas.setFont("Helvetica-Bold", 7)
        canvas.drawCentredString(left + width / 2, bottom + rows[0] + rows[1] + 1.4 * mm, "PARAF")
        canvas.setFont("Helvetica", 7)
        for index, label in enumerate(labels):
            canvas.drawCentredString(left + (index + 0.5) * PARAF_CELL, bottom + rows[0] + 1.4 * mm, label)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(MARGIN, 12 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    return draw


def _document(buffer: BytesIO, title: str, author: str, first_page_top: float) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=first_page_top,
        bottomMargin=20 * mm,
        title=title,
        author=author,
        creator="Portal PKS",
    )


def _signature_table(signatures: Sequence[Signature], styles, *, align_right: bool) -> Table:
    cells = []
    for signature in signatures:
        lines = [_text(signature.heading)]
        if signature.position:
            lines.append(_text(signature.position))
        text = "<br/>".join(lines) + "<br/><br/><br/><br/>" + f"<b>{_text(signature.name.upper())}</b>"
        if signature.below:
            text += "<br/>" + _text(signature.below)
        cells.append(Paragraph(text, styles["center"]))
    width = PAGE_WIDTH - 2 * MARGIN
    if len(cells) == 1:
        row = (
            [Paragraph("", styles["body"]), cells[0]]
            if align_right
            else [cells[0], Paragraph("", styles["body"])]
        )
        table = Table([row], colWidths=[width * 0.45, width * 0.55])
    else:
        table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def letter_pdf(letterhead: Letterhead, content: LetterContent) -> bytes:
    """An official letter (surat dinas): number, date, addressee, body and the signature block."""
    styles = _styles()
    buffer = BytesIO()
    doc = _document(
        buffer, f"{content.subject} {content.number}", letterhead.name, MARGIN + LETTERHEAD_HEIGHT - 10 * mm
    )
    width = PAGE_WIDTH - 2 * MARGIN
    head_rows = [
        [
            "Nomor",
            ":",
            Paragraph(_text(content.number), styles["body"]),
            Paragraph(
                _text(
                    f"{content.place}, {format_date(content.dated_on)}"
                    if content.place
                    else format_date(content.dated_on)
                ),
                styles["body"],
            ),
        ],
        ["Sifat", ":", Paragraph(_text(content.nature), styles["body"]), ""],
        ["Lampiran", ":", Paragraph(_text(content.attachment or "-"), styles["body"]), ""],
        ["Hal", ":", Paragraph(f"<b>{_text(content.subject)}</b>", styles["body"]), ""],
    ]
    head = Table(head_rows, colWidths=[22 * mm, 4 * mm, width * 0.5, width - 26 * mm - width * 0.5])
    head.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (1, -1), "Helvetica", 11),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (3, 0), (3, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    story = [head, Spacer(1, 8 * mm), Paragraph(_text(content.addressee), styles["body"]), Spacer(1, 8 * mm)]
    for paragraph in content.body.split("\n\n"):
        if paragraph.strip():
            story.append(Paragraph(_text(paragraph.strip()), styles["justify"]))
    story.append(Spacer(1, 8 * mm))
    story.append(KeepTogether(_signature_table([content.signature], styles, align_right=True)))
    if content.copies:
        story.append(Spacer(1, 8 * mm))
        story.append(Paragraph("Tembusan:", styles["small"]))
        for index, copy in enumerate(content.copies, start=1):
            story.append(Paragraph(_text(f"{index}. {copy}"), styles["small"]))
    doc.build(story, onFirstPage=_draw_letterhead(letterhead), onLaterPages=_draw_page_number)
    return buffer.getvalue()


def _table(block: Block, styles) -> Table:
    width = PAGE_WIDTH - 2 * MARGIN
    fractions = block.widths or (1 / len(block.rows[0]),) * len(block.rows[0])
    rows = [[Paragraph(_text(cell), styles["cell_head"]) for cell in block.rows[0]]]
    rows += [[Paragraph(_text(cell), styles["cell"]) for cell in row] for row in block.rows[1:]]
    table = Table(rows, colWidths=[width * f for f in fractions], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def document_pdf(
    *,
    title: str,
    author: str,
    blocks: Sequence[Block],
    signatures: Sequence[Signature] = (),
    letterhead: Letterhead | None = None,
    emphasis: Sequence[str] = (),
    paraf: Sequence[str] = (),
) -> bytes:
    """A longer document (an agreement's text, minutes, a report) from headings and paragraphs.

    `emphasis` lists the defined terms printed bold wherever they stand; `paraf` the labels of the initials
    box drawn at the foot of every page ('PIHAK I', 'PIHAK II'), none when empty.
    """
    styles = _styles()
    buffer = BytesIO()
    top = MARGIN + LETTERHEAD_HEIGHT - 10 * mm if letterhead else MARGIN
    doc = _document(buffer, title, author, top)
    if paraf:
        doc.bottomMargin = 36 * mm

    def rich(value: str) -> str:
        return _emphasis(_text(value), emphasis)

    story = []
    for block in blocks:
        if block.kind == "spacer":
            story.append(Spacer(1, 5 * mm))
        elif block.kind == "pagebreak":
            story.append(PageBreak())
        elif block.kind == "heading":
            story.append(Paragraph(_text(block.text), styles["heading"]))
        elif block.kind == "center":
            story.append(Paragraph(_text(block.text), styles["center"]))
        elif block.kind == "small":
            story.append(Paragraph(_text(block.text), styles["small"]))
        elif block.kind == "item":
            style = _item_style(styles, block.level)
            story.append(Paragraph(rich(block.text), style, bulletText=block.label or None))
        elif block.kind == "table" and block.rows:
            # A table starts on the page of the line that introduces it.
            last = [story.pop()] if story and isinstance(story[-1], Paragraph) else []
            story.append(KeepTogether([*last, _table(block, styles)]))
        elif block.kind == "signatures":
            # The signatures never stand alone on a page: the last paragraph goes over with them.
            last = [story.pop()] if story and isinstance(story[-1], (Paragraph, KeepTogether)) else []
            table = _signature_table(block.signatures, styles, align_right=False)
            story.append(KeepTogether([*last, Spacer(1, 10 * mm), table]))
        else:
            story.append(Paragraph(rich(block.text), styles["justify"]))
    if signatures:
        story.append(Spacer(1, 10 * mm))
        story.append(KeepTogether(_signature_table(signatures, styles, align_right=False)))
    later = _draw_paraf_box(paraf) if paraf else _draw_page_number
    first = _draw_letterhead(letterhead, later) if letterhead else later
    doc.build(story, onFirstPage=first, onLaterPages=later)
    return buffer.getvalue()
