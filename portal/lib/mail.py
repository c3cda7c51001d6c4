"""The one renderer of e-mails. Templates come in threes under templates/emails/ (healthchecks' layout):

    <name>-subject.txt      one line; whitespace and line breaks from the template are folded
    <name>-body-text.txt    the plain-text part
    <name>-body-html.html   the HTML part

Mails are read by other people than the one whose request wrote them, so callers usually render in the
portal's language, not the active one: `render_mail(name, context, language=settings.LANGUAGE_CODE)`.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation


def render_mail(name: str, context: dict[str, Any], *, language: str | None = None) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the mail `name`; in `language` when given, else the active one."""
    with translation.override(language) if language else nullcontext():
        subject = render_to_string(f"emails/{name}-subject.txt", context)
        text = render_to_string(f"emails/{name}-body-text.txt", context)
        html = render_to_string(f"emails/{name}-body-html.html", context)
    return " ".join(subject.split()), text, html
