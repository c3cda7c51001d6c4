"""Beranda: overdue, this week, in 30 and in 90 days across the user's agreements; counts by status."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import assert_permission_matrix
from tests.reminders.conftest import add_semester_report, make_agreement

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def on_9_august_2025():
    with time_machine.travel(datetime.combine(date(2025, 8, 9), time(9), JAKARTA), tick=False):
        yield


def section(page: str, anchor: str) -> str:
    match = re.search(rf'<section class="card" id="{anchor}">(.*?)</section>', page, re.S)
    return match.group(1) if match else ""


def test_anyone_logged_in_sees_their_own_beranda(client, seed, lain_staf, kemendes_staf, kemendes_pimpinan):
    assert_permission_matrix(
        client,
        reverse("portal:dashboard"),
        {
            "anonymous": (None, 302),
            "other institution": (lain_staf, 200),
            "party, staff": (kemendes_staf, 200),
            "party, manager": (kemendes_pimpinan, 200),
        },
    )


def test_it_sorts_the_deadlines_into_overdue_this_week_30_and_90_days(
    client, seed, kemendes, bkn, kemendes_staf, on_9_august_2025
):
    soon = make_agreement(
        [kemendes, bkn], numbers=("7/HKM.07.01/VIII/2023", "9/HM.04.01/2023"), signed_on=date(2023, 8, 14)
    )  # notice deadline 13 July 2025 (overdue), last day 13 August 2025 (this week)
    client.force_login(kemendes_staf)
    page = client.get(reverse("portal:dashboard")).content.decode()

    assert "<h1>Beranda</h1>" in page
    overdue, week, month, quarter = (section(page, a) for a in ("overdue", "week", "month", "quarter"))
    assert "Laporan hasil pemanfaatan dan pertukaran data (periode 1)" in overdue
    assert "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS" in overdue
    assert "PKS 7/HKM.07.01/VIII/2023" in overdue
    assert "Hari terakhir berlakunya PKS" in week and "13 Agustus 2025" in week
    assert "8 September 2025" in month and "30 hari lagi" in month
    assert "8 Oktober 2025" in quarter and "60 hari lagi" in quarter
    # Each line links to its place: the agreement's tab where the clock is kept, and the agreement.
    assert f'href="{soon.get_absolute_url()}#ringkasan"' in week
    assert f'href="{soon.get_absolute_url()}"' in week


def test_it_counts_the_users_agreements_by_status(
    client, seed, kemendes, bkn, lain, kemendes_staf, on_9_august_2025
):
    make_agreement([kemendes, bkn], numbers=("1/X/2024", "2/X/2024"), signed_on=None)
    make_agreement([lain, bkn], numbers=("3/X/2024", "4/X/2024"))  # not Kemendes's: not counted
    client.force_login(kemendes_staf)
    response = client.get(reverse("portal:dashboard"))
    statuses = {s["code"]: s["count"] for s in response.context["statuses"]}
    assert statuses == {
        "draft": 1,
        "scheduled": 0,
        "active": 0,
        "notice": 1,
        "ending": 0,
        "expired": 0,
        "terminated": 0,
    }
    assert response.context["agreement_total"] == 2
    assert f'href="{reverse("agreements:agreement_list")}?status=notice"' in response.content.decode()


def test_a_user_of_another_institution_sees_no_deadline_of_the_seed(
    client, seed, lain_staf, on_9_august_2025
):
    client.force_login(lain_staf)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Belum ada tenggat untuk ditampilkan." in page
    assert "26/HKM.07.01/X/2023" not in page


def test_it_links_to_the_calendar_and_the_reminder_preferences(client, kemendes_staf):
    client.force_login(kemendes_staf)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert f'href="{reverse("portal:calendar")}"' in page
    assert f'href="{reverse("portal:reminder_preferences")}"' in page


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_runs_the_same_number_of_queries_for_one_or_many_agreements(
    client, seed, kemendes, bkn, kemendes_pimpinan, on_9_august_2025
):
    client.force_login(kemendes_pimpinan)
    url = reverse("portal:dashboard")
    queries_for(client, url)  # warm the session
    few = queries_for(client, url)
    for n in range(15):
        agreement = make_agreement(
            [kemendes, bkn], numbers=(f"{n}/HKM/2024", f"{n}/HM/2024"), signed_on=date(2024, 1, 1 + n)
        )
        add_semester_report(agreement, agreement.parties.get(order=n % 2 + 1))
    many = queries_for(client, url)
    # The deadline sources read one query each, the SIASN token source included.
    assert few == many == 17  # two more: the Pasal 9 subject-access and incident deadline sources


def long_overdue_bucket(kemendes, bkn) -> None:
    for n in range(3):
        agreement = make_agreement(
            [kemendes, bkn], numbers=(f"{n + 1}/HKM.07.01/I/2023", f"{n + 1}/HM.04.01/2023"), title=f"PKS {n}"
        )
        add_semester_report(agreement, agreement.parties.get(order=1))


def rows_of(html: str) -> int:
    return html.count("<tr") - html.count("<thead")  # each table has one header row


def test_a_long_bucket_shows_eight_lines_and_links_to_all_of_them(client, kemendes, bkn, kemendes_staf):
    long_overdue_bucket(kemendes, bkn)
    client.force_login(kemendes_staf)
    with time_machine.travel(datetime.combine(date(2026, 6, 1), time(9), JAKARTA), tick=False):
        page = client.get(reverse("portal:dashboard")).content.decode()
        overdue = section(page, "overdue")
        link = re.search(r'<a href="([^"]+)">Lihat semua (\d+) tenggat', overdue)
        assert link, "a long bucket links to its whole list"
        assert rows_of(overdue) == 8 < int(link.group(2))
        listed = client.get(link.group(1).replace("&amp;", "&"))
    assert listed.status_code == 200
    whole = listed.content.decode()
    assert "Tenggat: Terlambat" in whole
    assert rows_of(whole) == int(link.group(2))  # under 50: one page
    assert 'aria-current="page">Terlambat' in whole


def test_the_list_of_a_bucket_pages_by_fifty_and_shows_only_the_users_agreements(
    client, kemendes, bkn, lain, kemendes_staf, lain_staf
):
    for n in range(15):
        agreement = make_agreement(
            [kemendes, bkn], numbers=(f"{n + 1}/HKM.07.01/I/2022", f"{n + 1}/HM.04.01/2022"), title=f"PKS {n}"
        )
        add_semester_report(agreement, agreement.parties.get(order=1))
    url = reverse("portal:deadline_list")
    with time_machine.travel(datetime.combine(date(2026, 6, 1), time(9), JAKARTA), tick=False):
        client.force_login(kemendes_staf)
        first = client.get(url, {"kelompok": "overdue"}).content.decode()
        total = int(re.search(r"(\d+) tenggat yang masih terbuka", first).group(1))
        assert total > 50
        assert rows_of(first) == 50 and "Halaman 1 dari" in first
        last = client.get(url, {"kelompok": "overdue", "page": "2"}).content.decode()
        assert rows_of(last) == total - 50 and "Halaman 2 dari 2" in last
        # An unknown bucket or page shows the first of each, not an error.
        assert client.get(url, {"kelompok": "<x>", "page": "abc"}).status_code == 200

        client.force_login(lain_staf)
        other = client.get(url, {"kelompok": "overdue"}).content.decode()
    assert "0 tenggat yang masih terbuka" in other and "Tidak ada tenggat terbuka" in other


def test_the_list_of_deadlines_needs_a_login(client):
    response = client.get(reverse("portal:deadline_list"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]
