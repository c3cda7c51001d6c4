"""agreement_extend and amendment_record: an extension moves the end, the notice deadline and the dues."""

import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from agreements.choices import AgreementStatus, AmendmentKind, EventKind, ObligationKind
from agreements.models import Amendment, ObligationDue


def test_an_extension_moves_every_clock(agreement, kemendes_pimpinan):
    amendment = services.agreement_extend(
        agreement=agreement,
        acting_user=kemendes_pimpinan,
        months=24,
        signed_on=date(2025, 9, 1),
        number="AMD-1",
    )
    agreement.refresh_from_db()
    assert amendment.kind == AmendmentKind.EXTENSION
    assert agreement.ends_on == date(2027, 10, 8)
    assert agreement.notice_deadline == date(2027, 9, 8)
    assert agreement.status_on(date(2025, 10, 9)) == AgreementStatus.ACTIVE
    dues = ObligationDue.objects.filter(
        obligation__agreement=agreement, obligation__kind=ObligationKind.MONEV
    )
    assert dues.count() == 8
    assert dues.order_by("-due_on").first().due_on == date(2027, 10, 8)
    event = agreement.events.get(kind=EventKind.EXTENDED)
    assert event.data["before_ends_on"] == "2025-10-08"
    assert event.data["ends_on"] == "2027-10-08"


def test_two_extensions_add_up(agreement, kemendes_pimpinan):
    services.agreement_extend(
        agreement=agreement, acting_user=kemendes_pimpinan, months=12, signed_on=date(2025, 9, 1)
    )
    services.agreement_extend(
        agreement=agreement, acting_user=kemendes_pimpinan, months=6, signed_on=date(2026, 9, 1)
    )
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2027, 4, 8)


def test_an_extension_signed_after_the_end_is_refused(agreement, kemendes_pimpinan):
    with pytest.raises(ValidationError, match="selama perjanjian masih berlaku"):
        services.agreement_extend(
            agreement=agreement, acting_user=kemendes_pimpinan, months=12, signed_on=date(2025, 10, 9)
        )
    assert not Amendment.objects.exists()
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2025, 10, 8)


def test_a_draft_cannot_be_extended(make_agreement, kemendes_pimpinan):
    draft = make_agreement(signed_on=None, contacts=False)
    with pytest.raises(ValidationError, match="belum ditandatangani"):
        services.agreement_extend(
            agreement=draft, acting_user=kemendes_pimpinan, months=12, signed_on=date(2025, 1, 1)
        )


def test_the_extension_scan_is_stored_with_its_checksum(agreement, kemendes_pimpinan):
    scan = SimpleUploadedFile("perpanjangan.pdf", b"%PDF-1.4 extension", content_type="application/pdf")
    amendment = services.agreement_extend(
        agreement=agreement, acting_user=kemendes_pimpinan, months=12, signed_on=date(2025, 9, 1), file=scan
    )
    assert amendment.document.sha256 == hashlib.sha256(b"%PDF-1.4 extension").hexdigest()
    assert amendment.document.kind == "amendment"


def test_an_addendum_is_recorded_without_moving_the_clocks(agreement, kemendes_pimpinan):
    amendment = services.amendment_record(
        agreement=agreement,
        acting_user=kemendes_pimpinan,
        kind=AmendmentKind.ADDENDUM,
        signed_on=date(2024, 5, 1),
        title="Adendum Lampiran data",
    )
    agreement.refresh_from_db()
    assert amendment.extension_months == 0
    assert agreement.ends_on == date(2025, 10, 8)
    assert agreement.events.filter(kind=EventKind.AMENDED).exists()


def test_an_amendment_record_refuses_to_pose_as_an_extension(agreement, kemendes_pimpinan):
    with pytest.raises(ValidationError, match="Gunakan perpanjangan"):
        services.amendment_record(
            agreement=agreement,
            acting_user=kemendes_pimpinan,
            kind=AmendmentKind.EXTENSION,
            signed_on=date(2024, 5, 1),
            title="X",
        )
