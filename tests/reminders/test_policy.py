"""The reminder policy: which milestone a run on a given day may send, and what administrators may change."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from portal.models import ReminderPolicy
from portal.reminders import default_policy, policies

DUE = date(2025, 9, 8)


def policy(**fields) -> ReminderPolicy:
    rule = default_policy("obligation")
    for name, value in fields.items():
        setattr(rule, name, value)
    return rule


def codes_sent_running_daily(rule, first, last, *, may_be_overdue=True):
    sent, day = [], first
    while day <= last:
        milestone = rule.current_milestone(DUE, day, may_be_overdue=may_be_overdue)
        if milestone and milestone.code not in sent:
            sent.append(milestone.code)
        day += timedelta(days=1)
    return sent


def test_the_defaults_are_60_30_14_7_and_1_days_before_on_the_day_then_weekly():
    rule = policy()
    assert rule.days_before == [60, 30, 14, 7, 1]
    sent = codes_sent_running_daily(rule, DUE - timedelta(days=90), DUE + timedelta(days=22))
    assert sent == ["h-60", "h-30", "h-14", "h-7", "h-1", "h", "h+7", "h+14", "h+21"]


def test_run_daily_each_milestone_comes_on_its_own_day():
    rule = policy()
    assert rule.current_milestone(DUE, date(2025, 7, 9), may_be_overdue=True) is None
    assert rule.current_milestone(DUE, date(2025, 7, 10), may_be_overdue=True).code == "h-60"
    assert rule.current_milestone(DUE, date(2025, 8, 8), may_be_overdue=True).code == "h-60"
    assert rule.current_milestone(DUE, date(2025, 8, 9), may_be_overdue=True).code == "h-30"
    assert rule.current_milestone(DUE, date(2025, 9, 15), may_be_overdue=True).code == "h+7"


def test_after_a_gap_the_missed_milestones_collapse_into_the_most_recent_one():
    rule = policy()
    # Down from 20 August to 7 September: h-14, h-7 and h-1 were missed; the run on the 7th sends h-1 only.
    assert rule.current_milestone(DUE, date(2025, 9, 7), may_be_overdue=True).code == "h-1"
    # Down across the deadline: the first run a few days after sends the on-the-day milestone, not nothing.
    milestone = rule.current_milestone(DUE, date(2025, 9, 11), may_be_overdue=True)
    assert (milestone.code, milestone.on) == ("h", DUE)


def test_a_deadline_that_cannot_be_overdue_gets_no_weekly_milestones():
    sent = codes_sent_running_daily(
        policy(), DUE - timedelta(days=1), DUE + timedelta(days=30), may_be_overdue=False
    )
    assert sent == ["h-1", "h"]


def test_an_administrator_may_choose_other_days_and_no_overdue_repeats():
    rule = policy(days_before=[3, 10], on_the_day=False, overdue_every_days=0)
    rule.clean()
    assert rule.days_before == [10, 3]
    assert codes_sent_running_daily(rule, DUE - timedelta(days=20), DUE + timedelta(days=30)) == [
        "h-10",
        "h-3",
    ]


@pytest.mark.parametrize("days", [[0], [400], ["x"]])
def test_it_refuses_days_out_of_range(days):
    with pytest.raises(ValidationError):
        policy(days_before=days).clean()


@pytest.mark.django_db
def test_a_legal_kind_can_not_be_switched_off():
    notice = ReminderPolicy.objects.get(kind="notice")
    notice.is_active = False
    with pytest.raises(ValidationError):
        notice.clean()
    notice.is_active, notice.days_before, notice.on_the_day = True, [], False
    with pytest.raises(ValidationError):
        notice.clean()


@pytest.mark.django_db
def test_the_migration_seeds_the_defaults_for_every_kind_and_a_missing_row_falls_back_to_them():
    rows = {p.kind: p for p in ReminderPolicy.objects.all()}
    assert set(rows) == {"notice", "end", "obligation", "force_majeure_notice", "proposal"}
    assert all(
        (p.days_before, p.on_the_day, p.overdue_every_days, p.is_active)
        == ([60, 30, 14, 7, 1], True, 7, True)
        for p in rows.values()
    )
    ReminderPolicy.objects.filter(kind="proposal").delete()
    assert policies()["proposal"].days_before == [60, 30, 14, 7, 1]
