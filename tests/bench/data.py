"""Big data sets for the benchmarks, written with bulk_create so that setting up takes seconds.

The rows look like what the services write (clocks from agreements.rules, dues from the agreement's
periods, parties in order, Pasal 8 contacts), so the pages and the reminder job read them as they would
read real data. Dates are counted from the day the benchmark runs: statuses and deadlines spread over the
whole life of an agreement, whatever that day is.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook

from agreements import rules, services
from agreements.choices import (
    DocumentKind,
    EventKind,
    LetterDirection,
    LetterKind,
    NoticeKind,
    ObligationKind,
    Recurrence,
)
from agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementParty,
    Contact,
    Dispute,
    Document,
    ForceMajeure,
    Letter,
    MonevSession,
    Notice,
    Obligation,
    ObligationDue,
    Paraf,
)
from tests.agreements.conftest import accept_invitations, manager_of
from tests.exchange.corrections.conftest import full_lampiran
from tests.helpers import grant, keep_teams

# Per agreement: PIHAK KESATU's and PIHAK KEDUA's semester reports, and monitoring twice a year.
OBLIGATIONS = (
    (1, ObligationKind.REPORT, "Pasal 3 ayat (2) huruf b", "Laporan hasil pemanfaatan data"),
    (2, ObligationKind.REPORT, "Pasal 3 ayat (3) huruf b", "Laporan pemberian akses data"),
    (1, ObligationKind.MONEV, "Pasal 7", "Pemantauan dan evaluasi bersama"),
)


def _email_of(institution) -> str:
    return f"kerjasama@{institution.short_name.split()[0].lower()}.example.go.id"


def agreements_bulk(count: int, *, today: date, own, partners, creator) -> list[Agreement]:
    """`count` agreements of `own` with one of `partners` each: two parties, a Pasal 8 contact per party,
    three periodic obligations with their dues; drafts, active, in notice, expired and terminated ones.

    Past dues are met, except on every tenth agreement (overdue); every fortieth has an open force majeure.
    """
    rows = []
    for i in range(count):
        signed = None if i % 25 == 24 else today - timedelta(days=20 + (i * 37) % 800)
        agreement = Agreement(
            title=f"Pertukaran dan Pemanfaatan Data Kepegawaian {i + 1}",
            purpose="Pemanfaatan data aparatur sipil negara untuk perencanaan kebutuhan pegawai.",
            signed_on=signed,
            signing_place="Jakarta",
            term_months=24,
            created_by=creator,
        )
        if signed:
            agreement.ends_on = rules.last_day_in_force(signed, agreement.term_months)
            agreement.notice_deadline = rules.notice_deadline(agreement.ends_on, 1)
            if i % 50 == 7:
                agreement.terminated_on = min(today - timedelta(days=10), agreement.ends_on)
        rows.append(agreement)
    agreements = Agreement.objects.bulk_create(rows)

    codes = {1: "HKM.07.01", 2: "HM.04.01"}
    parties = AgreementParty.objects.bulk_create(
        AgreementParty(
            agreement=agreement,
            institution=institution,
            order=order,
            number=f"{i + 1}/{codes[order]}/{(agreement.signed_on or today).year}",
            signatory_name=f"PENANDA TANGAN {institution.short_name.upper()}",
            signatory_position=f"Sekretaris {institution.name}",
            address=institution.address,
        )
        for i, agreement in enumerate(agreements)
        for order, institution in ((1, own), (2, partners[i % len(partners)]))
    )
    by_agreement: dict[int, dict[int, AgreementParty]] = {}
    for party in parties:
        by_agreement.setdefault(party.agreement_id, {})[party.order] = party

    Contact.objects.bulk_create(
        Contact(
            agreement=agreement,
            party=party,
            unit=f"Kepala Biro Kerja Sama {party.institution.short_name}",
            address=party.institution.address,
            phone="(021) 555 0100",
            email=_email_of(party.institution),
            valid_from=agreement.signed_on or today,
        )
        for agreement in agreements
        for party in by_agreement[agreement.pk].values()
    )

    obligations = Obligation.objects.bulk_create(
        Obligation(
            agreement=agreement,
            party=by_agreement[agreement.pk][order],
            kind=kind,
            clause_ref=clause,
            title=title,
            recurrence=Recurrence.PERIODIC,
            per_year=2,
        )
        for agreement in agreements
        if agreement.signed_on
        for order, kind, clause, title in OBLIGATIONS
    )
    by_pk = {agreement.pk: (i, agreement) for i, agreement in enumerate(agreements)}
    dues = []
    for obligation in obligations:
        i, agreement = by_pk[obligation.agreement_id]
        for period in agreement.periods(obligation.per_year):
            met = period.due < today and i % 10 != 3
            dues.append(
                ObligationDue(
                    obligation=obligation,
                    period_number=period.number,
                    period_start=period.start,
                    period_end=period.end,
                    due_on=period.due,
                    met_on=period.due - timedelta(days=3) if met else None,
                )
            )
    ObligationDue.objects.bulk_create(dues)

    ForceMajeure.objects.bulk_create(
        ForceMajeure(
            agreement=agreement,
            party=by_agreement[agreement.pk][2],
            occurred_on=today - timedelta(days=30),
            description="Gangguan pusat data akibat banjir",
            created_by=creator,
        )
        for i, agreement in enumerate(agreements)
        if agreement.signed_on and i % 40 == 5
    )
    return agreements


def rich_agreement(*, today: date, own, partner, creator, rows: int = 100) -> Agreement:
    """One agreement as the services build it, then, by bulk_create, what years of use leave on it:
    `rows` letters and documents (initialled by both parties) and three times as many events; a tenth as
    many monthly obligations (24 dues each, with their history), force majeure events and disputes; the
    standard report and monev dues, notices and monev sessions besides.
    """
    signed = today - timedelta(days=400)
    agreement = services.agreement_create(
        acting_user=creator,
        fields={
            "title": "PKS Data Kepegawaian Berjalan Lama",
            "signed_on": signed,
            "signing_place": "Jakarta",
        },
        parties=[
            {
                "institution": institution,
                "number": number,
                "signatory_name": f"PENANDA TANGAN {institution.short_name.upper()}",
                "signatory_position": f"Sekretaris {institution.name}",
                "address": institution.address,
            }
            for institution, number in ((own, "1/HKM.07.01/2025"), (partner, "2/HM.04.01/2025"))
        ],
        scope_items=["pertukaran data kepegawaian", "pemadanan data"],
        clauses=[{"number": n, "title": f"PASAL {n}", "text": f"Isi pasal {n}."} for n in range(1, 15)],
        standard_obligations=True,
    )
    accept_invitations(agreement)
    first, second = agreement.parties.order_by("order")
    for party in (first, second):
        services.contact_add(
            agreement=agreement,
            acting_user=creator
            if party.institution_id == creator.institution_id
            else manager_of(party.institution_id),
            party=party,
            unit=f"Kepala Biro Kerja Sama {party.institution.short_name}",
            address=party.institution.address,
            phone="(021) 555 0100",
            email=_email_of(party.institution),
            valid_from=signed,
        )
    many = max(rows // 10, 1)
    obligations = Obligation.objects.bulk_create(
        Obligation(
            agreement=agreement,
            party=first if n % 2 else second,
            kind=ObligationKind.OTHER,
            clause_ref=f"Pasal 4 ayat ({n + 1})",
            title=f"Pengiriman data bulanan {n + 1}",
            recurrence=Recurrence.PERIODIC,
            per_year=12,
        )
        for n in range(many)
    )
    dues = [
        ObligationDue(
            obligation=obligation,
            period_number=period.number,
            period_start=period.start,
            period_end=period.end,
            due_on=period.due,
            met_on=period.due - timedelta(days=1) if period.due < today and period.number % 3 else None,
        )
        for obligation in obligations
        for period in agreement.periods(12)
    ]
    ObligationDue.objects.bulk_create(dues)
    ObligationDue.history.bulk_history_create(dues, default_user=creator)

    documents = Document.objects.bulk_create(
        Document(
            agreement=agreement,
            kind=DocumentKind.LETTER if n % 2 else DocumentKind.MINUTES,
            title=f"Dokumen {n + 1}",
            file=f"documents/{signed:%Y/%m}/dokumen-{n + 1}.pdf",
            original_name=f"dokumen-{n + 1}.pdf",
            content_type="application/pdf",
            size=120_000 + n,
            sha256=f"{n:064x}",
            uploaded_by=creator,
        )
        for n in range(rows)
    )
    Document.history.bulk_history_create(documents, default_user=creator)
    Paraf.objects.bulk_create(
        Paraf(
            document=document,
            party=party,
            initialled_by=party.signatory_name,
            initialled_on=signed,
            recorded_by=creator,
        )
        for document in documents
        for party in (first, second)
    )
    Letter.objects.bulk_create(
        Letter(
            agreement=agreement,
            direction=LetterDirection.OUTGOING if n % 2 else LetterDirection.INCOMING,
            kind=LetterKind.GENERAL,
            issuer=(first if n % 2 else second).institution,
            number=f"{n + 1}/HKM.07.01/{signed.year}",
            dated_on=signed + timedelta(days=n),
            subject=f"Surat {n + 1}",
            body="Dengan hormat, bersama ini kami sampaikan data bulanan.",
            from_party=first if n % 2 else second,
            to_party=second if n % 2 else first,
            received_on=None if n % 2 else signed + timedelta(days=n + 2),
            document=None if n % 2 else documents[n],
            created_by=creator,
        )
        for n in range(rows)
    )
    AgreementEvent.objects.bulk_create(
        AgreementEvent(
            agreement=agreement,
            kind=EventKind.DUE_MET if n % 2 else EventKind.DOCUMENT_UPLOADED,
            actor=creator,
            summary=f"Peristiwa {n + 1}",
            data={"n": n},
        )
        for n in range(rows * 3)
    )
    events = ForceMajeure.objects.bulk_create(
        ForceMajeure(
            agreement=agreement,
            party=second,
            occurred_on=signed + timedelta(days=15 * n),
            notified_on=signed + timedelta(days=15 * n + 3),
            ended_on=signed + timedelta(days=15 * n + 5),
            description=f"Kejadian {n + 1}",
            created_by=creator,
        )
        for n in range(many)
    )
    ForceMajeure.history.bulk_history_create(events, default_user=creator)
    Notice.objects.bulk_create(
        Notice(
            agreement=agreement,
            kind=NoticeKind.RENEWAL,
            from_party=first,
            served_on=signed + timedelta(days=30 * n),
            created_by=creator,
        )
        for n in range(5)
    )
    Dispute.objects.bulk_create(
        Dispute(agreement=agreement, raised_by=first, subject=f"Selisih data {n + 1}", opened_on=signed)
        for n in range(many)
    )
    MonevSession.objects.bulk_create(
        MonevSession(
            agreement=agreement,
            held_on=signed + timedelta(days=180 * n),
            place="Jakarta",
            minutes="Data bulanan dikirim tepat waktu.",
            created_by=creator,
        )
        for n in range(3)
    )
    return agreement


# --- The exchange app ----------------------------------------------------------------------------------


def exchange_agreement(*, today: date, proposer, receiver, handlers) -> Agreement:
    """An agreement in force between two institutions; each handler may handle proposals and read
    personal data on it (as members of their party's team)."""
    signed = today - timedelta(days=200)
    ends = rules.last_day_in_force(signed, 24)
    agreement = Agreement.objects.create(
        title="PKS Pertukaran Data ASN",
        signed_on=signed,
        term_months=24,
        ends_on=ends,
        notice_deadline=rules.notice_deadline(ends, 1),
        signing_place="Jakarta",
    )
    AgreementParty.objects.create(agreement=agreement, institution=proposer, order=1, number="1/HKM/2026")
    AgreementParty.objects.create(agreement=agreement, institution=receiver, order=2, number="2/HM/2026")
    full_lampiran(agreement)  # proposals name only elements of the Lampiran in their direction
    keep_teams(agreement)
    for user in handlers:
        grant(user, agreement, "handle_proposals", "view_personal_data")
    return agreement


def nip_number(n: int) -> str:
    """A valid, clearly fictional NIP per n: born from 1 January 1980 on, appointed March 2005."""
    born = date(1980, 1, 1) + timedelta(days=n)
    return f"{born:%Y%m%d}200503{1 + n % 2}{1 + n % 999:03d}"


IMPORT_FIELDS = (
    ("jabatanFungsionalNama", "Pelaksana", "Analis Sumber Daya Manusia Aparatur Ahli Pertama"),
    ("golRuangAkhir", "III/a", "III/b"),
    ("unorNama", "Bagian Umum", "Biro Kepegawaian"),
    ("tmtJabatan", "2022-01-01", "2022-03-01"),
)


def import_sheet(rows: int) -> bytes:
    """An import file of `rows` rows, one person per row (the heaviest case: one proposal per row)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Usulan")
    sheet.append(["NIP", "Nama ASN", "Kode elemen data", "Nilai saat ini", "Nilai usulan", "Alasan"])
    for n in range(rows):
        code, current, proposed = IMPORT_FIELDS[n % len(IMPORT_FIELDS)]
        sheet.append(
            [nip_number(n), f"ASN Contoh {n + 1}", code, current, proposed, "SK terlampir pada usulan."]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# --- Proposals at a ministry's scale ------------------------------------------------------------------

# What a lane's proposals go through, by the proposal's number modulo 10: most of them are open (the
# inbox's work), a few finished, one in ten a draft the receiving party does not see.
_SCALE_STATUSES = (
    "submitted",
    "submitted",
    "submitted",
    "review",
    "info_needed",
    "accepted",
    "rejected",
    "closed",
    "applied",
    "draft",
)
_FIRST_NAMES = ("Andi", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hana", "Indra", "Joko", "Kartika")
_LAST_NAMES = ("Saputra", "Wijaya", "Lestari", "Pratama", "Hidayat", "Nugroho", "Rahmawati", "Siregar")


def proposals_at_scale(n: int, *, lanes, author, assignee, fields, today: date, tag: str = "scale") -> int:
    """`n` proposals with two items and one comment each, written by INSERT ... SELECT generate_series on
    PostgreSQL (a million in well under a minute), then ANALYZEd so that the planner sees the real sizes.

    `lanes` are (agreement, proposing party, receiving party, weight) tuples: a proposal's lane is chosen by
    its number divided by ten (the status goes by the last digit), `weight` of every sum-of-weights blocks of
    ten in each. Names are Indonesian first and last
    names with the number (so a name search finds a few, not all); NIPs are valid and fictional
    (`nip_number`); every third row shares its created_at with the next two (ties for the tie-breaker).
    Returns the number of proposals written.
    """
    from django.db import connection

    assert connection.vendor == "postgresql", "proposals_at_scale writes PostgreSQL SQL"
    slots = [index for index, lane in enumerate(lanes) for _ in range(lane[3])]
    agreements = [lanes[i][0].pk for i in slots]
    proposers = [lanes[i][1].pk for i in slots]
    receivers = [lanes[i][2].pk for i in slots]
    first_field, second_field = fields
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO exchange_proposal (
                agreement_id, proposing_party_id, receiving_party_id, nip, person_name, reason, status,
                assignee_id, working_days, submitted_on, due_on, decision_note, rejection_reason,
                applied_reference, withdrawal_reason, message_id, created_by_id, created_at, updated_at
            )
            SELECT
                (%(agreements)s::bigint[])[1 + (g / 10) %% %(slots)s],
                (%(proposers)s::bigint[])[1 + (g / 10) %% %(slots)s],
                (%(receivers)s::bigint[])[1 + (g / 10) %% %(slots)s],
                to_char(DATE '1970-01-01' + (g %% 12000), 'YYYYMMDD') || '200503' || (1 + g %% 2)::text
                    || lpad((1 + g %% 999)::text, 3, '0'),
                (%(first)s::text[])[1 + g %% %(nfirst)s] || ' '
                    || (%(last)s::text[])[1 + (g / 7) %% %(nlast)s] || ' ' || g::text,
                'SK terlampir pada usulan.',
                (%(statuses)s::text[])[1 + g %% 10],
                CASE WHEN g %% 3 = 0 THEN %(assignee)s::bigint END,
                10,
                CASE WHEN g %% 10 <> 9 THEN %(today)s::date - (g %% 60) END,
                CASE WHEN g %% 10 <> 9 THEN %(today)s::date + (g %% 60) - 30 END,
                '',
                CASE WHEN g %% 10 = 6 THEN 'Data pendukung tidak sesuai.' ELSE '' END,
                '',
                '',
                '<' || %(tag)s || '-' || g::text || '@uji>',
                %(author)s,
                %(now)s::timestamptz - make_interval(mins => (%(n)s - g) / 3),
                %(now)s::timestamptz
            FROM generate_series(1, %(n)s) AS g
            """,
            {
                "agreements": agreements,
                "proposers": proposers,
                "receivers": receivers,
                "slots": len(slots),
                "first": list(_FIRST_NAMES),
                "nfirst": len(_FIRST_NAMES),
                "last": list(_LAST_NAMES),
                "nlast": len(_LAST_NAMES),
                "statuses": list(_SCALE_STATUSES),
                "assignee": assignee.pk,
                "today": today,
                "tag": tag,
                "author": author.pk,
                "now": datetime.combine(today, time(9), tzinfo=timezone.get_current_timezone()),
                "n": n,
            },
        )
        written = cursor.rowcount
        mine = "message_id LIKE %(pattern)s"
        pattern = {"pattern": f"<{tag}-%"}
        cursor.execute(
            f"""
            INSERT INTO exchange_proposalitem (proposal_id, field_id, current_value, proposed_value, "order")
            SELECT p.id, f.field_id, f.current_value, f.proposed_value, f.ord
            FROM exchange_proposal p
            CROSS JOIN (VALUES (%(first)s::bigint, 'III/a', 'III/b', 0), (%(second)s::bigint, 'Penata Muda',
                'Penata Muda Tingkat I', 1)) AS f(field_id, current_value, proposed_value, ord)
            WHERE p.{mine}
            """,  # noqa: S608 (our own constant)
            {**pattern, "first": first_field.pk, "second": second_field.pk},
        )
        cursor.execute(
            f"""
            INSERT INTO exchange_proposalcomment (proposal_id, author_id, institution_id, visibility, body,
                created_at)
            SELECT p.id, %(author)s, %(institution)s,
                CASE WHEN p.id %% 2 = 0 THEN 'shared' ELSE 'internal' END, 'Mohon segera diproses.',
                p.created_at
            FROM exchange_proposal p WHERE p.{mine}
            """,  # noqa: S608 (our own constant)
            {**pattern, "author": author.pk, "institution": author.institution_id},
        )
        for table in ("exchange_proposal", "exchange_proposalitem", "exchange_proposalcomment"):
            cursor.execute(f"ANALYZE {table}")  # noqa: S608 (our own constant)
    return written
