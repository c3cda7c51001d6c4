"""Fixtures of the Pasal 9 tests: the seed agreement as signed, with Kemendes's liaison officer holding the
personal-data grant (as the demo gives it) and BKN's staff the change right."""

from __future__ import annotations

import pytest

from agreements import demo as agreements_demo
from agreements.models import Agreement
from tests.helpers import grant, member


@pytest.fixture
def seed(cast) -> Agreement:
    agreement, _created = agreements_demo.load_seed(users=cast)
    grant(cast["kemendes.penghubung"], agreement, "view_personal_data")
    member(cast["kemendes.staf"], agreement)
    return agreement
