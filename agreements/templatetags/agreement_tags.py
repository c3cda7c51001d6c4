"""Template helpers of the agreements pages: status labels and the URL of each lifecycle action."""

from django import template
from django.urls import reverse

from agreements.choices import AgreementStatus

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """{{ agreement.status|status_label }} -> 'Berlaku' (the status computed in the database)."""
    try:
        return AgreementStatus(value).label
    except ValueError:
        return value


@register.simple_tag
def action_url(agreement, name: str, target=None) -> str:
    """{% action_url agreement "extend" %} -> the URL that performs that action on the agreement."""
    args = [agreement.pk] if target is None else [agreement.pk, getattr(target, "pk", target)]
    return reverse(f"agreements:agreement_{name}", args=args)


@register.filter
def sha_short(value: str) -> str:
    return f"{value[:12]}…{value[-6:]}" if value and len(value) > 20 else value


@register.filter
def right_label(value) -> str:
    """The label of a right of a team member ('Menangani usulan perbaikan')."""
    from agreements.rights import RIGHT_LABELS, Right

    try:
        return str(RIGHT_LABELS[Right(value)])
    except (KeyError, ValueError):
        return str(value)


@register.filter
def in_pasal(numbers, tag: str) -> str:
    """' (Pasal 6)' for the clause of this agreement tagged `tag`; '' where none is (citations.in_parens)."""
    from agreements.citations import in_parens

    return in_parens(numbers or {}, tag)
