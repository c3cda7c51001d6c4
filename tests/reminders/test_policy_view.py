"""The administrators' reminder policies: a page under the Admin menu and the Django admin."""

import pytest
from django.urls import reverse

from portal.models import ReminderPolicy
from tests.helpers import assert_permission_matrix

pytestmark = pytest.mark.django_db

LIST = reverse("portal:reminder_policy_list")


def edit(kind: str) -> str:
    return reverse("portal:reminder_policy_edit", args=[kind])


def test_only_administrators_read_and_change_the_policies(
    client, lain_staf, kemendes_staf, kemendes_pimpinan, admin_user
):
    for url, method, data in (
        (LIST, "get", None),
        (edit("obligation"), "get", None),
        (edit("obligation"), "post", {"days_before": "30", "overdue_every_days": "7", "is_active": "on"}),
    ):
        assert_permission_matrix(
            client,
            url,
            {
                "anonymous": (None, 302),
                "other institution": (lain_staf, 403),
                "party, staff": (kemendes_staf, 403),
                "party, manager": (kemendes_pimpinan, 403),
                "administrator": (admin_user, 200 if method == "get" else 302),
            },
            method=method,
            data=data,
        )


def test_the_admin_menu_links_to_the_policies_which_list_every_kind(client, admin_user):
    client.force_login(admin_user)
    assert LIST in client.get(reverse("portal:admin_home")).content.decode()
    page = client.get(LIST).content.decode()
    for label in (
        "Batas pemberitahuan perpanjangan/pengakhiran",
        "Hari terakhir berlaku",
        "Jatuh tempo kewajiban",
        "Batas pemberitahuan keadaan kahar",
        "Batas penanganan usulan perbaikan",
    ):
        assert label in page
    assert "60, 30, 14, 7, 1" in page


def test_an_administrator_changes_the_days_of_one_kind(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        edit("obligation"),
        {"days_before": "45, 10 ,3", "on_the_day": "on", "overdue_every_days": "14", "is_active": "on"},
    )
    assert response["Location"] == LIST
    policy = ReminderPolicy.objects.get(kind="obligation")
    assert (policy.days_before, policy.on_the_day, policy.overdue_every_days, policy.updated_by) == (
        [45, 10, 3],
        True,
        14,
        admin_user,
    )


@pytest.mark.parametrize("days", ["0", "30, tiga puluh", "400"])
def test_bad_days_get_a_clear_message_and_change_nothing(client, admin_user, days):
    client.force_login(admin_user)
    response = client.post(
        edit("obligation"), {"days_before": days, "overdue_every_days": "7", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert ReminderPolicy.objects.get(kind="obligation").days_before == [60, 30, 14, 7, 1]


def test_a_legal_kind_stays_active_whatever_is_posted(client, admin_user):
    client.force_login(admin_user)
    response = client.post(edit("notice"), {"days_before": "90, 30", "overdue_every_days": "7"})
    assert response.status_code == 302
    notice = ReminderPolicy.objects.get(kind="notice")
    assert (notice.days_before, notice.is_active) == ([90, 30], True)

    response = client.post(edit("notice"), {"days_before": "", "overdue_every_days": "0"})
    assert response.status_code == 200
    assert "paling sedikit satu pengingat" in response.content.decode()


def test_an_unknown_kind_is_not_found(client, admin_user):
    client.force_login(admin_user)
    assert client.get(edit("lainnya")).status_code == 404


def test_the_django_admin_lists_and_edits_the_policies_but_never_adds_or_deletes(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:portal_reminderpolicy_changelist")).status_code == 200
    policy = ReminderPolicy.objects.get(kind="proposal")
    assert client.get(reverse("admin:portal_reminderpolicy_change", args=[policy.pk])).status_code == 200
    assert client.get(reverse("admin:portal_reminderpolicy_add")).status_code == 403
    assert client.get(reverse("admin:portal_sentreminder_changelist")).status_code == 200
    assert client.get(reverse("admin:portal_calendarfeedtoken_changelist")).status_code == 200
