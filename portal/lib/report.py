"""A report's content as plain data, printed to PDF and XLSX and shown on a page alike: sections of
summary lines, tables and bar charts. No app imports: any app can contribute a section (through
`registry.report_sections`) and the report prints it without knowing the app."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    """A table with a header row; cells are text or whole numbers (numbers align right)."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[str | int]]
    empty: str = ""


@dataclass(frozen=True)
class Chart:
    """A bar chart of one series: one bar per label."""

    title: str
    labels: Sequence[str]
    values: Sequence[int]

    @property
    def is_empty(self) -> bool:
        return not any(self.values)


@dataclass(frozen=True)
class Section:
    """One numbered section: an introductory text, key figures (label, value), tables and charts."""

    code: str
    title: str
    intro: str = ""
    summary: Sequence[tuple[str, str | int]] = ()
    tables: Sequence[Table] = ()
    charts: Sequence[Chart] = field(default_factory=tuple)


def number(value: int | float | str) -> str:
    """Indonesian thousands separator: 12.345; one decimal with a comma: 3,5."""
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{value:,}".replace(",", ".")
