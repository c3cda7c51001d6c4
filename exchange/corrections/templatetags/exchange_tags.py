"""Template helpers of the exchange pages: NIPs written the way officers read them, and masking."""

from datetime import date

from django import template
from django.utils.formats import number_format

from exchange.corrections import privacy
from exchange.data import nip
from exchange.data.choices import DataType
from portal.lib.stored_text import day_text

register = template.Library()


@register.filter
def nip_spaced(value: str) -> str:
    """'198503122010011004' -> '19850312 201001 1 004' (birth date, appointment, sex, sequence)."""
    value = nip.normalize(value)
    if len(value) != nip.LENGTH:
        return value
    return f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"


@register.filter
def nip_masked(value: str) -> str:
    return privacy.mask_nip(value)


@register.filter
def name_masked(value: str) -> str:
    return privacy.mask_name(value)


@register.filter
def value_masked(value: str) -> str:
    return privacy.mask_value(value)


@register.filter
def field_value(value: str, data_field) -> str:
    """A proposed or current value as the page around it writes it: a date field's ISO value ('2024-01-01')
    in the reader's date format, like the other dates of the page; anything else as stored."""
    if value and getattr(data_field, "data_type", None) == DataType.DATE:
        try:
            return day_text(date.fromisoformat(value))
        except ValueError:
            return value
    return value


@register.filter
def capped(value: int) -> str:
    """A count of the proposal list (selectors.proposal_counts): exact up to COUNT_CAP, "1.000+" above."""
    from exchange.corrections.selectors import COUNT_CAP

    if value > COUNT_CAP:
        return f"{number_format(COUNT_CAP, force_grouping=True)}+"
    return number_format(value, force_grouping=True)
