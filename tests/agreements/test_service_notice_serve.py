"""notice_serve: written notice with a numbered letter to the other party; too-early terminations refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.choices import EventKind, LetterKind, NoticeKind
from agreements.models import Letter, Notice
from portal.models import OutboxMail


def test_a_renewal_notice_issues_a_numbered_letter_to_the_other_party(agreement, parties, kemendes_pimpinan):
    first, second = parties
    notice = services.notice_serve(
        agreement=agreement,
        acting_user=kemendes_pimpinan,
        kind=NoticeKind.RENEWAL,
        from_party=first,
        served_on=date(2025, 8, 4),
    )
    letter = notice.letter
    assert letter.number == "1/HKM.07.01/VIII/2025"
    assert letter.kind == LetterKind.RENEWAL_NOTICE
    assert letter.to_party == second
    assert letter.addressee.startswith("Yth. Kepala Biro Kerja Sama BKN")
    assert "8 Oktober 2025" in letter.body
    assert letter.signed_by == first.signatory_name
    event = agreement.events.get(kind=EventKind.NOTICE_SERVED)
    assert event.data["late"] is False


def test_a_renewal_notice_after_the_deadline_is_recorded_as_late(agreement, parties, kemendes_pimpinan):
    services.notice_serve(
        agreement=agreement,
        acting_user=kemendes_pimpinan,
        kind=NoticeKind.RENEWAL,
        from_party=parties[0],
        served_on=date(2025, 9, 20),
    )
    event = agreement.events.get(kind=EventKind.NOTICE_SERVED)
    assert event.data["late"] is True
    assert "melewati batas pemberitahuan 8 September 2025" in event.summary


def test_a_termination_earlier_than_the_notice_period_allows_is_refused(
    agreement, parties, kemendes_pimpinan
):
    with pytest.raises(ValidationError) as error:
        services.notice_serve(
            agreement=agreement,
            acting_user=kemendes_pimpinan,
            kind=NoticeKind.TERMINATION,
            from_party=parties[0],
            served_on=date(2025, 1, 31),
            terminates_on=date(2025, 2, 27),
        )
    message = error.value.message_dict["terminates_on"][0]
    assert "27 Februari 2025 terlalu cepat" in message
    assert "paling cepat diakhiri pada 28 Februari 2025" in message
    assert not Notice.objects.exists() and not Letter.objects.exists()


def test_a_termination_on_the_earliest_day_allowed_is_accepted(agreement, parties, kemendes_pimpinan):
    notice = services.notice_serve(
        agreement=agreement,
        acting_user=kemendes_pimpinan,
        kind=NoticeKind.TERMINATION,
        from_party=parties[0],
        served_on=date(2025, 1, 31),
        terminates_on=date(2025, 2, 28),
        reason="Sistem diganti",
    )
    assert notice.letter.kind == LetterKind.TERMINATION_NOTICE
    assert "28 Februari 2025" in notice.letter.body
    assert "tidak menghapuskan tugas dan tanggung jawab PARA PIHAK" in notice.letter.body
    assert "Pasal" not in notice.letter.body  # no clause of this agreement is tagged: none is cited


def test_a_termination_after_the_last_day_in_force_is_refused(agreement, parties, kemendes_pimpinan):
    with pytest.raises(ValidationError, match="melewati hari terakhir berlaku"):
        services.notice_serve(
            agreement=agreement,
            acting_user=kemendes_pimpinan,
            kind=NoticeKind.TERMINATION,
            from_party=parties[0],
            served_on=date(2025, 8, 1),
            terminates_on=date(2025, 11, 1),
        )


def test_a_notice_is_served_in_the_name_of_ones_own_institution_only(agreement, parties, kemendes_pimpinan):
    with pytest.raises(ValidationError, match="atas nama instansi Anda sendiri"):
        services.notice_serve(
            agreement=agreement,
            acting_user=kemendes_pimpinan,
            kind=NoticeKind.RENEWAL,
            from_party=parties[1],
            served_on=date(2025, 8, 1),
        )


def test_the_letter_is_mailed_to_the_addressee_contact_with_its_pdf(
    agreement, parties, kemendes_pimpinan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.notice_serve(
            agreement=agreement,
            acting_user=kemendes_pimpinan,
            kind=NoticeKind.RENEWAL,
            from_party=parties[0],
            served_on=date(2025, 8, 4),
        )
    mail = OutboxMail.objects.get(key=f"agreement-letter-{notice.letter.pk}")
    assert mail.to == ["kerjasama@bkn.example.go.id"]
    assert notice.letter.number in mail.subject
    attachment = mail.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert bytes(attachment.content).startswith(b"%PDF")


def test_a_notice_without_e_mail_writes_no_mail(
    agreement, parties, kemendes_pimpinan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_serve(
            agreement=agreement,
            acting_user=kemendes_pimpinan,
            kind=NoticeKind.RENEWAL,
            from_party=parties[0],
            served_on=date(2025, 8, 4),
            send_email=False,
        )
    assert not OutboxMail.objects.exists()
