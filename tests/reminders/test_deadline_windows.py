"""Each deadline source's window: a read of a day range loads only the agreements with a clock in it, found
by indexed dates, so a month's calendar costs the same whatever the number of agreements."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.deadlines import agreements_in
from portal.deadlines import DeadlineScope, deadlines_for
from tests.reminders.conftest import add_semester_report, make_agreement

pytestmark = pytest.mark.django_db


def test_a_month_reads_only_the_agreements_with_a_clock_in_it(seed, kemendes, bkn, kemendes_staf):
    later = make_agreement([kemendes, bkn], signed_on=date(2025, 1, 6), title="PKS yang dimulai kemudian")
    add_semester_report(later, later.parties.get(order=1))
    scope = DeadlineScope(date(2025, 9, 1), date(2025, 9, 30), date(2025, 8, 9), user=kemendes_staf)

    assert list(agreements_in(scope).rows) == [seed.pk]


def test_a_reader_of_open_clocks_skips_the_agreements_that_ended(seed, kemendes, bkn, kemendes_staf):
    ended = make_agreement([kemendes, bkn], signed_on=date(2020, 1, 6), title="PKS yang sudah berakhir")
    everything = DeadlineScope(None, date(2025, 11, 7), date(2025, 8, 9), user=kemendes_staf)
    open_only = DeadlineScope(None, date(2025, 11, 7), date(2025, 8, 9), user=kemendes_staf, open_only=True)

    assert set(agreements_in(everything).rows) == {seed.pk, ended.pk}
    assert set(agreements_in(open_only).rows) == {seed.pk}
    assert [
        d.key
        for d in deadlines_for(kemendes_staf, None, date(2025, 11, 7), today=date(2025, 8, 9))
        if d.is_open
    ] == [
        d.key
        for d in deadlines_for(kemendes_staf, None, date(2025, 11, 7), today=date(2025, 8, 9), open_only=True)
    ]


def test_the_queries_of_a_month_do_not_grow_with_the_agreements(seed, kemendes, bkn, kemendes_staf):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            deadlines_for(kemendes_staf, date(2025, 9, 1), date(2025, 9, 30), today=date(2025, 8, 9))
        return len(captured)

    few = queries()
    for n in range(5):
        other = make_agreement([kemendes, bkn], signed_on=date(2025, 2, 3 + n), title=f"PKS lain {n}")
        add_semester_report(other, other.parties.get(order=1))
    assert queries() == few
