"""Keyset (seek) paging for the proposal list: a page is found by where the previous one ended, never by
skipping rows (no OFFSET), so the thousandth page costs what the first does.

An `Order` is a stable sort: a few keys, all ascending or all descending, the last of them the primary key,
so that no two rows tie. A page's links carry a cursor: the keys of its first row ("before") or of its last
row ("after"), signed and encoded so that it is opaque; the keys are a number, a date, a time and an id,
never personal data. The last page is read by the reversed seek from the end ("last"), as cheap as the
first. A cursor that does not verify (edited, or from before a key change) gives the first page.

On PostgreSQL the condition is one row comparison, `(k1, k2, ...) > (v1, v2, ...)`, which an index on the
same keys in the same order answers as a range; SQLite gets the equivalent ORs (Django's tuple lookups).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core import signing
from django.db.models import Expression, F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

SALT = "exchange.corrections.paging"
LAST = "last"


@dataclass(frozen=True)
class Key:
    """One sort key: a field, or an annotation added under `name` from `expression`; `kind` decodes it."""

    name: str
    kind: type = int
    expression: Expression | None = None


@dataclass(frozen=True)
class Order:
    keys: Sequence[Key]
    descending: bool = False

    def annotate(self, proposals: QuerySet) -> QuerySet:
        annotations = {key.name: key.expression for key in self.keys if key.expression is not None}
        return proposals.annotate(**annotations) if annotations else proposals

    def sort(self, proposals: QuerySet, *, reverse: bool = False) -> QuerySet:
        descending = self.descending != reverse
        return proposals.order_by(
            *(F(key.name).desc() if descending else F(key.name).asc() for key in self.keys)
        )

    def values_of(self, row) -> list:
        return [_encode(getattr(row, key.name)) for key in self.keys]


def _encode(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _decode(kind: type, value):
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    return kind(value)


def cursor(mode: str, values: list) -> str:
    return signing.dumps([mode, values], salt=SALT)


@dataclass
class Page:
    """One page of rows and where its links lead (None: no such link)."""

    object_list: list
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool
    is_last: bool

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return not (self.is_first and self.is_last)

    @property
    def last_cursor(self) -> str:
        return LAST


def _read(order: Order, token: str | None) -> tuple[str, list | None]:
    """('first', None), ('last', None), or ('after' | 'before', the row's key values)."""
    if not token:
        return "first", None
    if token == LAST:
        return "last", None
    try:
        mode, values = signing.loads(token, salt=SALT)
        if mode not in ("after", "before") or len(values) != len(order.keys):
            raise ValueError(mode)
        return mode, [_decode(key.kind, value) for key, value in zip(order.keys, values, strict=True)]
    except (signing.BadSignature, ValueError, TypeError):
        return "first", None


def page_of(proposals: QuerySet, order: Order, token: str | None, size: int) -> Page:
    """The page the cursor names, in one query: `size` rows and one more to learn whether more follow."""
    mode, values = _read(order, token)
    forward = mode in ("first", "after")
    proposals = order.annotate(proposals)
    if values is not None:
        keys = Tuple(*(F(key.name) for key in order.keys))
        later = (mode == "after") != order.descending  # further along the keys' own ascending order
        seek = TupleGreaterThan(keys, values) if later else TupleLessThan(keys, values)
        proposals = proposals.filter(seek)
    rows = list(order.sort(proposals, reverse=not forward)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    if not rows:
        return Page([], None, None, is_first=mode == "first", is_last=True)
    first, last = order.values_of(rows[0]), order.values_of(rows[-1])
    has_next = more if forward else mode == "before"
    has_previous = mode == "after" or (more and not forward)
    return Page(
        rows,
        next_cursor=cursor("after", last) if has_next else None,
        previous_cursor=cursor("before", first) if has_previous else None,
        is_first=not has_previous,
        is_last=not has_next,
    )
