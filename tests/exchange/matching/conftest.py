"""Fixtures of the matching tests: an agreement between Kemendes (PIHAK KESATU) and BKN (PIHAK KEDUA) in
force, a Lampiran in both directions, Kemendes's roster version and BKN's SIASN version of the same
fictional people with differences planted in the SIASN one, and helpers to run a match to its end.
"""

from __future__ import annotations

from datetime import date

import pytest

from agreements.choices import ObligationKind, Recurrence
from agreements.models import Agreement, AgreementParty, Obligation
from exchange.data import services as data_services
from exchange.data.models import AnnexField, DataField
from exchange.matching import services
from tests import helpers
from tests.exchange.matching.synthetic import persons

FIELDS = (
    "nipBaru", "nama", "gelarDepan", "gelarBelakang", "tglLahir", "jenisKelamin", "tmtCpns", "golRuangAkhir",
    "jabatanNama", "unorNama",
)  # fmt: skip
PEOPLE = 40


@pytest.fixture
def agreement(kemendes, bkn, kemendes_staf):
    agreement = Agreement.objects.create(
        title="Perjanjian Kerja Sama Uji Pemadanan Data ASN",
        signed_on=date(2023, 10, 9),
        signing_place="Jakarta",
        # In force today: differences become proposals only on an agreement in force.
        term_months=120,
        ends_on=date(2033, 10, 8),
        notice_deadline=date(2033, 9, 8),
    )
    first = AgreementParty.objects.create(agreement=agreement, institution=kemendes, order=1)
    second = AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2)
    fields = {f.code: f for f in DataField.objects.filter(code__in=FIELDS)}
    for provider, receiver in ((first, second), (second, first)):
        for code in FIELDS:
            AnnexField.objects.create(
                agreement=agreement, provider=provider, receiver=receiver, field=fields[code]
            )
    Obligation.objects.create(
        agreement=agreement,
        party=first,
        kind=ObligationKind.BERITA_ACARA,
        title="Menyampaikan berita acara hasil pemadanan data sesuai kebutuhan",
        recurrence=Recurrence.AS_NEEDED,
        per_year=0,
    )
    helpers.keep_teams(agreement)  # nobody acts but those the tests grant
    return agreement


@pytest.fixture
def kemendes_party(agreement, kemendes):
    return agreement.parties.get(institution=kemendes)


@pytest.fixture
def bkn_party(agreement, bkn):
    return agreement.parties.get(institution=bkn)


def roster_rows(n: int = PEOPLE) -> list[dict]:
    rows = []
    for record in persons(n, seed=3).to_dicts():
        record["nipBaru"] = record.pop("nip")
        rows.append(record)
    return rows


def siasn_rows(rows: list[dict]) -> list[dict]:
    """The same people as SIASN holds them: rank of person 0 and birth date of person 1 differ, the
    position of person 2 too, person 3 is missing, titles and case of person 4 differ in form only."""
    siasn = [dict(row) for row in rows]
    siasn[0]["golRuangAkhir"] = "IV/a" if siasn[0]["golRuangAkhir"] != "IV/a" else "III/d"
    y, m, d = siasn[1]["tglLahir"].split("-")
    siasn[1]["tglLahir"] = f"{y}-{m}-{'15' if d != '15' else '16'}"
    siasn[2]["jabatanNama"] = "Analis Kebijakan Ahli Muda"
    siasn[4]["nama"] = siasn[4]["nama"].upper()
    del siasn[3]
    return siasn


@pytest.fixture
def versions(agreement, kemendes_party, bkn_party, kemendes_staf):
    """(roster version, SIASN version)."""
    roster = data_services.dataset_for_direction(
        agreement=agreement, provider=kemendes_party, receiver=bkn_party
    )
    siasn = data_services.dataset_for_direction(
        agreement=agreement, provider=bkn_party, receiver=kemendes_party
    )
    rows = roster_rows()
    left = data_services.version_create(
        dataset=roster,
        rows=rows,
        source_kind="import",
        source_name="roster-psm.xlsx",
        acting_user=kemendes_staf,
    )
    right = data_services.version_create(
        dataset=siasn, rows=siasn_rows(rows), source_kind="sync", source_name="sinkronisasi-1"
    )
    return left, right


@pytest.fixture
def finished_run(agreement, versions, kemendes_staf, django_capture_on_commit_callbacks):
    """A run of the roster against SIASN, requested by Kemendes and worked to its end."""
    left, right = versions
    run = services.match_run_request(
        acting_user=kemendes_staf, agreement=agreement, left_version=left, right_version=right
    )
    services.match_run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def grant(user, agreement, *perms: str) -> None:
    helpers.grant(user, agreement, *(perms or ("handle_proposals", "view_personal_data")))
