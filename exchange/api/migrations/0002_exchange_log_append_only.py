"""On PostgreSQL the exchange log and its person rows refuse UPDATE and DELETE (append-only, Pasal 9).

SQLite has no such trigger here; there audit_verify still finds any edited or deleted row by the hash chain.
TRUNCATE (a test database being emptied) is left alone: it is not a row change.
"""

from django.db import migrations

TABLES = ("exchange_api_exchangelog", "exchange_api_exchangelogperson")

FUNCTION = """
CREATE OR REPLACE FUNCTION exchange_api_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'exchange log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = "".join(
    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
    f"FOR EACH ROW EXECUTE FUNCTION exchange_api_refuse_change();\n"
    for table in TABLES
)
DROP = "".join(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n" for table in TABLES)
DROP += "DROP FUNCTION IF EXISTS exchange_api_refuse_change();"


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL only (the trigger language is PL/pgSQL)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("exchange_api", "0001_initial")]

    operations = [PostgresOnlySQL(FUNCTION + TRIGGERS, DROP)]
