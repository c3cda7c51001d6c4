"""Obligations and their dues: generated from the periods, met with evidence, waived with a reason."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agreements import services
from agreements.choices import DueStatus, EventKind, ObligationKind, Recurrence
from agreements.models import ObligationDue
from tests.agreements.conftest import addendum


@pytest.fixture
def first_report(agreement):
    return ObligationDue.objects.get(
        obligation__agreement=agreement, obligation__kind=ObligationKind.REPORT, period_number=1
    )


@pytest.mark.parametrize(
    ("today", "status"),
    [
        # The period ends on 8 April 2024; the report is due 30 days later (the grace to write it).
        (date(2024, 5, 7), DueStatus.PENDING),
        (date(2024, 5, 8), DueStatus.PENDING),
        (date(2024, 5, 9), DueStatus.LAPSED),
    ],
)
def test_a_due_is_pending_through_its_day_and_lapsed_after(first_report, today, status):
    assert first_report.status_on(today) == status


def test_a_due_is_met_with_uploaded_evidence(first_report, kemendes_staf):
    evidence = SimpleUploadedFile(
        "laporan-semester-1.pdf", b"%PDF-1.4 laporan", content_type="application/pdf"
    )
    due = services.due_meet(
        due=first_report, acting_user=kemendes_staf, met_on=date(2024, 4, 5), file=evidence
    )
    assert due.status_on(date(2025, 1, 1)) == DueStatus.MET
    assert due.evidence.kind == "evidence"
    assert due.obligation.agreement.events.filter(kind=EventKind.DUE_MET).exists()


def test_a_met_due_cannot_be_met_again(first_report, kemendes_staf):
    services.due_meet(due=first_report, acting_user=kemendes_staf, met_on=date(2024, 4, 5))
    with pytest.raises(ValidationError, match="sudah dipenuhi pada 5 April 2024"):
        services.due_meet(due=first_report, acting_user=kemendes_staf, met_on=date(2024, 4, 6))


def test_a_due_is_waived_only_with_a_reason(first_report, kemendes_staf):
    with pytest.raises(ValidationError, match="Alasan wajib diisi"):
        services.due_waive(
            due=first_report, acting_user=kemendes_staf, waived_on=date(2024, 4, 10), reason=""
        )
    due = services.due_waive(
        due=first_report, acting_user=kemendes_staf, waived_on=date(2024, 4, 10), reason="Disepakati"
    )
    assert due.status_on(date(2025, 1, 1)) == DueStatus.WAIVED


def test_a_one_off_obligation_gets_its_single_due(agreement, parties, kemendes_staf):
    obligation = services.obligation_add(
        agreement=agreement,
        acting_user=kemendes_staf,
        party=parties[1],
        kind=ObligationKind.OTHER,
        title="Serah terima akun web service",
        recurrence=Recurrence.ONCE,
        due_on=date(2023, 11, 1),
    )
    assert list(obligation.dues.values_list("due_on", flat=True)) == [date(2023, 11, 1)]


def test_a_periodic_obligation_gets_dues_for_every_period(agreement, parties, kemendes_staf):
    obligation = services.obligation_add(
        agreement=agreement,
        acting_user=kemendes_staf,
        party=parties[1],
        kind=ObligationKind.REPORT,
        title="Laporan triwulan",
        per_year=4,
    )
    assert obligation.dues.count() == 8
    first = obligation.dues.order_by("due_on").first()
    assert (first.period_end, first.due_on) == (date(2024, 1, 8), date(2024, 2, 7))  # 30 days' grace


def test_the_report_grace_is_the_agreements_own_and_monev_is_due_at_the_periods_end(agreement, kemendes_staf):
    services.agreement_update(
        agreement=agreement, acting_user=kemendes_staf, fields={"report_grace_days": 14}
    )
    report = ObligationDue.objects.get(
        obligation__agreement=agreement, obligation__kind=ObligationKind.REPORT, period_number=1
    )
    monev = ObligationDue.objects.get(
        obligation__agreement=agreement, obligation__kind=ObligationKind.MONEV, period_number=1
    )
    assert (report.period_end, report.due_on) == (date(2024, 4, 8), date(2024, 4, 22))
    assert monev.due_on == monev.period_end == date(2024, 4, 8)


def test_dues_entered_after_their_date_are_recorded_late_and_later_ones_are_not(agreement):
    # The agreement was signed in 2023 and entered now: every due before today was recorded late.
    dues = ObligationDue.objects.filter(obligation__agreement=agreement)
    today = timezone.localdate()
    assert dues.filter(due_on__lt=today).exists()
    assert all(d.recorded_late == (d.due_on < today) for d in dues)


def test_changing_the_report_cadence_regenerates_the_dues(agreement, kemendes_staf):
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={"reports_per_year": 4},
        amendment=addendum(agreement),
    )
    dues = ObligationDue.objects.filter(
        obligation__agreement=agreement, obligation__kind=ObligationKind.REPORT
    )
    assert dues.count() == 8


def test_a_met_due_survives_a_shorter_term(agreement, kemendes_staf):
    last = ObligationDue.objects.get(
        obligation__agreement=agreement, obligation__kind=ObligationKind.REPORT, period_number=4
    )
    services.due_meet(due=last, acting_user=kemendes_staf, met_on=date(2025, 10, 1))
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={"term_months": 12},
        amendment=addendum(agreement),
    )
    assert ObligationDue.objects.filter(pk=last.pk).exists()
    periods = ObligationDue.objects.filter(
        obligation__agreement=agreement, obligation__kind=ObligationKind.MONEV
    )
    assert periods.count() == 2
