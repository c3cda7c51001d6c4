"""The checks of a notice and of an early end are pure functions: tested to the day, without a database."""

from datetime import date

import pytest

from agreements import rules

SEED = {
    "signed_on": date(2023, 10, 9),
    "ends_on": date(2025, 10, 8),
    "terminated_on": None,
    "notice_months": 1,
}


def notice(kind="termination", served_on=date(2025, 1, 31), terminates_on=date(2025, 2, 28), **overrides):
    return rules.notice_errors(
        kind=kind, served_on=served_on, terminates_on=terminates_on, **{**SEED, **overrides}
    )


def termination(terminates_on=date(2025, 3, 1), served_on=(date(2025, 1, 10),), **overrides):
    return rules.termination_errors(
        terminates_on=terminates_on, served_on=list(served_on), **{**SEED, **overrides}
    )


def test_a_termination_one_month_after_the_notice_is_allowed():
    assert notice() == {}


def test_a_termination_a_day_too_early_names_the_earliest_day():
    errors = notice(terminates_on=date(2025, 2, 27))
    assert list(errors) == ["terminates_on"]
    assert "paling cepat diakhiri pada 28 Februari 2025" in errors["terminates_on"]


def test_a_renewal_notice_needs_no_termination_date():
    assert notice(kind="renewal", terminates_on=None) == {}


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"signed_on": None}, rules.NON_FIELD, "belum ditandatangani"),
        ({"terminated_on": date(2025, 1, 1)}, rules.NON_FIELD, "sudah diakhiri per 1 Januari 2025"),
        ({"served_on": date(2023, 10, 8)}, "served_on", "sebelum penandatanganan"),
        ({"served_on": date(2025, 10, 9)}, "served_on", "sudah berakhir pada 8 Oktober 2025"),
        ({"kind": "other"}, "kind", "tidak dikenal"),
        ({"terminates_on": None}, "terminates_on", "wajib diisi"),
        ({"served_on": date(2025, 9, 20), "terminates_on": date(2025, 10, 20)}, "terminates_on", "melewati"),
    ],
)
def test_a_notice_is_refused_with_the_reason(overrides, field, words):
    errors = notice(**overrides)
    assert list(errors) == [field] and words in errors[field]


def test_an_early_end_on_a_day_a_served_notice_allows():
    assert termination() == {}


def test_any_one_of_several_notices_may_allow_the_end():
    assert termination(terminates_on=date(2025, 3, 1), served_on=(date(2025, 2, 15), date(2025, 1, 10))) == {}


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"served_on": ()}, rules.NON_FIELD, "Belum ada pemberitahuan pengakhiran"),
        ({"terminates_on": date(2025, 2, 9)}, "terminates_on", "paling cepat diakhiri pada 10 Februari 2025"),
        ({"terminates_on": date(2025, 10, 9)}, "terminates_on", "melewati hari terakhir berlaku"),
        ({"terminated_on": date(2025, 2, 1)}, rules.NON_FIELD, "sudah diakhiri"),
        ({"signed_on": None}, rules.NON_FIELD, "belum ditandatangani"),
    ],
)
def test_an_early_end_is_refused_with_the_reason(overrides, field, words):
    errors = termination(**overrides)
    assert list(errors) == [field] and words in errors[field]
