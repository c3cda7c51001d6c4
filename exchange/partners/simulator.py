"""SIASN SIMULATOR: a stand-in for BKN's SIASN web service, for the demo and the tests. Not SIASN.

It speaks the interface as public clients describe it (token endpoints of the gateway and the SSO, per-NIP
reads under `/apisiasn/1.0/pns/`, the `{"code": 1, "data": ...}` envelopes, WSO2's 429) and serves
synthetic people: those of the demo roster, mostly the same, with planted differences (old spellings,
another birth date or rank, a missing person), and SIASN's data quirks (dd-mm-yyyy dates, 01-01-0001,
"", null and "undefined", M/F, ids in three spellings).

Faults are switched by command-line flags or at run time through the control endpoint
`/_simulator/faults` (GET to read, POST JSON to change): latency, a 5xx rate, a timeout rate, 429 bursts
with nextAccessTime, token lifetimes and a forced expiry, garbage JSON. `/_simulator/stats` counts what was
served, per NIP, so a test can check from the partner's side that nobody was fetched twice.

Threaded http.server, no Django models: it runs as its own process (`manage.py siasn_simulator`).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import secrets
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BANNER = "SIASN SIMULATOR (bukan SIASN BKN)"
API_PREFIX = "/apisiasn/1.0/pns/"
SSO_PATH = "/auth/realms/public-siasn/protocol/openid-connect/token"
NOT_FOUND = {"code": 0, "data": "Data tidak ditemukan"}


@dataclass
class Faults:
    """What goes wrong, and how often. Rates are probabilities per data call."""

    latency_ms: float = 0.0
    error_rate: float = 0.0
    timeout_rate: float = 0.0
    timeout_seconds: float = 30.0
    garbage_rate: float = 0.0
    throttle_rate: float = 0.0  # chance that a call starts a 429 burst
    throttle_seconds: float = 1.0  # how long a burst lasts (nextAccessTime = its end)
    gateway_ttl: float = 3600.0
    sso_ttl: float = 12 * 3600.0
    seed: int = 13

    def update(self, values: dict) -> None:
        for name, value in values.items():
            if name in self.__dataclass_fields__:
                setattr(self, name, type(getattr(self, name))(value))


@dataclass
class Account:
    consumer_key: str = "simulator-key"
    consumer_secret: str = "simulator-secret"
    username: str = "operator"
    password: str = "operator-sandi"


@dataclass
class State:
    """Everything the simulator remembers; one lock guards it (handlers run on many threads)."""

    faults: Faults
    account: Account
    people: dict[str, dict] = field(default_factory=dict)
    history: dict[str, dict[str, list]] = field(default_factory=dict)
    gateway_tokens: dict[str, float] = field(default_factory=dict)
    sso_tokens: dict[str, float] = field(default_factory=dict)
    throttled_until: float = 0.0
    served: Counter = field(default_factory=Counter)  # (kind, nip) of 200 answers with data
    outcomes: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    rng: random.Random = field(default_factory=random.Random)


# Synthetic data ----------------------------------------------------------------------------------------

_OLD_SPELLINGS = (("u", "oe"), ("j", "dj"), ("c", "tj"), ("y", "j"))
_ID_STYLES = ("dashed", "bare", "upper")


def _digest(nip: str, salt: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{salt}:{nip}".encode()).digest()[:8], "big")


def _siasn_date(iso: str | None, style: int) -> Any:
    if not iso:
        return ("", None, "undefined", "01-01-0001")[style % 4]
    year, month, day = iso.split("-")
    return f"{day}-{month}-{year}"


def _unor_id(nip: str, style: str) -> str:
    raw = hashlib.md5(f"unor:{nip[8:12]}".encode()).hexdigest()  # noqa: S324 - an id, not a secret
    if style == "bare":
        return raw
    dashed = f"{raw[0:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:32]}"
    return dashed.upper() if style == "upper" else dashed


def siasn_record(row: dict[str, str]) -> tuple[dict | None, dict[str, list]]:
    """SIASN's data-utama (None: not in SIASN) and riwayat lists for one roster row, with planted
    differences chosen by the NIP's hash, so every run of the simulator serves the same people."""
    nip = row["nipBaru"]
    pick = _digest(nip, "plant") % 100
    if pick < 2:
        return None, {}
    name = row.get("nama") or "Tanpa Nama"
    birth = row.get("tglLahir") or f"{nip[0:4]}-{nip[4:6]}-{nip[6:8]}"
    rank = row.get("golRuangAkhir") or "III/a"
    if pick < 6:  # an old spelling of the same name
        for new, old in _OLD_SPELLINGS:
            if new in name:
                name = name.replace(new, old, 1)
                break
    elif pick < 8:  # SIASN has another birth date
        birth = f"{int(birth[:4]) + 1}{birth[4:]}" if birth[5:] != "02-29" else birth
    elif pick < 10:  # another rank
        rank = {"III/a": "III/b", "III/b": "III/c"}.get(rank, "III/a")
    style = _digest(nip, "style") % 12
    sex = "M" if nip[14] == "1" else "F"
    jabatan = row.get("jabatanFungsionalNama") or "Penggerak Swadaya Masyarakat Ahli Pertama"
    tmt_cpns = f"{nip[8:12]}-{nip[12:14]}-01"
    tmt_jabatan = row.get("tmtJabatan") or f"{int(nip[8:12]) + 3}-01-01"
    data = {
        "id": _unor_id(nip + "p", _ID_STYLES[style % 3]).lower(),
        "nipBaru": nip,
        "nipLama": "",
        "nama": name,
        "gelarDepan": row.get("gelarDepan") or ("" if style % 2 else None),
        "gelarBelakang": row.get("gelarBelakang") or ("undefined" if style == 5 else ""),
        "tempatLahir": row.get("tempatLahir") or "Jakarta",
        "tglLahir": _siasn_date(birth, style),
        "jenisKelamin": sex if style != 7 else None,
        "statusPegawai": "PNS",
        "kedudukanPnsNama": "Aktif",
        "tmtCpns": _siasn_date(tmt_cpns, style),
        "tmtPns": _siasn_date(f"{int(nip[8:12]) + 1}-{nip[12:14]}-01", style),
        "golRuangAkhir": rank,
        "pangkatAkhir": {"III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I"}.get(rank, "Penata"),
        "tmtGolAkhir": _siasn_date(f"{int(nip[8:12]) + 2}-04-01", style) if style != 3 else "01-01-0001",
        "jabatanNama": jabatan if style != 11 else "",
        "jabatanFungsionalId": _unor_id(jabatan, _ID_STYLES[style % 3]),
        "jabatanFungsionalNama": jabatan if style != 11 else "undefined",
        "tmtJabatan": _siasn_date(tmt_jabatan, style) if style != 11 else "",
        "unorId": _unor_id(nip, _ID_STYLES[(style + 1) % 3]),
        "unorNama": row.get("unorNama") or "Direktorat Jenderal Pembangunan Desa dan Perdesaan",
        "instansiKerjaNama": row.get("instansiKerjaNama") or "Kementerian Desa, PDT dan Transmigrasi",
        "pendidikanTerakhirNama": "S1",
        "lokasiKerja": row.get("lokasiKerja") or "Jakarta",
    }
    history = {
        "rw-jabatan": [
            {
                "jabatanFungsionalNama": jabatan,
                "namaJabatan": jabatan,
                "tmtJabatan": _siasn_date(tmt_jabatan, 0),
            },
            {
                "jabatanFungsionalNama": "Pelaksana",
                "namaJabatan": "Pelaksana",
                "tmtJabatan": _siasn_date(tmt_cpns, 0),
            },
        ],
        "rw-golongan": [
            {"golongan": rank, "tmtGolongan": _siasn_date(f"{int(nip[8:12]) + 2}-04-01", 0)},
            {"golongan": "III/a", "tmtGolongan": _siasn_date(tmt_cpns, 0)},
        ],
    }
    return data, history


def synthetic_roster(count: int, *, seed: int = 2023) -> list[dict[str, str]]:
    """A roster of `count` fictional PSM when no demo roster is at hand (structurally valid NIPs)."""
    from exchange.partners import people

    return people.roster(count, seed=seed)


def load_people(state: State, rows: list[dict[str, str]]) -> None:
    for row in rows:
        data, history = siasn_record(row)
        if data is not None:
            state.people[row["nipBaru"]] = data
            state.history[row["nipBaru"]] = history


# HTTP --------------------------------------------------------------------------------------------------


def _wso2_time(ts: float) -> str:
    # Whole seconds, rounded up: the named time is never before the burst's end (truncating named a moment
    # up to a second early, and a fast client honouring it was throttled again until its retries ran out).
    return datetime.fromtimestamp(math.ceil(ts), tz=UTC).strftime("%Y-%b-%d %H:%M:%S+0000 UTC")


class Handler(BaseHTTPRequestHandler):
    server_version = "SIASN-Simulator/1.0"
    protocol_version = "HTTP/1.1"
    # Answers leave at once: with Nagle's algorithm on, a body written after its headers waits for the
    # client's delayed ACK (about 40 ms on Linux), which halves a keep-alive client's rate at 50 ms latency.
    disable_nagle_algorithm = True

    @property
    def state(self) -> State:
        return self.server.state  # type: ignore[attr-defined]

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - request lines carry NIPs: never logged
        return

    def _send(self, status: int, body: Any, *, raw: bytes | None = None, headers: dict | None = None) -> None:
        payload = raw if raw is not None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Simulator", "SIASN SIMULATOR")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        # Head and body leave in one write, so the client reads the answer in one piece, not two.
        self._headers_buffer.append(b"\r\n" + payload)
        self.flush_headers()

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        if "json" in (self.headers.get("Content-Type") or ""):
            try:
                return json.loads(raw or "{}")
            except ValueError:
                return {}
        return {k: v[0] for k, v in parse_qs(raw).items()}

    def do_POST(self) -> None:  # noqa: N802
        path = self.path.split("?")[0]
        if path == "/oauth2/token":
            return self._gateway_token()
        if path == SSO_PATH:
            return self._sso_token()
        if path == "/_simulator/faults":
            with self.state.lock:
                self.state.faults.update(self._form())
                return self._send(200, asdict(self.state.faults))
        if path == "/_simulator/expire-tokens":
            with self.state.lock:
                self.state.gateway_tokens.clear()
                self.state.sso_tokens.clear()
            return self._send(200, {"expired": True})
        if path == "/_simulator/reset-stats":
            with self.state.lock:
                self.state.served.clear()
                self.state.outcomes.clear()
            return self._send(200, {"reset": True})
        return self._send(404, {"code": 0, "data": "not found"})

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?")[0]
        if path == "/_simulator/faults":
            with self.state.lock:
                return self._send(200, asdict(self.state.faults))
        if path == "/_simulator/stats":
            with self.state.lock:
                served = {f"{kind}:{nip}": n for (kind, nip), n in self.state.served.items()}
                return self._send(200, {"served": served, "outcomes": dict(self.state.outcomes)})
        if path in ("/", "/_simulator"):
            return self._send(200, {"name": BANNER, "people": len(self.state.people)})
        if path.startswith(API_PREFIX):
            return self._read(path[len(API_PREFIX) :])
        return self._send(404, {"code": 0, "data": "not found"})

    def _gateway_token(self) -> None:
        import base64

        form, account, faults = self._form(), self.state.account, self.state.faults
        auth = self.headers.get("Authorization") or ""
        try:
            key, _, secret = base64.b64decode(auth.removeprefix("Basic ").encode()).decode().partition(":")
        except ValueError:
            key = secret = ""
        if form.get("grant_type") != "client_credentials":
            return self._send(400, {"error": "unsupported_grant_type"})
        if (key, secret) != (account.consumer_key, account.consumer_secret):
            return self._send(
                401, {"error": "invalid_client", "error_description": "Client Authentication failed."}
            )
        token = secrets.token_hex(16)
        with self.state.lock:
            self.state.gateway_tokens[token] = time.time() + faults.gateway_ttl
        self._send(
            200, {"access_token": token, "token_type": "Bearer", "expires_in": int(faults.gateway_ttl)}
        )

    def _sso_token(self) -> None:
        form, account, faults = self._form(), self.state.account, self.state.faults
        if form.get("grant_type") != "password":
            return self._send(400, {"error": "unsupported_grant_type"})
        if (form.get("username"), form.get("password")) != (account.username, account.password):
            return self._send(
                401, {"error": "invalid_grant", "error_description": "Invalid user credentials"}
            )
        token = secrets.token_hex(24)
        with self.state.lock:
            self.state.sso_tokens[token] = time.time() + faults.sso_ttl
        self._send(200, {"access_token": token, "token_type": "bearer", "expires_in": int(faults.sso_ttl)})

    def _fault(self) -> str | None:
        """Which fault this call meets, if any (decided under the lock, from the seeded generator)."""
        state, faults = self.state, self.state.faults
        now = time.time()
        with state.lock:
            if state.throttled_until > now:
                return "throttle"
            draw = state.rng.random()
            if draw < faults.throttle_rate:
                state.throttled_until = now + faults.throttle_seconds
                return "throttle"
            draw -= faults.throttle_rate
            for name, rate in (("error", faults.error_rate), ("timeout", faults.timeout_rate)):
                if draw < rate:
                    return name
                draw -= rate
            if draw < faults.garbage_rate:
                return "garbage"
        return None

    def _authorised(self) -> str | None:
        gateway = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        sso = (self.headers.get("Auth") or "")[len("bearer ") :].strip()
        now = time.time()
        with self.state.lock:
            if self.state.gateway_tokens.get(gateway, 0) <= now:
                return "gateway"
            if self.state.sso_tokens.get(sso, 0) <= now:
                return "sso"
        return None

    def _read(self, rest: str) -> None:
        kind, _, nip = rest.partition("/")
        faults = self.state.faults
        if faults.latency_ms:
            time.sleep(faults.latency_ms / 1000)
        refused = self._authorised()
        if refused == "gateway":
            self._count("expired_jwt")
            return self._send(
                401,
                {"code": "900901", "message": "Invalid Credentials", "description": "invalid or expired jwt"},
            )
        if refused == "sso":
            self._count("sso_mismatch")
            return self._send(401, {"code": 0, "message": "Token SSO mismatch"})
        fault = self._fault()
        if fault:
            self._count(fault)
        if fault == "throttle":
            until = self.state.throttled_until
            body = {"code": "900800", "message": "Message throttled out", "nextAccessTime": _wso2_time(until)}
            body["description"] = "You have exceeded your quota"
            return self._send(429, body, headers={"Retry-After": str(max(1, round(until - time.time())))})
        if fault == "error":
            return self._send(503, {"code": 0, "message": "Service Unavailable"})
        if fault == "timeout":
            time.sleep(faults.timeout_seconds)
            return self._send(504, {"code": 0, "message": "Gateway Timeout"})
        if fault == "garbage":
            return self._send(200, None, raw=b'{"code": 1, "data": {"nipBaru": "')
        if kind not in ("data-utama", "rw-jabatan", "rw-golongan"):
            return self._send(404, {"code": 0, "data": "not found"})
        person = self.state.people.get(nip)
        if person is None:
            self._count("not_found")
            return self._send(404, NOT_FOUND)
        self._count("ok")
        with self.state.lock:
            self.state.served[(kind, nip)] += 1
        data = person if kind == "data-utama" else self.state.history[nip][kind]
        self._send(200, {"code": 1, "data": data})

    def _count(self, outcome: str) -> None:
        with self.state.lock:
            self.state.outcomes[outcome] += 1


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state: State):
        super().__init__(address, Handler)
        self.state = state


def build(
    *, host: str, port: int, rows: list[dict[str, str]], faults: Faults, account: Account | None = None
):
    state = State(faults=faults, account=account or Account())
    state.rng.seed(faults.seed)
    load_people(state, rows)
    return SimulatorServer((host, port), state)
