"""The sync pages: runs listed and started, a run's progress (page and JSON), outcomes with masked NIPs,
errors by cause, retry of the failed; the permission matrix and bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from exchange.sync import services
from exchange.sync.choices import ItemStatus, RunStatus
from exchange.sync.models import SyncItem, SyncRun
from tests.exchange.sync import setup
from tests.helpers import assert_permission_matrix

ROWS = setup.roster(80, seed=5)


@pytest.fixture
def run(kemendes, bkn, kemendes_staf):
    agreement = setup.agreement_with_lampiran(kemendes, bkn)
    setup.roster_version(agreement, ROWS)
    setup.credential(agreement, "http://127.0.0.1:9")
    setup.grant_change(kemendes_staf, agreement)
    return services.run_request(agreement=agreement, acting_user=kemendes_staf)


def close_items(run: SyncRun) -> None:
    """As if a worker had done the run: most fetched, some missing, some failed for two reasons."""
    now = timezone.now()
    items = list(SyncItem.objects.filter(run=run).order_by("position"))
    for n, item in enumerate(items):
        item.done_at = now
        if n % 10 == 0:
            item.status, item.reason = ItemStatus.FAILED, "server_error" if n % 20 else "timeout"
        elif n % 7 == 0:
            item.status, item.reason = ItemStatus.NOT_FOUND, "not_found"
        else:
            item.status, item.values = ItemStatus.FETCHED, {"nipBaru": item.nip}
    SyncItem.objects.bulk_update(items, ["status", "reason", "done_at", "values"])
    counts = {s: sum(1 for i in items if i.status == s) for s in ItemStatus.values}
    SyncRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        started_at=now,
        finished_at=now,
        fetched=counts["fetched"],
        not_found=counts["not_found"],
        failed=counts["failed"],
    )
    run.refresh_from_db()


@pytest.mark.django_db
def test_the_run_page_follows_the_permission_matrix(
    client, run, kemendes_pimpinan, bkn_staf, lain_staf, kemendes_staf
):
    url = reverse("sync:run_detail", args=[run.pk])
    expected = {
        "anonymous": (None, 302),
        "other institution": (lain_staf, 404),
        "the other party": (bkn_staf, 404),
        "own party without the grant": (kemendes_pimpinan, 200),
        "own party with the grant": (kemendes_staf, 200),
    }
    assert_permission_matrix(client, url, expected)
    assert_permission_matrix(client, reverse("sync:run_progress", args=[run.pk]), expected)


@pytest.mark.django_db
def test_the_run_page_masks_every_nip_and_groups_errors(
    client, run, kemendes_staf, django_assert_max_num_queries
):
    close_items(run)
    client.force_login(kemendes_staf)
    # Rights from role and team: the roles, the party, its team, the membership and its adjustments.
    with django_assert_max_num_queries(15):
        response = client.get(reverse("sync:run_detail", args=[run.pk]))
    page = response.content.decode()
    assert not any(row["nipBaru"] in page for row in ROWS)
    assert "•••" in page
    assert "Layanan SIASN gagal (5xx)" in page and "batas waktu" in page
    assert "Ulangi" in page


@pytest.mark.django_db
def test_progress_json_says_done_total_rate_and_time_left(client, run, kemendes_staf):
    client.force_login(kemendes_staf)
    data = client.get(reverse("sync:run_progress", args=[run.pk])).json()
    assert data["total"] == len(ROWS) and data["done"] == 0 and data["open"] is True
    assert set(data) >= {"rate", "seconds_left", "percent", "status_label"}
    close_items(run)
    data = client.get(reverse("sync:run_progress", args=[run.pk])).json()
    assert data["done"] == len(ROWS) and data["percent"] == 100.0 and data["open"] is False


@pytest.mark.django_db
def test_retry_of_the_failed_fetches_only_those(client, run, kemendes_staf):
    close_items(run)
    client.force_login(kemendes_staf)
    response = client.post(reverse("sync:run_retry", args=[run.pk]))
    again = SyncRun.objects.exclude(pk=run.pk).get()
    assert response.status_code == 302 and response.url == reverse("sync:run_detail", args=[again.pk])
    pending = SyncItem.objects.filter(run=again, status=ItemStatus.PENDING).count()
    assert pending == run.failed
    assert again.reused == run.fetched + run.not_found


@pytest.mark.django_db
def test_starting_a_second_run_while_one_is_open_is_refused_with_a_message(client, run, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.post(reverse("sync:run_start", args=[run.agreement_id]), follow=True)
    assert "Masih ada sinkronisasi yang berjalan" in response.content.decode()
    assert SyncRun.objects.count() == 1


@pytest.mark.django_db
def test_the_list_offers_the_start_and_the_schedule(
    client, run, kemendes_staf, django_assert_max_num_queries
):
    client.force_login(kemendes_staf)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("sync:run_list"))
    page = response.content.decode()
    assert "Sinkronkan sekarang" in page and "Simpan jadwal" in page
    response = client.post(
        reverse("sync:schedule_save", args=[run.agreement_id]),
        {"enabled": "1", "every_days": "1", "hour": "3"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("sync:schedule_save", args=[run.agreement_id]),
        {"enabled": "1", "every_days": "x", "hour": "3"},
        follow=True,
    )
    assert "harus berupa angka" in response.content.decode()
