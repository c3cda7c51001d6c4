"""The administrators' pages of the exchange app: catalogue and annexes kept, the access log only read."""

import pytest
from django.urls import reverse

from exchange.corrections import services
from exchange.corrections.choices import AccessAction


@pytest.mark.parametrize(
    "name", ["exchange_data_datafield", "exchange_data_annexfield", "exchange_personaldataaccess"]
)
def test_an_administrator_opens_each_list(client, admin_user, name):
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_the_access_log_cannot_be_added_to_changed_or_deleted(client, admin_user, submitted, bkn_penghubung):
    access = services.personal_data_access_record(
        user=bkn_penghubung, action=AccessAction.DETAIL, proposal=submitted
    )
    client.force_login(admin_user)
    assert client.get(reverse("admin:exchange_personaldataaccess_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:exchange_personaldataaccess_delete", args=[access.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    page = client.get(reverse("admin:exchange_personaldataaccess_change", args=[access.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_nothing_is_logged_when_nothing_personal_was_shown(bkn_penghubung):
    assert services.personal_data_access_record(user=bkn_penghubung, action=AccessAction.LIST) is None
