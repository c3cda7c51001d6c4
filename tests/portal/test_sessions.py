"""Session lifetimes: 30 idle minutes, 12 hours at most however busy; expired sessions are purged."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse

from portal.security.sessions import EXPIRY_GRACE_SECONDS
from portal.security.tasks import purge_sessions

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08:00 in Jakarta
DASHBOARD = "/"


@pytest.fixture
def signed_in(client, kemendes_staf, time_machine):
    time_machine.move_to(START, tick=False)
    response = client.post(reverse("login"), {"username": "kemendes.staf", "password": "kata-sandi-uji-123"})
    assert response.status_code == 302
    return client


def at(time_machine, minutes: float) -> None:
    time_machine.move_to(START + timedelta(minutes=minutes), tick=False)


def test_activity_keeps_a_session_alive_past_thirty_minutes(signed_in, time_machine):
    for minutes in (20, 45, 70, 95):
        at(time_machine, minutes)
        assert signed_in.get(DASHBOARD).status_code == 200, minutes


def test_thirty_idle_minutes_end_the_session(signed_in, time_machine):
    at(time_machine, 10)
    assert signed_in.get(DASHBOARD).status_code == 200
    at(time_machine, 10 + 29)
    assert signed_in.get(DASHBOARD).status_code == 200
    at(time_machine, 10 + 29 + 31)
    response = signed_in.get(DASHBOARD, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "lama tidak ada aktivitas" in response.content.decode()


def test_twelve_hours_end_the_session_however_busy_and_writes_do_not_extend_it(
    signed_in, time_machine, kemendes_staf
):
    deadline = START + timedelta(hours=12, seconds=EXPIRY_GRACE_SECONDS)
    minutes = 0
    while minutes < 12 * 60 - 20:
        minutes += 20
        at(time_machine, minutes)
        assert signed_in.get(DASHBOARD).status_code == 200, minutes
        # A write (a form post) modifies the session too; the row's expiry never passes the 12 hours.
        signed_in.post(reverse("portal:notification_mark_read"))
        session = Session.objects.get(session_key=signed_in.session.session_key)
        assert session.expire_date <= deadline
    at(time_machine, 12 * 60 + 1)
    response = signed_in.get(DASHBOARD, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "batas waktu maksimum" in response.content.decode()


def test_signing_in_again_starts_new_clocks(signed_in, client, time_machine):
    at(time_machine, 12 * 60 + 5)
    assert client.get(DASHBOARD).status_code == 302
    client.post(reverse("login"), {"username": "kemendes.staf", "password": "kata-sandi-uji-123"})
    assert client.get(DASHBOARD).status_code == 200


def test_the_periodic_job_purges_expired_sessions_only(signed_in, client, time_machine, kemendes_pimpinan):
    expired_key = signed_in.session.session_key
    at(time_machine, 45)  # the first session has been idle for 45 minutes
    other = type(client)()
    other.force_login(kemendes_pimpinan)
    live_key = other.session.session_key

    out = io.StringIO()
    call_command("purge_sessions", stdout=out)
    assert "Sesi dihapus: 1" in out.getvalue()
    assert not Session.objects.filter(session_key=expired_key).exists()
    assert Session.objects.filter(session_key=live_key).exists()

    at(time_machine, 45 + 36)  # 30 idle minutes and the row's 5 minutes of grace
    assert purge_sessions() == "counters=0, sessions=1"
    assert not Session.objects.exists()
