"""An umbrella MoU (Nota Kesepahaman) has no report or monev cadence: created with the standard obligations
it gets none, the dues sync gives such an obligation no dues, and adding one is refused with a message."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.choices import AgreementKind, ObligationKind, Recurrence
from agreements.models import Obligation, ObligationDue
from agreements.services.obligations import agreement_dues_sync


def test_an_mou_created_with_the_standard_obligations_has_no_report_or_monev_dues(make_agreement):
    mou = make_agreement(title="Nota Kesepahaman Uji", kind=AgreementKind.MOU, standard_obligations=True)
    assert mou.kind == AgreementKind.MOU and mou.signed_on
    assert not Obligation.objects.filter(agreement=mou).exists()
    assert not ObligationDue.objects.filter(obligation__agreement=mou).exists()


def test_the_dues_sync_gives_an_mous_report_obligation_no_dues(make_agreement):
    mou = make_agreement(title="Nota Kesepahaman Uji", kind=AgreementKind.MOU, standard_obligations=False)
    # One written before MoUs were told apart (as the standard set once made them).
    obligation = Obligation.objects.create(
        agreement=mou,
        party=mou.parties.get(order=1),
        kind=ObligationKind.REPORT,
        title="Laporan",
        recurrence=Recurrence.PERIODIC,
        per_year=2,
    )
    ObligationDue.objects.create(obligation=obligation, period_number=1, due_on=date(2024, 5, 8))
    agreement_dues_sync(mou)
    assert not ObligationDue.objects.filter(obligation=obligation).exists()


def test_adding_a_periodic_report_to_an_mou_is_refused(make_agreement, kemendes_staf):
    mou = make_agreement(title="Nota Kesepahaman Uji", kind=AgreementKind.MOU, standard_obligations=False)
    with pytest.raises(ValidationError, match="Nota Kesepahaman tidak memiliki laporan"):
        services.obligation_add(
            agreement=mou,
            acting_user=kemendes_staf,
            party=mou.parties.get(order=1),
            kind=ObligationKind.REPORT,
            title="Laporan",
        )
    assert not Obligation.objects.filter(agreement=mou).exists()


def test_a_pks_still_gets_its_semester_dues(make_agreement):
    pks = make_agreement(standard_obligations=True)
    assert (
        ObligationDue.objects.filter(
            obligation__agreement=pks, obligation__kind=ObligationKind.REPORT
        ).count()
        == 4
    )
