"""The seed agreement built straight from the models, so these tests stand on their own.

Kemendes PDTT (PIHAK KESATU) and BKN (PIHAK KEDUA), signed in Jakarta on 9 October 2023 for 24 months:
last day in force 8 October 2025, written notice due 8 September 2025 (Pasal 6), Pasal 8 contacts
humas@kemendes.go.id and pdpik@bkn.go.id, and PIHAK KESATU's semester report (Pasal 3 ayat (2) huruf b)
due on the last day of each period anchored on the signing date, the first on 8 April 2024.
"""

from __future__ import annotations

from datetime import date

import pytest

from agreements import rules
from agreements.choices import ClauseTag, ObligationKind, Recurrence
from agreements.models import (
    Agreement,
    AgreementParty,
    Clause,
    Contact,
    ForceMajeure,
    Obligation,
    ObligationDue,
)

SIGNED = date(2023, 10, 9)
LAST_DAY = date(2025, 10, 8)
NOTICE_DEADLINE = date(2025, 9, 8)
NUMBER_KEMENDES = "26/HKM.07.01/X/2023"
NUMBER_BKN = "35/HM.04.01/2023"
TITLE = "Pertukaran dan Pemanfaatan Data dan/atau Informasi Aparatur Sipil Negara"


SEED_TAGGED_CLAUSES = (
    (6, "JANGKA WAKTU", [ClauseTag.TERM, ClauseTag.NOTICE]),
    (9, "KERAHASIAAN DAN KEAMANAN DATA", [ClauseTag.CONFIDENTIALITY]),
    (10, "KEADAAN KAHAR (FORCE MAJEURE)", [ClauseTag.FORCE_MAJEURE]),
)


def make_agreement(
    parties,
    *,
    signed_on: date | None = SIGNED,
    term_months: int = 24,
    title: str = TITLE,
    numbers=(NUMBER_KEMENDES, NUMBER_BKN),
    is_example: bool = False,
    contacts=(),
) -> Agreement:
    """An agreement with its parties (institutions in order), kept dates and Pasal 8 contacts."""
    agreement = Agreement(title=title, signed_on=signed_on, term_months=term_months, is_example=is_example)
    if signed_on:
        agreement.ends_on = rules.last_day_in_force(signed_on, term_months)
        agreement.notice_deadline = rules.notice_deadline(agreement.ends_on, agreement.notice_period_months)
    agreement.signing_place = "Jakarta"
    agreement.save()
    made = []
    for order, (institution, number) in enumerate(zip(parties, numbers, strict=False), start=1):
        made.append(
            AgreementParty.objects.create(
                agreement=agreement, institution=institution, order=order, number=number
            )
        )
    for party_index, unit, email in contacts:
        Contact.objects.create(
            agreement=agreement,
            party=made[party_index],
            unit=unit,
            email=email,
            valid_from=signed_on or date(2000, 1, 1),
        )
    return agreement


def add_semester_report(agreement: Agreement, party: AgreementParty) -> Obligation:
    obligation = Obligation.objects.create(
        agreement=agreement,
        party=party,
        kind=ObligationKind.REPORT,
        clause_ref="Pasal 3 ayat (2) huruf b",
        title="Laporan hasil pemanfaatan dan pertukaran data",
        recurrence=Recurrence.PERIODIC,
        per_year=2,
    )
    for period in agreement.periods(2):
        ObligationDue.objects.create(
            obligation=obligation,
            period_number=period.number,
            period_start=period.start,
            period_end=period.end,
            due_on=period.due,
        )
    return obligation


@pytest.fixture
def seed(kemendes, bkn):
    """The seed agreement as signed, with its Pasal 8 contacts and PIHAK KESATU's semester report."""
    agreement = make_agreement(
        [kemendes, bkn],
        contacts=[
            (0, "Kepala Biro Hubungan Masyarakat, Sekretariat Jenderal", "humas@kemendes.go.id"),
            (1, "Direktur Pengelolaan Data dan Penyajian Informasi Kepegawaian", "pdpik@bkn.go.id"),
        ],
    )
    add_semester_report(agreement, agreement.parties.get(order=1))
    # The articles the reminders cite, tagged as in the signed text.
    for number, title, tags in SEED_TAGGED_CLAUSES:
        Clause.objects.create(agreement=agreement, number=number, title=title, text=title, tags=tags)
    return agreement


def force_majeure(agreement: Agreement, order: int, occurred_on: date, user, **fields) -> ForceMajeure:
    return ForceMajeure.objects.create(
        agreement=agreement,
        party=agreement.parties.get(order=order),
        occurred_on=occurred_on,
        description="Banjir di pusat data",
        created_by=user,
        **fields,
    )
