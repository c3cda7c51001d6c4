"""Measuring for the benchmarks: wall-clock samples with their median and p95, query counts, peak memory.

Targets are generous on purpose (a loaded 2-core machine must pass them); what they catch is a change of
scale: an N+1 query, a page that reads every row, an export that holds the whole file several times over.
"""

from __future__ import annotations

import math
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Timings:
    """Samples in seconds, shown in milliseconds."""

    samples: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p95_ms(self) -> float:
        """Nearest rank: of 20 samples, the 19th fastest."""
        ordered = sorted(self.samples)
        return ordered[math.ceil(0.95 * len(ordered)) - 1] * 1000

    @property
    def max_ms(self) -> float:
        return max(self.samples) * 1000

    def line(self) -> str:
        return (
            f"median {self.median_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, max {self.max_ms:.1f} ms "
            f"({len(self.samples)} runs)"
        )


def repeat(action: Callable[[], object], *, runs: int = 20, warmup: int = 2) -> Timings:
    """Time `action` `runs` times after `warmup` untimed runs (they fill per-process caches)."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return Timings(samples)


def get_ok(client, url: str, params: dict | None = None):
    """A GET that must answer 200: a benchmark of an error page would measure nothing."""
    response = client.get(url, params or {})
    assert response.status_code == 200, f"GET {url} {params or ''}: {response.status_code}"
    return response


def queries_of(action: Callable[[], object]) -> tuple[int, object]:
    """Queries run by `action`, counted without a ceiling (Django's own query log keeps the last 9,000)."""
    count = 0

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        result = action()
    return count, result


def once(action: Callable[[], object]) -> tuple[float, object]:
    """One timed run: seconds and what the action returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def peak_memory(action: Callable[[], object]) -> tuple[float, object]:
    """Peak of Python allocations while `action` runs, in MB (tracemalloc; it slows the action down)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = action()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024 / 1024, result


def report(name: str, text: str) -> None:
    print(f"\n[bench] {name}: {text}", flush=True)
