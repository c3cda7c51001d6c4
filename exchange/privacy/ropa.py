"""The record of processing activities (UU PDP Pasal 31) of one agreement, generated from what the portal
knows: the parties, the purposes (scope items), the data elements per direction with their sensitivity, the
systems that process them (web-service clients, SIASN connections), the retention; and the DPIA note of the
matching runs, which UU PDP Pasal 34 ayat (2) counts as high-risk processing (matching of personal data from
several sources). Exported as XLSX."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from agreements.models import Agreement
from exchange.api.models import ApiClient
from exchange.data.models import AnnexField
from exchange.matching.models import MatchRun
from exchange.partners.models import SiasnCredential
from exchange.privacy.models import Retention
from portal.lib.text_id import format_date

BOLD = Font(bold=True)

DPIA_SAFEGUARDS = (
    "Pemadanan hanya atas elemen data dalam Lampiran, di dalam Portal PKS, oleh pengguna para pihak; "
    "hasil per orang disamarkan tanpa hak akses data pribadi dan setiap pembacaan tercatat pada log akses "
    "berantai hash; hasil dipakai hanya untuk usulan perbaikan data (Pasal 9 ayat (2)); data dihapus setelah "
    "masa retensi berakhir."
)


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append(row)
    for index, _header in enumerate(header):
        sheet.column_dimensions[chr(ord("A") + index)].width = 28 if index else 36


def ropa_xlsx(agreement: Agreement) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = _("Kegiatan pemrosesan")
    retention = Retention.objects.filter(agreement=agreement).first()
    parties = list(agreement.parties.select_related("institution").order_by("order"))
    for label, value in (
        (_("Perjanjian"), agreement.title),
        (_("Para pihak"), "; ".join(f"{p.role_name}: {p.institution.name}" for p in parties)),
        (_("Berlaku"), f"{format_date(agreement.starts_on)} – {format_date(agreement.last_day_in_force)}"),
        (
            _("Dasar pemrosesan"),
            _("Perjanjian Kerja Sama (Pasal 1, 2, 9); UU 27/2022 Pasal 20 ayat (2) huruf e"),
        ),
        (_("Retensi setelah berakhir (hari)"), retention.days if retention else Retention.DEFAULT_DAYS),
    ):
        cover.append([label, value])
    for cell in cover["A"]:
        cell.font = BOLD
    cover.column_dimensions["A"].width = 32
    cover.column_dimensions["B"].width = 100
    _sheet(
        book,
        _("Tujuan"),
        [_("Butir"), _("Tujuan (ruang lingkup, Pasal 2)")],
        [[item.letter, item.text] for item in agreement.scope_items.order_by("order")],
    )
    annex = AnnexField.objects.filter(agreement=agreement).select_related(
        "provider__institution", "receiver__institution", "field"
    )
    _sheet(
        book,
        _("Elemen data"),
        [_("Pemberi"), _("Penerima"), _("Kode"), _("Elemen data"), _("Sifat")],
        [
            [
                a.provider.institution.name,
                a.receiver.institution.name,
                a.field.code,
                a.field.label,
                a.field.get_sensitivity_display(),
            ]
            for a in annex.order_by("provider__order", "field__order")
        ],  # fmt: skip
    )
    systems = [
        [_("Layanan web"), c.name, c.receiver.institution.name, _("dicabut") if c.revoked_at else _("aktif")]
        for c in ApiClient.objects.filter(agreement=agreement).select_related("receiver__institution")
    ] + [
        [_("Sinkronisasi SIASN"), c.gateway_url, c.party.institution.name, ""]
        for c in SiasnCredential.objects.filter(agreement=agreement).select_related("party__institution")
    ]
    _sheet(book, _("Sistem"), [_("Jenis"), _("Sistem"), _("Pihak"), _("Status")], systems)
    runs = MatchRun.objects.filter(agreement=agreement).order_by("created_at")
    _sheet(
        book,
        _("DPIA pemadanan"),
        [_("Pemadanan"), _("Tanggal"), _("Status"), _("Orang"), _("Risiko"), _("Pengamanan")],
        [
            [
                run.reference,
                format_date(run.created_at.date()),
                run.get_status_display(),
                int((run.counts or {}).get("left", 0)) + int((run.counts or {}).get("right", 0)),
                _("Tinggi: pemadanan data pribadi dari beberapa sumber (UU 27/2022 Pasal 34 ayat (2))"),
                DPIA_SAFEGUARDS,
            ]
            for run in runs
        ],  # fmt: skip
    )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
