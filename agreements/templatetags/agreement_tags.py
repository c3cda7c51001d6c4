"""Template helpers of the agreements pages: status labels, the URL of each lifecycle action, and the
HTML of an empty action form kept for as long as what it shows stays the same."""

import threading
from collections import OrderedDict
from hashlib import sha256

from django import template
from django.urls import reverse
from django.utils.translation import get_language

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


# The rendered fields of empty action forms, by what they show. Rendering a form is most of the cost of the
# agreement page; its HTML depends only on its fields (labels, help texts, initial values, choices drawn
# from the agreement's parties and contacts, widgets) and the language, all in the key, so a changed party,
# contact or day gives a new key. Kept in the process: no network round trip, gone with a new release.
_FORM_HTML: OrderedDict[str, str] = OrderedDict()
_FORM_HTML_SIZE = 512
_FORM_HTML_LOCK = threading.Lock()


def _form_key(form) -> str:
    parts = [get_language() or "", type(form).__module__, type(form).__qualname__, str(form.auto_id)]
    parts.append(str(form.prefix or ""))
    for bound in form:
        field, widget = bound.field, bound.field.widget
        choices = [(str(value), str(label)) for value, label in getattr(field, "choices", ())]
        attrs = sorted((name, str(value)) for name, value in widget.attrs.items())
        parts.append(
            repr(
                (
                    bound.html_name,
                    str(bound.label),
                    str(field.help_text),
                    field.required,
                    field.disabled,
                    bound.value(),
                    type(widget).__qualname__,
                    attrs,
                    choices,
                )
            )
        )
    return sha256("\x1f".join(parts).encode()).hexdigest()


@register.simple_tag
def form_html(form) -> str:
    """{% form_html form %}: form.as_div, from the cache above when the form is empty (a bound form shows
    what was typed and its errors, so it is always rendered)."""
    if form.is_bound:
        return form.as_div()
    key = _form_key(form)
    with _FORM_HTML_LOCK:
        html = _FORM_HTML.get(key)
        if html is not None:
            _FORM_HTML.move_to_end(key)
            return html
    html = form.as_div()  # already safe: the form renderer escapes what it shows
    with _FORM_HTML_LOCK:
        _FORM_HTML[key] = html
        while len(_FORM_HTML) > _FORM_HTML_SIZE:
            _FORM_HTML.popitem(last=False)
    return html


_CHOICE_LABELS: dict[tuple[str, str, str], dict[str, str]] = {}


@register.filter
def display(obj, field_name: str):
    """{{ letter|display:"kind" }}: what letter.get_kind_display gives, from a table of labels made once per
    model field and language. Django rebuilds that table on each call, hashing every lazy label, which on a
    page of hundreds of rows costs more than the rows themselves."""
    field = obj._meta.get_field(field_name)
    key = (obj._meta.label, field_name, get_language() or "")
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        labels = _CHOICE_LABELS[key] = {str(value): str(label) for value, label in field.flatchoices}
    value = getattr(obj, field.attname)
    return labels.get(str(value), value)
