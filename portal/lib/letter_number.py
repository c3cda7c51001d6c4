"""An institution's letter-number format filled in: one pure function, used to number letters and to show
the administrator a preview of the format before it is saved."""

from __future__ import annotations

import re
import string
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.lib.text_id import roman_month

NUMBER_FIELDS = ("seq", "roman_month", "month", "year")
# A field may carry a short width or zero padding ("{seq:03d}"), nothing that could grow without bound.
SPEC = re.compile(r"^0?\d{0,2}d?$")


def format_letter_number(pattern: str, *, seq: int, day: date) -> str:
    """'{seq}/HKM.07.01/{roman_month}/{year}' with seq 7 on 2 March 2025 -> '7/HKM.07.01/III/2025'."""
    invalid = ValidationError(
        _(
            "Format nomor surat instansi tidak valid: %(pattern)s. Gunakan {seq}, {roman_month}, "
            "{month} dan {year}; hubungi administrator."
        )
        % {"pattern": pattern}
    )
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        raise invalid from None
    for _text, name, spec, conversion in parts:
        if name is not None and (name not in NUMBER_FIELDS or conversion or not SPEC.match(spec or "")):
            raise invalid
    try:
        number = pattern.format(
            seq=seq, roman_month=roman_month(day), month=f"{day.month:02d}", year=day.year
        )
    except (KeyError, IndexError, ValueError):
        raise ValidationError(
            _(
                "Format nomor surat instansi tidak valid: %(pattern)s. Gunakan {seq}, {roman_month}, "
                "{month} dan {year}; hubungi administrator."
            )
            % {"pattern": pattern}
        ) from None
    if "seq" not in {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}:
        raise ValidationError(_("Format nomor surat instansi harus memuat {seq}; hubungi administrator."))
    return number
