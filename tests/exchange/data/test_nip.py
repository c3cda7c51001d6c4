"""The NIP parser: 18 digits, a real birth date, appointment year-month after it, sex digit 1 or 2."""

from datetime import date

import pytest

from exchange.data import nip


def test_it_reads_what_the_digits_say_about_the_person():
    parsed = nip.parse("199001012015031901")
    assert parsed.birth_date == date(1990, 1, 1)
    assert (parsed.appointment_year, parsed.appointment_month) == (2015, 3)
    assert parsed.appointment == date(2015, 3, 1)
    assert parsed.sex_digit == 1 and parsed.sex == "Laki-laki"
    assert parsed.sequence == 901


def test_it_accepts_a_nip_pasted_with_spaces_dots_or_dashes():
    assert nip.parse("19900101 201503 1 901").value == "199001012015031901"
    assert nip.parse("19900101.201503.1.901").value == "199001012015031901"
    assert nip.parse(" 19900101-201503-2-901 ").sex == "Perempuan"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "NIP wajib diisi."),
        ("19900101201503190A", "NIP hanya boleh berisi angka."),
        ("19900101201503190", "NIP harus 18 digit, yang diisi 17 digit."),
        ("1990010120150319011", "NIP harus 18 digit, yang diisi 19 digit."),
        ("199002302015031901", "8 digit pertama NIP bukan tanggal lahir yang sah (TTTTBBHH)."),
        ("199013012015031901", "8 digit pertama NIP bukan tanggal lahir yang sah (TTTTBBHH)."),
        ("199001012015131901", "Digit ke-13 dan ke-14 NIP bukan bulan pengangkatan yang sah (01-12)."),
        ("199001012015001901", "Digit ke-13 dan ke-14 NIP bukan bulan pengangkatan yang sah (01-12)."),
        ("199001011989121901", "Tahun dan bulan pengangkatan pada NIP harus sesudah tanggal lahir."),
        ("199001012015033901", "Digit ke-15 NIP (jenis kelamin) harus 1 atau 2."),
        ("199001012015030901", "Digit ke-15 NIP (jenis kelamin) harus 1 atau 2."),
        ("199001012015031000", "Tiga digit terakhir NIP (nomor urut) tidak boleh 000."),
    ],
)
def test_it_refuses_a_broken_nip_saying_which_part_is_wrong(raw, message):
    with pytest.raises(nip.NipError) as caught:
        nip.parse(raw)
    assert str(caught.value) == message
    assert not nip.is_valid(raw)


def test_it_accepts_29_february_of_a_leap_year_only():
    assert nip.is_valid("199202292015031901")
    assert not nip.is_valid("199102292015031901")


def test_it_refuses_an_appointment_in_the_future_when_told_the_day():
    assert nip.is_valid("199001012027011901")
    with pytest.raises(nip.NipError, match="belum terjadi"):
        nip.parse("199001012027011901", today=date(2026, 11, 26))


def test_its_messages_never_repeat_the_nip():
    for raw in ("19900101201503190", "199002302015031901", "199001012015033901"):
        with pytest.raises(nip.NipError) as caught:
            nip.parse(raw)
        assert raw not in str(caught.value)
        assert raw[:8] not in str(caught.value)


def test_the_django_validator_raises_a_validation_error():
    from django.core.exceptions import ValidationError

    nip.validate_nip("199001012015031901")
    with pytest.raises(ValidationError):
        nip.validate_nip("123")


def test_a_masked_nip_hides_the_birth_date_and_the_appointment():
    masked = nip.mask("199001012015031901")
    assert masked.endswith("901")
    assert "19900101" not in masked and "201503" not in masked
    assert len(masked) == 18
