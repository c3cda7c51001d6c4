"""The use chart of the web-service page as geometry for an inline SVG (no script, no outside library)."""

from __future__ import annotations

from dataclasses import dataclass

from exchange.api.selectors import UsageDay

WIDTH, HEIGHT, PAD = 720, 180, 24


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: UsageDay


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float


@dataclass(frozen=True)
class Chart:
    """Records per day as bars, calls per day as dots on the same days (each on its own scale)."""

    bars: list[Bar]
    dots: list[Dot]
    max_records: int
    max_calls: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def points(self) -> str:
        return " ".join(f"{dot.cx:.1f},{dot.cy:.1f}" for dot in self.dots)

    @property
    def baseline(self) -> int:
        return HEIGHT - PAD


def usage_chart(series: list[UsageDay]) -> Chart:
    max_records = max((day.records for day in series), default=0)
    max_calls = max((day.calls + day.refused for day in series), default=0)
    slot = (WIDTH - 2 * PAD) / max(len(series), 1)
    room = HEIGHT - 2 * PAD
    bars, dots = [], []
    for index, day in enumerate(series):
        height = room * day.records / max_records if max_records else 0
        x = PAD + index * slot
        bars.append(Bar(x + slot * 0.15, HEIGHT - PAD - height, slot * 0.7, height, day))
        calls = day.calls + day.refused
        dots.append(Dot(x + slot / 2, HEIGHT - PAD - (room * calls / max_calls if max_calls else 0)))
    return Chart(bars, dots, max_records, max_calls)
