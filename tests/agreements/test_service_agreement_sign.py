"""agreement_sign: a draft comes into force; its clocks and dues start."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.choices import AgreementStatus, EventKind
from agreements.models import ObligationDue


def test_it_signs_a_draft_and_starts_the_clocks(make_agreement, kemendes_staf):
    draft = make_agreement(signed_on=None, contacts=False)
    assert draft.status_on(date(2024, 1, 1)) == AgreementStatus.DRAFT
    services.agreement_sign(
        agreement=draft, acting_user=kemendes_staf, signed_on=date(2024, 1, 31), signing_place="Bogor"
    )
    draft.refresh_from_db()
    assert (draft.ends_on, draft.notice_deadline) == (date(2026, 1, 30), date(2025, 12, 30))
    assert draft.status_on(date(2024, 2, 1)) == AgreementStatus.ACTIVE
    assert ObligationDue.objects.filter(obligation__agreement=draft).exists()
    assert draft.events.filter(kind=EventKind.SIGNED).exists()


def test_an_effective_date_later_than_the_signing_starts_the_term(make_agreement, kemendes_staf):
    draft = make_agreement(signed_on=None, contacts=False)
    services.agreement_sign(
        agreement=draft,
        acting_user=kemendes_staf,
        signed_on=date(2024, 1, 10),
        signing_place="Jakarta",
        effective_from=date(2024, 2, 1),
    )
    draft.refresh_from_db()
    assert draft.ends_on == date(2026, 1, 31)
    assert draft.status_on(date(2024, 1, 20)) == AgreementStatus.DRAFT


def test_a_signed_agreement_cannot_be_signed_again(agreement, kemendes_staf):
    with pytest.raises(ValidationError, match="sudah ditandatangani pada 9 Oktober 2023"):
        services.agreement_sign(
            agreement=agreement,
            acting_user=kemendes_staf,
            signed_on=date(2024, 1, 1),
            signing_place="Jakarta",
        )
