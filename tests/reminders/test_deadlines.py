"""The deadline selector: every clock of the agreements a user may see, as of a day, in a fixed number of
queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agreements.choices import AmendmentKind, NoticeKind
from agreements.deadlines import AgreementDeadlineKind as DeadlineKind
from agreements.models import Amendment, Notice, ObligationDue
from exchange.corrections.deadlines import ProposalDeadlineKind
from portal.choices import DeadlineStatus
from portal.deadlines import Deadline, deadlines_all, deadlines_for
from portal.registry import registry
from tests.reminders.conftest import (
    LAST_DAY,
    NOTICE_DEADLINE,
    add_semester_report,
    force_majeure,
    make_agreement,
)

pytestmark = pytest.mark.django_db

EVERYTHING = (None, date(2030, 1, 1))


def by_kind(found, kind):
    return [d for d in found if d.kind == kind]


def test_a_reader_of_english_gets_the_clocks_dates_in_english(seed, kemendes_staf):
    with translation.override("en"):
        found = deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 8, 9))
        [notice] = by_kind(found, DeadlineKind.NOTICE)
        assert notice.date_text == "8 September 2025"
        assert "8 September 2025" in notice.action
        [end] = by_kind(found, DeadlineKind.END)
        assert end.date_text == "8 October 2025" and "Oktober" not in end.action


def test_it_lists_the_seed_agreements_clocks_with_clause_owing_party_and_indonesian_titles(
    seed, kemendes_staf
):
    found = deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 8, 9))

    [notice] = by_kind(found, DeadlineKind.NOTICE)
    assert (notice.date, notice.clause, notice.owing_label, notice.legal) == (
        NOTICE_DEADLINE,
        "Pasal 6",
        "PARA PIHAK",
        True,
    )
    assert notice.title == "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS"
    assert notice.status == DeadlineStatus.UPCOMING
    assert notice.days_left == 30
    assert notice.when_label == "30 hari lagi"
    assert notice.agreement.numbers == ("26/HKM.07.01/X/2023", "35/HM.04.01/2023")
    assert notice.agreement.label == "PKS 26/HKM.07.01/X/2023"
    assert "8 September 2025" in notice.action
    assert notice.url

    [end] = by_kind(found, DeadlineKind.END)
    assert (end.date, end.clause, end.legal, end.title) == (
        LAST_DAY,
        "Pasal 6",
        True,
        "Hari terakhir berlakunya PKS",
    )

    reports = by_kind(found, DeadlineKind.OBLIGATION)
    assert [d.date for d in reports] == [
        date(2024, 4, 8),
        date(2024, 10, 8),
        date(2025, 4, 8),
        date(2025, 10, 8),
    ]
    assert {d.owing_label for d in reports} == {"PIHAK KESATU (Kemendes PDTT)"}
    assert {d.clause for d in reports} == {"Pasal 3 ayat (2) huruf b"}
    assert not any(d.legal for d in reports)
    assert reports[0].title == "Laporan hasil pemanfaatan dan pertukaran data (periode 1)"
    assert [d.status for d in reports] == ["overdue", "overdue", "overdue", "upcoming"]
    assert found == sorted(found, key=lambda d: (d.date, not d.legal, d.agreement.pk, d.key))


def test_the_other_party_sees_the_same_agreement_clocks(seed, bkn_pimpinan, kemendes_staf):
    theirs = deadlines_for(bkn_pimpinan, *EVERYTHING, today=date(2025, 8, 9))
    ours = deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 8, 9))
    assert [d.key for d in theirs] == [d.key for d in ours]


def test_it_shows_nothing_to_a_user_of_an_institution_that_is_not_a_party(seed, lain_staf, admin_user):
    assert deadlines_for(lain_staf, *EVERYTHING, today=date(2025, 8, 9)) == []
    assert deadlines_for(admin_user, *EVERYTHING, today=date(2025, 8, 9)) == []


def test_a_draft_agreement_has_no_deadlines(kemendes, bkn, kemendes_staf):
    make_agreement([kemendes, bkn], signed_on=None)
    assert deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 8, 9)) == []


def test_the_range_is_inclusive_and_an_open_start_keeps_what_is_still_open_from_the_past(seed, kemendes_staf):
    ObligationDue.objects.filter(due_on=date(2024, 4, 8)).update(met_on=date(2024, 4, 1))
    in_september = deadlines_for(kemendes_staf, date(2025, 9, 8), date(2025, 10, 8), today=date(2025, 8, 9))
    assert [d.kind for d in in_september] == ["notice", "end", "obligation"]

    open_until_august = deadlines_for(kemendes_staf, None, date(2025, 8, 31), today=date(2025, 8, 9))
    # The first report was met: only what is still open stays in an open-ended look back.
    assert [d.date for d in open_until_august] == [date(2024, 10, 8), date(2025, 4, 8)]


def test_a_report_met_by_the_day_is_done_and_one_met_later_is_overdue_until_then(seed, kemendes_staf):
    ObligationDue.objects.filter(due_on=date(2024, 4, 8)).update(met_on=date(2024, 4, 20))

    def status_on(day):
        [report] = deadlines_for(kemendes_staf, date(2024, 4, 8), date(2024, 4, 8), today=day)
        return report.status

    assert status_on(date(2024, 4, 7)) == DeadlineStatus.UPCOMING
    assert status_on(date(2024, 4, 8)) == DeadlineStatus.TODAY
    assert status_on(date(2024, 4, 19)) == DeadlineStatus.OVERDUE
    assert status_on(date(2024, 4, 20)) == DeadlineStatus.DONE


def test_a_force_majeure_of_the_owing_party_suspends_its_dues_and_opens_a_notice_clock(
    seed, kemendes_staf, bkn_pimpinan
):
    force_majeure(seed, 1, date(2025, 3, 20), kemendes_staf, ended_on=date(2025, 4, 15))

    found = deadlines_for(bkn_pimpinan, date(2025, 3, 1), date(2025, 4, 30), today=date(2025, 3, 25))
    [report] = by_kind(found, DeadlineKind.OBLIGATION)
    assert report.status == DeadlineStatus.SUSPENDED
    assert not report.is_open
    [notice] = by_kind(found, DeadlineKind.FORCE_MAJEURE_NOTICE)
    assert (notice.date, notice.clause, notice.legal, notice.status) == (
        date(2025, 4, 3),
        "Pasal 10",
        True,
        DeadlineStatus.UPCOMING,
    )
    assert notice.title == "Batas pemberitahuan keadaan kahar PIHAK KESATU"
    assert notice.owing_label == "PIHAK KESATU (Kemendes PDTT)"
    assert "pernyataan tertulis dari pejabat pemerintah yang berwenang" in notice.action


def test_a_force_majeure_is_unknown_before_it_occurs_and_its_notice_clock_closes_when_notified(
    seed, kemendes_staf
):
    force_majeure(seed, 2, date(2025, 3, 20), kemendes_staf, notified_on=date(2025, 3, 28))

    def notice_on(day):
        return by_kind(
            deadlines_for(kemendes_staf, *EVERYTHING, today=day), DeadlineKind.FORCE_MAJEURE_NOTICE
        )

    assert notice_on(date(2025, 3, 19)) == []
    assert notice_on(date(2025, 3, 27))[0].status == DeadlineStatus.UPCOMING
    assert notice_on(date(2025, 3, 28))[0].status == DeadlineStatus.DONE
    # The report of PIHAK KESATU is not suspended by PIHAK KEDUA's force majeure.
    [report] = [
        d
        for d in deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 4, 1))
        if d.date == date(2025, 4, 8)
    ]
    assert report.status == DeadlineStatus.UPCOMING


def test_a_written_notice_served_in_the_current_term_closes_the_notice_clock(seed, kemendes_staf):
    party = seed.parties.get(order=2)
    Notice.objects.create(
        agreement=seed,
        kind=NoticeKind.RENEWAL,
        from_party=party,
        served_on=date(2025, 8, 20),
        created_by=kemendes_staf,
    )
    before = by_kind(deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 8, 19)), DeadlineKind.NOTICE)
    after = by_kind(deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 8, 20)), DeadlineKind.NOTICE)
    assert before[0].status == DeadlineStatus.UPCOMING
    assert after[0].status == DeadlineStatus.DONE


def test_after_an_extension_the_new_notice_deadline_is_open_again_and_has_a_new_key(seed, kemendes_staf):
    Notice.objects.create(
        agreement=seed,
        kind=NoticeKind.RENEWAL,
        from_party=seed.parties.get(order=1),
        served_on=date(2025, 8, 1),
        created_by=kemendes_staf,
    )
    old_key = by_kind(deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 8, 2)), DeadlineKind.NOTICE)[
        0
    ].key
    Amendment.objects.create(
        agreement=seed,
        kind=AmendmentKind.EXTENSION,
        title="Perpanjangan PKS",
        signed_on=date(2025, 9, 30),
        extension_months=24,
        created_by=kemendes_staf,
    )
    seed.ends_on, seed.notice_deadline = date(2027, 10, 8), date(2027, 9, 8)
    seed.save()

    [notice] = by_kind(
        deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 10, 1)), DeadlineKind.NOTICE
    )
    assert (notice.date, notice.status) == (date(2027, 9, 8), DeadlineStatus.UPCOMING)
    assert notice.key != old_key


def test_the_notice_clock_is_overdue_while_in_force_and_then_simply_behind_us(seed, kemendes_staf):
    def notice_status(day):
        return by_kind(deadlines_for(kemendes_staf, *EVERYTHING, today=day), DeadlineKind.NOTICE)[0].status

    def end_status(day):
        return by_kind(deadlines_for(kemendes_staf, *EVERYTHING, today=day), DeadlineKind.END)[0].status

    assert notice_status(date(2025, 9, 9)) == DeadlineStatus.OVERDUE
    assert notice_status(date(2025, 10, 9)) == DeadlineStatus.PASSED
    assert end_status(date(2025, 10, 8)) == DeadlineStatus.TODAY
    assert end_status(date(2025, 10, 9)) == DeadlineStatus.PASSED


def test_an_early_termination_moves_the_last_day_and_drops_the_notice_clock(seed, kemendes_staf):
    seed.terminated_on = date(2025, 3, 31)
    seed.save()
    found = deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 2, 1))
    assert by_kind(found, DeadlineKind.NOTICE) == []
    [end] = by_kind(found, DeadlineKind.END)
    assert (end.date, end.title) == (date(2025, 3, 31), "Hari terakhir berlakunya PKS (diakhiri lebih awal)")


def test_the_reminder_variant_sees_every_agreement_or_one(seed, kemendes, lain, bkn):
    other = make_agreement(
        [lain, bkn], numbers=("B-1/BPS/01/2024", "2/HM.04.01/2024"), signed_on=date(2024, 1, 15)
    )
    everyone = deadlines_all(*EVERYTHING, today=date(2025, 8, 9))
    assert {d.agreement.pk for d in everyone} == {seed.pk, other.pk}
    only_other = deadlines_all(*EVERYTHING, today=date(2025, 8, 9), agreement_id=other.pk)
    assert {d.agreement.pk for d in only_other} == {other.pk}


def test_a_new_source_is_one_function_appended_to_the_sources(
    seed, kemendes_staf, kemendes_penghubung, monkeypatch
):
    def proposals(scope):
        ref = scope.ref(seed.pk)
        yield Deadline(
            key="proposal:7:20250815",
            kind=ProposalDeadlineKind.PROPOSAL,
            date=date(2025, 8, 15),
            today=scope.today,
            status=DeadlineStatus.UPCOMING,
            agreement=ref,
            clause="Pasal 3 ayat (2) huruf c",
            owing=(ref.parties[0],),
            title="Usulan perbaikan data UP-7",
            action="Tangani usulan perbaikan data ini.",
            url="/pertukaran/usulan/7/",
            assignee_ids=(kemendes_penghubung.pk,),
        )

    monkeypatch.setattr(registry.deadlines, "sources", [*registry.deadlines.sources, proposals])
    found = deadlines_for(kemendes_staf, date(2025, 8, 1), date(2025, 8, 31), today=date(2025, 8, 9))
    assert [(d.kind, d.legal, d.title) for d in found] == [("proposal", False, "Usulan perbaikan data UP-7")]


def count_queries(user, today):
    with CaptureQueriesContext(connection) as queries:
        deadlines_for(user, None, date(2030, 1, 1), today=today)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_agreements(
    seed, kemendes, bkn, kemendes_staf
):
    force_majeure(seed, 2, date(2025, 3, 20), kemendes_staf)
    few = count_queries(kemendes_staf, date(2025, 8, 9))
    for n in range(12):
        agreement = make_agreement(
            [kemendes, bkn],
            numbers=(f"{n}/HKM.07.01/I/2024", f"{n}/HM.04.01/2024"),
            signed_on=date(2024, 1, 2 + n),
        )
        add_semester_report(agreement, agreement.parties.get(order=2))
        force_majeure(agreement, 1, date(2025, 3, 1), kemendes_staf)
    many = count_queries(kemendes_staf, date(2025, 8, 9))
    assert len(deadlines_for(kemendes_staf, None, date(2030, 1, 1), today=date(2025, 8, 9))) > 12 * 4
    # One query per source (the exchange app's proposal due dates among them) and the shared scope rows.
    # One query per registered deadline source that has rows of its own (the SIASN tokens among them).
    assert few == many == 11  # the Pasal 9 subject-access and incident sources among them


def test_a_past_deadline_is_late_only_while_it_is_open(seed, kemendes_staf):
    found = deadlines_for(kemendes_staf, *EVERYTHING, today=date(2025, 10, 15))

    [notice] = by_kind(found, DeadlineKind.NOTICE)
    assert notice.status == DeadlineStatus.PASSED
    assert notice.when_label == "37 hari lalu"
    overdue = [d for d in found if d.status == DeadlineStatus.OVERDUE]
    assert overdue
    assert overdue[0].when_label.startswith("terlambat ")
