"""schemathesis against the OpenAPI document, through the portal's own WSGI application with a valid token:
no server error, every status, content type, header and body as the document says. Examples are bounded so
that the whole run stays well under a minute."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.wsgi import application

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Loaded once at collection: the document needs no database (schemathesis' fixture-based loading does not
# work with this pytest yet).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def generous(client_row):
    """A quota no fuzzing exhausts, and the WSGI app kept off closing the test's connection after each
    request (what django.test.Client does for itself)."""
    client_row.daily_record_quota = 10_000_000
    client_row.save(update_fields=["daily_record_quota"])
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_keeps_its_openapi_promises(case, api, generous):
    case.call_and_validate(headers={"Authorization": f"Bearer {api.token}", "X-Purpose": "a"}, checks=CHECKS)


def test_the_document_describes_auth_purposes_quotas_and_every_error(client):
    from exchange.api.problems import PROBLEMS

    document = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    text = document["info"]["description"]
    for words in ("client_credentials", "X-Purpose", "Retry-After", "RFC 9457", *PROBLEMS):
        assert words in text
    assert set(document["paths"]) == {
        "/api/v1/token", "/api/v1/me", "/api/v1/records", "/api/v1/records/query", "/api/v1/records/verify"
    }  # fmt: skip
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_the_docs_page_is_served_from_the_packages_static_files(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "//cdn" not in page and "unpkg" not in page
