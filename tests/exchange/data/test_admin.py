"""The admin shows the data sets, versions, imports and the access log, and changes none of them."""

import pytest
from django.urls import reverse

from exchange.data import services
from tests.exchange.data.conftest import login, people

pytestmark = pytest.mark.django_db


def test_the_admin_lists_but_never_adds(client, admin_user, dataset):
    services.version_create(dataset=dataset, rows=people(2), source_kind="sync", source_name="run")
    login(client, admin_user)
    for model in ("dataset", "datasetversion", "dataimport", "dataaccess"):
        assert client.get(reverse(f"admin:exchange_data_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:exchange_data_{model}_add")).status_code == 403
