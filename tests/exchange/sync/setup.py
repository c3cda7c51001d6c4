"""What sync tests build: an agreement Kemendes (PIHAK KESATU) - BKN (PIHAK KEDUA) with the seed's Lampiran,
a ready PSM roster version, and Kemendes's SIASN credential pointing at a simulator."""

from __future__ import annotations

from datetime import date

from agreements.models import Agreement, AgreementParty
from exchange.corrections.demo import ANNEX
from exchange.data import services as data_services
from exchange.data.models import AnnexField, DataField
from exchange.partners import people
from exchange.partners import services as partner_services
from tests import helpers


def ensure_catalogue() -> None:
    """A transactional test flushes the catalogue its data migration wrote; put it back when it is gone."""
    from importlib import import_module

    if DataField.objects.exists():
        return
    catalogue = import_module("exchange.corrections.migrations.0002_data_field_catalogue").FIELDS
    for order, (code, label, data_type, sensitivity, description) in enumerate(catalogue, start=1):
        DataField.objects.create(
            code=code,
            label=label,
            data_type=data_type,
            sensitivity=sensitivity,
            description=description,
            order=order * 10,
        )


def agreement_with_lampiran(kemendes, bkn) -> Agreement:
    ensure_catalogue()
    agreement = Agreement.objects.create(
        title="Perjanjian Kerja Sama Uji Sinkronisasi SIASN",
        signed_on=date(2023, 10, 9),
        # In force today: a sync is started only on an agreement in force.
        term_months=120,
        ends_on=date(2033, 10, 8),
        notice_deadline=date(2033, 9, 8),
    )
    parties = {
        1: AgreementParty.objects.create(agreement=agreement, institution=kemendes, order=1),
        2: AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2),
    }
    fields = {f.code: f for f in DataField.objects.all()}
    for (provider, receiver), codes in ANNEX.items():
        for code in codes:
            AnnexField.objects.create(
                agreement=agreement,
                provider=parties[provider],
                receiver=parties[receiver],
                field=fields[code],
            )
    helpers.keep_teams(agreement)  # nobody acts but those the tests grant
    return agreement


def roster_version(agreement: Agreement, rows: list[dict]):
    kemendes, bkn = agreement.parties.order_by("order")
    dataset = data_services.dataset_for_direction(agreement=agreement, provider=kemendes, receiver=bkn)
    return data_services.version_create(
        dataset=dataset, rows=rows, source_kind="import", source_name="uji.xlsx"
    )


def credential(agreement: Agreement, url: str, *, concurrency: int = 4, rate: float = 0.0):
    return partner_services.credential_save(
        agreement=agreement,
        acting_user=None,
        party=agreement.parties.get(order=1),
        gateway_url=url,
        sso_url=url,
        consumer_key="simulator-key",
        consumer_secret="simulator-secret",
        sso_username="operator",
        sso_password="operator-sandi",
        max_concurrency=concurrency,
        rate_per_second=rate,
    )


def roster(count: int, seed: int = 11) -> list[dict]:
    return people.roster(count, seed=seed)


def grant_change(user, agreement) -> None:
    helpers.grant(user, agreement, "change_agreement")
