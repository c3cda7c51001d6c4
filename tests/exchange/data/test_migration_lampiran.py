"""The Lampiran's versions arrive keeping the data: every agreement's annex rows become its version 1."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from agreements.models import Agreement, AgreementParty
from exchange.data.models import AnnexField, DataField
from tests.conftest import require

BEFORE = [("exchange_data", "0003_record_version_without_db_constraint")]
AFTER = [("exchange_data", "0004_lampiran_versions_and_changes")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_annex_rows_of_each_agreement_become_its_version_1(kemendes, bkn):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    fields = list(DataField.objects.order_by("order")[:5])
    expected = {}
    for title in ("PKS satu", "PKS dua"):
        agreement = Agreement.objects.create(title=title)
        giver = AgreementParty.objects.create(agreement=agreement, institution=kemendes, order=1)
        taker = AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2)
        for field in fields:
            AnnexField.objects.create(
                agreement=agreement, provider=giver, receiver=taker, field=field, note=title
            )
        AnnexField.objects.create(agreement=agreement, provider=taker, receiver=giver, field=fields[0])
        expected[agreement.pk] = sorted(
            AnnexField.objects.filter(agreement=agreement).values_list(
                "provider_id", "receiver_id", "field_id", "note"
            )
        )
    Agreement.objects.create(title="PKS tanpa Lampiran")
    try:
        _migrate(BEFORE)
        assert "exchange_data_lampiranversion" not in connection.introspection.table_names()
        _migrate(AFTER)
        from exchange.data.models import LampiranLine, LampiranVersion

        versions = LampiranVersion.objects.order_by("agreement_id")
        assert [(v.agreement_id, v.number, v.valid_from) for v in versions] == [
            (pk, 1, None) for pk in sorted(expected)
        ]
        for pk, rows in expected.items():
            lines = LampiranLine.objects.filter(version__agreement_id=pk)
            assert sorted(lines.values_list("provider_id", "receiver_id", "field_id", "note")) == rows
        assert AnnexField.objects.count() == sum(len(rows) for rows in expected.values())
    finally:
        # Back to the whole schema (the other 0004 migrations too), for the tests that come after.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
