"""Agreements built through the services, as the pages build them, for the tests of this folder."""

from __future__ import annotations

from datetime import date

import pytest
from guardian.shortcuts import assign_perm

from agreements import services

SIGNED = date(2023, 10, 9)


def party(institution, number: str = "", **extra) -> dict:
    return {
        "institution": institution,
        "number": number,
        "signatory_name": extra.pop("signatory_name", f"PENANDA TANGAN {institution.short_name.upper()}"),
        "signatory_position": extra.pop("signatory_position", f"Sekretaris {institution.name}"),
        "address": extra.pop("address", institution.address),
        **extra,
    }


@pytest.fixture
def make_agreement(kemendes, bkn, kemendes_staf):
    """make_agreement(signed_on=..., term_months=..., ...) -> an agreement of Kemendes and BKN."""

    def make(
        *,
        signed_on: date | None = SIGNED,
        title: str = "PKS Uji Pertukaran Data",
        creator=None,
        parties=None,
        standard_obligations: bool = True,
        contacts: bool = True,
        confirm_non_working_day: bool = True,  # dated relative to today, it may fall on a weekend
        **fields,
    ):
        agreement = services.agreement_create(
            acting_user=creator or kemendes_staf,
            fields={"title": title, "signed_on": signed_on, "signing_place": "Jakarta", **fields},
            parties=parties or [party(kemendes, "1/UJI/2023"), party(bkn, "2/UJI/2023")],
            scope_items=["pertukaran data uji"],
            clauses=[{"number": 1, "title": "TUJUAN", "text": "Tujuan uji."}],
            standard_obligations=standard_obligations,
            confirm_non_working_day=confirm_non_working_day,
        )
        if contacts:
            for p in agreement.parties.all():
                services.contact_add(
                    agreement=agreement,
                    acting_user=creator or kemendes_staf,
                    party=p,
                    unit=f"Kepala Biro Kerja Sama {p.institution.short_name}",
                    address=f"Alamat surat {p.institution.short_name}",
                    phone="(021) 555 0100",
                    email=f"kerjasama@{p.institution.short_name.split()[0].lower()}.example.go.id",
                    valid_from=signed_on or SIGNED,
                )
        agreement.refresh_from_db()
        return agreement

    return make


@pytest.fixture
def agreement(make_agreement):
    return make_agreement()


@pytest.fixture
def parties(agreement):
    first, second = agreement.parties.order_by("order")
    return first, second


@pytest.fixture
def bkn_editor(agreement, bkn_staf):
    """BKN's staff member with the right to change the agreement, as the demo grants it."""
    assign_perm("agreements.change_agreement", bkn_staf, agreement)
    return bkn_staf
