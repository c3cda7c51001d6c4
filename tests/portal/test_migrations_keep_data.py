"""The move of the catalogue and the Lampiran into exchange.data keeps every row of a demo database.

The demo is loaded on the current schema; the database is taken back to the schema before the move (the
correction proposals' app holding the catalogue) and forward again. Every table that existed before the move
holds exactly the same rows at each stop, and the moved models read them through their new app.
"""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import require

BEFORE_THE_MOVE = [("exchange", "0003_withdrawn_draft_has_no_submission"), ("exchange_data", None)]
OLD_TABLE_PREFIXES = ("agreements_", "exchange_", "portal_", "guardian_", "auth_", "django_content_type")


def _old_tables() -> list[str]:
    names = connection.introspection.table_names()
    # Tables of the exchange apps created after the move (exchange_data_*, exchange_sync_*, ...) come and go
    # with their own migrations; the ones that held data before the move are the point here.
    new = ("exchange_data_", "exchange_partners_", "exchange_sync_", "exchange_matching_", "exchange_api_")
    new += ("exchange_reports_", "exchange_privacy_")
    return sorted(n for n in names if n.startswith(OLD_TABLE_PREFIXES) and not n.startswith(new))


def _fingerprint(tables: list[str]) -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row of each table, in primary-key order."""
    result = {}
    with connection.cursor() as cursor:
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608 - names from introspection
            digest = hashlib.sha256()
            rows = 0
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
                rows += 1
            result[table] = (rows, digest.hexdigest())
    return result


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_demo_survives_the_move_of_the_catalogue_back_and_forth():
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    call_command("load_demo", "--today", "2025-08-09", verbosity=0)
    tables = _old_tables()
    loaded = _fingerprint(tables)
    assert loaded["exchange_datafield"][0] > 20 and loaded["exchange_annexfield"][0] > 0
    assert loaded["exchange_proposalitem"][0] > 0

    try:
        _migrate(BEFORE_THE_MOVE)
        # Before the move the catalogue's content types carry the old app label; every other row is the same.
        before = {t: fp for t, fp in _fingerprint(tables).items() if t != "django_content_type"}
        assert before == {t: fp for t, fp in loaded.items() if t != "django_content_type"}
    finally:
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())
    assert _fingerprint(tables) == loaded

    from exchange.corrections.models import ProposalItem
    from exchange.data.models import AnnexField, DataField

    assert DataField.objects.count() == loaded["exchange_datafield"][0]
    assert AnnexField.objects.count() == loaded["exchange_annexfield"][0]
    item = ProposalItem.objects.select_related("field").first()
    assert isinstance(item.field, DataField)
