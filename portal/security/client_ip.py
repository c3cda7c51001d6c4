"""The client's address as the portal's own proxies saw it, never as the client says it is.

Behind N trusted proxies (setting `TRUSTED_PROXY_COUNT`), each proxy appends the address it received the
connection from to `X-Forwarded-For`; the client's real address is therefore the N-th entry from the right.
Anything left of it was written by the client and can be forged. With no proxy (the default, 0) only the
socket's address counts and the header is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """Used by axes (AXES_CLIENT_IP_CALLABLE), the login address limit, the reset limits and the logs."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if not hops:
        return remote
    # Fewer entries than proxies: the request skipped a proxy; the leftmost entry is the best we have.
    candidate = hops[-proxies] if len(hops) >= proxies else hops[0]
    return _valid(candidate) or remote
