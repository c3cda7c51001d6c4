"""Fixtures of the exchange tests: an agreement between Kemendes (PIHAK KESATU) and BKN (PIHAK KEDUA) in
force, both liaison officers granted on it, and proposals made through the services.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agreements.models import Agreement, AgreementParty
from exchange.corrections import services
from exchange.data.models import DataField
from tests import helpers

JAKARTA = ZoneInfo("Asia/Jakarta")
# Valid and clearly fictional: born 1 January 1990, appointed March 2015, male, sequence 901.
NIP = "199001012015031901"
NIP_2 = "198805152012122902"


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)


@pytest.fixture
def agreement(kemendes, bkn):
    agreement = Agreement.objects.create(
        title="Perjanjian Kerja Sama Uji Pertukaran Data ASN",
        signed_on=date(2023, 10, 9),
        # In force today: proposals are made only on an agreement in force.
        term_months=120,
        ends_on=date(2033, 10, 8),
        notice_deadline=date(2033, 9, 8),
    )
    AgreementParty.objects.create(agreement=agreement, institution=kemendes, order=1)
    AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2)
    full_lampiran(agreement)
    helpers.keep_teams(agreement)  # nobody acts but those the tests grant
    return agreement


def full_lampiran(agreement) -> None:
    """A Lampiran naming the whole catalogue in both directions, so any field may be proposed."""
    from exchange.data.models import AnnexField

    first, second = agreement.parties.order_by("order")[:2]
    AnnexField.objects.bulk_create(
        AnnexField(agreement=agreement, provider=giver, receiver=taker, field=field)
        for giver, taker in ((first, second), (second, first))
        for field in DataField.objects.all()
    )


@pytest.fixture
def kemendes_party(agreement, kemendes):
    return agreement.parties.get(institution=kemendes)


@pytest.fixture
def bkn_party(agreement, bkn):
    return agreement.parties.get(institution=bkn)


def grant(user, agreement, *perms: str) -> None:
    helpers.grant(user, agreement, *(perms or ("handle_proposals", "view_personal_data")))


@pytest.fixture
def granted(agreement, kemendes_penghubung, bkn_penghubung):
    """Both liaison officers may handle proposals and read personal data on the agreement."""
    grant(kemendes_penghubung, agreement)
    grant(bkn_penghubung, agreement)
    return agreement


@pytest.fixture
def field():
    return lambda code: DataField.objects.get(code=code)


@pytest.fixture
def make_proposal(granted, bkn_party, kemendes_penghubung, field):
    """A draft from Kemendes to BKN, made through the service; options override the defaults."""

    def make(*, user=None, nip=NIP, name="Andi Contoh", items=None, now=None, **kwargs):
        items = (
            items
            if items is not None
            else [
                services.ItemInput(
                    field("jabatanFungsionalNama"), "Penggerak Swadaya Masyarakat Ahli Muda", "Pelaksana"
                ),
                services.ItemInput(field("tmtJabatan"), "2024-01-01", "2023-01-01"),
            ]
        )
        return services.proposal_create(
            acting_user=user or kemendes_penghubung,
            receiving_party=kwargs.pop("receiving_party", bkn_party),
            nip_value=nip,
            person_name=name,
            reason=kwargs.pop("reason", "SK pengangkatan dalam jabatan fungsional PSM terlampir."),
            items=items,
            now=now,
            **kwargs,
        )

    return make


@pytest.fixture
def draft(make_proposal):
    return make_proposal()


@pytest.fixture
def submitted(draft, kemendes_penghubung):
    return services.proposal_submit(acting_user=kemendes_penghubung, proposal=draft)


@pytest.fixture
def in_review(submitted, bkn_penghubung):
    return services.proposal_start_review(acting_user=bkn_penghubung, proposal=submitted)


@pytest.fixture
def accepted(in_review, bkn_penghubung):
    return services.proposal_accept(acting_user=bkn_penghubung, proposal=in_review)


def ensure_catalogue() -> None:
    """The data-field catalogue comes from a data migration; a transactional test elsewhere in the session
    (the browser tests) flushes every table afterwards, so put the catalogue back when it is gone.
    """
    from importlib import import_module

    if DataField.objects.exists():
        return
    # The catalogue's data migration stayed with the proposals' migrations; its model moved to exchange.data.
    catalogue = import_module("exchange.corrections.migrations.0002_data_field_catalogue").FIELDS
    DataField.objects.bulk_create(
        DataField(
            code=code,
            label=label,
            data_type=data_type,
            sensitivity=sensitivity,
            description=description,
            order=order * 10,
        )
        for order, (code, label, data_type, sensitivity, description) in enumerate(catalogue, start=1)
    )
