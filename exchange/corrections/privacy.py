"""How personal data looks to someone without the per-agreement grant: masked, never hinted at."""

from __future__ import annotations

from exchange.data import nip


def mask_nip(value: str) -> str:
    return nip.mask(value)


def mask_name(name: str) -> str:
    """'Andi Contoh' -> 'A*** C***': enough to tell rows apart, not to know the person."""
    return " ".join(f"{word[0]}***" for word in (name or "").split())


def mask_value(value: str) -> str:
    """A value of a personal field (a birth date, a name) is hidden whole."""
    return "•••" if value else ""
