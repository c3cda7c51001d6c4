"""The month calendar of deadlines: a Monday-first grid, each deadline linking to its place."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import assert_permission_matrix
from tests.reminders.conftest import add_semester_report, force_majeure, make_agreement

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
URL = reverse("portal:calendar")


@pytest.fixture
def on_9_august_2025():
    with time_machine.travel(datetime.combine(date(2025, 8, 9), time(9), JAKARTA), tick=False):
        yield


def test_anyone_logged_in_sees_the_calendar_of_their_own_agreements(
    client, seed, lain_staf, kemendes_staf, bkn_pimpinan
):
    assert_permission_matrix(
        client,
        URL + "?bulan=2025-09",
        {
            "anonymous": (None, 302),
            "other institution": (lain_staf, 200),
            "party, staff": (kemendes_staf, 200),
            "other party, manager": (bkn_pimpinan, 200),
        },
    )
    client.force_login(lain_staf)
    assert "26/HKM.07.01/X/2023" not in client.get(URL + "?bulan=2025-09").content.decode()


def test_september_2025_shows_the_notice_deadline_on_its_day_as_a_legal_clock(client, seed, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.get(URL, {"bulan": "2025-09"})
    page = response.content.decode()

    assert response.context["month"] == date(2025, 9, 1)
    weeks = response.context["weeks"]
    assert weeks[0][0].day == date(2025, 9, 1)  # a Monday
    assert weeks[-1][-1].day == date(2025, 10, 5)
    [cell] = [c for week in weeks for c in week if c.day == date(2025, 9, 8)]
    assert [d.kind for d in cell.deadlines] == ["notice"]
    assert 'id="tanggal-2025-09-08"' in page
    assert 'class="event legal' in page
    assert "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS" in page
    assert "8 September 2025" in page  # the list under the grid, in Indonesian
    assert "?bulan=2025-08" in page and "?bulan=2025-10" in page
    assert reverse("portal:calendar_subscription") in page


def test_the_weeks_that_touch_the_month_show_their_deadlines_too(client, seed, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.get(URL, {"bulan": "2025-09"})
    [cell] = [c for week in response.context["weeks"] for c in week if c.day == date(2025, 10, 1)]
    assert not cell.in_month
    assert [d.title for d in response.context["month_deadlines"]] == [
        "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS"
    ]


@pytest.mark.parametrize("month", ["", "2025-13", "kemarin", "99999-01", "2025-9-1"])
def test_a_month_it_can_not_read_shows_this_month(client, kemendes_staf, month, on_9_august_2025):
    client.force_login(kemendes_staf)
    response = client.get(URL, {"bulan": month})
    assert response.status_code == 200
    assert response.context["month"] == date(2025, 8, 1)
    [cell] = [c for week in response.context["weeks"] for c in week if c.is_today]
    assert cell.day == date(2025, 8, 9)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_calendar_runs_the_same_number_of_queries_for_one_or_many_agreements(
    client, seed, kemendes, bkn, kemendes_staf, on_9_august_2025
):
    client.force_login(kemendes_staf)
    url = URL + "?bulan=2025-04"
    queries_for(client, url)
    few = queries_for(client, url)
    for n in range(15):
        agreement = make_agreement(
            [kemendes, bkn], numbers=(f"{n}/HKM/2023", f"{n}/HM/2023"), signed_on=date(2023, 10, 1 + n)
        )
        add_semester_report(agreement, agreement.parties.get(order=1))
        force_majeure(agreement, 2, date(2025, 4, 1), kemendes_staf)
    many = queries_for(client, url)
    # The deadline sources read one query each, the SIASN token source included.
    assert few == many == 14  # two more: the Pasal 9 subject-access and incident deadline sources
