"""In CI the suite runs against the real services; locally these checks skip when a service is absent."""

from django.db import connection

from tests.conftest import require


def test_the_suite_runs_on_postgresql_when_it_must():
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://...)")
