"""Disputes (Pasal 11) go from deliberation to legal channels; a monev session meets its period's due."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.choices import DisputeStage, EventKind, ObligationKind
from agreements.models import ObligationDue


def test_a_dispute_starts_with_deliberation_and_moves_forward(agreement, parties, kemendes_staf):
    dispute = services.dispute_record(
        agreement=agreement,
        acting_user=kemendes_staf,
        raised_by=parties[0],
        subject="Selisih data",
        opened_on=date(2024, 5, 1),
    )
    assert dispute.stage == DisputeStage.MUSYAWARAH
    services.dispute_advance(
        dispute=dispute, acting_user=kemendes_staf, stage=DisputeStage.LEGAL, on=date(2024, 6, 1)
    )
    services.dispute_advance(
        dispute=dispute,
        acting_user=kemendes_staf,
        stage=DisputeStage.RESOLVED,
        on=date(2024, 7, 1),
        resolution="Putusan",
    )
    dispute.refresh_from_db()
    assert (dispute.stage, dispute.resolved_on) == (DisputeStage.RESOLVED, date(2024, 7, 1))
    assert agreement.events.filter(kind=EventKind.DISPUTE_STAGE).count() == 2


def test_a_dispute_cannot_go_back_to_deliberation(agreement, parties, kemendes_staf):
    dispute = services.dispute_record(
        agreement=agreement,
        acting_user=kemendes_staf,
        raised_by=parties[0],
        subject="Selisih",
        opened_on=date(2024, 5, 1),
    )
    services.dispute_advance(
        dispute=dispute, acting_user=kemendes_staf, stage=DisputeStage.LEGAL, on=date(2024, 6, 1)
    )
    with pytest.raises(ValidationError, match="tidak dapat berpindah"):
        services.dispute_advance(
            dispute=dispute, acting_user=kemendes_staf, stage=DisputeStage.MUSYAWARAH, on=date(2024, 6, 2)
        )


def test_a_resolution_needs_its_outcome(agreement, parties, kemendes_staf):
    dispute = services.dispute_record(
        agreement=agreement,
        acting_user=kemendes_staf,
        raised_by=parties[0],
        subject="Selisih",
        opened_on=date(2024, 5, 1),
    )
    with pytest.raises(ValidationError, match="Hasil penyelesaian wajib diisi"):
        services.dispute_advance(
            dispute=dispute, acting_user=kemendes_staf, stage=DisputeStage.RESOLVED, on=date(2024, 6, 1)
        )


def test_a_monev_session_meets_the_monev_due_of_its_period(agreement, kemendes_staf):
    session = services.monev_hold(
        agreement=agreement,
        acting_user=kemendes_staf,
        held_on=date(2024, 3, 20),
        minutes="Data PSM dipadankan.",
    )
    due = ObligationDue.objects.get(
        obligation__agreement=agreement, obligation__kind=ObligationKind.MONEV, period_number=1
    )
    assert session.due == due
    assert due.met_on == date(2024, 3, 20)
    assert agreement.events.filter(kind=EventKind.MONEV_HELD).exists()


def test_a_monev_session_needs_minutes(agreement, kemendes_staf):
    with pytest.raises(ValidationError, match="Notula/hasil monev wajib diisi"):
        services.monev_hold(
            agreement=agreement, acting_user=kemendes_staf, held_on=date(2024, 3, 20), minutes=" "
        )
