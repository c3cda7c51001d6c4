"""Force majeure (Pasal 10): the notice clock, the statement, a numbered notice letter, suspended dues."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import selectors, services
from agreements.choices import DueStatus, EventKind, LetterKind


@pytest.fixture
def flood(agreement, parties, kemendes_staf):
    return services.force_majeure_record(
        agreement=agreement,
        acting_user=kemendes_staf,
        party=parties[0],
        occurred_on=date(2024, 3, 25),
        description="Banjir di pusat data",
    )


def statuses(agreement, today):
    detail = selectors.agreement_for_detail(agreement.created_by, agreement.pk, today=today)
    return {
        (row.obligation.kind, row.due.due_on): row.status for row in selectors.due_rows(detail, today=today)
    }


def test_it_records_the_event_with_its_notice_deadline(flood, agreement):
    assert flood.notice_due_on == date(2024, 4, 8)
    event = agreement.events.get(kind=EventKind.FORCE_MAJEURE_RECORDED)
    assert "pemberitahuan paling lambat 8 April 2024" in event.summary


def test_the_affected_partys_dues_inside_it_are_suspended_not_lapsed(flood, agreement):
    seen = statuses(agreement, date(2024, 5, 9))
    assert seen[("report", date(2024, 5, 8))] == DueStatus.SUSPENDED  # 30 days' grace after 8 April
    assert seen[("monev", date(2024, 4, 8))] == DueStatus.SUSPENDED


def test_after_it_ends_later_dues_lapse_again(flood, agreement, kemendes_staf):
    services.force_majeure_end(force_majeure=flood, acting_user=kemendes_staf, ended_on=date(2024, 5, 10))
    seen = statuses(agreement, date(2024, 11, 10))
    assert seen[("report", date(2024, 5, 8))] == DueStatus.SUSPENDED  # fell inside it
    assert seen[("report", date(2024, 11, 7))] == DueStatus.LAPSED


def test_the_notice_with_the_statement_issues_a_letter_to_the_other_party(flood, parties, kemendes_staf):
    statement = SimpleUploadedFile(
        "pernyataan-bpbd.pdf", b"%PDF-1.4 statement", content_type="application/pdf"
    )
    event = services.force_majeure_notify(
        force_majeure=flood, acting_user=kemendes_staf, notified_on=date(2024, 4, 2), statement=statement
    )
    assert event.statement.kind == "statement"
    letter = flood.agreement.letters.get(kind=LetterKind.FORCE_MAJEURE_NOTICE)
    assert letter.to_party == parties[1]
    assert letter.number == "1/HKM.07.01/IV/2024"
    assert "25 Maret 2024" in letter.body and "Banjir di pusat data" in letter.body
    assert flood.agreement.events.get(kind=EventKind.FORCE_MAJEURE_NOTIFIED).data["late"] is False


def test_a_notice_after_fourteen_days_is_recorded_as_late(flood, kemendes_staf):
    services.force_majeure_notify(
        force_majeure=flood,
        acting_user=kemendes_staf,
        notified_on=date(2024, 4, 9),
        issue_notice_letter=False,
    )
    event = flood.agreement.events.get(kind=EventKind.FORCE_MAJEURE_NOTIFIED)
    assert event.data["late"] is True
    assert "melewati batas 8 April 2024" in event.summary


def test_only_the_affected_party_issues_the_notice_letter(flood, bkn_editor):
    with pytest.raises(ValidationError, match="diterbitkan oleh pihak yang mengalami"):
        services.force_majeure_notify(
            force_majeure=flood, acting_user=bkn_editor, notified_on=date(2024, 4, 2)
        )
    flood.refresh_from_db()
    assert flood.notified_on is None


def test_it_cannot_end_before_it_began(flood, kemendes_staf):
    with pytest.raises(ValidationError) as error:
        services.force_majeure_end(force_majeure=flood, acting_user=kemendes_staf, ended_on=date(2024, 3, 1))
    assert "ended_on" in error.value.message_dict


def test_it_must_fall_within_the_term(agreement, parties, bkn_staf):
    with pytest.raises(ValidationError, match="setelah hari terakhir"):
        services.force_majeure_record(
            agreement=agreement,
            acting_user=bkn_staf,
            party=parties[1],
            occurred_on=date(2025, 10, 9),
            description="x",
        )


def test_the_open_event_flags_the_status_in_the_database(flood, agreement):
    row = selectors.annotate_status(type(agreement).objects.filter(pk=agreement.pk), date(2024, 4, 1)).get()
    assert row.force_majeure_open is True


def test_an_event_still_going_on_leaves_dues_after_today_pending(flood, agreement):
    seen = statuses(agreement, date(2024, 5, 1))
    assert seen[("report", date(2024, 11, 7))] == DueStatus.PENDING
