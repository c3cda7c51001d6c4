"""The issue's acceptance, on the seed agreement as the demo loads it: `api_client_create` prints an id and
a secret once; with them a token; `/api/v1/me` names the seed's two numbers; a query for a NIP of the roster
returns exactly the Lampiran fields of that direction. The seed ended on 8 October 2025, so the run travels
to a day inside its term; the day after its end, the same credentials are refused (they expired with it).
The demo's own example client is checked here too."""

from __future__ import annotations

from datetime import date
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from agreements import demo as agreements_demo
from exchange.api import demo
from exchange.api.models import ApiClient, ExchangeLog
from exchange.corrections import demo as corrections_demo
from exchange.data import services as data_services
from exchange.data.selectors import lampiran_fields
from tests.exchange.api.conftest import Api, basic, get_token, token_post
from tests.exchange.data.conftest import people

pytestmark = pytest.mark.django_db
IN_TERM = date(2025, 6, 2)


@pytest.fixture
def seed(cast):
    with time_machine.travel(IN_TERM, tick=False):
        out = StringIO()
        agreements_demo.load(today=IN_TERM, users=cast, stdout=out)
        corrections_demo.load_annex(agreements_demo.seed_agreement())
    return agreements_demo.seed_agreement()


def test_the_seed_agreement_through_the_command_token_me_and_query(seed):
    kemendes, bkn = seed.parties.order_by("order")
    with time_machine.travel(date(2025, 6, 2), tick=True):
        dataset = data_services.dataset_for_direction(agreement=seed, provider=kemendes, receiver=bkn)
        roster = people(10)
        data_services.version_create(
            dataset=dataset, rows=roster, source_kind="import", source_name="psm.xlsx"
        )
        out = StringIO()
        call_command(
            "api_client_create", "--agreement", str(seed.pk), "--direction", str(kemendes.pk), stdout=out
        )
        values = dict(
            line.split(":", 1) for line in out.getvalue().splitlines() if line.startswith("client_")
        )
        client_id, secret = values["client_id"].strip(), values["client_secret"].strip()
        api = Api(Client(), get_token(Client(), client_id, secret))
        me = api.get("/api/v1/me").json()
        assert [n["number"] for n in me["agreement"]["numbers"]] == list(agreements_demo.SEED_NUMBERS)
        result = api.post("/api/v1/records/query", {"nips": [roster[4]["nipBaru"]]}).json()["results"][0]
        wanted = lampiran_fields(agreement=seed, provider=kemendes, receiver=bkn)
        assert list(result["data"]) == wanted
        assert result["data"]["nipBaru"] == roster[4]["nipBaru"]
    with time_machine.travel(date(2025, 10, 9), tick=True):
        response = token_post(Client(), basic(client_id, secret))
        # Credentials never outlive the agreement: they ran out with its last day.
        assert response.json()["code"] == "client_expired"
    assert ExchangeLog.objects.filter(outcome="refused", problem="client_expired").count() == 1


def test_the_demo_issues_one_example_client_and_prints_no_secret(seed, cast):
    out = StringIO()
    demo.load(today=date(2026, 12, 1), users=cast, stdout=out)
    demo.load(today=date(2026, 12, 1), users=cast, stdout=out)
    (client,) = ApiClient.objects.all()
    assert client.expires_at.astimezone(ZoneInfo("Asia/Jakarta")).date() == date(2025, 10, 9)
    assert "secret tidak disimpan" in out.getvalue() and "sudah ada" in out.getvalue()
    assert client.secret_hash not in out.getvalue()
