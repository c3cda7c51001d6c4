"""Article references from the agreement's own clauses: 'Pasal 6' where a clause is tagged with what it
governs (Clause.tags), nothing where none is. Letters, pages, mails and help texts cite through here, so a
PKS numbered differently from the seed reads its own numbers, and one without a tagged clause names none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from agreements.models import Agreement, Clause


def clause_numbers(clauses: Iterable[Clause]) -> dict[str, int]:
    """{tag: number} of one agreement's clauses (the first clause that carries a tag)."""
    found: dict[str, int] = {}
    for clause in sorted(clauses, key=lambda c: c.number):
        for tag in clause.tags or ():
            found.setdefault(tag, clause.number)
    return found


def numbers_of(agreement: Agreement) -> dict[str, int]:
    """The agreement's tagged numbers, from its prefetched clauses when the page loaded them."""
    return clause_numbers(agreement.clauses.all())


def pasal(numbers: Mapping[str, int], tag: str) -> str:
    """'Pasal 6', or '' when no clause is tagged `tag`."""
    number = numbers.get(tag)
    return _("Pasal %(n)s") % {"n": number} if number else ""


def in_parens(numbers: Mapping[str, int], tag: str) -> str:
    """' (Pasal 6)', or '': to put after a phrase."""
    text = pasal(numbers, tag)
    return f" ({text})" if text else ""


def per(numbers: Mapping[str, int], tag: str) -> str:
    """', sesuai Pasal 6', or '': to put at the end of a clause of a sentence."""
    text = pasal(numbers, tag)
    return _(", sesuai %(pasal)s") % {"pasal": text} if text else ""
