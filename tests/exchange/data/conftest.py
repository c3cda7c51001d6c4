"""Fixtures of the data-set tests: an agreement between Kemendes (PIHAK KESATU) and BKN (PIHAK KEDUA) with
a Lampiran in both directions (the seed's), and helpers that make valid fictional people.
"""

from __future__ import annotations

from datetime import date

import pytest
from guardian.shortcuts import assign_perm

from agreements.models import Agreement, AgreementParty
from exchange.data import services
from exchange.data.models import AnnexField, DataField
from tests.exchange.corrections.conftest import ensure_catalogue
from tests.helpers import acknowledge

# Kemendes gives BKN the PSM roster; BKN gives Kemendes ASN data (a part of the seed's Lampiran).
TO_BKN = (
    "nipBaru",
    "nama",
    "jabatanFungsionalId",
    "jabatanFungsionalNama",
    "tmtJabatan",
    "golRuangAkhir",
    "unorNama",
    "instansiKerjaNama",
    "lokasiKerja",
)
TO_KEMENDES = (
    "nipBaru", "nama", "gelarDepan", "gelarBelakang", "tglLahir", "jenisKelamin", "tmtCpns", "golRuangAkhir",
    "jabatanFungsionalNama", "unorNama",
)  # fmt: skip


def make_nip(birth: date, appointed: tuple[int, int], sex: int, sequence: int) -> str:
    return f"{birth:%Y%m%d}{appointed[0]:04d}{appointed[1]:02d}{sex}{sequence:03d}"


def person(i: int, **values) -> dict:
    """A fictional civil servant of the PSM roster: valid NIP, values of the Kemendes -> BKN direction."""
    birth = date(1970 + i % 25, 1 + i % 12, 1 + i % 28)
    row = {
        "nipBaru": make_nip(birth, (2000 + i % 20, 1 + i % 12), 1 + i % 2, 1 + i % 999),
        "nama": f"Peserta Contoh {i}",
        "jabatanFungsionalId": "JF-PSM-01",
        "jabatanFungsionalNama": "Penggerak Swadaya Masyarakat Ahli Pertama",
        "tmtJabatan": "2020-01-01",
        "golRuangAkhir": "III/a",
        "unorNama": "Direktorat Contoh",
        "instansiKerjaNama": "Kementerian Desa PDTT",
        "lokasiKerja": "Kabupaten Contoh",
    }
    row.update(values)
    return row


def people(n: int, start: int = 0) -> list[dict]:
    """n people with distinct NIPs (the sequence digits make them distinct up to 999 * 12 * 25)."""
    rows, seen = [], set()
    i = start
    while len(rows) < n:
        row = person(i)
        if row["nipBaru"] not in seen:
            seen.add(row["nipBaru"])
            rows.append(row)
        i += 1
    return rows


@pytest.fixture
def agreement(kemendes, bkn):
    ensure_catalogue()  # a transactional test earlier in the session may have emptied it
    agreement = Agreement.objects.create(
        title="Perjanjian Kerja Sama Uji Himpunan Data",
        signed_on=date(2023, 10, 9),
        term_months=24,
        ends_on=date(2025, 10, 8),
        notice_deadline=date(2025, 9, 8),
    )
    kemendes_party = AgreementParty.objects.create(agreement=agreement, institution=kemendes, order=1)
    bkn_party = AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2)
    fields = {f.code: f for f in DataField.objects.all()}
    for giver, taker, codes in (
        (kemendes_party, bkn_party, TO_BKN),
        (bkn_party, kemendes_party, TO_KEMENDES),
    ):
        for code in codes:
            AnnexField.objects.create(agreement=agreement, provider=giver, receiver=taker, field=fields[code])
    return agreement


@pytest.fixture
def kemendes_party(agreement, kemendes):
    return agreement.parties.get(institution=kemendes)


@pytest.fixture
def bkn_party(agreement, bkn):
    return agreement.parties.get(institution=bkn)


@pytest.fixture
def dataset(agreement, kemendes_party, bkn_party):
    """Kemendes's PSM roster for BKN."""
    return services.dataset_for_direction(agreement=agreement, provider=kemendes_party, receiver=bkn_party)


@pytest.fixture
def asn_dataset(agreement, kemendes_party, bkn_party):
    """BKN's ASN data for Kemendes (with birth date, sex and TMT CPNS)."""
    return services.dataset_for_direction(agreement=agreement, provider=bkn_party, receiver=kemendes_party)


def grant(user, agreement, *perms: str) -> None:
    for perm in perms or ("view_personal_data",):
        assign_perm(f"agreements.{perm}", user, agreement)
        if perm == "view_personal_data":
            acknowledge(user, agreement)


def login(client, user) -> None:
    """Sign in through Django's model backend by name: the first backend in the settings may be one that
    authenticates no one (a limit that only refuses), which force_login would otherwise pick."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
