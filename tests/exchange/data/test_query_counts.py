"""Query counts of the data-set pages, pinned: the same for 10 records as for 100,000."""

import pytest
from django.urls import reverse

from exchange.data import services
from exchange.data.models import Record
from tests.exchange.data.conftest import grant, login, people

pytestmark = pytest.mark.django_db

# Measured, then pinned: a change of scale (a query per row) breaks them whatever the data size.
# The session, the user and their groups, the grant checks and the access log's chain are among them;
# the search's first log row also makes the chain's head (a few queries once).
PINNED = {
    "dataset_list": 8,
    "dataset_detail": 31,  # rights from role and team (team, membership) and the Pasal 9 acknowledgement
    "version_detail": 23,
    "version_changed": 24,
    "record_detail": 20,
}


@pytest.fixture(params=[10, 100_000], ids=["10 records", "100000 records"])
def versions(request, dataset):
    rows = people(request.param)
    first = services.version_create(dataset=dataset, rows=rows, source_kind="sync", source_name="run 1")
    for row in rows[:5]:
        row["golRuangAkhir"] = "IV/a"
    second = services.version_create(dataset=dataset, rows=rows, source_kind="sync", source_name="run 2")
    return first, second


def test_the_pages_run_a_fixed_number_of_queries(
    client, agreement, kemendes_penghubung, dataset, versions, django_assert_max_num_queries
):
    grant(kemendes_penghubung, agreement)
    login(client, kemendes_penghubung)
    _first, second = versions
    record = Record.objects.filter(version=second).order_by("nip").first()
    client.post(reverse("data:dataset_search", args=[dataset.pk]), {"query": "Peserta Contoh 1"})
    services.version_diff_count(version=second)
    urls = {
        "dataset_list": reverse("data:dataset_list"),
        "dataset_detail": reverse("data:dataset_detail", args=[dataset.pk]),
        "version_detail": reverse("data:version_detail", args=[second.pk]),
        "version_changed": reverse("data:version_detail", args=[second.pk]) + "?tab=changed",
        "record_detail": reverse("data:record_detail", args=[record.pk]),
    }
    for name, url in urls.items():
        with django_assert_max_num_queries(PINNED[name]):
            response = client.get(url)
        assert response.status_code == 200, name
    changed = client.get(urls["version_changed"]).content.decode()
    assert changed.count("IV/a") == 5
