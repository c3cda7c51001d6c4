"""Template helpers of the exchange pages: NIPs written the way officers read them, and masking."""

from django import template

from exchange.corrections import privacy
from exchange.data import nip

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
