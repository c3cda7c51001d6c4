"""The data-set tasks: a primary key in, one effect however often a message is delivered; and the import
as a real background job on a Celery worker, polled through its page."""

import time

import pytest
from django.urls import reverse

from exchange.data import imports, services, tasks
from exchange.data.choices import ImportStatus, VersionStatus
from exchange.data.models import DataImport, DataSetVersion, Record
from tests.exchange.data.conftest import grant, login, people
from tests.exchange.data.files import siasn_csv
from tests.exchange.data.test_import import upload


@pytest.mark.django_db
def test_counting_differences_twice_counts_once(dataset):
    first = services.version_create(dataset=dataset, rows=people(3), source_kind="sync", source_name="a")
    second = services.version_create(dataset=dataset, rows=people(4), source_kind="sync", source_name="b")
    assert tasks.count_differences(second.pk) == "+1 -0 ~0"
    assert tasks.count_differences(second.pk) == "+1 -0 ~0"
    assert tasks.count_differences(first.pk) == "+3 -0 ~0"
    assert tasks.count_differences(10**9) == "gone"


@pytest.mark.django_db
def test_purging_twice_purges_once(dataset, settings):
    settings.DATASET_KEEP_VERSIONS = 1
    for n in range(3):
        services.version_create(dataset=dataset, rows=people(2, start=n), source_kind="sync", source_name="x")
    assert tasks.purge_versions(dataset.pk) == "purged=2"
    assert tasks.purge_versions(dataset.pk) == "purged=0"
    assert DataSetVersion.objects.filter(status=VersionStatus.READY).count() == 1


@pytest.mark.django_db
def test_a_stale_claim_returns_to_the_queue(dataset):
    from datetime import timedelta

    from django.utils import timezone

    data_import = upload(dataset, siasn_csv())
    DataImport.objects.filter(pk=data_import.pk).update(
        status=ImportStatus.CHECKING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert imports.imports_sweep()["requeued"] == 1
    assert tasks.run_import(data_import.pk) == "checked 3 rows"


@pytest.mark.redis
def test_a_large_import_runs_on_the_worker_while_the_page_polls(
    client, agreement, kemendes_staf, dataset, settings, start_celery_worker
):
    settings.DATASET_IMPORT_INLINE_BYTES = 0  # every file goes to the background
    grant(kemendes_staf, agreement, "change_agreement")
    login(client, kemendes_staf)
    start_celery_worker()
    data_import = upload(dataset, siasn_csv(people(500)), user=kemendes_staf)
    columns = {f"col{i}": code for i, code in enumerate(data_import.mapping["columns"])}
    client.post(reverse("data:import_map", args=[data_import.pk]), columns)
    page = client.get(reverse("data:import_detail", args=[data_import.pk])).content.decode()
    assert 'http-equiv="refresh"' in page or "lolos pemeriksaan" in page
    wait_for(data_import, ImportStatus.CHECKED)
    client.post(reverse("data:import_store", args=[data_import.pk]))
    wait_for(data_import, ImportStatus.DONE)
    assert Record.objects.count() == 500
    page = client.get(reverse("data:import_detail", args=[data_import.pk])).content.decode()
    assert "Tersimpan sebagai versi 1" in page and 'http-equiv="refresh"' not in page


def wait_for(data_import, status, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data_import.refresh_from_db()
        if data_import.status == status:
            return
        time.sleep(0.2)
    pytest.fail(f"import stayed {data_import.status}: {data_import.message} {data_import.problems[:3]}")
