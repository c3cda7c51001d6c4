"""The list page: only agreements of one's own institution, status from the database, filters, search."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementParty
from tests.helpers import assert_permission_matrix

from .conftest import party

URL = reverse("agreements:agreement_list")


def test_the_permission_matrix(client, agreement, lain_staf, kemendes_penghubung, kemendes_staf):
    assert_permission_matrix(
        client,
        URL,
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 200),
            "no grant": (kemendes_penghubung, 200),
            "granted": (kemendes_staf, 200),
        },
    )


def test_a_user_of_another_institution_does_not_find_it(client, agreement, lain_staf):
    client.force_login(lain_staf)
    page = client.get(URL, {"q": "PKS Uji"}).content.decode()
    assert agreement.title not in page
    assert "Tidak ada perjanjian yang cocok" in page


def test_it_shows_both_numbers_dates_and_status(client, agreement, bkn_staf):
    client.force_login(bkn_staf)
    page = client.get(URL).content.decode()
    assert agreement.title in page
    assert "1/UJI/2023" in page and "2/UJI/2023" in page
    assert "9 Oktober 2023" in page and "8 Oktober 2025" in page


@pytest.fixture
def spread(make_agreement, kemendes, lain, kemendes_staf):
    today = timezone.localdate()
    return {
        "active": make_agreement(title="Aktif", signed_on=today - timedelta(days=30), contacts=False),
        "notice": make_agreement(title="Hampir habis", signed_on=today - timedelta(days=680), contacts=False),
        "expired": make_agreement(title="Sudah lewat", signed_on=date(2020, 1, 1), contacts=False),
        "draft": make_agreement(title="Masih draf", signed_on=None, contacts=False),
        "with bps": make_agreement(
            title="Dengan BPS", parties=[party(kemendes, "9/BPS"), party(lain, "B-1/BPS")], contacts=False
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "active"}, {"Aktif"}),
        ({"status": "notice"}, {"Hampir habis"}),
        ({"status": "expired"}, {"Sudah lewat", "Dengan BPS"}),
        ({"status": "draft"}, {"Masih draf"}),
        ({"q": "draf"}, {"Masih draf"}),
        ({"q": "B-1/BPS"}, {"Dengan BPS"}),
        ({"q": "statistik"}, {"Dengan BPS"}),
        ({"notice_within": "60"}, {"Hampir habis"}),
    ],
)
def test_filters_and_search(client, spread, kemendes_staf, query, expected):
    client.force_login(kemendes_staf)
    response = client.get(URL, query)
    assert {a.title for a in response.context["page"].object_list} == expected


def test_the_partner_filter_lists_only_partners(client, spread, kemendes_staf, lain):
    client.force_login(kemendes_staf)
    response = client.get(URL, {"partner": lain.pk})
    assert {a.title for a in response.context["page"].object_list} == {"Dengan BPS"}
    offered = {label for value, label in response.context["form"].fields["partner"].choices if value}
    assert offered == {"Badan Kepegawaian Negara", "Badan Pusat Statistik"}


def test_a_bad_filter_value_is_explained_and_ignored(client, agreement, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.get(URL, {"notice_within": "banyak"})
    assert response.status_code == 200
    assert "Isi dengan jumlah hari, mis. 30." in response.content.decode()
    assert agreement in list(response.context["page"].object_list)


def bulk(count, kemendes, bkn, creator):
    today = timezone.localdate()
    agreements = Agreement.objects.bulk_create(
        Agreement(
            title=f"Perjanjian massal {i}",
            signed_on=today - timedelta(days=400 + i % 300),
            ends_on=today + timedelta(days=60 + i % 300),
            notice_deadline=today + timedelta(days=30 + i % 300),
            signing_place="Jakarta",
            created_by=creator,
        )
        for i in range(count)
    )
    AgreementParty.objects.bulk_create(
        [AgreementParty(agreement=a, institution=kemendes, order=1, number=f"{a.pk}/HKM") for a in agreements]
        + [AgreementParty(agreement=a, institution=bkn, order=2, number=f"{a.pk}/HM") for a in agreements]
    )


LIST_QUERIES = 10  # with the count of invitations waiting for the institution


@pytest.mark.parametrize("count", [10, 500])
def test_the_list_runs_a_fixed_number_of_queries(
    client, kemendes, bkn, kemendes_staf, count, django_assert_num_queries
):
    bulk(count, kemendes, bkn, kemendes_staf)
    client.force_login(kemendes_staf)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(URL, {"q": "massal", "notice_within": "3650"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
