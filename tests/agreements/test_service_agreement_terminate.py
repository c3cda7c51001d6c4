"""agreement_terminate: an early end on a date a served notice allows; earlier dues stay open (Pasal 6(3))."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.choices import AgreementStatus, DueStatus, EventKind, NoticeKind, ObligationKind
from agreements.models import ObligationDue


@pytest.fixture
def served(agreement, parties, kemendes_pimpinan):
    return services.notice_serve(
        agreement=agreement,
        acting_user=kemendes_pimpinan,
        kind=NoticeKind.TERMINATION,
        from_party=parties[0],
        served_on=date(2024, 6, 3),
        terminates_on=date(2024, 7, 31),
        send_email=False,
    )


def test_it_ends_the_agreement_and_keeps_earlier_dues_open(agreement, served, kemendes_pimpinan):
    services.agreement_terminate(
        agreement=agreement, acting_user=kemendes_pimpinan, terminates_on=date(2024, 7, 31)
    )
    agreement.refresh_from_db()
    assert agreement.terminated_on == date(2024, 7, 31)
    assert agreement.last_day_in_force == date(2024, 7, 31)
    assert agreement.status_on(date(2024, 7, 15)) == AgreementStatus.ENDING
    assert agreement.status_on(date(2024, 8, 1)) == AgreementStatus.TERMINATED
    dues = ObligationDue.objects.filter(
        obligation__agreement=agreement, obligation__kind=ObligationKind.REPORT
    )
    # Each report 30 days after its period; the last period ends with the agreement.
    assert [(d.period_end, d.due_on) for d in dues.order_by("due_on")] == [
        (date(2024, 4, 8), date(2024, 5, 8)),
        (date(2024, 7, 31), date(2024, 8, 30)),
    ]
    first = dues.get(due_on=date(2024, 5, 8))
    assert first.status_on(date(2024, 9, 1)) == DueStatus.LAPSED  # still owed after the end
    assert agreement.events.filter(kind=EventKind.TERMINATED).exists()


def test_without_a_termination_notice_it_is_refused(agreement, kemendes_pimpinan):
    with pytest.raises(ValidationError, match="Belum ada pemberitahuan pengakhiran"):
        services.agreement_terminate(
            agreement=agreement, acting_user=kemendes_pimpinan, terminates_on=date(2024, 7, 31)
        )
    agreement.refresh_from_db()
    assert agreement.terminated_on is None


def test_a_date_earlier_than_the_notice_announced_is_refused(agreement, served, kemendes_pimpinan):
    with pytest.raises(ValidationError, match="lebih awal dari tanggal yang diumumkan .*31 Juli 2024"):
        services.agreement_terminate(
            agreement=agreement, acting_user=kemendes_pimpinan, terminates_on=date(2024, 7, 30)
        )
    agreement.refresh_from_db()
    assert agreement.terminated_on is None


def test_the_served_notice_moves_the_clocks_before_any_termination(agreement, served, kemendes_staf):
    agreement.refresh_from_db()
    assert agreement.announced_end_on == date(2024, 7, 31)
    assert agreement.last_day_in_force == date(2024, 7, 31)
    assert agreement.status_on(date(2024, 6, 10)) == AgreementStatus.ENDING
    assert agreement.status_on(date(2024, 8, 1)) == AgreementStatus.TERMINATED
    # Dues after the announced day are gone; the terminate form proposes that day.
    assert not ObligationDue.objects.filter(
        obligation__agreement=agreement, period_start__gt=date(2024, 7, 31)
    )
    from agreements.forms import TerminateForm

    assert TerminateForm(agreement=agreement, user=kemendes_staf).fields["terminates_on"].initial == date(
        2024, 7, 31
    )


def test_it_cannot_be_terminated_twice(agreement, served, kemendes_pimpinan):
    services.agreement_terminate(
        agreement=agreement, acting_user=kemendes_pimpinan, terminates_on=date(2024, 7, 31)
    )
    with pytest.raises(ValidationError, match="sudah diakhiri per 31 Juli 2024"):
        services.agreement_terminate(
            agreement=agreement, acting_user=kemendes_pimpinan, terminates_on=date(2024, 8, 31)
        )
