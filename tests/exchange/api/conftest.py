"""Fixtures of the web-service tests: an agreement in force today between Kemendes (PIHAK KESATU) and BKN
(PIHAK KEDUA) with two scope items and the seed-like Lampiran, Kemendes's roster for BKN as a ready data
set, and a client of BKN with a token, all made through the services a partner and the pages use.
"""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from agreements import rules
from agreements.models import Agreement, AgreementParty, ScopeItem
from exchange.api import services
from exchange.api.models import ApiClient
from exchange.data import services as data_services
from exchange.data.models import AnnexField, DataField
from tests.exchange.data.conftest import TO_BKN, TO_KEMENDES, people

ROSTER = 30


def in_force_agreement(kemendes, bkn, *, title: str = "PKS Uji Layanan Web") -> Agreement:
    today = timezone.localdate()
    signed = today - timedelta(days=100)
    ends = rules.last_day_in_force(signed, 24)
    agreement = Agreement.objects.create(
        title=title,
        signed_on=signed,
        term_months=24,
        ends_on=ends,
        notice_deadline=rules.notice_deadline(ends),
    )
    first = AgreementParty.objects.create(
        agreement=agreement, institution=kemendes, order=1, number="KMD/01/2026"
    )
    second = AgreementParty.objects.create(
        agreement=agreement, institution=bkn, order=2, number="BKN/02/2026"
    )
    ScopeItem.objects.create(agreement=agreement, order=1, text="Data Penggerak Swadaya Masyarakat (PSM)")
    ScopeItem.objects.create(agreement=agreement, order=2, text="Data Aparatur Sipil Negara (ASN)")
    fields = {f.code: f for f in DataField.objects.all()}
    for giver, taker, codes in ((first, second, TO_BKN), (second, first, TO_KEMENDES)):
        for code in codes:
            AnnexField.objects.create(agreement=agreement, provider=giver, receiver=taker, field=fields[code])
    return agreement


@pytest.fixture
def agreement(kemendes, bkn):
    return in_force_agreement(kemendes, bkn)


@pytest.fixture
def kemendes_party(agreement, kemendes):
    return agreement.parties.get(institution=kemendes)


@pytest.fixture
def bkn_party(agreement, bkn):
    return agreement.parties.get(institution=bkn)


@pytest.fixture
def roster():
    return people(ROSTER)


@pytest.fixture
def version(agreement, kemendes_party, bkn_party, roster):
    dataset = data_services.dataset_for_direction(
        agreement=agreement, provider=kemendes_party, receiver=bkn_party
    )
    return data_services.version_create(
        dataset=dataset, rows=roster, source_kind="import", source_name="psm.csv"
    )


@pytest.fixture
def issued(agreement, kemendes_party, bkn_party, bkn_pimpinan):
    """BKN's client for the Kemendes -> BKN direction, issued by BKN's Pimpinan, with its secret."""
    return services.api_client_issue(
        agreement=agreement,
        provider=kemendes_party,
        receiver=bkn_party,
        acting_user=bkn_pimpinan,
        name="SIASN",
    )


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def token_post(http: Client, authorization: str, grant_type: str = "client_credentials"):
    """POST /api/v1/token as curl -u id:secret -d grant_type=... sends it (form-encoded)."""
    return http.post(
        "/api/v1/token",
        f"grant_type={grant_type}",
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=authorization,
    )


def get_token(http: Client, client_id: str, secret: str) -> str:
    response = token_post(http, basic(client_id, secret))
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


class Api:
    """A partner system's view of the service: django.test.Client with the bearer token and a purpose."""

    def __init__(self, http: Client, token: str, purpose: str = "a"):
        self.http, self.token, self.purpose = http, token, purpose

    def headers(self, **extra) -> dict:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
        if self.purpose:
            headers["HTTP_X_PURPOSE"] = self.purpose
        headers.update(extra)
        return headers

    def get(self, path: str, params: dict | None = None, **extra):
        return self.http.get(path, params or {}, **self.headers(**extra))

    def post(self, path: str, body, **extra):
        return self.http.post(path, body, content_type="application/json", **self.headers(**extra))


@pytest.fixture
def api(issued, version) -> Api:
    http = Client()
    return Api(http, get_token(http, issued.client.client_id, issued.secret))


@pytest.fixture
def client_row(issued) -> ApiClient:
    return issued.client
