"""The SIASN web service client (httpx), as BKN's public clients describe the interface.

Two tokens: the API gateway's (OAuth2 client credentials at `{gateway}/oauth2/token`, HTTP Basic with the
consumer key and secret) and the operator's SSO token (password grant at
`{sso}/auth/realms/public-siasn/protocol/openid-connect/token`, or pasted by a person). Every call carries
`Authorization: Bearer <gateway>` and `Auth: bearer <sso>`. Reads are per NIP.

What the client does about the network: timeouts on every call; retries with exponential backoff and full
jitter on 5xx, timeouts, dropped connections and unreadable JSON; a 429 pauses the shared limiter for every
worker until `nextAccessTime` (or `Retry-After`) and tries again; an expired token is refreshed once and the
call repeated. Every call passes through the shared limiter (limits.py).

The URL of a read carries a NIP, so neither httpx's request log nor any message here ever shows a URL:
errors name a reason code and an HTTP status only.
"""

from __future__ import annotations

import base64
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import httpx

# httpx logs every request line (with its URL, so with a NIP) at INFO: never let it.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)

SSO_PATH = "/auth/realms/public-siasn/protocol/openid-connect/token"
API_PATH = "/apisiasn/1.0/pns"
EXPIRED_JWT = "invalid or expired jwt"
SSO_MISMATCH = "token sso mismatch"
NOT_FOUND = "data tidak ditemukan"
MAX_THROTTLES = 30


class SiasnError(Exception):
    """A call that did not give data; `reason` is a stable code pages group by (never personal data)."""

    reason = "error"

    def __init__(self, reason: str | None = None, *, status: int | None = None):
        self.reason = reason or self.reason
        self.status = status
        super().__init__(f"{self.reason}" + (f" (HTTP {status})" if status else ""))


class NotFound(SiasnError):
    reason = "not_found"


class CredentialError(SiasnError):
    """The tokens cannot be had: wrong key or secret, a pasted SSO token that lapsed, a refused login."""

    reason = "credentials"


class TransientError(SiasnError):
    """The partner kept failing (5xx, timeouts, garbage) through every retry."""

    reason = "server_error"


@dataclass(frozen=True)
class Endpoint:
    gateway_url: str
    sso_url: str
    consumer_key: str
    consumer_secret: str
    sso_username: str = ""
    sso_password: str = ""
    sso_client_id: str = "siasn-ws"


@dataclass
class Tokens:
    gateway: str = ""
    gateway_expires: float = 0.0
    sso: str = ""
    sso_expires: float = 0.0  # 0: unknown (a pasted token without a stated expiry)


class TokenStore(Protocol):
    """Where tokens are shared between workers (the credential row); the client keeps a copy in memory."""

    def load(self) -> Tokens: ...

    def save_gateway(self, token: str, expires: float) -> None: ...

    def save_sso(self, token: str, expires: float) -> None: ...


class Limiter(Protocol):
    def call(self): ...

    def pause_until(self, until: float) -> None: ...


def next_access_time(body: Any, headers: httpx.Headers, *, now: float) -> float:
    """When the gateway lets us in again (Unix seconds): WSO2's nextAccessTime, else Retry-After, else 1 s."""
    raw = body.get("nextAccessTime") if isinstance(body, dict) else None
    if isinstance(raw, int | float) or (isinstance(raw, str) and raw.isdigit()):
        value = float(raw)
        return value / 1000 if value > 1e11 else value
    if isinstance(raw, str):
        for fmt in ("%Y-%b-%d %H:%M:%S%z UTC", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z"):
            try:
                return datetime.strptime(raw.strip(), fmt).timestamp()
            except ValueError:
                continue
    retry_after = headers.get("Retry-After")
    if retry_after:
        if retry_after.strip().isdigit():
            return now + float(retry_after)
        try:
            return parsedate_to_datetime(retry_after).timestamp()
        except (TypeError, ValueError):
            pass
    return now + 1.0


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _says(body: Any, phrase: str) -> bool:
    if isinstance(body, dict):
        body = " ".join(str(v) for v in body.values())
    return phrase in str(body or "").lower()


class SiasnClient:
    """Per-NIP reads from SIASN. Thread-safe: one client serves a worker's thread pool."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        store: TokenStore,
        limiter: Limiter,
        timeout: float = 10.0,
        retries: int = 4,
        backoff: float = 0.25,
        backoff_cap: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.endpoint, self.store, self.limiter = endpoint, store, limiter
        self.retries, self.backoff, self.backoff_cap, self.sleep = retries, backoff, backoff_cap, sleep
        self._timeout = httpx.Timeout(timeout, connect=min(timeout, 5.0))
        # One connection pool per thread: httpx's pool takes one lock for every request and response of
        # all the threads that share it, and with ten threads at the cap they queued on it.
        self._local = threading.local()
        self._pools: list[httpx.Client] = []
        self._pools_lock = threading.Lock()  # not the token lock: a token is fetched while that one is held
        self._tokens = store.load()
        self._lock = threading.Lock()
        self.stats = {"calls": 0, "retries": 0, "throttled": 0, "refreshed": 0}

    @property
    def http(self) -> httpx.Client:
        client = getattr(self._local, "http", None)
        if client is None:
            client = httpx.Client(
                timeout=self._timeout,
                limits=httpx.Limits(max_connections=4, max_keepalive_connections=4),
                follow_redirects=False,
            )
            self._local.http = client
            with self._pools_lock:
                self._pools.append(client)
        return client

    def close(self) -> None:
        with self._pools_lock:
            pools, self._pools = self._pools, []
        for client in pools:
            client.close()

    def __enter__(self) -> SiasnClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Tokens ------------------------------------------------------------------------------------------

    def _post_token(self, url: str, data: dict, auth: str | None = None) -> tuple[str, float]:
        headers = {"Authorization": f"Basic {auth}"} if auth else {}
        try:
            response = self.http.post(url, data=data, headers=headers)
        except httpx.HTTPError:
            raise TransientError("token_unreachable") from None
        body = _json(response)
        if response.status_code >= 500:
            raise TransientError("token_server_error", status=response.status_code)
        if response.status_code != 200 or not isinstance(body, dict) or not body.get("access_token"):
            raise CredentialError("token_refused", status=response.status_code)
        expires_in = body.get("expires_in")
        lifetime = float(expires_in) if str(expires_in or "").replace(".", "", 1).isdigit() else 3600.0
        return str(body["access_token"]), time.time() + lifetime

    def _gateway_token(self, *, stale: str | None = None) -> str:
        with self._lock:
            tokens = self._tokens
            if stale is not None or not tokens.gateway or tokens.gateway_expires - 30 < time.time():
                shared = self.store.load()  # another worker may have refreshed it already
                if shared.gateway and shared.gateway != stale and shared.gateway_expires - 30 > time.time():
                    tokens.gateway, tokens.gateway_expires = shared.gateway, shared.gateway_expires
                else:
                    basic = f"{self.endpoint.consumer_key}:{self.endpoint.consumer_secret}".encode()
                    url = self.endpoint.gateway_url.rstrip("/") + "/oauth2/token"
                    token, expires = self._post_token(
                        url, {"grant_type": "client_credentials"}, base64.b64encode(basic).decode()
                    )
                    tokens.gateway, tokens.gateway_expires = token, expires
                    self.store.save_gateway(token, expires)
                    self.stats["refreshed"] += 1
            return tokens.gateway

    def _sso_token(self, *, stale: str | None = None) -> str:
        with self._lock:
            tokens = self._tokens
            expired = tokens.sso_expires and tokens.sso_expires - 30 < time.time()
            if stale is not None or not tokens.sso or expired:
                shared = self.store.load()
                fresh = shared.sso and shared.sso != stale
                if fresh and not (shared.sso_expires and shared.sso_expires - 30 < time.time()):
                    tokens.sso, tokens.sso_expires = shared.sso, shared.sso_expires
                elif self.endpoint.sso_username and self.endpoint.sso_password:
                    url = self.endpoint.sso_url.rstrip("/") + SSO_PATH
                    token, expires = self._post_token(
                        url,
                        {
                            "grant_type": "password",
                            "client_id": self.endpoint.sso_client_id,
                            "username": self.endpoint.sso_username,
                            "password": self.endpoint.sso_password,
                        },
                    )
                    tokens.sso, tokens.sso_expires = token, expires
                    self.store.save_sso(token, expires)
                    self.stats["refreshed"] += 1
                else:
                    raise CredentialError("sso_expired")
            return tokens.sso

    # Calls -------------------------------------------------------------------------------------------

    def _backoff(self, attempt: int) -> None:
        self.stats["retries"] += 1
        self.sleep(random.uniform(0, min(self.backoff_cap, self.backoff * 2**attempt)))

    def _get(self, path: str) -> Any:
        url = self.endpoint.gateway_url.rstrip("/") + path
        failures = throttles = 0
        refreshed: set[str] = set()
        while True:
            gateway, sso = self._gateway_token(), self._sso_token()
            headers = {
                "Authorization": f"Bearer {gateway}",
                "Auth": f"bearer {sso}",
                "Accept": "application/json",
            }
            reason, status = "timeout", None
            try:
                with self.limiter.call():
                    self.stats["calls"] += 1
                    response = self.http.get(url, headers=headers)
            except httpx.TimeoutException:
                response = None
            except httpx.TransportError:
                response, reason = None, "connection_error"
            if response is not None:
                status, body = response.status_code, _json(response)
                if status == 429:
                    throttles += 1
                    self.stats["throttled"] += 1
                    if throttles > MAX_THROTTLES:
                        raise TransientError("throttled", status=429)
                    self.limiter.pause_until(next_access_time(body, response.headers, now=time.time()))
                    continue
                if status in (401, 403) or _says(body, EXPIRED_JWT) or _says(body, SSO_MISMATCH):
                    which = "sso" if _says(body, SSO_MISMATCH) else "gateway"
                    if which in refreshed:
                        raise CredentialError(f"{which}_refused", status=status)
                    refreshed.add(which)
                    if which == "sso":
                        self._sso_token(stale=sso)
                    else:
                        self._gateway_token(stale=gateway)
                    continue
                if status == 404 or (status == 200 and _says(body, NOT_FOUND)):
                    raise NotFound(status=status)
                if (
                    status < 500
                    and isinstance(body, dict)
                    and body.get("code") in (1, "1")
                    and "data" in body
                ):
                    return body["data"]
                reason = (
                    "server_error" if status >= 500 else "bad_response" if body is not None else "bad_json"
                )
                if status < 500 and body is not None:
                    raise SiasnError("bad_response", status=status)
            if failures >= self.retries:
                raise TransientError(reason, status=status)
            self._backoff(failures)
            failures += 1

    def data_utama(self, nip: str) -> dict:
        data = self._get(f"{API_PATH}/data-utama/{nip}")
        if not isinstance(data, dict):
            raise SiasnError("bad_response")
        return data

    def rw_jabatan(self, nip: str) -> list:
        data = self._get(f"{API_PATH}/rw-jabatan/{nip}")
        return data if isinstance(data, list) else []

    def rw_golongan(self, nip: str) -> list:
        data = self._get(f"{API_PATH}/rw-golongan/{nip}")
        return data if isinstance(data, list) else []


class MemoryTokens:
    """A token store for one process (a command line check, the tests of the simulator)."""

    def __init__(self, tokens: Tokens | None = None):
        self.tokens = tokens or Tokens()

    def load(self) -> Tokens:
        return Tokens(**vars(self.tokens))

    def save_gateway(self, token: str, expires: float) -> None:
        self.tokens.gateway, self.tokens.gateway_expires = token, expires

    def save_sso(self, token: str, expires: float) -> None:
        self.tokens.sso, self.tokens.sso_expires = token, expires


def utc(ts: float) -> datetime | None:
    return datetime.fromtimestamp(ts, tz=UTC) if ts else None
