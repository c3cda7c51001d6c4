"""Who sees which data set: the two parties of its direction, nobody else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from agreements.models import AgreementParty
from exchange.data import services
from exchange.data.selectors import datasets_visible_to, ready_versions_visible_to, versions_visible_to
from tests.exchange.data.conftest import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(dataset):
    return services.version_create(dataset=dataset, rows=people(2), source_kind="sync", source_name="run")


def test_both_parties_of_the_direction_see_it(version, dataset, kemendes_staf, bkn_staf):
    for user in (kemendes_staf, bkn_staf):
        assert list(datasets_visible_to(user)) == [dataset]
        assert list(versions_visible_to(user)) == [version]
        assert list(ready_versions_visible_to(user)) == [version]


def test_a_third_party_to_the_agreement_and_outsiders_see_nothing(
    version, agreement, lain, lain_staf, admin_user
):
    AgreementParty.objects.create(agreement=agreement, institution=lain, order=3)
    for user in (lain_staf, admin_user, AnonymousUser()):
        assert not datasets_visible_to(user).exists()
        assert not versions_visible_to(user).exists()
