"""The personal iCalendar feed: a secret, revocable link per user; the feed holds no personal data."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from portal.calendar_feed import feed_token_issue
from portal.models import CalendarFeedToken
from tests.helpers import assert_permission_matrix

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
SUBSCRIPTION = reverse("portal:calendar_subscription")


@pytest.fixture
def on_9_august_2025():
    with time_machine.travel(datetime.combine(date(2025, 8, 9), time(9), JAKARTA), tick=False):
        yield


def feed_url(user) -> str:
    return reverse("portal:calendar_feed", args=[feed_token_issue(acting_user=user).token])


def test_the_feed_parses_and_holds_the_seeds_deadlines_with_indonesian_titles(
    seed, kemendes_pimpinan, on_9_august_2025
):
    response = Client().get(feed_url(kemendes_pimpinan))  # a calendar client: no session at all

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Tenggat Portal PKS"
    events = sorted((event.decoded("dtstart"), str(event["summary"])) for event in calendar.walk("VEVENT"))
    label = " — PKS 26/HKM.07.01/X/2023"
    # A year back and two years ahead: the first report (8 April 2024) has left the window.
    assert events == [
        (date(2024, 10, 8), "Laporan hasil pemanfaatan dan pertukaran data (periode 2)" + label),
        (date(2025, 4, 8), "Laporan hasil pemanfaatan dan pertukaran data (periode 3)" + label),
        (date(2025, 9, 8), "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS" + label),
        (date(2025, 10, 8), "Hari terakhir berlakunya PKS" + label),
        (date(2025, 10, 8), "Laporan hasil pemanfaatan dan pertukaran data (periode 4)" + label),
    ]
    [notice] = [e for e in calendar.walk("VEVENT") if e.decoded("dtstart") == date(2025, 9, 8)]
    assert "Pasal 6" in str(notice["description"])
    assert "Nomor 26/HKM.07.01/X/2023 dan Nomor 35/HM.04.01/2023" in str(notice["description"])
    assert str(notice["uid"]).endswith("@portal-pks")
    assert notice.walk("VALARM")  # a legal notice warns the day before
    assert notice.decoded("dtend") == date(2025, 9, 9)


def test_the_feed_carries_no_personal_data(seed, kemendes_pimpinan, on_9_august_2025):
    body = Client().get(feed_url(kemendes_pimpinan)).content.decode()
    for personal in ("@", "Dewi", "Kartika", "Hendra", "TAUFIK", "IMAS", "kemendes.pimpinan"):
        assert personal not in body.replace("@portal-pks", "")


def test_a_new_link_replaces_the_old_one_and_a_revoked_link_stops_working(client, seed, kemendes_pimpinan):
    old = feed_url(kemendes_pimpinan)
    assert Client().get(old).status_code == 200

    client.force_login(kemendes_pimpinan)
    assert client.post(reverse("portal:calendar_feed_issue")).status_code == 302
    new = reverse("portal:calendar_feed", args=[CalendarFeedToken.objects.get(revoked_at=None).token])
    assert new != old
    assert Client().get(old).status_code == 302
    assert Client().get(new).status_code == 200

    client.post(reverse("portal:calendar_feed_revoke"))
    response = Client().get(new)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not CalendarFeedToken.objects.filter(revoked_at=None).exists()


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"), lambda t: t.split(".")[0], lambda t: "x"]
)
def test_a_tampered_link_sends_a_browser_to_the_login_page(seed, kemendes_pimpinan, mangle):
    token = feed_token_issue(acting_user=kemendes_pimpinan).token
    response = Client().get(reverse("portal:calendar_feed", args=[mangle(token)]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_link_of_a_deactivated_user_stops_working(seed, kemendes_pimpinan):
    url = feed_url(kemendes_pimpinan)
    kemendes_pimpinan.is_active = False
    kemendes_pimpinan.save()
    assert Client().get(url).status_code == 302


def test_the_feed_answers_only_reads(seed, kemendes_pimpinan):
    assert Client().post(feed_url(kemendes_pimpinan)).status_code == 302


def test_each_user_reads_their_own_agreements_through_their_own_link(seed, lain_staf, on_9_august_2025):
    calendar = Calendar.from_ical(Client().get(feed_url(lain_staf)).content)
    assert calendar.walk("VEVENT") == []


def test_the_subscription_page_is_for_every_user_and_shows_only_their_own_link(
    client, seed, lain_staf, kemendes_staf, kemendes_pimpinan
):
    assert_permission_matrix(
        client,
        SUBSCRIPTION,
        {
            "anonymous": (None, 302),
            "other institution": (lain_staf, 200),
            "party, staff": (kemendes_staf, 200),
            "party, manager": (kemendes_pimpinan, 200),
        },
    )
    theirs = feed_token_issue(acting_user=kemendes_pimpinan).token
    client.force_login(kemendes_staf)
    page = client.get(SUBSCRIPTION).content.decode()
    assert theirs not in page
    assert "Buat tautan kalender" in page
    client.post(reverse("portal:calendar_feed_issue"))
    page = client.get(SUBSCRIPTION).content.decode()
    mine = CalendarFeedToken.objects.get(user=kemendes_staf, revoked_at=None).token
    assert f"http://testserver/kalender/feed/{mine}.ics" in page
    assert f"webcal://testserver/kalender/feed/{mine}.ics" in page


def test_making_and_revoking_links_needs_a_post(client, kemendes_staf):
    client.force_login(kemendes_staf)
    assert client.get(reverse("portal:calendar_feed_issue")).status_code == 405
    assert client.get(reverse("portal:calendar_feed_revoke")).status_code == 405
    assert not CalendarFeedToken.objects.exists()


def test_the_database_alone_never_holds_a_working_link(seed, kemendes_pimpinan, settings):
    link = reverse("portal:calendar_feed", args=[feed_token_issue(acting_user=kemendes_pimpinan).token])
    stored = " ".join(str(v) for v in CalendarFeedToken.objects.values_list().get())
    assert link.split(".")[1] not in stored
    assert Client().get(link).status_code == 200
    # The link is an HMAC under the site's secret key: a copy of the database elsewhere opens nothing.
    settings.SECRET_KEY = "another-secret-key-for-another-installation-0123456789"
    assert Client().get(link).status_code == 302


def test_the_feed_link_alone_decides_who_reads_it(client, seed, lain_staf, kemendes_staf, kemendes_pimpinan):
    """A calendar client has no session: the secret link is the credential, whoever holds it."""
    live = feed_url(kemendes_pimpinan)
    everyone = {
        "anonymous": (None, 200),
        "other institution": (lain_staf, 200),
        "party, staff": (kemendes_staf, 200),
        "owner": (kemendes_pimpinan, 200),
    }
    assert_permission_matrix(client, live, everyone)
    feed_token_issue(acting_user=kemendes_pimpinan)  # the old link is revoked
    assert_permission_matrix(
        client, live, {label: (user, 302) for label, (user, _status) in everyone.items()}
    )
