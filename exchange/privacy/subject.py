"""The subject access report (UU PDP Pasal 32): every logged read or delivery of one person's data under one
agreement, from the three logs the portal keeps: the data sets' hash-chained access log (pages, searches,
downloaded files), the correction proposals' access log (pages, exports, evidence) and the web service's
exchange log (the keyed hash of each person served). Then the PDF that answers the request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from agreements.letters import agreement_reference
from agreements.models import Agreement
from exchange.api.credentials import person_hash
from exchange.api.models import ExchangeLogPerson
from exchange.corrections.choices import AccessAction as TicketAction
from exchange.corrections.models import PersonalDataAccess, Proposal
from exchange.data.choices import AccessAction
from exchange.data.models import DataAccess, Record
from exchange.privacy.models import SubjectAccessRequest
from portal.lib import pdf
from portal.lib.text_id import format_date

ANSWER_WITHIN = timedelta(hours=72)
FILE_ACTIONS = {AccessAction.DOWNLOAD.value}
EXPORT_ACTIONS = {TicketAction.EXPORT.value, TicketAction.EVIDENCE.value}


@dataclass(frozen=True)
class Read:
    """One read or delivery of the person's data: when, by whom (a person or a partner system), how, why."""

    at: datetime
    who: str
    institution: str
    channel: str  # "page", "export", "file" or "web_service"
    detail: str


def channel_label(code: str) -> str:
    return {
        "page": _("Halaman portal"),
        "export": _("Ekspor"),
        "file": _("Berkas himpunan data"),
        "web_service": _("Layanan web"),
    }[code]


def _person(user) -> tuple[str, str]:
    institution = user.institution.short_name or user.institution.name if user.institution_id else ""
    return user.get_full_name() or user.username, institution


def reads_of(agreement: Agreement, nip: str) -> list[Read]:
    """Every logged read of the NIP's data under the agreement, oldest first (a fixed number of queries)."""
    records = dict(
        Record.objects.filter(version__dataset__agreement=agreement, nip=nip).values_list("pk", "version_id")
    )
    reads: list[Read] = []
    data_actions = dict(AccessAction.choices)
    for row in DataAccess.objects.filter(version_id__in=set(records.values())).select_related(
        "user__institution", "version__dataset"
    ):
        whole_file = row.action in FILE_ACTIONS
        if not whole_file and not set(row.record_ids or ()) & records.keys():
            continue
        who, institution = _person(row.user)
        reads.append(
            Read(
                row.occurred_at,
                who,
                institution,
                "file" if whole_file else "page",
                f"{data_actions.get(row.action, row.action)}: "
                f"{row.version.dataset.name} v{row.version.number}",
            )
        )
    proposals = dict(Proposal.objects.filter(agreement=agreement, nip=nip).values_list("pk", "created_at"))
    if proposals:
        ticket_actions = dict(TicketAction.choices)
        since = min(proposals.values())
        for row in PersonalDataAccess.objects.filter(occurred_at__gte=since).select_related(
            "user__institution"
        ):
            if row.proposal_id not in proposals and not set(row.proposal_ids or ()) & proposals.keys():
                continue
            who, institution = _person(row.user)
            channel = "export" if row.action in EXPORT_ACTIONS else "page"
            reads.append(
                Read(
                    row.occurred_at,
                    who,
                    institution,
                    channel,
                    _("%(action)s (usulan perbaikan data)")
                    % {"action": ticket_actions.get(row.action, row.action)},
                )
            )
    served = ExchangeLogPerson.objects.filter(
        nip_hash=person_hash(nip), log__agreement=agreement
    ).select_related("log__client", "log__receiver__institution")
    for person in served:
        log = person.log
        receiver = log.receiver.institution if log.receiver_id else None
        reads.append(
            Read(
                log.occurred_at,
                log.client.name if log.client_id else _("(klien tidak dikenal)"),
                (receiver.short_name or receiver.name) if receiver else "",
                "web_service",
                _("%(endpoint)s, tujuan %(purpose)s")
                % {"endpoint": log.get_endpoint_display(), "purpose": log.purpose or "-"},
            )
        )
    return sorted(reads, key=lambda read: read.at)


def _cell(text: str, styles) -> Paragraph:
    return Paragraph(pdf._text(str(text)), styles["cell"])


@translation.override("id")
def subject_access_pdf(request: SubjectAccessRequest, reads: list[Read], *, answered_at: datetime) -> bytes:
    """The answer to the subject: letterhead, number, date, the person by NIP, every read in a table."""
    from reportlab.lib.styles import ParagraphStyle

    styles = pdf._styles()
    styles["cell"] = ParagraphStyle("cell", parent=styles["body"], fontSize=9, leading=11)
    issuer = request.party.institution
    width = pdf.PAGE_WIDTH - 2 * pdf.MARGIN
    day = timezone.localdate(answered_at)
    intro = _(
        "Menanggapi permintaan %(requester)s yang diterima pada %(received)s, berdasarkan Pasal 32 "
        "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, bersama ini disampaikan daftar "
        "setiap akses dan penyerahan data pribadi atas NIP %(nip)s dalam pelaksanaan %(agreement)s, "
        "sebagaimana tercatat pada log akses dan log pertukaran Portal PKS."
    ) % {
        "requester": request.requester,
        "received": f"{format_date(timezone.localdate(request.received_at))} "
        f"{timezone.localtime(request.received_at):%H.%M} WIB",
        "nip": request.nip,
        "agreement": agreement_reference(request.agreement),
    }
    rows = [[_cell(h, styles) for h in (_("No."), _("Waktu"), _("Oleh"), _("Saluran"), _("Keterangan"))]]
    for index, read in enumerate(reads, start=1):
        local = timezone.localtime(read.at)
        rows.append(
            [
                _cell(str(index), styles),
                _cell(f"{format_date(local.date())} {local:%H.%M}", styles),
                _cell(f"{read.who} ({read.institution})" if read.institution else read.who, styles),
                _cell(channel_label(read.channel), styles),
                _cell(read.detail, styles),
            ]
        )
    table = Table(rows, colWidths=[width * w for w in (0.07, 0.2, 0.25, 0.16, 0.32)], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ]
        )
    )
    signer = request.handler
    story = [
        Paragraph(pdf._text(_("LAPORAN AKSES DATA PRIBADI SUBJEK DATA")), styles["heading"]),
        Paragraph(pdf._text(f"{_('NOMOR')} : {request.number}"), styles["center"]),
        Spacer(1, 6 * mm),
        Paragraph(pdf._text(intro), styles["justify"]),
        table if reads else Paragraph(pdf._text(_("Tidak ada akses yang tercatat.")), styles["body"]),
        Spacer(1, 4 * mm),
        Paragraph(
            pdf._text(
                _("Jumlah akses dan penyerahan tercatat: %(n)s. Laporan ini disusun pada %(day)s.")
                % {"n": len(reads), "day": format_date(day)}
            ),
            styles["justify"],
        ),
        Spacer(1, 6 * mm),
        KeepTogether(
            pdf._signature_table(
                [
                    pdf.Signature(
                        heading=f"{request.agreement.signing_place or 'Jakarta'}, {format_date(day)}",
                        name=signer.get_full_name() or signer.username,
                        position="\n".join(p for p in (signer.position, issuer.name) if p),
                    )
                ],
                styles,
                align_right=True,
            )
        ),
    ]
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pdf.A4,
        leftMargin=pdf.MARGIN,
        rightMargin=pdf.MARGIN,
        topMargin=pdf.MARGIN + pdf.LETTERHEAD_HEIGHT - 10 * mm,
        bottomMargin=20 * mm,
        title=f"Laporan Akses Data Pribadi {request.number}",
        author=issuer.name,
        creator="Portal PKS",
    )
    letterhead = pdf.Letterhead(
        name=issuer.name, address=issuer.address, phone=issuer.phone, email=issuer.email
    )
    doc.build(story, onFirstPage=pdf._draw_letterhead(letterhead), onLaterPages=pdf._draw_page_number)
    return buffer.getvalue()
