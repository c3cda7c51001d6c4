"""A user's reminder preferences: mute kinds that are not legal notices; managers opt in to a digest."""

import re

import pytest
from django.urls import reverse

from portal.models import ReminderPreference
from tests.helpers import assert_permission_matrix

pytestmark = pytest.mark.django_db

URL = reverse("portal:reminder_preferences")


def test_every_user_has_their_own_preferences_page(
    client, lain_staf, kemendes_staf, kemendes_pimpinan, admin_user
):
    assert_permission_matrix(
        client,
        URL,
        {
            "anonymous": (None, 302),
            "other institution": (lain_staf, 200),
            "party, staff": (kemendes_staf, 200),
            "party, manager": (kemendes_pimpinan, 200),
            "administrator": (admin_user, 200),
        },
    )


def test_a_user_mutes_obligation_reminders(client, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    response = client.post(URL, {"muted_kinds": ["obligation", "proposal"]})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=kemendes_penghubung)
    assert preference.muted_kinds == ["obligation", "proposal"]
    assert not preference.weekly_digest
    checked = re.findall(
        r'<input type="checkbox" name="muted_kinds" value="(\w+)"[^>]*checked',
        client.get(URL).content.decode(),
    )
    assert checked == ["obligation", "proposal"]


def test_legal_notices_are_not_offered_and_can_not_be_muted_by_a_crafted_post(client, kemendes_pimpinan):
    client.force_login(kemendes_pimpinan)
    page = client.get(URL).content.decode()
    assert 'value="notice"' not in page and 'value="end"' not in page
    assert "Batas pemberitahuan perpanjangan/pengakhiran" in page  # listed under "Selalu dikirim"

    response = client.post(URL, {"muted_kinds": ["notice", "obligation"]})
    assert response.status_code == 200
    assert "bukan salah satu dari pilihan yang tersedia" in response.content.decode()
    assert not ReminderPreference.objects.filter(user=kemendes_pimpinan).exists()


def test_only_managers_are_offered_the_weekly_digest(client, kemendes_staf, kemendes_pimpinan):
    client.force_login(kemendes_staf)
    assert "weekly_digest" not in client.get(URL).content.decode()
    client.post(URL, {"weekly_digest": "on"})
    assert not ReminderPreference.objects.get(user=kemendes_staf).weekly_digest

    client.force_login(kemendes_pimpinan)
    assert "Ringkasan mingguan" in client.get(URL).content.decode()
    client.post(URL, {"weekly_digest": "on"})
    assert ReminderPreference.objects.get(user=kemendes_pimpinan).weekly_digest
    client.post(URL, {})
    assert not ReminderPreference.objects.get(user=kemendes_pimpinan).weekly_digest
