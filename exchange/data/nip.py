"""The civil-servant number (Nomor Induk Pegawai, NIP) as pure functions.

An 18-digit NIP reads: the birth date (YYYYMMDD), the appointment year and month (YYYYMM, the TMT CPNS),
the sex digit (1 male, 2 female) and a three-digit sequence. Nothing here touches the database; the models,
forms, the XLSX import and matching all check a NIP here, so one rule says what a valid NIP is.

Error messages never repeat the NIP itself: they end up in pages and, through careless callers, in logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LENGTH = 18
_SEPARATORS = re.compile(r"[\s.\-]")


class NipError(ValueError):
    """A NIP that breaks its own structure; the message says which part, in Indonesian."""


@dataclass(frozen=True)
class Nip:
    """A parsed NIP: what its digits say about the person."""

    value: str
    birth_date: date
    appointment_year: int
    appointment_month: int
    sex_digit: int
    sequence: int

    @property
    def sex(self) -> str:
        return _("Laki-laki") if self.sex_digit == 1 else _("Perempuan")

    @property
    def appointment(self) -> date:
        """The first day of the appointment month (TMT CPNS)."""
        return date(self.appointment_year, self.appointment_month, 1)


def normalize(raw: str | int | None) -> str:
    """Digits only: officers paste NIPs as '19850312 201001 1 004' or with dots."""
    if raw is None:
        return ""
    return _SEPARATORS.sub("", str(raw)).strip()


def parse(raw: str | int | None, *, today: date | None = None) -> Nip:
    """Parse and check a NIP; raises NipError saying what is wrong.

    With `today`, an appointment month after today is refused too.
    """
    value = normalize(raw)
    if not value:
        raise NipError(_("NIP wajib diisi."))
    # ASCII digits only: str.isdigit() also passes '²' and full-width '１２', which no NIP is written in.
    if not (value.isascii() and value.isdigit()):
        raise NipError(_("NIP hanya boleh berisi angka."))
    if len(value) != LENGTH:
        raise NipError(
            _("NIP harus %(want)s digit, yang diisi %(got)s digit.") % {"want": LENGTH, "got": len(value)}
        )
    try:
        birth = date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise NipError(_("8 digit pertama NIP bukan tanggal lahir yang sah (TTTTBBHH).")) from None
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12:
        raise NipError(_("Digit ke-13 dan ke-14 NIP bukan bulan pengangkatan yang sah (01-12)."))
    if (year, month) <= (birth.year, birth.month):
        raise NipError(_("Tahun dan bulan pengangkatan pada NIP harus sesudah tanggal lahir."))
    if today is not None and (year, month) > (today.year, today.month):
        raise NipError(_("Tahun dan bulan pengangkatan pada NIP belum terjadi."))
    if today is not None and birth > today:
        raise NipError(_("Tanggal lahir pada NIP belum terjadi."))
    sex = int(value[14])
    if sex not in (1, 2):
        raise NipError(_("Digit ke-15 NIP (jenis kelamin) harus 1 atau 2."))
    sequence = int(value[15:18])
    if sequence == 0:
        raise NipError(_("Tiga digit terakhir NIP (nomor urut) tidak boleh 000."))
    return Nip(value, birth, year, month, sex, sequence)


def is_valid(raw: str | int | None) -> bool:
    try:
        parse(raw)
    except NipError:
        return False
    return True


def validate_nip(value: str) -> None:
    """Django field validator."""
    try:
        parse(value)
    except NipError as exc:
        raise ValidationError(str(exc), code="invalid_nip") from None


def mask(value: str) -> str:
    """What a user without the personal-data grant sees: neither the birth date nor the appointment."""
    value = normalize(value)
    if len(value) <= 4:
        return "•" * len(value)
    return "•" * (len(value) - 3) + value[-3:]
