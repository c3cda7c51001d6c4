"""The endpoints as a partner system uses them: token, me, query, pull and verify."""

from __future__ import annotations

import pytest

from exchange.api import credentials
from exchange.api.models import ExchangeLog, ExchangeLogPerson
from tests.exchange.data.conftest import TO_BKN

pytestmark = pytest.mark.django_db


def test_the_token_leads_to_me_with_both_numbers(api, agreement, client_row):
    response = api.get("/api/v1/me")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [n["number"] for n in body["agreement"]["numbers"]] == ["KMD/01/2026", "BKN/02/2026"]
    assert body["direction"]["provider"]["number"] == "KMD/01/2026"
    assert {f["code"] for f in body["fields"]} == set(TO_BKN)
    assert [p["code"] for p in body["purposes"]] == ["a", "b"]
    assert body["quota"]["left_today"] == client_row.daily_record_quota


def test_a_query_returns_exactly_the_lampiran_fields(api, roster):
    nips = [roster[0]["nipBaru"], "199912312020121999"]
    response = api.post("/api/v1/records/query", {"nips": nips})
    assert response.status_code == 200, response.content
    first, missing = response.json()["results"]
    assert first["found"] and set(first["data"]) == set(TO_BKN)
    assert first["data"]["nama"] == roster[0]["nama"]
    assert missing == {"nip": nips[1], "found": False, "data": None}
    row = ExchangeLog.objects.get(endpoint="records.query")
    assert (row.outcome, row.record_count, row.purpose) == ("granted", 1, "a")
    assert list(ExchangeLogPerson.objects.filter(log=row).values_list("nip_hash", flat=True)) == [
        credentials.person_hash(nips[0])
    ]


def test_the_pull_pages_through_the_whole_version(api, roster):
    seen, params = [], {"page_size": 7}
    while True:
        response = api.get("/api/v1/records", params)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [r["nip"] for r in body["results"]]
        if not body["next_cursor"]:
            break
        assert roster[0]["nipBaru"] not in body["next"]
        params = {"cursor": body["next_cursor"], "page_size": 7}
    assert sorted(seen) == sorted(p["nipBaru"] for p in roster)


def test_verify_answers_padan_without_the_value(api, roster):
    person = roster[0]
    response = api.post(
        "/api/v1/records/verify",
        {
            "persons": [
                {"nip": person["nipBaru"], "values": {"nama": person["nama"].upper(), "golRuangAkhir": "3B"}}
            ]
        },
    )
    assert response.status_code == 200, response.content
    (result,) = response.json()["results"]
    assert result["fields"]["nama"] == {"result": "padan", "score": 1.0}
    assert result["fields"]["golRuangAkhir"]["result"] == "tidak_padan"
    assert person["nama"] not in response.content.decode()


def test_person_hashes_in_bulk_equal_the_single_keyed_hash():
    nips = ["199001012015031901", "198805152012122902"]
    assert credentials.person_hashes(nips) == [credentials.person_hash(nip) for nip in nips]
