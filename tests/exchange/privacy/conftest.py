"""Fixtures of the Pasal 9 tests: the seed agreement as signed, with Kemendes's liaison officer holding the
personal-data grant (as the demo gives it) and BKN's staff the change right."""

from __future__ import annotations

import pytest
from guardian.shortcuts import assign_perm

from agreements import demo as agreements_demo
from agreements.models import Agreement


@pytest.fixture
def seed(cast) -> Agreement:
    agreement, _created = agreements_demo.load_seed(users=cast)
    assign_perm("agreements.view_personal_data", cast["kemendes.penghubung"], agreement)
    assign_perm("agreements.change_agreement", cast["kemendes.staf"], agreement)
    return agreement
