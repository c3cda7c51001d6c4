"""The web-service pages: clients per agreement (issue with the secret shown once, revoke by either party),
the use chart, and the exchange log with its filters and the "who received this person" search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exchange.api import services
from exchange.api.models import ApiClient
from tests.exchange.corrections.conftest import grant
from tests.helpers import assert_permission_matrix

pytestmark = pytest.mark.django_db


def test_the_client_page_permission_matrix(client, agreement, kemendes_staf, bkn_staf, lain_staf):
    url = reverse("api_portal:client_list", args=[agreement.pk])
    assert_permission_matrix(
        client,
        url,
        {
            "anonymous": (None, 302),
            "other institution": (lain_staf, 404),
            "providing party's staff": (kemendes_staf, 200),
            "receiving party's staff": (bkn_staf, 200),
        },
    )
    assert_permission_matrix(
        client,
        reverse("api_portal:log_list", args=[agreement.pk]),
        {"anonymous": (None, 302), "other institution": (lain_staf, 404), "own": (bkn_staf, 200)},
    )


def issue_form(agreement, kemendes_party, bkn_party, **extra):
    data = {
        "direction": f"{kemendes_party.pk}-{bkn_party.pk}",
        "name": "SIASN BKN",
        "daily_record_quota": "500",
    }
    data.update(extra)
    return reverse("api_portal:client_issue", args=[agreement.pk]), data


def test_the_receiving_pimpinan_issues_and_sees_the_secret_once(
    client, agreement, kemendes_party, bkn_party, bkn_pimpinan
):
    client.force_login(bkn_pimpinan)
    page = client.get(reverse("api_portal:client_list", args=[agreement.pk]))
    assert "Terbitkan kredensial" in page.content.decode()
    url, data = issue_form(agreement, kemendes_party, bkn_party)
    response = client.post(url, data)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    stored = ApiClient.objects.get()
    secret = response.context["secret"]
    assert secret in response.content.decode() and stored.daily_record_quota == 500
    assert secret not in client.get(reverse("api_portal:client_list", args=[agreement.pk])).content.decode()


def test_staff_and_the_providing_party_cannot_issue(
    client, agreement, kemendes_party, bkn_party, bkn_staf, kemendes_pimpinan
):
    url, data = issue_form(agreement, kemendes_party, bkn_party)
    for user in (bkn_staf, kemendes_pimpinan):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    assert not ApiClient.objects.exists()


def test_an_expiry_past_the_end_is_refused_with_a_message(
    client, agreement, kemendes_party, bkn_party, bkn_pimpinan
):
    client.force_login(bkn_pimpinan)
    late = agreement.last_day_in_force.replace(year=agreement.last_day_in_force.year + 1)
    url, data = issue_form(agreement, kemendes_party, bkn_party, expires_on=late.isoformat())
    response = client.post(url, data)
    assert response.status_code == 400
    assert "tidak boleh melewati hari terakhir" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_either_partys_pimpinan_revokes(client, issued, kemendes_pimpinan, bkn_staf):
    url = reverse("api_portal:client_revoke", args=[issued.client.pk])
    client.force_login(bkn_staf)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(kemendes_pimpinan)
    response = client.post(url, {"reason": "Kebocoran diduga"})
    assert response.status_code == 302
    issued.client.refresh_from_db()
    assert issued.client.revoked_at and issued.client.revoke_reason == "Kebocoran diduga"


def test_the_page_shows_use_addresses_and_a_chart(
    client, api, roster, bkn_staf, django_assert_max_num_queries
):
    api.post("/api/v1/records/query", {"nips": [p["nipBaru"] for p in roster[:4]]})
    client.force_login(bkn_staf)
    url = reverse("api_portal:client_list", args=[api_agreement_id()])
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "<svg" in page and "127.0.0.1" in page and "4 rekaman" in page


def api_agreement_id() -> int:
    return ApiClient.objects.get().agreement_id


def test_the_providing_party_sees_who_received_a_person(client, api, roster, kemendes_penghubung, agreement):
    api.post("/api/v1/records/query", {"nips": [roster[0]["nipBaru"]]})
    api.post("/api/v1/records/query", {"nips": [roster[1]["nipBaru"]]})
    from tests import helpers

    helpers.keep_teams(agreement)  # each party keeps a team with no member: nobody reads personal data
    url = reverse("api_portal:log_list", args=[agreement.pk])
    client.force_login(kemendes_penghubung)
    assert client.post(url, {"nip": roster[0]["nipBaru"]}).status_code == 403  # no personal-data right yet
    grant(kemendes_penghubung, agreement, "view_personal_data")
    response = client.post(url, {"nip": roster[0]["nipBaru"]})
    assert response.status_code == 302 and roster[0]["nipBaru"] not in response["Location"]
    page = client.get(url).content.decode()
    assert "1 permintaan melayani data orang dengan NIP ini." in page and "SIASN" in page
    assert client.post(url, {"nip": "123"}).status_code == 400


def test_the_log_filters_and_a_bad_filter_drops_only_itself(
    client, api, roster, bkn_staf, agreement, django_assert_max_num_queries
):
    api.post("/api/v1/records/query", {"nips": [roster[0]["nipBaru"]]})
    api.purpose = ""
    api.get("/api/v1/me")
    client.force_login(bkn_staf)
    url = reverse("api_portal:log_list", args=[agreement.pk])
    with django_assert_max_num_queries(20):
        refused = client.get(url, {"outcome": "refused", "date_from": "not-a-date"})
    rows = list(refused.context["page"])
    assert [row.problem for row in rows] == ["purpose_required"]
    all_rows = client.get(url).context["page"].paginator.count
    assert all_rows == 3  # token, query, refused me


def test_the_index_lists_agreements_with_a_lampiran(client, agreement, issued, bkn_staf, lain_staf):
    client.force_login(bkn_staf)
    page = client.get(reverse("api_portal:agreement_list"))
    assert page.context["agreements"][0].client_count == 1
    client.force_login(lain_staf)
    assert not client.get(reverse("api_portal:agreement_list")).context["agreements"]


def test_services_refuse_issuing_for_a_direction_outside_the_lampiran(agreement, kemendes_party, bkn_party):
    from exchange.data.models import AnnexField

    AnnexField.objects.filter(agreement=agreement, provider=kemendes_party).delete()
    with pytest.raises(Exception, match="Lampiran"):
        services.api_client_issue(
            agreement=agreement, provider=kemendes_party, receiver=bkn_party, acting_user=None, name="x"
        )
