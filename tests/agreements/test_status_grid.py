"""One rule for status and "in force": the model (rules.agreement_status) and the database annotation
(selectors.annotate_status) agree on every agreement of a grid, on every day of a range. Run it on SQLite
and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from agreements import rules
from agreements.choices import AgreementStatus
from agreements.models import Agreement, AgreementParty, ForceMajeure
from agreements.selectors import annotate_status

pytestmark = pytest.mark.django_db

SIGNED = date(2023, 10, 9)


def agreement(kemendes, bkn, title: str, *, signed_on=SIGNED, effective_from=None, term=24, **clocks):
    row = Agreement(title=title, signed_on=signed_on, effective_from=effective_from, term_months=term)
    start = effective_from or signed_on
    if start:
        row.ends_on = rules.last_day_in_force(start, term + clocks.pop("extension", 0))
        row.notice_deadline = rules.notice_deadline(row.ends_on, row.notice_period_months)
    for name, value in clocks.items():
        setattr(row, name, value)
    row.save()
    AgreementParty.objects.create(agreement=row, institution=kemendes, order=1)
    AgreementParty.objects.create(agreement=row, institution=bkn, order=2)
    return row


@pytest.fixture
def grid(kemendes, bkn, kemendes_staf):
    rows = [
        agreement(kemendes, bkn, "unsigned", signed_on=None),
        agreement(kemendes, bkn, "future start", effective_from=date(2024, 1, 1)),
        agreement(kemendes, bkn, "plain"),
        agreement(kemendes, bkn, "extended", extension=12),
        agreement(kemendes, bkn, "noticed", announced_end_on=date(2025, 1, 31)),
        agreement(kemendes, bkn, "noticed on the last day", announced_end_on=date(2025, 10, 8)),
        agreement(
            kemendes, bkn, "terminated", announced_end_on=date(2025, 1, 31), terminated_on=date(2025, 1, 31)
        ),
        agreement(kemendes, bkn, "terminated without notice", terminated_on=date(2024, 6, 30)),
        agreement(kemendes, bkn, "short, scheduled", effective_from=date(2024, 3, 1), term=6),
    ]
    fm = agreement(kemendes, bkn, "force majeure")
    party = fm.parties.get(order=1)
    ForceMajeure.objects.create(
        agreement=fm, party=party, occurred_on=date(2024, 5, 1), ended_on=date(2024, 6, 15),
        description="Banjir", created_by=kemendes_staf,
    )  # fmt: skip
    ForceMajeure.objects.create(
        agreement=fm, party=party, occurred_on=date(2025, 9, 1), description="Gempa", created_by=kemendes_staf
    )
    return [*rows, fm]


def days():
    """Every boundary of the grid's clocks, the day before and after, and every 11th day between."""
    marks = {
        SIGNED, date(2024, 1, 1), date(2024, 3, 1), date(2024, 5, 1), date(2024, 6, 15), date(2024, 6, 30),
        date(2024, 8, 31), date(2025, 1, 31), date(2025, 7, 10), date(2025, 9, 1), date(2025, 9, 8),
        date(2025, 10, 8), date(2026, 7, 10), date(2026, 10, 8),
    }  # fmt: skip
    found = {d + timedelta(days=delta) for d in marks for delta in (-1, 0, 1)}
    day = date(2023, 9, 1)
    while day <= date(2027, 1, 1):
        found.add(day)
        day += timedelta(days=11)
    return sorted(found)


def test_python_and_sql_agree_on_status_in_force_and_force_majeure_over_the_grid(grid):
    seen = set()
    checked = 0
    for day in days():
        in_db = {
            row["pk"]: (row["status"], row["in_force"], row["force_majeure_open"])
            for row in annotate_status(Agreement.objects.all(), day).values(
                "pk", "status", "in_force", "force_majeure_open"
            )
        }
        for row in Agreement.objects.prefetch_related("force_majeures"):
            python = (row.status_on(day), row.is_in_force_on(day), row.force_majeure_open_on(day))
            assert in_db[row.pk] == python, (row.title, day)
            seen.add(python[0])
            checked += 1
    assert seen == set(AgreementStatus)  # every status occurs somewhere in the grid
    assert checked > 1400  # ten agreements on some 150 days


@pytest.mark.parametrize(
    ("title", "day", "status"),
    [
        ("unsigned", date(2024, 1, 1), AgreementStatus.DRAFT),
        ("future start", date(2023, 12, 31), AgreementStatus.SCHEDULED),
        ("future start", date(2024, 1, 1), AgreementStatus.ACTIVE),
        ("plain", date(2025, 7, 10), AgreementStatus.NOTICE),
        ("plain", date(2025, 10, 9), AgreementStatus.EXPIRED),
        ("extended", date(2025, 10, 9), AgreementStatus.ACTIVE),
        ("noticed", date(2024, 6, 1), AgreementStatus.ENDING),
        ("noticed", date(2025, 2, 1), AgreementStatus.TERMINATED),
        ("noticed on the last day", date(2025, 10, 9), AgreementStatus.EXPIRED),
        ("terminated", date(2025, 1, 31), AgreementStatus.ENDING),
        ("terminated without notice", date(2024, 7, 1), AgreementStatus.TERMINATED),
    ],
)
def test_it_names_the_status_an_officer_expects(grid, title, day, status):
    row = Agreement.objects.get(title=title)
    assert row.status_on(day) == status
    assert annotate_status(Agreement.objects.filter(pk=row.pk), day).get().status == status


def test_only_active_notice_and_ending_are_in_force(grid):
    noticed = Agreement.objects.get(title="noticed")
    assert noticed.is_in_force_on(date(2025, 1, 31))
    assert not noticed.is_in_force_on(date(2025, 2, 1))
    assert noticed.last_day_in_force == date(2025, 1, 31)
    assert not Agreement.objects.get(title="future start").is_in_force_on(date(2023, 12, 1))
    assert not Agreement.objects.get(title="unsigned").is_in_force_on(date(2024, 1, 1))
