"""Rate limits counted in the database, so that every web worker and every machine shares one count."""

from datetime import timedelta

from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from portal.security.client_ip import client_ip
from portal.security.models import ThrottleHit


def _key(value: str) -> str:
    return salted_hmac("portal.security.throttle", value.strip().lower()).hexdigest()


def hits(*, scope: str, value: str, window: timedelta) -> int:
    since = timezone.now() - window
    return ThrottleHit.objects.filter(scope=scope, key=_key(value), created_at__gte=since).count()


def record(*, scope: str, value: str) -> None:
    ThrottleHit.objects.create(scope=scope, key=_key(value))


def purge(*, older_than: timedelta) -> int:
    deleted, _ = ThrottleHit.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted


def login_failures_from(address: str, *, window: timedelta) -> int:
    """Failed logins from one address across every account, from the rows axes keeps anyway.

    axes keeps one row per (username, address, user agent) with its running count and the time of its
    latest failure; a row whose latest failure is inside the window counts whole (erring on the safe side).
    """
    from axes.models import AccessAttempt

    since = timezone.now() - window
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def address_over_login_limit(request: HttpRequest) -> bool:
    """Password spraying: too many failed logins from one address, whichever accounts they tried.

    The per-account lockout (axes, per account *and* address) cannot see an address that tries one
    password on each of many accounts; this limit, higher so that an office behind one address is not shut
    out by its own typos, does.
    """
    if not settings.AXES_ENABLED:
        return False
    window = get_cool_off(request) or timedelta(hours=1)
    failures = login_failures_from(client_ip(request), window=window)
    return failures >= settings.AUTH_ADDRESS_FAILURE_LIMIT
