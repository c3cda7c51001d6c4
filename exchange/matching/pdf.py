"""The berita acara hasil pemadanan data as a PDF a party files: the issuing party's letterhead, the
number, the day in words, the parties and their representatives, what was matched, the results table,
the follow-up, the confidentiality clause, signature blocks for both parties and a paraf box on every page.

Built on the house style of portal.lib.pdf (letterhead, styles, signature table); printed in Bahasa
Indonesia whatever the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from agreements.letters import agreement_reference
from exchange.data.models import DataField
from exchange.matching.choices import Outcome
from exchange.matching.models import BeritaAcara
from portal.lib import pdf
from portal.lib.text_id import format_date, format_date_long

CONFIDENTIALITY = (
    "PARA PIHAK wajib menjaga kerahasiaan data dan/atau informasi yang diperoleh dari pemadanan ini, "
    "menggunakannya hanya untuk tujuan sebagaimana diatur dalam Perjanjian Kerja Sama, dan tidak "
    "memberikannya kepada pihak lain tanpa persetujuan tertulis dari pihak pemilik data, kecuali atas "
    "perintah pengadilan atau ketentuan peraturan perundang-undangan (Pasal 9). Kewajiban ini tetap "
    "berlaku setelah Perjanjian Kerja Sama berakhir."
)


OPENING = gettext_noop(
    "Pada hari ini, %(long)s (%(short)s), bertempat di %(place)s, kami yang bertanda tangan di bawah ini:"
)


@dataclass(frozen=True)
class Representative:
    role: str
    institution: str
    name: str
    position: str
    signed_at: str


def berita_acara_filename(berita_acara: BeritaAcara) -> str:
    safe = "".join(ch if ch.isalnum() or ch == "." else "-" for ch in berita_acara.number).strip("-")
    return f"berita-acara-pemadanan-{safe}.pdf"


def _representatives(berita_acara: BeritaAcara) -> list[Representative]:
    signed = {s.party_id: s for s in berita_acara.signatures.all()}
    people = []
    for party in berita_acara.run.agreement.parties.all():
        signature = signed.get(party.pk)
        people.append(
            Representative(
                role=party.role_name,
                institution=party.institution.name,
                name=signature.signer_name if signature else "",
                position=signature.signer_position if signature else "",
                signed_at=format_date(timezone.localdate(signature.signed_at)) if signature else "",
            )
        )
    return people


def _table(rows: list[list], widths: list[float], styles, *, header: bool = True) -> Table:
    cells = [
        [Paragraph(pdf._text(str(c)), styles["body"]) if not isinstance(c, Paragraph) else c for c in row]
        for row in rows
    ]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    table.setStyle(TableStyle(commands))
    return table


def _version_rows(run) -> list[list[str]]:
    rows = [[_("Uraian"), _("Data pertama"), _("Data pembanding")]]
    left, right = run.left_version, run.right_version
    rows.append([_("Himpunan data"), left.dataset.name, right.dataset.name])
    rows.append(
        [
            _("Pihak pemberi data"),
            left.dataset.provider.institution.name,
            right.dataset.provider.institution.name,
        ]
    )
    rows.append([_("Versi"), str(left.number), str(right.number)])
    rows.append(
        [
            _("Tanggal data"),
            format_date(timezone.localdate(left.created_at)),
            format_date(timezone.localdate(right.created_at)),
        ]
    )
    rows.append(
        [
            _("Jumlah rekaman"),
            f"{left.row_count:,}".replace(",", "."),
            f"{right.row_count:,}".replace(",", "."),
        ]
    )
    return rows


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def result_rows(run) -> list[list[str]]:
    """The results table: the same figures the run page shows."""
    counts = run.counts or {}
    labels = dict(
        DataField.objects.filter(code__in=list(counts.get("field", {}))).values_list("code", "label")
    )
    rows = [[_("No."), _("Uraian"), _("Jumlah")]]
    rows.append(["1", _("Jumlah data (data pertama / data pembanding)"),
                 f"{_number(counts.get('left', 0))} / {_number(counts.get('right', 0))}"])  # fmt: skip
    rows.append(["2", _("Padan"), _number(run.count(Outcome.PADAN))])
    rows.append(["3", _("Tidak padan"), _number(run.count(Outcome.TIDAK_PADAN))])
    for index, (code, n) in enumerate(sorted(counts.get("field", {}).items()), start=1):
        rows.append(
            [
                f"3.{index}",
                _("Tidak padan pada elemen %(field)s") % {"field": labels.get(code, code)},
                _number(n),
            ]
        )
    one_side = f"{_number(run.count(Outcome.HANYA_KIRI))} / {_number(run.count(Outcome.HANYA_KANAN))}"
    rows.append(["4", _("Hanya di satu pihak (data pertama / data pembanding)"), one_side])
    rows.append(["5", _("Ganda"), _number(run.count(Outcome.GANDA))])
    rows.append(["6", _("NIP tidak valid"), _number(run.count(Outcome.NIP_TIDAK_VALID))])
    rows.append(["7", _("Perlu usulan perbaikan"), _number(int(counts.get("needs_proposal", 0)))])
    return rows


def _paraf_box(parties: list[Representative], initials: list[str]):
    """Every page carries a box where each party initials it (Pasal 13: paraf on every page)."""

    def draw(canvas, doc) -> None:
        canvas.saveState()
        width, height = 22 * mm, 12 * mm
        x = pdf.MARGIN
        y = 8 * mm
        canvas.setFont("Helvetica", 7)
        canvas.drawString(x, y + height + 1.5 * mm, "Paraf:")
        for index, person in enumerate(parties):
            left = x + index * (width + 2 * mm)
            canvas.rect(left, y, width, height)
            canvas.drawCentredString(left + width / 2, y + height - 3 * mm, person.role)
            if initials[index]:
                canvas.setFont("Helvetica-Bold", 9)
                canvas.drawCentredString(left + width / 2, y + 3 * mm, initials[index])
                canvas.setFont("Helvetica", 7)
        canvas.restoreState()

    return draw


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()[:4]


def _opening(berita_acara: BeritaAcara, people: list[Representative], styles) -> list:
    """Title, number, the day in words and who signs for each party."""
    day = berita_acara.dated_on
    place = berita_acara.place or berita_acara.run.agreement.signing_place or "Jakarta"
    story = [
        Paragraph(_("BERITA ACARA HASIL PEMADANAN DATA"), styles["heading"]),
        Paragraph(pdf._text(f"{_('NOMOR')} : {berita_acara.number}"), styles["center"]),
        Spacer(1, 6 * mm),
        Paragraph(
            pdf._text(
                _(OPENING)
                % {"long": format_date_long(day), "short": day.strftime("%d-%m-%Y"), "place": place}
            ),
            styles["justify"],
        ),
    ]
    acting = _("dalam hal ini bertindak untuk dan atas nama %(institution)s, selanjutnya disebut %(role)s.")
    for index, person in enumerate(people, start=1):
        who = person.name or "...................................."
        position = f", {person.position}" if person.position else ""
        text = f"{index}. {who}{position}, " + acting % {
            "institution": person.institution,
            "role": person.role,
        }
        story.append(Paragraph(pdf._text(text), styles["justify"]))
    return story


def _body(berita_acara: BeritaAcara, styles) -> list:
    """What was matched, the results, the follow-up and the confidentiality clause."""
    run = berita_acara.run
    width = pdf.PAGE_WIDTH - 2 * pdf.MARGIN
    matched = _(
        "PARA PIHAK telah melaksanakan pemadanan data (%(ref)s) sebagai pelaksanaan %(agreement)s, "
        "pada tanggal %(day)s, atas data sebagai berikut:"
    ) % {
        "ref": run.reference,
        "agreement": agreement_reference(run.agreement),
        "day": format_date(timezone.localdate(run.finished_at or run.created_at)),
    }
    closing = _(
        "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya, dan ditandatangani oleh "
        "PARA PIHAK melalui Portal PKS."
    )
    return [
        Paragraph(pdf._text(matched), styles["justify"]),
        _table(_version_rows(run), [width * 0.3, width * 0.35, width * 0.35], styles),
        Spacer(1, 5 * mm),
        Paragraph(pdf._text(_("Hasil pemadanan data adalah sebagai berikut:")), styles["justify"]),
        _table(result_rows(run), [width * 0.1, width * 0.65, width * 0.25], styles),
        Spacer(1, 5 * mm),
        Paragraph(f"<b>{pdf._text(_('Tindak lanjut'))}</b>", styles["body"]),
        Paragraph(pdf._text(berita_acara.follow_up), styles["justify"]),
        Paragraph(f"<b>{pdf._text(_('Kerahasiaan'))}</b>", styles["body"]),
        Paragraph(pdf._text(CONFIDENTIALITY), styles["justify"]),
        Paragraph(pdf._text(closing), styles["justify"]),
        Spacer(1, 8 * mm),
    ]


def _signatures(people: list[Representative], styles):
    signatures = []
    for p in people:
        signed = _("Ditandatangani di portal %(day)s") % {"day": p.signed_at} if p.signed_at else ""
        signatures.append(
            pdf.Signature(
                heading=f"{p.role},",
                name=p.name or "....................................",
                position="\n".join(part for part in (p.institution, p.position, signed) if part),
            )
        )
    return KeepTogether(pdf._signature_table(signatures, styles, align_right=False))


@translation.override("id")
def berita_acara_pdf(berita_acara: BeritaAcara) -> bytes:
    """Expects the berita acara with its run, agreement, parties and signatures loaded (or loadable)."""
    styles = pdf._styles()
    issuer = berita_acara.issuing_party.institution
    letterhead = pdf.Letterhead(
        name=issuer.name, address=issuer.address, phone=issuer.phone, email=issuer.email
    )
    people = _representatives(berita_acara)
    story = [
        *_opening(berita_acara, people, styles),
        *_body(berita_acara, styles),
        _signatures(people, styles),
    ]
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pdf.A4,
        leftMargin=pdf.MARGIN,
        rightMargin=pdf.MARGIN,
        topMargin=pdf.MARGIN + pdf.LETTERHEAD_HEIGHT - 10 * mm,
        bottomMargin=30 * mm,
        title=f"Berita Acara Hasil Pemadanan Data {berita_acara.number}",
        author=issuer.name,
        creator="Portal PKS",
    )
    paraf = _paraf_box(people, [_initials(p.name) for p in people])
    letterhead_page = pdf._draw_letterhead(letterhead)

    def first(canvas, doc_) -> None:
        letterhead_page(canvas, doc_)
        paraf(canvas, doc_)

    def later(canvas, doc_) -> None:
        pdf._draw_page_number(canvas, doc_)
        paraf(canvas, doc_)

    doc.build(story, onFirstPage=first, onLaterPages=later)
    return buffer.getvalue()
