"""The figures behind the run page's charts: outcomes, tidak padan by field, outcomes by unit. Plain data
for inline SVG (no chart library, no CDN: the portal runs on closed networks)."""

from __future__ import annotations

from dataclasses import dataclass

from exchange.matching.choices import Outcome

WIDTH = 100.0  # bars are drawn in percent of the chart's width
MAX_UNITS = 15
COLOURS = {
    Outcome.PADAN: "#2e7d32",
    Outcome.TIDAK_PADAN: "#c62828",
    Outcome.HANYA_KIRI: "#ef6c00",
    Outcome.HANYA_KANAN: "#f9a825",
    Outcome.GANDA: "#6a1b9a",
    Outcome.NIP_TIDAK_VALID: "#37474f",
}


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    width: float
    colour: str
    y: int = 0


@dataclass(frozen=True)
class Segment:
    outcome: str
    value: int
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class UnitRow:
    unit: str
    total: int
    segments: list[Segment]
    y: int


def _width(value: int, top: int) -> float:
    return round(WIDTH * value / top, 2) if top else 0.0


def outcome_bars(counts: dict) -> list[Bar]:
    values = counts.get("outcome", {})
    top = max(values.values(), default=0)
    return [
        Bar(
            o.value,
            str(o.label),
            values.get(o.value, 0),
            _width(values.get(o.value, 0), top),
            COLOURS[o],
            i * 26,
        )
        for i, o in enumerate(Outcome)
    ]


def field_bars(counts: dict, labels: dict[str, str]) -> list[Bar]:
    values = sorted(counts.get("field", {}).items(), key=lambda item: (-item[1], item[0]))
    top = max((n for _code, n in values), default=0)
    return [
        Bar(code, labels.get(code, code), n, _width(n, top), COLOURS[Outcome.TIDAK_PADAN], i * 26)
        for i, (code, n) in enumerate(values)
    ]


def unit_rows(counts: dict) -> list[UnitRow]:
    """Units with the most that is not padan first; each row a stacked bar of its outcomes."""
    units = counts.get("unit", {})
    ranked = sorted(
        units.items(), key=lambda item: (-(sum(item[1].values()) - item[1].get(Outcome.PADAN, 0)), item[0])
    )[:MAX_UNITS]
    top = max((sum(v.values()) for _u, v in ranked), default=0)
    rows = []
    for index, (unit, values) in enumerate(ranked):
        x, segments = 0.0, []
        for outcome in Outcome:
            n = values.get(outcome.value, 0)
            if n:
                width = _width(n, top)
                segments.append(Segment(str(outcome.label), n, x, width, COLOURS[outcome]))
                x += width
        rows.append(UnitRow(unit, sum(values.values()), segments, index * 26))
    return rows


def legend() -> list[tuple[str, str]]:
    return [(str(o.label), COLOURS[o]) for o in Outcome]
