"""Every refusal a partner system can meet: a problem detail in both languages, nothing served, one row in
the exchange log naming the reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from exchange.api import services
from exchange.api.models import ApiClientDay, ExchangeLog
from exchange.data import services as data_services
from exchange.data.models import AnnexField
from tests.exchange.api.conftest import Api, basic, get_token, in_force_agreement, token_post
from tests.exchange.data.conftest import people

pytestmark = pytest.mark.django_db

QUERY = "/api/v1/records/query"


def last_log() -> ExchangeLog:
    return ExchangeLog.objects.order_by("-id").first()


def assert_refused(response, status: int, code: str, *, client=None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code and body["status"] == status
    assert body["type"].endswith(code)
    assert body["messages"]["id"]["title"] and body["messages"]["en"]["title"]
    row = last_log()
    assert (row.outcome, row.problem, row.status_code, row.record_count) == ("refused", code, status, 0)
    assert not row.persons.exists()
    if client is not None:
        assert row.client_id == client.pk and row.agreement_id == client.agreement_id
    return body


def test_a_wrong_secret_gets_no_token(issued, version):
    response = token_post(Client(), basic(issued.client.client_id, "x"))
    assert_refused(response, 401, "invalid_client", client=issued.client)
    assert response["WWW-Authenticate"].startswith("Basic")


def test_an_unknown_client_id_is_logged_without_a_client(version):
    response = token_post(Client(), basic("a", "b"))
    assert_refused(response, 401, "invalid_client")
    assert last_log().client_id is None


def test_a_grant_type_other_than_client_credentials_is_refused(issued, version):
    response = token_post(Client(), basic(issued.client.client_id, issued.secret), "password")
    assert_refused(response, 400, "unsupported_grant_type", client=issued.client)


def test_no_token_and_a_forged_token_are_refused(api, roster):
    assert_refused(Client().get("/api/v1/me", HTTP_X_PURPOSE="a"), 401, "invalid_token")
    forged = Api(Client(), "not-a-token")
    assert_refused(forged.post(QUERY, {"nips": [roster[0]["nipBaru"]]}), 401, "invalid_token")


def test_a_portal_session_is_no_credential(client, bkn_pimpinan, version):
    client.force_login(bkn_pimpinan)
    assert_refused(client.get("/api/v1/me", HTTP_X_PURPOSE="a"), 401, "invalid_token")


def test_a_token_lasts_one_hour(api, roster):
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert_refused(api.get("/api/v1/me"), 401, "invalid_token")


def test_expired_credentials_are_refused(api, client_row, roster):
    client_row.expires_at = timezone.now() - timedelta(seconds=1)
    client_row.save(update_fields=["expires_at"])
    assert_refused(
        api.post(QUERY, {"nips": [roster[0]["nipBaru"]]}), 401, "client_expired", client=client_row
    )


def test_revoked_credentials_stop_at_once(api, client_row, kemendes_pimpinan, roster):
    services.api_client_revoke(client=client_row, acting_user=kemendes_pimpinan, reason="Uji")
    assert_refused(api.post(QUERY, {"nips": [roster[0]["nipBaru"]]}), 401, "invalid_token")
    response = token_post(Client(), basic(client_row.client_id, "wrong-but-irrelevant"))
    assert_refused(response, 401, "invalid_client", client=client_row)


def test_revoked_credentials_get_no_new_token(issued, version, bkn_pimpinan):
    services.api_client_revoke(client=issued.client, acting_user=bkn_pimpinan)
    response = token_post(Client(), basic(issued.client.client_id, issued.secret))
    assert_refused(response, 401, "client_revoked", client=issued.client)


def test_an_agreement_no_longer_in_force_serves_nothing(api, agreement, client_row, roster):
    agreement.terminated_on = timezone.localdate() - timedelta(days=1)
    agreement.save(update_fields=["terminated_on"])
    body = assert_refused(
        api.post(QUERY, {"nips": [roster[0]["nipBaru"]]}), 403, "agreement_not_in_force", client=client_row
    )
    last_day = agreement.terminated_on.isoformat()
    assert f"hari terakhir berlakunya {last_day}" in body["messages"]["id"]["detail"]
    assert f"its last day in force was {last_day}" in body["messages"]["en"]["detail"]


def test_a_direction_taken_out_of_the_lampiran_serves_nothing(api, agreement, client_row, roster):
    AnnexField.objects.filter(agreement=agreement, receiver=client_row.receiver).delete()
    assert_refused(api.get("/api/v1/me"), 403, "direction_not_in_lampiran", client=client_row)


def test_a_field_outside_the_lampiran_is_refused(api, client_row, roster):
    nip = roster[0]["nipBaru"]
    body = assert_refused(
        api.post(QUERY, {"nips": [nip], "fields": ["nama", "tglLahir"]}),
        403,
        "field_not_allowed",
        client=client_row,
    )
    assert body["fields"] == ["tglLahir"]
    verify = {"persons": [{"nip": nip, "values": {"tglLahir": "1970-01-01"}}]}
    assert_refused(api.post("/api/v1/records/verify", verify), 403, "field_not_allowed", client=client_row)


def test_a_call_without_a_purpose_is_refused_and_told_the_purposes(api, client_row, roster):
    api.purpose = ""
    body = assert_refused(
        api.post(QUERY, {"nips": [roster[0]["nipBaru"]]}), 400, "purpose_required", client=client_row
    )
    assert [p["code"] for p in body["purposes"]] == ["a", "b"]
    assert_refused(api.get("/api/v1/records"), 400, "purpose_required", client=client_row)


def test_a_purpose_outside_the_scope_is_refused(api, client_row, roster):
    api.purpose = "z"
    assert_refused(api.get("/api/v1/me"), 403, "purpose_not_in_scope", client=client_row)
    api.purpose = ""
    response = api.post(QUERY, {"nips": [roster[0]["nipBaru"]], "purpose": "b"})
    assert response.status_code == 200
    assert last_log().purpose == "b"


def test_over_quota_is_429_with_retry_after_and_counts_nothing(api, client_row, roster):
    client_row.daily_record_quota = 3
    client_row.save(update_fields=["daily_record_quota"])
    nips = [p["nipBaru"] for p in roster[:2]]
    assert api.post(QUERY, {"nips": nips}).status_code == 200
    response = api.post(QUERY, {"nips": [p["nipBaru"] for p in roster[2:4]]})
    body = assert_refused(response, 429, "quota_exceeded", client=client_row)
    assert 0 < int(response["Retry-After"]) <= 24 * 3600
    assert body["quota"] == {"daily_records": 3, "left": 1}
    day = ApiClientDay.objects.get(client=client_row)
    assert (day.records, day.calls, day.refused) == (2, 2, 1)  # the token call counts as a call too


def test_an_oversized_body_is_413(api, client_row):
    response = api.post(QUERY, {"nips": ["1" * 18], "fields": ["x" * 60] * 2000})
    assert_refused(response, 413, "body_too_large", client=client_row)


def test_more_than_100_nips_or_a_malformed_nip_is_400(api, client_row, roster):
    body = assert_refused(
        api.post(QUERY, {"nips": ["1" * 18] * 101}), 400, "invalid_request", client=client_row
    )
    assert "nips" in body["errors"]
    assert_refused(api.post(QUERY, {"nips": ["12345"]}), 400, "invalid_request")
    response = api.http.post(QUERY, "{not json", content_type="application/json", **api.headers())
    assert_refused(response, 400, "invalid_request")


def test_english_is_answered_on_request(api):
    response = Client().get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.json()["title"] == "Invalid access token"
    assert response["Content-Language"] == "en"
    response = Client().get("/api/v1/me")
    assert response.json()["title"] == "Token akses tidak valid"


def test_another_agreements_client_sees_none_of_this_agreements_data(
    api, kemendes, bkn, bkn_pimpinan, roster, lain
):
    other = in_force_agreement(kemendes, bkn, title="PKS lain")
    giver, taker = other.parties.order_by("order")
    dataset = data_services.dataset_for_direction(agreement=other, provider=giver, receiver=taker)
    data_services.version_create(
        dataset=dataset, rows=people(5, start=500), source_kind="import", source_name="x"
    )
    issued = services.api_client_issue(
        agreement=other, provider=giver, receiver=taker, acting_user=bkn_pimpinan, name="Lain"
    )
    stranger = Api(Client(), get_token(Client(), issued.client.client_id, issued.secret))
    response = stranger.post(QUERY, {"nips": [p["nipBaru"] for p in roster[:3]]})
    assert response.status_code == 200
    assert [r["found"] for r in response.json()["results"]] == [False, False, False]
    cursor = api.get("/api/v1/records", {"page_size": 2}).json()["next_cursor"]
    assert_refused(
        stranger.get("/api/v1/records", {"cursor": cursor}), 400, "invalid_cursor", client=issued.client
    )
