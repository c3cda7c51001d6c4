import pytest

from tests.exchange.sync import setup


@pytest.fixture
def sync_agreement(kemendes, bkn):
    return setup.agreement_with_lampiran(kemendes, bkn)
