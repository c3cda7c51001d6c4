"""The disclosures section of the semester report, plugged in through `registry.report_sections`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.privacy.choices import DisclosureBasis
from exchange.privacy.models import Disclosure, Incident
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


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """A period's local days as [first day 00:00, day after the last 00:00)."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def collect_incidents(agreement_id: int, start: date, end: date) -> dict:
    since, until = bounds(start, end)
    rows = Incident.objects.filter(
        agreement_id=agreement_id, discovered_at__gte=since, discovered_at__lt=until
    ).order_by("discovered_at", "pk")
    return {
        "incidents": [
            [
                timezone.localtime(i.discovered_at).date().isoformat(),
                i.subjects_count,
                i.is_notified and not i.is_late(i.notify_by),
                i.closed_at is not None,
                i.description[:200],
            ]
            for i in rows
        ]
    }


def present_incidents(figures: dict) -> Section:
    rows = figures["incidents"]
    return Section(
        code="incidents",
        title=_("Insiden data pribadi"),
        intro=_(
            "Dugaan kebocoran atau kegagalan pelindungan data pribadi, dengan pemberitahuan tertulis kepada "
            "pihak lain dan subjek data dalam 3×24 jam (UU 27/2022 Pasal 46)."
        ),
        summary=[
            (_("Insiden"), len(rows)),
            (_("Diberitahukan tepat waktu"), sum(1 for row in rows if row[2])),
            (_("Ditutup"), sum(1 for row in rows if row[3])),
        ],
        tables=[
            Table(
                _("Register insiden"),
                [_("Diketahui"), _("Subjek terdampak"), _("Tepat waktu"), _("Ditutup"), _("Uraian")],
                [
                    [
                        format_date(date.fromisoformat(d)),
                        n,
                        _("ya") if ok else _("tidak"),
                        _("ya") if c else _("belum"),
                        t,
                    ]
                    for d, n, ok, c, t in rows
                ],
                _("Tidak ada insiden pada periode ini."),
            )
        ],
    )
