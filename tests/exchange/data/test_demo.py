"""The demo's PSM roster: about 2,000 fictional people through the real import, once however often loaded."""

import io

import pytest

from agreements import demo as agreements_demo
from exchange.data import demo, nip
from exchange.data.models import DataSet, DataSetVersion, Record

pytestmark = pytest.mark.django_db


def test_the_roster_is_fictional_and_its_nips_agree_with_their_digits():
    rows = demo.roster(500)
    assert len({row[0] for row in rows}) == 500
    for row in rows:
        parsed = nip.parse(row[0].lstrip("'"))
        assert parsed.sequence >= 900
        assert row[1].split(",")[0].split()[1] in demo.FAMILY_NAMES


def test_it_loads_the_roster_once_through_the_import(cast):
    from django.utils import timezone

    from tests.exchange.corrections.conftest import ensure_catalogue

    ensure_catalogue()
    out = io.StringIO()
    today = timezone.localdate()
    agreements_demo.load(today=today, users=cast, stdout=out)
    demo.load(today=today, users=cast, stdout=out)
    demo.load(today=today, users=cast, stdout=out)
    dataset = DataSet.objects.get()
    version = DataSetVersion.objects.get(dataset=dataset)
    assert version.row_count == demo.PEOPLE == Record.objects.count()
    assert version.created_by == cast["kemendes.staf"]
    assert dataset.provider.order == 1 and dataset.receiver.order == 2
    assert "sudah ada" in out.getvalue()
    titled = Record.objects.filter(values__gelarBelakang__isnull=False).count()
    assert titled == 0  # the Kemendes -> BKN direction keeps no titles: they are split off and dropped
    assert not Record.objects.filter(values__nama__icontains=",").exists()
