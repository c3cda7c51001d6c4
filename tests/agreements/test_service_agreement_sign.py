"""agreement_sign: a draft comes into force; its clocks and dues start."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

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
    # Signed, not yet in force: scheduled, and nothing can be started on it yet.
    assert draft.status_on(date(2024, 1, 20)) == AgreementStatus.SCHEDULED
    assert not draft.is_in_force_on(date(2024, 1, 20))
    assert "baru berlaku mulai 1 Februari 2024" in draft.not_in_force_reason(
        date(2024, 1, 20), "sinkronisasi"
    )


def test_a_signing_date_in_the_future_is_refused_and_nothing_changes(make_agreement, kemendes_staf):
    draft = make_agreement(signed_on=None, contacts=False)
    tomorrow = timezone.localdate() + timedelta(days=21)
    with pytest.raises(ValidationError, match="belum tiba"):
        services.agreement_sign(
            agreement=draft, acting_user=kemendes_staf, signed_on=tomorrow, signing_place="Jakarta"
        )
    draft.refresh_from_db()
    assert draft.signed_on is None and not draft.obligations.filter(dues__isnull=False).exists()


def test_signing_on_a_sunday_or_a_holiday_asks_for_confirmation(make_agreement, kemendes_staf):
    draft = make_agreement(signed_on=None, contacts=False)
    for day, why in ((date(2024, 1, 7), "hari Minggu"), (date(2024, 8, 17), "Hari Kemerdekaan")):
        with pytest.raises(ValidationError, match=why):
            services.agreement_sign(
                agreement=draft, acting_user=kemendes_staf, signed_on=day, signing_place="Jakarta"
            )
    services.agreement_sign(
        agreement=draft,
        acting_user=kemendes_staf,
        signed_on=date(2024, 1, 7),
        signing_place="Jakarta",
        confirm_non_working_day=True,
    )
    draft.refresh_from_db()
    assert draft.signed_on == date(2024, 1, 7)


def test_a_signed_agreement_cannot_be_signed_again(agreement, kemendes_staf):
    with pytest.raises(ValidationError, match="sudah ditandatangani pada 9 Oktober 2023"):
        services.agreement_sign(
            agreement=agreement,
            acting_user=kemendes_staf,
            signed_on=date(2024, 1, 1),
            signing_place="Jakarta",
        )
