"""What one request costs the database, and that what is kept between requests never outlives a change: a
revoked client, an agreement out of force or a changed Lampiran is seen by the very next request. The
exchange log's chains stay whole when the requests of one client race each other."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from exchange.api import chain, services
from exchange.api.models import ApiClientDay, ExchangeLog, LogChainHead
from exchange.data.models import AnnexField, DataField
from tests.conftest import require
from tests.exchange.api.conftest import Api, get_token
from tests.exchange.data.conftest import TO_BKN, people

pytestmark = pytest.mark.django_db

QUERY = "/api/v1/records/query"


@pytest.fixture
def roster():
    return people(100)


def query(api: Api, roster, count: int = 100):
    return api.post(QUERY, {"nips": [person["nipBaru"] for person in roster[:count]]})


def test_a_query_of_100_nips_is_three_statements_on_postgresql(api, roster, django_assert_num_queries):
    """The token with its client, agreement and direction; the records; and one statement that counts the
    quota and writes the log row, its 100 person hashes and the chain's head."""
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://...)")
    assert query(api, roster, 2).status_code == 200  # the first call of the day makes its rows
    with django_assert_num_queries(3):
        response = query(api, roster)
    assert response.status_code == 200
    assert all(result["found"] for result in response.json()["results"])
    assert ExchangeLog.objects.order_by("-id").first().persons.count() == 100
    assert ApiClientDay.objects.get().records == 102
    assert chain.verify().ok


def test_a_client_revoked_between_two_requests_is_refused_at_once(api, roster, client_row, kemendes_pimpinan):
    assert query(api, roster).status_code == 200
    services.api_client_revoke(client=client_row, acting_user=kemendes_pimpinan, reason="Bocor")
    response = query(api, roster)
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"
    assert ExchangeLog.objects.order_by("-id").first().outcome == "refused"


def test_an_agreement_that_leaves_force_between_two_requests_serves_nothing(api, roster, agreement):
    assert query(api, roster).status_code == 200
    agreement.terminated_on = timezone.localdate() - timedelta(days=1)
    agreement.save(update_fields=["terminated_on"])
    response = query(api, roster)
    assert response.status_code == 403 and response.json()["code"] == "agreement_not_in_force"


def test_a_lampiran_changed_between_two_requests_is_served_as_changed(api, roster, agreement, client_row):
    first = query(api, roster, 1).json()
    assert set(first["fields"]) == set(TO_BKN)
    # Replaced as the Lampiran's services replace it: every row anew, as many as before, one field swapped.
    direction = AnnexField.objects.filter(
        agreement=agreement, provider=client_row.provider, receiver=client_row.receiver
    )
    codes = [code for code in TO_BKN if code != "nama"]
    extra = DataField.objects.exclude(code__in=TO_BKN).order_by("order", "code").first()
    direction.delete()
    for field in [*DataField.objects.filter(code__in=codes), extra]:
        AnnexField.objects.create(
            agreement=agreement, provider=client_row.provider, receiver=client_row.receiver, field=field
        )
    assert direction.count() == len(TO_BKN)
    second = query(api, roster, 1).json()
    assert set(second["fields"]) == {*codes, extra.code}
    assert "nama" not in second["results"][0]["data"]
    refused = api.post(QUERY, {"nips": [roster[0]["nipBaru"]], "fields": ["nama"]})
    assert refused.status_code == 403 and refused.json()["code"] == "field_not_allowed"


def test_a_new_version_is_served_by_the_next_request(api, roster, version):
    from exchange.data import services as data_services

    assert query(api, roster, 1).json()["version"]["number"] == 1
    data_services.version_create(dataset=version.dataset, rows=roster, source_kind="import", source_name="b")
    assert query(api, roster, 1).json()["version"]["number"] == 2


@pytest.mark.django_db(transaction=True)
def test_racing_requests_of_one_client_keep_its_chain_whole(kemendes, bkn, bkn_pimpinan):
    """Four partner threads on one client at once: every row links to the one before it in id order."""
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://...)")
    from exchange.data import services as data_services
    from tests.exchange.api.conftest import in_force_agreement
    from tests.exchange.corrections.conftest import ensure_catalogue

    ensure_catalogue()
    agreement = in_force_agreement(kemendes, bkn)
    giver, taker = agreement.parties.order_by("order")
    dataset = data_services.dataset_for_direction(agreement=agreement, provider=giver, receiver=taker)
    rows = people(50)
    data_services.version_create(dataset=dataset, rows=rows, source_kind="import", source_name="a")
    issued = services.api_client_issue(
        agreement=agreement, provider=giver, receiver=taker, acting_user=bkn_pimpinan, name="Paralel"
    )
    token = get_token(Client(), issued.client.client_id, issued.secret)
    statuses: list[int] = []
    start = threading.Barrier(4)

    def partner(offset: int) -> None:
        api = Api(Client(), token)
        start.wait()
        try:
            for n in range(8):
                person = rows[(offset * 8 + n) % len(rows)]
                statuses.append(api.post(QUERY, {"nips": [person["nipBaru"]]}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=partner, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 32
    head = LogChainHead.objects.get(chain=chain.chain_of(issued.client.pk))
    assert head.length == ExchangeLog.objects.filter(client=issued.client).count() == 33  # and the token call
    assert ApiClientDay.objects.get(client=issued.client).records == 32
    assert chain.verify().ok
