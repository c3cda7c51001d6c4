"""`manage.py api_client_create` prints a client id and a secret once; with them a token and the data."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from exchange.api import credentials
from exchange.api.models import ApiClient
from tests.exchange.api.conftest import Api, get_token
from tests.exchange.data.conftest import TO_BKN

pytestmark = pytest.mark.django_db


def create(*args: str) -> str:
    out = StringIO()
    call_command("api_client_create", *args, stdout=out)
    return out.getvalue()


def test_it_prints_credentials_that_work_and_stores_only_a_hash(agreement, kemendes_party, version, roster):
    text = create("--agreement", str(agreement.pk), "--direction", str(kemendes_party.pk), "--name", "SIASN")
    values = dict(line.split(":", 1) for line in text.splitlines() if line.startswith("client_"))
    client_id, secret = values["client_id"].strip(), values["client_secret"].strip()
    stored = ApiClient.objects.get(client_id=client_id)
    assert stored.secret_hash == credentials.digest(secret) and secret not in stored.secret_hash
    assert stored.expires_at.date() <= agreement.last_day_in_force
    api = Api(Client(), get_token(Client(), client_id, secret))
    me = api.get("/api/v1/me").json()
    assert [n["number"] for n in me["agreement"]["numbers"]] == ["KMD/01/2026", "BKN/02/2026"]
    result = api.post("/api/v1/records/query", {"nips": [roster[3]["nipBaru"]]}).json()["results"][0]
    assert set(result["data"]) == set(TO_BKN)


def test_an_unknown_direction_lists_the_lampiran_directions(agreement, kemendes_party, bkn_party):
    with pytest.raises(CommandError) as refused:
        create("--agreement", str(agreement.pk), "--direction", "999999")
    assert f"--direction {kemendes_party.pk} --receiver {bkn_party.pk}" in str(refused.value)


def test_an_expiry_past_the_agreements_end_is_refused(agreement, kemendes_party):
    late = agreement.last_day_in_force.replace(year=agreement.last_day_in_force.year + 1)
    with pytest.raises(CommandError, match="melewati hari terakhir"):
        create(
            "--agreement",
            str(agreement.pk),
            "--direction",
            str(kemendes_party.pk),
            "--expires",
            late.isoformat(),
        )
    assert not ApiClient.objects.exists()


def test_an_agreement_no_longer_in_force_is_refused_with_its_reason_alone(agreement, kemendes_party):
    agreement.terminated_on = agreement.signed_on + timedelta(days=30)
    agreement.save(update_fields=["terminated_on"])
    with pytest.raises(CommandError) as refused:
        create("--agreement", str(agreement.pk), "--direction", str(kemendes_party.pk))
    message = str(refused.value)
    assert "hanya dapat diterbitkan untuk perjanjian yang sedang berlaku" in message
    assert "tidak lagi berlaku sejak" in message
    assert "sebelum hari ini" not in message  # the default expiry follows the end; no second, puzzling reason
    assert not ApiClient.objects.exists()
