"""The exchange log is append-only: audit_verify names the first edited or deleted row, and on PostgreSQL
the database itself refuses UPDATE and DELETE."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client

from exchange.api.models import ExchangeLog, ExchangeLogPerson
from tests.conftest import require
from tests.exchange.api.conftest import basic, token_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_rows(api, roster):
    """A token call, two granted queries, a refused call and a stranger's refused token: five rows."""
    for person in roster[:2]:
        assert (
            api.post("/api/v1/records/query", {"nips": [person["nipBaru"], roster[5]["nipBaru"]]}).status_code
            == 200
        )
    api.purpose = ""
    assert api.get("/api/v1/me").status_code == 400
    assert token_post(Client(), basic("stranger", "x")).status_code == 401
    return list(ExchangeLog.objects.order_by("id"))


@pytest.fixture
def tamper(log_rows):
    """Rows may be changed behind the portal's back; on PostgreSQL that takes the table owner switching the
    append-only triggers off (inside the test's transaction, so they are back afterwards)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the tables
            for table in ("exchange_api_exchangelog", "exchange_api_exchangelogperson"):
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    return log_rows


def audit() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except CommandError:
        return "broken", err.getvalue()
    return "ok", out.getvalue()


def test_an_untouched_chain_holds(log_rows):
    status, text = audit()
    assert status == "ok"
    assert f"{len(log_rows)} baris dalam 2 rantai, rantai utuh" in text  # the client's, and unknown callers'


def test_an_edited_row_is_named(tamper):
    log_rows = tamper
    ExchangeLog.objects.filter(pk=log_rows[2].pk).update(record_count=99)
    assert audit() == (
        "broken",
        f"Log pertukaran data: baris #{log_rows[2].pk} rusak "
        f"(diubah, atau baris sebelumnya dihapus). / exchange log row #{log_rows[2].pk} is broken.\n",
    )


def test_a_deleted_row_breaks_the_chain_at_the_next_one(tamper):
    log_rows = tamper
    ExchangeLogPerson.objects.filter(log=log_rows[1]).delete()
    ExchangeLog.objects.filter(pk=log_rows[1].pk).delete()
    status, text = audit()
    assert status == "broken" and f"#{log_rows[2].pk} rusak" in text


def test_a_person_hash_taken_out_is_noticed(tamper):
    log_rows = tamper
    granted = next(row for row in log_rows if row.record_count)
    ExchangeLogPerson.objects.filter(log=granted).delete()
    status, text = audit()
    assert status == "broken" and f"#{granted.pk} rusak" in text


def test_a_last_row_cut_off_is_noticed(tamper):
    log_rows = tamper
    ExchangeLog.objects.filter(pk=log_rows[-1].pk).delete()
    status, text = audit()
    assert status == "broken" and "ujung rantai" in text


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete(log_rows):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://...)")
    row = log_rows[1]
    for statement in (
        f"UPDATE exchange_api_exchangelog SET record_count = 99 WHERE id = {row.pk}",
        f"DELETE FROM exchange_api_exchangelog WHERE id = {row.pk}",
        f"DELETE FROM exchange_api_exchangelogperson WHERE log_id = {row.pk}",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert audit()[0] == "ok"
