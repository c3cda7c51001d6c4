"""Agreements built through the services, as the pages build them, for the tests of this folder."""

from __future__ import annotations

from datetime import date

import pytest

from agreements import services
from agreements.choices import InvitationStatus

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


def manager_of(institution_id: int):
    """The institution's Pimpinan; one is made for an institution of the cast that has none (BPS)."""
    from django.contrib.auth.models import Group

    from portal.choices import Role
    from portal.models import User

    found = User.objects.filter(institution_id=institution_id, groups__name=Role.PIMPINAN.value).first()
    if found is None:
        found = User.objects.create(
            username=f"pimpinan.{institution_id}",
            email=f"pimpinan.{institution_id}@example.go.id",
            institution_id=institution_id,
        )
        found.groups.add(Group.objects.get_or_create(name=Role.PIMPINAN.value)[0])
    return found


def addendum(agreement, title: str = "Adendum uji"):
    """An addendum of PARA PIHAK recorded by PIHAK KESATU's Pimpinan (Pasal 12): what the text of a signed
    agreement changes on."""
    from agreements import services
    from agreements.choices import AmendmentKind

    first = agreement.parties.order_by("order").first()
    return services.amendment_record(
        agreement=agreement,
        acting_user=manager_of(first.institution_id),
        kind=AmendmentKind.ADDENDUM,
        signed_on=agreement.signed_on,
        title=title,
    )


def accept_invitations(agreement, cast=None) -> None:
    """Each invited institution's Pimpinan accepts, as on the invitation page."""
    for invitation in agreement.invitations.filter(status=InvitationStatus.PENDING):
        services.invitation_accept(invitation=invitation, acting_user=manager_of(invitation.institution_id))


def keeper(cast, party):
    """The staff member of the party's institution, who keeps its own records."""
    return next(
        u for name, u in cast.items() if name.endswith(".staf") and u.institution_id == party.institution_id
    )


@pytest.fixture
def make_agreement(kemendes, bkn, kemendes_staf, cast):
    """make_agreement(signed_on=..., term_months=..., ...) -> an agreement of Kemendes and BKN, the
    counterparty's invitation accepted by its Pimpinan (join=False leaves it waiting)."""

    def make(
        *,
        signed_on: date | None = SIGNED,
        title: str = "PKS Uji Pertukaran Data",
        creator=None,
        parties=None,
        standard_obligations: bool = True,
        contacts: bool = True,
        join: bool = True,
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
        if join:
            accept_invitations(agreement, cast)
        if contacts:
            for p in agreement.parties.all():
                services.contact_add(
                    agreement=agreement,
                    acting_user=keeper(cast, p),
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
    """BKN's staff member: BKN keeps no team, so its staff act by their role (shared data, own records)."""
    return bkn_staf
