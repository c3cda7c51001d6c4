"""The disclosures section of the semester report, plugged in through `registry.report_sections`."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from exchange.privacy.choices import DisclosureBasis
from exchange.privacy.models import Disclosure
from portal.lib.report import Section, Table
from portal.lib.text_id import format_date


def collect(agreement_id: int, start: date, end: date) -> dict:
    rows = Disclosure.objects.filter(
        agreement_id=agreement_id, disclosed_on__gte=start, disclosed_on__lte=end
    ).order_by("disclosed_on", "pk")
    return {
        "disclosures": [
            [d.disclosed_on.isoformat(), d.basis, d.basis_reference, d.recipient, d.what[:300], d.approved_by]
            for d in rows
        ]
    }


def present(figures: dict) -> Section:
    bases = dict(DisclosureBasis.choices)
    rows = figures["disclosures"]
    return Section(
        code="disclosures",
        title=_("Pengungkapan data di luar perjanjian"),
        intro=_(
            "Pengungkapan data kepada pihak lain hanya atas persetujuan tertulis PARA PIHAK, perintah "
            "pengadilan, atau ketentuan peraturan perundang-undangan (Pasal 9 ayat (3))."
        ),
        summary=[(_("Pengungkapan"), len(rows))],
        tables=[
            Table(
                _("Register pengungkapan"),
                [_("Tanggal"), _("Dasar"), _("Penerima"), _("Data"), _("Disetujui oleh")],
                [
                    [format_date(date.fromisoformat(day)), f"{bases.get(basis, basis)} {ref}", to, what, by]
                    for day, basis, ref, to, what, by in rows
                ],
                _("Tidak ada pengungkapan data pada periode ini."),
            )
        ],
    )
