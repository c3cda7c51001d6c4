"""The end of an agreement's term (Pasal 6 ayat (3), Pasal 9 ayat (6)), run by a daily job:

1. On the first day the agreement is no longer in force: every web-service client of the agreement is
   revoked (its tokens stop working with their next request), the SIASN credentials kept for it are wiped
   (the sealed keys, password and tokens), its sync schedules are switched off and its open sync runs
   stopped.
2. Once the retention the parties set has run out: every data set version the parties received under the
   agreement loses its records, and each receiving party gets a numbered deletion certificate (PDF, filed
   with the agreement) that lists what was deleted, when, and the SHA-256 of each version as it was loaded.

The confidentiality duties themselves survive the end: the privacy page keeps showing them.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from io import BytesIO

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from agreements.choices import EventKind
from agreements.letters import agreement_reference
from agreements.models import Agreement, AgreementParty
from agreements.services import letter_number_draw
from agreements.services._common import record_event
from exchange.api.models import ApiClient
from exchange.api.services import api_client_revoke
from exchange.data.choices import VersionStatus
from exchange.data.models import DataSetVersion
from exchange.data.services import version_purge
from exchange.partners.models import SiasnCredential
from exchange.privacy.models import DeletionCertificate, Retention, TermEnd
from exchange.sync.choices import OPEN_STATUSES
from exchange.sync.models import SyncRun, SyncSchedule
from portal.lib import pdf
from portal.lib.report import number
from portal.lib.text_id import format_date

SEALED = (
    "consumer_key_sealed",
    "consumer_secret_sealed",
    "sso_username_sealed",
    "sso_password_sealed",
    "sso_token_sealed",
    "gateway_token_sealed",
)


def ended_agreements(today: date):
    """Signed agreements whose last day in force is before today."""
    return Agreement.objects.filter(signed_on__isnull=False).filter(
        Q(terminated_on__lt=today) | Q(ends_on__lt=today)
    )


def retention_days(agreement: Agreement) -> int:
    row = Retention.objects.filter(agreement=agreement).first()
    return row.days if row else Retention.DEFAULT_DAYS


@transaction.atomic
def term_end_close(*, agreement: Agreement, now: datetime | None = None) -> TermEnd | None:
    """Revoke and stop what the ended agreement still allowed; None when it was done already."""
    now = now or timezone.now()
    last_day = agreement.last_day_in_force
    if last_day is None or last_day >= timezone.localdate(now):
        return None
    if TermEnd.objects.filter(agreement=agreement).exists():
        return None
    reason = _("Perjanjian berakhir (hari terakhir berlaku %(day)s)") % {"day": format_date(last_day)}
    clients = 0
    for client in ApiClient.objects.filter(agreement=agreement, revoked_at__isnull=True):
        api_client_revoke(client=client, acting_user=None, reason=reason, now=now)
        clients += 1
    credentials = SiasnCredential.objects.filter(agreement=agreement).update(
        **dict.fromkeys(SEALED, ""), sso_token_expires_at=None, gateway_token_expires_at=None
    )
    schedules = SyncSchedule.objects.filter(agreement=agreement, enabled=True).update(enabled=False)
    runs = SyncRun.objects.filter(agreement=agreement, status__in=OPEN_STATUSES).update(
        status="failed", error="agreement_ended", lease_until=None, next_attempt_at=None, finished_at=now
    )
    days = retention_days(agreement)
    try:
        with transaction.atomic():
            term_end = TermEnd.objects.create(
                agreement=agreement,
                last_day=last_day,
                revoked_at=now,
                revoked={
                    "api_clients": clients,
                    "credentials": credentials,
                    "schedules": schedules,
                    "sync_runs": runs,
                },
                retention_days=days,
                purge_on=last_day + timedelta(days=days + 1),
            )
    except IntegrityError:
        return None  # another worker closed it first; its revocations are the same
    record_event(
        agreement,
        EventKind.UPDATED,
        None,
        _(
            "Perjanjian tidak berlaku lagi: %(clients)s klien layanan web dicabut, "
            "%(credentials)s kredensial SIASN dihapus, sinkronisasi dihentikan; data yang diterima dihapus "
            "pada %(day)s."
        )
        % {"clients": clients, "credentials": credentials, "day": format_date(term_end.purge_on)},
        term_end=term_end.pk,
    )
    return term_end


def _lines(party: AgreementParty, agreement: Agreement) -> list[DataSetVersion]:
    return list(
        DataSetVersion.objects.filter(
            dataset__agreement=agreement,
            dataset__receiver=party,
            status__in=[VersionStatus.READY, VersionStatus.FAILED],
        )
        .select_related("dataset__provider__institution")
        .order_by("dataset__name", "number")
    )


@transaction.atomic
def term_end_purge(*, term_end: TermEnd, now: datetime | None = None) -> list[DeletionCertificate]:
    """Purge the data sets received under the ended agreement and certify it, once per receiving party."""
    term_end = TermEnd.objects.select_for_update().select_related("agreement").get(pk=term_end.pk)
    if term_end.purged_at is not None:
        return []
    now = now or timezone.now()
    agreement = term_end.agreement
    certificates = []
    for party in agreement.parties.select_related("institution"):
        versions = _lines(party, agreement)
        if not versions:
            continue
        lines = [
            {
                "dataset": v.dataset.name,
                "provider": v.dataset.provider.institution.name,
                "version": v.number,
                "rows": v.row_count,
                "sha256": v.checksum,
                "loaded": timezone.localtime(v.created_at).date().isoformat(),
            }
            for v in versions
        ]
        for version in versions:
            version_purge(version=version, now=now)
        _seq, number_ = letter_number_draw(party.institution, timezone.localdate(now))
        certificate = DeletionCertificate(
            term_end=term_end, party=party, number=number_, issued_at=now, lines=lines
        )
        certificate.pdf = certificate_pdf(certificate)
        certificate.sha256 = hashlib.sha256(certificate.pdf).hexdigest()
        certificate.save()
        record_event(
            agreement,
            EventKind.UPDATED,
            None,
            _("Data yang diterima %(party)s dihapus; sertifikat penghapusan %(number)s diterbitkan")
            % {"party": party.role_name, "number": number_},
            certificate=certificate.pk,
            sha256=certificate.sha256,
        )
        certificates.append(certificate)
    term_end.purged_at = now
    term_end.save(update_fields=["purged_at"])
    return certificates


def term_ends_sweep(*, today: date, now: datetime | None = None) -> str:
    """The daily job: close every agreement that ended, purge every one whose retention ran out."""
    open_ones = ended_agreements(today).exclude(pk__in=TermEnd.objects.values("agreement"))
    closed = sum(1 for agreement in open_ones if term_end_close(agreement=agreement, now=now))
    purged = 0
    for term_end in TermEnd.objects.filter(purge_on__lte=today, purged_at__isnull=True):
        term_end_purge(term_end=term_end, now=now)
        purged += 1
    return f"closed={closed} purged={purged}"


def _loaded(line: dict) -> str:
    return format_date(date.fromisoformat(line["loaded"]))


@translation.override("id")
def certificate_pdf(certificate: DeletionCertificate) -> bytes:
    """Letterhead of the receiving party, number, date, what was deleted with its checksums, by whom."""
    from reportlab.lib.styles import ParagraphStyle

    styles = pdf._styles()
    styles["cell"] = ParagraphStyle("cell", parent=styles["body"], fontSize=8, leading=10)
    term_end, party = certificate.term_end, certificate.party
    agreement = term_end.agreement
    issued = timezone.localtime(certificate.issued_at)
    width = pdf.PAGE_WIDTH - 2 * pdf.MARGIN
    intro = _(
        "Dengan berakhirnya %(agreement)s pada %(last)s, dan setelah masa retensi %(days)s hari yang "
        "ditetapkan PARA PIHAK, Portal PKS atas nama %(institution)s selaku %(role)s telah menghapus seluruh "
        "rekaman data yang diterima berdasarkan perjanjian tersebut pada %(day)s pukul %(time)s WIB, "
        "sebagai berikut:"
    ) % {
        "agreement": agreement_reference(agreement),
        "last": format_date(term_end.last_day),
        "days": term_end.retention_days,
        "institution": party.institution.name,
        "role": party.role_name,
        "day": format_date(issued.date()),
        "time": issued.strftime("%H.%M"),
    }

    def cell(value) -> Paragraph:
        return Paragraph(pdf._text(str(value)), styles["cell"])

    rows = [
        [cell(h) for h in (_("No."), _("Himpunan data"), _("Versi"), _("Rekaman"), _("SHA-256 saat dimuat"))]
    ]
    for index, line in enumerate(certificate.lines, start=1):
        rows.append(
            [
                cell(index),
                cell(f"{line['dataset']} ({line['provider']}, {_loaded(line)})"),
                cell(line["version"]),
                cell(number(line["rows"])),
                cell(line["sha256"] or "-"),
            ]
        )
    table = Table(rows, colWidths=[width * w for w in (0.06, 0.34, 0.08, 0.12, 0.40)], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ]
        )
    )
    survives = _(
        "Penghapusan ini tidak mengakhiri kewajiban kerahasiaan: kewajiban Pasal 9 tetap berlaku setelah "
        "Perjanjian Kerja Sama berakhir (Pasal 9 ayat (6))."
    )
    story = [
        Paragraph(pdf._text(_("SERTIFIKAT PENGHAPUSAN DATA")), styles["heading"]),
        Paragraph(pdf._text(f"{_('NOMOR')} : {certificate.number}"), styles["center"]),
        Spacer(1, 6 * mm),
        Paragraph(pdf._text(intro), styles["justify"]),
        table,
        Spacer(1, 4 * mm),
        Paragraph(
            pdf._text(
                _("Jumlah versi dihapus: %(n)s; jumlah rekaman dihapus: %(rows)s.")
                % {
                    "n": len(certificate.lines),
                    "rows": number(sum(line["rows"] for line in certificate.lines)),
                }
            ),
            styles["justify"],
        ),
        Paragraph(pdf._text(survives), styles["justify"]),
        Spacer(1, 6 * mm),
        pdf._signature_table(
            [
                pdf.Signature(
                    heading=f"{agreement.signing_place or 'Jakarta'}, {format_date(issued.date())}\n"
                    f"{party.role_name},",
                    name=_("Portal PKS"),
                    position="\n".join((party.institution.name, _("penghapusan otomatis oleh sistem"))),
                )
            ],
            styles,
            align_right=True,
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
        title=f"Sertifikat Penghapusan Data {certificate.number}",
        author=party.institution.name,
        creator="Portal PKS",
    )
    issuer = party.institution
    letterhead = pdf.Letterhead(
        name=issuer.name, address=issuer.address, phone=issuer.phone, email=issuer.email
    )
    doc.build(story, onFirstPage=pdf._draw_letterhead(letterhead), onLaterPages=pdf._draw_page_number)
    return buffer.getvalue()
