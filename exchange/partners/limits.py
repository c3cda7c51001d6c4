"""One rate limit and one concurrency cap per partner quota, shared by every thread of every worker.

Celery's `rate_limit` counts per worker process; SIASN counts per consumer key. So the pace lives where all
workers see it: in Redis when the portal has one (two small Lua scripts, atomic on the server), in the
database otherwise (compare-and-set on slot rows, a locked row for the pace). A slot is leased, not owned: a
process killed mid-call frees its slot when the lease ends, and nobody has to clean up after it.

A 429 from the partner pauses the limiter for everybody until the time the partner named.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.db import OperationalError, connection, transaction

_POLL = 0.01
_PAUSE_READ = 0.25  # seconds a holder of a kept slot trusts its last look at a partner's pause

# Take a slot and the next moment of the pace in one round trip: -1 when no slot is free, else the wait.
_ACQUIRE_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return '-1'
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('EXPIRE', KEYS[1], 3600)
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
local at = math.max(now, nxt, paused)
local interval = tonumber(ARGV[4])
if interval > 0 then
  redis.call('SET', KEYS[2], tostring(at + interval), 'EX', 3600)
end
return tostring(at - now)
"""

# Keep a slot one lease longer, if it is still this holder's (a lapsed one may have gone to another).
_RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return 1
"""

# The next moment of the pace for a caller that already holds a slot.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
local at = math.max(now, nxt, paused)
redis.call('SET', KEYS[1], tostring(at + tonumber(ARGV[1])), 'EX', 3600)
return tostring(at - now)
"""

_PAUSE = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', 3600)
end
return 1
"""


_PG_TAKE_SLOT = """
UPDATE {table} SET holder = %s, expires_at = %s
WHERE id = (
  SELECT id FROM {table}
  WHERE name = %s AND number < %s AND expires_at < %s
  ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED
)
RETURNING id
"""


class _RedisBackend:
    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self._acquire_reserve = self.client.register_script(_ACQUIRE_RESERVE)
        self._pause = self.client.register_script(_PAUSE)
        self._renew = self.client.register_script(_RENEW)
        self._reserve = self.client.register_script(_RESERVE)

    def acquire_reserve(self, name: str, cap: int, token: str, lease: float, interval: float) -> float | None:
        keys = [f"limiter:{name}:{k}" for k in ("slots", "next", "paused")]
        wait = float(self._acquire_reserve(keys=keys, args=[cap, token, lease, interval]))
        return None if wait < 0 else wait

    def release(self, name: str, token: str) -> None:
        self.client.zrem(f"limiter:{name}:slots", token)

    def renew(self, name: str, token: str, lease: float) -> bool:
        return bool(self._renew(keys=[f"limiter:{name}:slots"], args=[token, lease]))

    def reserve(self, name: str, interval: float) -> float:
        keys = [f"limiter:{name}:next", f"limiter:{name}:paused"]
        return max(0.0, float(self._reserve(keys=keys, args=[interval])))

    def paused_until(self, name: str) -> float:
        return float(self.client.get(f"limiter:{name}:paused") or 0)

    def pause_until(self, name: str, until: float) -> None:
        self._pause(keys=[f"limiter:{name}:paused"], args=[repr(until)])

    def reset(self, name: str) -> None:
        self.client.delete(*(f"limiter:{name}:{k}" for k in ("slots", "next", "paused")))


class _DatabaseBackend:
    def __init__(self):
        self._made: set[tuple[str, int]] = set()
        self._states: set[str] = set()

    def _slots(self, name: str, cap: int) -> None:
        from exchange.partners.models import LimiterSlot

        if (name, cap) in self._made:
            return
        rows = [LimiterSlot(name=name, number=n) for n in range(cap)]
        LimiterSlot.objects.bulk_create(rows, ignore_conflicts=True)
        self._made.add((name, cap))

    def try_acquire(self, name: str, cap: int, token: str, lease: float) -> bool:
        from exchange.partners.models import LimiterSlot

        self._slots(name, cap)
        now = time.time()
        if connection.vendor == "postgresql":
            # One round trip: a free slot, skipping those another caller is taking at this instant.
            with connection.cursor() as cursor:
                sql = _PG_TAKE_SLOT.format(table=LimiterSlot._meta.db_table)
                cursor.execute(sql, [token, now + lease, name, cap, now])
                return cursor.fetchone() is not None
        free = list(
            LimiterSlot.objects.filter(name=name, number__lt=cap, expires_at__lt=now).values_list(
                "pk", flat=True
            )
        )
        random.shuffle(free)
        for pk in free[:3]:
            # Compare-and-set: another process may have taken this slot since we looked; try the next one.
            taken = LimiterSlot.objects.filter(pk=pk, expires_at__lt=now).update(
                holder=token, expires_at=now + lease
            )
            if taken:
                return True
        return False

    def acquire_reserve(self, name: str, cap: int, token: str, lease: float, interval: float) -> float | None:
        try:
            if not self.try_acquire(name, cap, token, lease):
                return None
        except OperationalError:  # SQLite busy under many writers: not taken, the caller polls again
            return None
        for attempt in range(50):
            try:
                return self.reserve(name, interval)
            except OperationalError:
                time.sleep(_POLL * (1 + attempt % 5))
        self.release(name, token)
        return None

    def release(self, name: str, token: str) -> None:
        from exchange.partners.models import LimiterSlot

        for attempt in range(50):
            try:
                LimiterSlot.objects.filter(name=name, holder=token).update(holder="", expires_at=0)
                return
            except OperationalError:  # a slot left held frees itself when its lease ends
                time.sleep(_POLL * (1 + attempt % 5))

    def renew(self, name: str, token: str, lease: float) -> bool:
        from exchange.partners.models import LimiterSlot

        try:
            return bool(
                LimiterSlot.objects.filter(name=name, holder=token).update(expires_at=time.time() + lease)
            )
        except OperationalError:  # busy: given up, the caller takes a slot the usual way
            return False

    def paused_until(self, name: str) -> float:
        from exchange.partners.models import LimiterState

        return LimiterState.objects.filter(name=name).values_list("paused_until", flat=True).first() or 0.0

    def reserve(self, name: str, interval: float) -> float:
        from exchange.partners.models import LimiterState

        if name not in self._states:
            LimiterState.objects.get_or_create(name=name)
            self._states.add(name)
        if interval <= 0:
            paused = LimiterState.objects.filter(name=name).values_list("paused_until", flat=True).first()
            return max(0.0, (paused or 0) - time.time())
        with transaction.atomic():
            state = LimiterState.objects.select_for_update().filter(name=name).first()
            if state is None:  # removed by another process's reset since this one made it
                LimiterState.objects.get_or_create(name=name)
                state = LimiterState.objects.select_for_update().get(name=name)
            now = time.time()
            at = max(now, state.next_at, state.paused_until)
            state.next_at = at + interval
            state.save(update_fields=["next_at"])
        return at - now

    def pause_until(self, name: str, until: float) -> None:
        from exchange.partners.models import LimiterState

        LimiterState.objects.get_or_create(name=name)
        LimiterState.objects.filter(name=name, paused_until__lt=until).update(paused_until=until)

    def reset(self, name: str) -> None:
        from exchange.partners.models import LimiterSlot, LimiterState

        LimiterSlot.objects.filter(name=name).delete()
        LimiterState.objects.filter(name=name).delete()
        self._made = {made for made in self._made if made[0] != name}
        self._states.discard(name)


_backends: dict[str, object] = {}
_backends_lock = threading.Lock()


def _backend(redis_url: str | None):
    key = redis_url or "database"
    with _backends_lock:
        if key not in _backends:
            _backends[key] = _RedisBackend(redis_url) if redis_url else _DatabaseBackend()
        return _backends[key]


class SharedLimiter:
    """`with limiter.call(): ...` waits for a slot under the cap and for the pace, then holds the slot.

    A thread with a queue of calls to make says so with `with limiter.holding(): ...`: it keeps its slot
    from one call to the next (renewing the slot's lease as it goes) and lets go when the block ends. The
    cap is the same, but the slot no longer passes through the shared store between two calls of one
    thread: under a busy machine that hand-over, not the store, was what left slots empty.
    """

    def __init__(self, name: str, *, concurrency: int, rate: float, lease: float = 30.0, redis_url=None):
        self.name, self.concurrency, self.rate, self.lease = name, max(1, concurrency), rate, lease
        url = redis_url if redis_url is not None else getattr(settings, "REDIS_URL", "")
        self.backend = _backend(url or None)
        self.kind = "redis" if url else "database"
        # The threads of this process queue here first: never more of them at the shared store than the
        # cap, and a slot this process frees goes to its next thread at once instead of at a poll.
        self._local = threading.BoundedSemaphore(self.concurrency)
        self._thread = threading.local()
        self._pause_lock = threading.Lock()
        self._paused, self._paused_read = 0.0, 0.0

    @property
    def _interval(self) -> float:
        return 1.0 / self.rate if self.rate > 0 else 0.0

    def _take(self) -> float:
        """A slot for this thread (waiting for one), and the wait the pace asks before the first call."""
        token = uuid.uuid4().hex
        self._local.acquire()
        try:
            while (
                wait := self.backend.acquire_reserve(
                    self.name, self.concurrency, token, self.lease, self._interval
                )
            ) is None:
                time.sleep(_POLL * (1 + random.random()))
        except BaseException:
            self._local.release()
            raise
        self._thread.held = (token, time.monotonic() + self.lease / 2)
        return wait

    def _kept(self) -> bool:
        """Whether this thread still holds the slot it kept, renewing its lease when half of it is gone."""
        token, renew_at = self._thread.held
        if time.monotonic() < renew_at:
            return True
        if self.backend.renew(self.name, token, self.lease):
            self._thread.held = (token, time.monotonic() + self.lease / 2)
            return True
        self._thread.held = None  # lapsed and perhaps taken by another: take one anew
        self._local.release()
        return False

    def _wait_kept(self) -> float:
        """The pace and any pause, for a call on a slot already held."""
        if self._interval > 0:
            return self.backend.reserve(self.name, self._interval)
        now = time.time()
        with self._pause_lock:
            if now - self._paused_read > _PAUSE_READ:  # another worker may have been told to wait
                self._paused = max(self._paused, self.backend.paused_until(self.name))
                self._paused_read = now
            return max(0.0, self._paused - now)

    def _let_go(self) -> None:
        held = getattr(self._thread, "held", None)
        if held is None:
            return
        self._thread.held = None
        try:
            self.backend.release(self.name, held[0])
        finally:
            self._local.release()

    @contextlib.contextmanager
    def call(self) -> Iterator[None]:
        held = getattr(self._thread, "held", None)
        wait = self._wait_kept() if held is not None and self._kept() else self._take()
        try:
            if wait > 0:
                time.sleep(wait)
            yield
        finally:
            if not getattr(self._thread, "keep", False):
                self._let_go()

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Calls of this thread inside the block keep one slot between them; it is let go at the end."""
        self._thread.keep = True
        try:
            yield
        finally:
            self._thread.keep = False
            self._let_go()

    def pause_until(self, until: float) -> None:
        """Nobody calls before `until` (Unix seconds): the partner said so."""
        with self._pause_lock:
            self._paused = max(self._paused, until)
        self.backend.pause_until(self.name, until)

    def reset(self) -> None:
        self.backend.reset(self.name)
