"""Letters: numbered per issuing institution's format with yearly sequences; incoming letters registered."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from pypdf import PdfReader

from agreements import letters, services
from agreements.choices import LetterDirection
from agreements.models import Letter, LetterSequence
from portal.models import OutboxMail


def issue(agreement, parties, user, day, sender=0):
    return services.letter_issue(
        agreement=agreement,
        acting_user=user,
        from_party=parties[sender],
        to_party=parties[1 - sender],
        dated_on=day,
        subject="Undangan monev",
        body="Dengan hormat,",
        send_email=False,
    )


@pytest.mark.parametrize(
    ("pattern", "seq", "day", "number"),
    [
        ("{seq}/HKM.07.01/{roman_month}/{year}", 26, date(2023, 10, 9), "26/HKM.07.01/X/2023"),
        ("{seq}/HM.04.01/{year}", 35, date(2023, 10, 9), "35/HM.04.01/2023"),
        ("B-{seq}/BPS/{month}/{year}", 7, date(2025, 3, 2), "B-7/BPS/03/2025"),
        ("{seq:03d}/KS/{roman_month}/{year}", 4, date(2024, 12, 31), "004/KS/XII/2024"),
    ],
)
def test_numbers_follow_the_institutions_format(pattern, seq, day, number):
    assert letters.format_letter_number(pattern, seq=seq, day=day) == number


@pytest.mark.parametrize("pattern", ["{nomor}/X/{year}", "{seq/{year}", "SURAT/{year}"])
def test_a_broken_format_is_refused_with_a_message(pattern):
    with pytest.raises(ValidationError, match="Format nomor surat instansi"):
        letters.format_letter_number(pattern, seq=1, day=date(2025, 1, 1))


def test_numbers_run_per_institution_and_start_again_each_year(agreement, parties, kemendes_staf, bkn_editor):
    numbers = [
        issue(agreement, parties, kemendes_staf, date(2024, 12, 30)).number,
        issue(agreement, parties, kemendes_staf, date(2024, 12, 31)).number,
        issue(agreement, parties, bkn_editor, date(2024, 12, 31), sender=1).number,
        issue(agreement, parties, kemendes_staf, date(2025, 1, 2)).number,
    ]
    assert numbers == [
        "1/HKM.07.01/XII/2024",
        "2/HKM.07.01/XII/2024",
        "1/HM.04.01/2024",
        "1/HKM.07.01/I/2025",
    ]
    assert LetterSequence.objects.get(institution=parties[0].institution, year=2024).last_seq == 2


def test_a_letter_is_issued_in_the_name_of_ones_own_institution_only(agreement, parties, kemendes_staf):
    with pytest.raises(ValidationError, match="atas nama instansi Anda sendiri"):
        issue(agreement, parties, kemendes_staf, date(2024, 1, 2), sender=1)
    assert not LetterSequence.objects.exists()


def test_an_incoming_letter_is_registered_for_the_receiving_party(agreement, parties, kemendes_staf):
    letter = services.letter_register_incoming(
        agreement=agreement,
        acting_user=kemendes_staf,
        from_party=parties[1],
        number="12/HM.04.01/2024",
        dated_on=date(2024, 2, 1),
        received_on=date(2024, 2, 5),
        subject="Jadwal pemadanan",
    )
    assert letter.direction == LetterDirection.INCOMING
    assert letter.to_party == parties[0]
    assert letter.seq is None


def test_an_incoming_letter_cannot_be_received_before_it_was_written(agreement, parties, kemendes_staf):
    with pytest.raises(ValidationError) as error:
        services.letter_register_incoming(
            agreement=agreement,
            acting_user=kemendes_staf,
            from_party=parties[1],
            number="12/HM.04.01/2024",
            dated_on=date(2024, 2, 5),
            received_on=date(2024, 2, 1),
            subject="Jadwal",
        )
    assert "received_on" in error.value.message_dict


def mailed(agreement, parties, user, day):
    return services.letter_issue(
        agreement=agreement,
        acting_user=user,
        from_party=parties[0],
        to_party=parties[1],
        dated_on=day,
        subject="Undangan monev",
        body="Dengan hormat,",
    )


def test_the_number_the_pdf_and_the_mail_are_written_in_the_letter_s_own_transaction(
    agreement, parties, kemendes_staf
):
    # No after-commit work runs in this test: what is there was written inside the transaction.
    letter = mailed(agreement, parties, kemendes_staf, date(2025, 3, 3))

    mail = OutboxMail.objects.get(key=f"agreement-letter-{letter.pk}")
    assert letter.number in mail.subject
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(bytes(mail.attachments.get().content))).pages
    )
    assert letter.number in text and "Undangan monev" in text


def test_a_letter_undone_with_its_transaction_leaves_no_number_no_pdf_and_no_mail(
    agreement, parties, kemendes_staf
):
    with pytest.raises(RuntimeError), transaction.atomic():
        mailed(agreement, parties, kemendes_staf, date(2025, 3, 3))
        raise RuntimeError("the request failed after the letter was made")
    assert not Letter.objects.exists() and not OutboxMail.objects.exists()

    again = mailed(agreement, parties, kemendes_staf, date(2025, 3, 3))

    assert again.number == "1/HKM.07.01/III/2025"  # the retry draws the same number, not a second one
    assert OutboxMail.objects.filter(kind="agreement_letter").count() == 1
