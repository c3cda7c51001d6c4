"""Indonesian text: dates as officials write them, numbers in words, Roman months for letter numbers."""

from datetime import date

from django.utils.translation import gettext_lazy as _
from num2words import num2words

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# The same names for the screens, in the reader's language; letters and PDFs are printed under Indonesian.
MONTH_NAMES = (
    _("Januari"), _("Februari"), _("Maret"), _("April"), _("Mei"), _("Juni"),
    _("Juli"), _("Agustus"), _("September"), _("Oktober"), _("November"), _("Desember"),
)  # fmt: skip
DAY_NAMES = (_("Senin"), _("Selasa"), _("Rabu"), _("Kamis"), _("Jumat"), _("Sabtu"), _("Minggu"))


def day_name(d: date) -> str:
    return str(DAY_NAMES[d.weekday()])


def format_date(d: date | None) -> str:
    """'9 Oktober 2023'."""
    if d is None:
        return ""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def format_date_with_day(d: date) -> str:
    """'Senin, 9 Oktober 2023'."""
    return f"{day_name(d)}, {format_date(d)}"


def words(number: int) -> str:
    """A number in Indonesian words, capitalised as in agreements: 'Dua Ribu Dua Puluh Tiga'."""
    return " ".join(part.capitalize() for part in num2words(number, lang="id").split())


def format_date_long(d: date) -> str:
    """The opening of an agreement: 'Senin tanggal Sembilan bulan Oktober tahun Dua Ribu Dua Puluh Tiga'."""
    return f"{DAYS[d.weekday()]} tanggal {words(d.day)} bulan {MONTHS[d.month - 1]} tahun {words(d.year)}"


def roman_month(d: date) -> str:
    return ROMAN_MONTHS[d.month - 1]
