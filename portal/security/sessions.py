"""Session lifetimes: an idle limit and an absolute limit that no activity and no write can extend.

The session keeps two clocks as epoch seconds: when the login happened (never rewritten) and when the
user was last seen (rewritten at most once a minute, so reading pages does not write the session on every
request). The database row's expiry follows the nearer of the two limits, so expired rows can be purged.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest

STARTED_KEY = "_security_started"
SEEN_KEY = "_security_seen"
# Last-seen precision: the idle limit may end a session up to this much early, for one session write a
# minute at most.
SEEN_RESOLUTION_SECONDS = 60
EXPIRY_GRACE_SECONDS = 5 * 60


def idle_seconds() -> int:
    return settings.SESSION_IDLE_SECONDS


def absolute_seconds() -> int:
    return settings.SESSION_ABSOLUTE_SECONDS


def expiry_reason(*, started: float, seen: float, now: float) -> str | None:
    """'absolute', 'idle' or None. A clock that went backwards (now before a stamp) expires nothing."""
    if now - started > absolute_seconds():
        return "absolute"
    if now - seen > idle_seconds():
        return "idle"
    return None


def _set_expiry(request: HttpRequest, *, started: float, seen: float) -> None:
    # The row outlives the limit by a few minutes so that the middleware, not an empty session, ends it
    # and can say why; past the limit the middleware refuses it all the same.
    ends = min(seen + idle_seconds(), started + absolute_seconds()) + EXPIRY_GRACE_SECONDS
    # A datetime, not a number of seconds: a number would count again from every later write.
    request.session.set_expiry(datetime.fromtimestamp(ends, tz=UTC))


def start_clocks(sender, request: HttpRequest | None = None, user=None, **kwargs) -> None:
    """user_logged_in receiver: both clocks start at the login."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now
    _set_expiry(request, started=now, seen=now)


def touch(request: HttpRequest) -> str | None:
    """Check the clocks of an authenticated session and note the user as seen; the reason it ended, if so."""
    now = time.time()
    started = request.session.get(STARTED_KEY)
    seen = request.session.get(SEEN_KEY)
    if not isinstance(started, int | float) or not isinstance(seen, int | float):
        # A session from before these clocks existed: it starts counting now.
        start_clocks(None, request=request)
        return None
    reason = expiry_reason(started=started, seen=seen, now=now)
    if reason is None and now - seen >= SEEN_RESOLUTION_SECONDS:
        request.session[SEEN_KEY] = now
        _set_expiry(request, started=started, seen=now)
    return reason


OTP_NEEDED_KEY = "_security_otp_needed"


def otp_needed(request: HttpRequest, *, decide) -> bool:
    """Whether this login owes the second factor, decided once and kept in the session."""
    needed = request.session.get(OTP_NEEDED_KEY)
    if not isinstance(needed, bool):
        needed = bool(decide(request.user))
        request.session[OTP_NEEDED_KEY] = needed
    return needed


def set_otp_needed(request: HttpRequest, needed: bool) -> None:
    request.session[OTP_NEEDED_KEY] = needed
