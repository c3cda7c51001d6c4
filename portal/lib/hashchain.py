"""Hash chains for append-only logs (the exchange log, the access logs): pure functions, no models.

Each row stores the hash of the row before it and its own hash over a canonical JSON of its payload and
that previous hash. Changing, removing or reordering any row breaks the chain from that row on, and
`first_broken` finds where.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

GENESIS = "0" * 64


def _default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no canonical JSON form")


def canonical(payload: dict) -> bytes:
    """One byte string per payload: sorted keys, no spaces, UTF-8; dates in ISO form."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    ).encode()


def link(previous: str, payload: dict) -> str:
    """The hash of a row: SHA-256 over the previous row's hash, a newline, and the canonical payload."""
    return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical(payload)).hexdigest()


def first_broken(rows: Iterable[tuple[str, dict, str]], *, start: str | None = None) -> int | None:
    """The index of the first row whose hash or link does not hold, or None when the whole chain holds.

    `rows` are (previous, payload, hash) in chain order. With `start` (GENESIS for a chain read from its
    beginning), the first row must link to it; without, the first row's previous is taken as given, so a
    window of a longer chain can be checked.
    """
    expected = start
    for index, (previous, payload, digest) in enumerate(rows):
        if expected is not None and previous != expected:
            return index
        if link(previous, payload) != digest:
            return index
        expected = digest
    return None
