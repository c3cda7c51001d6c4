"""The demo's match: made once when the seed agreement has a roster and a SIASN version, never twice."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest

from agreements import demo as agreements_demo
from exchange.data import services as data_services
from exchange.matching import demo
from exchange.matching.models import MatchRun
from tests.exchange.matching.conftest import roster_rows, siasn_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(cast):
    agreement, _created = agreements_demo.load_seed(users=cast)
    from exchange.corrections.demo import load_annex

    load_annex(agreement)
    return agreement


def test_without_versions_it_does_nothing_and_says_so(seed, cast):
    out = StringIO()
    demo.load(today=date(2024, 3, 4), users=cast, stdout=out)
    assert not MatchRun.objects.exists()
    assert "dilewati" in out.getvalue()


def test_with_a_roster_and_a_siasn_version_it_matches_them_once(seed, cast):
    parties = {p.order: p for p in seed.parties.all()}
    roster = data_services.dataset_for_direction(agreement=seed, provider=parties[1], receiver=parties[2])
    siasn = data_services.dataset_for_direction(agreement=seed, provider=parties[2], receiver=parties[1])
    rows = roster_rows()
    data_services.version_create(dataset=roster, rows=rows, source_kind="import", source_name="roster.xlsx")
    data_services.version_create(dataset=siasn, rows=siasn_rows(rows), source_kind="sync", source_name="sync")
    for _ in range(2):
        demo.load(today=date(2024, 3, 4), users=cast, stdout=StringIO())
    run = MatchRun.objects.get()
    assert run.status == "done"
    assert run.count("tidak_padan") >= 1
