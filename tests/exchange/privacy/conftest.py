"""Fixtures of the Pasal 9 tests: the seed agreement as signed, with Kemendes's liaison officer a member of
its party's team holding the personal-data right by role (as the demo gives it) but not yet having
acknowledged the Pasal 9 duties, and BKN's staff the change right."""

from __future__ import annotations

import pytest

from agreements import demo as agreements_demo
from agreements.models import Agreement
from tests.helpers import member


@pytest.fixture
def seed(cast) -> Agreement:
    agreement, _created = agreements_demo.load_seed(users=cast)
    member(cast["kemendes.penghubung"], agreement)
    member(cast["kemendes.staf"], agreement)
    return agreement
