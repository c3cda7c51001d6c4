"""The shared limiter: its cap holds across limiter objects (workers), its pace and a partner's pause too,
on Redis and on the database."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from exchange.partners.limits import SharedLimiter


def _hammer(limiters: list[SharedLimiter], calls: int, hold: float) -> int:
    """`calls` calls spread over the limiters from 12 threads; the most seen inside at once."""
    inside = peak = 0
    lock = threading.Lock()
    todo = iter(range(calls))

    def work(limiter: SharedLimiter):
        nonlocal inside, peak
        while True:
            with lock:
                if next(todo, None) is None:
                    return
            with limiter.call():
                with lock:
                    inside += 1
                    peak = max(peak, inside)
                time.sleep(hold)
                with lock:
                    inside -= 1

    threads = [threading.Thread(target=work, args=(limiters[n % len(limiters)],)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return peak


def _limiters(redis_url: str | None, *, cap: int, rate: float) -> list[SharedLimiter]:
    name = f"uji-{uuid.uuid4().hex[:8]}"
    return [SharedLimiter(name, concurrency=cap, rate=rate, redis_url=redis_url or "") for _ in range(3)]


def _cap(url):
    peak = _hammer(_limiters(url, cap=3, rate=0), 36, 0.02)
    assert 2 <= peak <= 3  # never above the cap; SQLite's single writer may keep the third slot busy


def _pace(url):
    started = time.monotonic()
    _hammer(_limiters(url, cap=10, rate=40), 40, 0)
    assert time.monotonic() - started >= 0.9  # 40 calls at 40 per second, whoever makes them


def _pause(url):
    limiters = _limiters(url, cap=4, rate=0)
    limiters[0].pause_until(time.time() + 0.6)
    started = time.monotonic()
    with limiters[1].call():
        pass
    assert time.monotonic() - started >= 0.5


def _held(url):
    """A thread that keeps its slot across calls holds it, lease after lease, until its block ends."""
    name = f"uji-{uuid.uuid4().hex[:8]}"
    first, second = (SharedLimiter(name, concurrency=1, rate=0, lease=0.1, redis_url=url or "") for _ in "ab")
    order: list[str] = []
    inside = threading.Event()

    def holder():
        with first.holding():
            for _ in range(6):  # 0.3 s in all: three times the lease, renewed on the way
                with first.call():
                    order.append("first")
                    inside.set()
                    time.sleep(0.05)

    thread = threading.Thread(target=holder)
    thread.start()
    assert inside.wait(10)
    with second.call():
        order.append("second")
    thread.join()
    assert order == ["first"] * 6 + ["second"]


CHECKS = {"cap": _cap, "pace": _pace, "pause": _pause, "held": _held}


@pytest.mark.redis
@pytest.mark.parametrize("check", CHECKS.values(), ids=CHECKS.keys())
def test_on_redis_the_cap_the_pace_and_a_pause_hold_across_workers(redis_url, check):
    check(redis_url)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("check", CHECKS.values(), ids=CHECKS.keys())
def test_on_the_database_the_cap_the_pace_and_a_pause_hold_across_workers(check):
    check(None)
