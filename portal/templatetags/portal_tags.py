"""Template helpers shared by every app: dates in the reader's language, query strings that keep filters."""

from datetime import date

from django import template
from django.utils import formats, translation
from num2words import num2words

from portal.lib import text_id
from portal.lib.stored_text import day_text

register = template.Library()


@register.filter
def tanggal(value: date | None) -> str:
    """{{ d|tanggal }} -> '9 Oktober 2023'; in English '9 October 2023' (documents render in Indonesian)."""
    if value is None or value == "":
        return ""
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    return day_text(value)


@register.filter
def tanggal_hari(value: date | None) -> str:
    """{{ d|tanggal_hari }} -> 'Senin, 9 Oktober 2023'; in English 'Monday, 9 October 2023'."""
    if not value:
        return ""
    if (translation.get_language() or "id").startswith("en"):
        return formats.date_format(value, "l, j F Y")
    return text_id.format_date_with_day(value)


@register.filter
def tanggal_panjang(value: date | None) -> str:
    """{{ d|tanggal_panjang }} -> 'Senin tanggal Sembilan bulan Oktober tahun Dua Ribu Dua Puluh Tiga'.

    In English: 'Monday, the ninth day of October, two thousand and twenty-three'.
    """
    if not value:
        return ""
    if (translation.get_language() or "id").startswith("en"):
        day = num2words(value.day, to="ordinal", lang="en")
        year = num2words(value.year, lang="en")
        month = text_id.MONTH_NAMES[value.month - 1]
        return f"{text_id.day_name(value)}, the {day} day of {month}, {year}"
    return text_id.format_date_long(value)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some keys replaced, for pagination and sorting links."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()
