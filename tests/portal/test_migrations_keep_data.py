"""The move of the catalogue and the Lampiran into exchange.data keeps every row of a demo database.

The demo is loaded on the current schema; the database is taken back to the schema before the move (the
correction proposals' app holding the catalogue) and forward again. Every table that existed before the move
holds exactly the same rows at each stop, and the moved models read them through their new app.
"""

from __future__ import annotations

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


def _rows(tables: list[str]) -> dict[str, list[dict]]:
    """Every row of each table, as column -> value, in primary-key order."""
    result = {}
    with connection.cursor() as cursor:
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608 - names from introspection
            names = [column.name for column in cursor.description]
            result[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return result


def _projected(rows: dict[str, list[dict]], like: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """`rows` restricted to the tables and columns that `like` has (a column added later is left out)."""
    out = {}
    for table, table_rows in like.items():
        columns = set(table_rows[0]) if table_rows else set()
        out[table] = [{k: v for k, v in row.items() if k in columns} for row in rows[table]]
    return out


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
    loaded = _rows(tables)
    assert len(loaded["exchange_datafield"]) > 20 and loaded["exchange_annexfield"]
    assert loaded["exchange_proposalitem"]

    try:
        _migrate(BEFORE_THE_MOVE)
        # At this stop the tables and columns that later migrations add are gone, and the catalogue's content
        # types carry the old app label; every row of what was there before the move is the same.
        present = set(connection.introspection.table_names())
        assert {"exchange_datafield", "exchange_annexfield", "exchange_proposalitem"} <= present
        kept = [t for t in tables if t in present and t != "django_content_type"]
        before = _rows(kept)
        assert before == _projected(loaded, before)
    finally:
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())
    assert _rows(tables) == loaded

    from exchange.corrections.models import ProposalItem
    from exchange.data.models import AnnexField, DataField

    assert DataField.objects.count() == len(loaded["exchange_datafield"])
    assert AnnexField.objects.count() == len(loaded["exchange_annexfield"])
    item = ProposalItem.objects.select_related("field").first()
    assert isinstance(item.field, DataField)
