"""The SIASN client against the simulator over real HTTP: tokens, envelopes, faults, parsing."""

from __future__ import annotations

import logging
import time

import pytest

from exchange.partners import people
from exchange.partners.client import (
    CredentialError,
    Endpoint,
    MemoryTokens,
    NotFound,
    SiasnClient,
    TransientError,
)
from exchange.partners.limits import SharedLimiter
from exchange.partners.reads import fetch_person
from exchange.partners.simulator import siasn_record
from tests.exchange.partners.simulator_process import running_simulator

ROWS = people.roster(60, seed=7)
KEEP = ["nipBaru", "nama", "tglLahir", "jenisKelamin", "golRuangAkhir", "tmtGolAkhir", "jabatanNama"]
KEEP += ["tmtJabatan", "unorId", "jabatanFungsionalId"]
FOUND = [row for row in ROWS if siasn_record(row)[0] is not None]
MISSING = [row for row in ROWS if siasn_record(row)[0] is None]


@pytest.fixture(scope="module")
def simulator():
    with running_simulator(ROWS, "--timeout-seconds", "3") as sim:
        yield sim


@pytest.fixture
def clean(simulator):
    simulator.faults(error_rate=0, timeout_rate=0, throttle_rate=0, garbage_rate=0, latency_ms=0)
    yield simulator
    simulator.faults(error_rate=0, timeout_rate=0, throttle_rate=0, garbage_rate=0, latency_ms=0)


def client_for(sim, *, password="operator-sandi", timeout=1.0, retries=4, tokens=None, **limits):
    endpoint = Endpoint(
        gateway_url=sim.url,
        sso_url=sim.url,
        consumer_key="simulator-key",
        consumer_secret="simulator-secret",
        sso_username="operator" if password else "",
        sso_password=password,
    )
    limiter = SharedLimiter(
        f"test-{time.monotonic_ns()}",
        concurrency=limits.get("concurrency", 4),
        rate=0,
        redis_url=limits.get("redis_url"),
    )
    return SiasnClient(
        endpoint,
        store=tokens or MemoryTokens(),
        limiter=limiter,
        timeout=timeout,
        retries=retries,
        backoff=0.01,
    )


@pytest.mark.django_db
def test_it_reads_a_person_into_catalogue_values(clean):
    row = FOUND[0]
    with client_for(clean) as client:
        values = fetch_person(client, row["nipBaru"], KEEP)
    assert values["nipBaru"] == row["nipBaru"]
    assert values["tglLahir"][4] == "-" and len(values["tglLahir"]) == 10
    assert values["jenisKelamin"] == ("L" if row["nipBaru"][14] == "1" else "P")
    assert set(values) <= set(KEEP)


@pytest.mark.django_db
def test_it_parses_every_quirk_of_every_person(clean):
    with client_for(clean) as client:
        for row in FOUND:
            values = fetch_person(client, row["nipBaru"], KEEP)
            for code in ("tglLahir", "tmtGolAkhir", "tmtJabatan"):
                if code in values:
                    assert values[code][:4].isdigit() and values[code][4] == "-", (code, values[code])
            assert "undefined" not in values.values()
            assert values.get("unorId", "").lower() == values.get("unorId", "")
            assert "-" in values["unorId"]
            assert values["jabatanNama"]  # from rw-jabatan when data-utama leaves it empty
            assert values["jenisKelamin"] in ("L", "P")


@pytest.mark.django_db
def test_a_person_missing_in_siasn_is_not_found(clean):
    with client_for(clean) as client, pytest.raises(NotFound):
        client.data_utama(MISSING[0]["nipBaru"] if MISSING else "199001012015031999")


@pytest.mark.django_db
def test_it_refreshes_expired_tokens_and_retries_once(clean):
    with client_for(clean) as client:
        client.data_utama(FOUND[0]["nipBaru"])
        refreshed = client.stats["refreshed"]
        clean.expire_tokens()
        client.data_utama(FOUND[1]["nipBaru"])
        assert client.stats["refreshed"] == refreshed + 2  # the gateway's token, then the SSO's


@pytest.mark.django_db
def test_a_pasted_sso_token_that_lapsed_stops_with_a_credential_error(clean):
    with client_for(clean) as client:
        client.data_utama(FOUND[0]["nipBaru"])
        tokens = MemoryTokens(client.store.load())
    clean.expire_tokens()
    with client_for(clean, password="", tokens=tokens) as client, pytest.raises(CredentialError) as caught:
        client.data_utama(FOUND[0]["nipBaru"])
    assert caught.value.reason in ("sso_expired", "sso_refused")


@pytest.mark.django_db
def test_a_wrong_consumer_secret_is_refused(clean):
    endpoint = Endpoint(clean.url, clean.url, "simulator-key", "salah", "operator", "operator-sandi")
    limiter = SharedLimiter("test-wrong", concurrency=1, rate=0)
    client = SiasnClient(endpoint, store=MemoryTokens(), limiter=limiter)
    with client, pytest.raises(CredentialError) as caught:
        client.data_utama(FOUND[0]["nipBaru"])
    assert caught.value.reason == "token_refused"


@pytest.mark.django_db
def test_it_retries_server_errors_and_garbage_then_succeeds(clean):
    clean.faults(error_rate=0.3, garbage_rate=0.2)
    with client_for(clean, retries=8) as client:
        for row in FOUND[:20]:
            assert client.data_utama(row["nipBaru"])["nipBaru"] == row["nipBaru"]
        assert client.stats["retries"] > 0


@pytest.mark.django_db
def test_it_gives_up_after_its_retries_with_a_reason(clean):
    clean.faults(error_rate=1.0)
    with client_for(clean, retries=2) as client, pytest.raises(TransientError) as caught:
        client.data_utama(FOUND[0]["nipBaru"])
    assert caught.value.reason == "server_error"
    assert "1999" not in str(caught.value) and FOUND[0]["nipBaru"] not in str(caught.value)


@pytest.mark.django_db
def test_a_timeout_is_retried(clean):
    clean.faults(timeout_rate=0.5, timeout_seconds=3)
    with client_for(clean, timeout=0.5, retries=10) as client:
        for row in FOUND[:4]:
            assert client.data_utama(row["nipBaru"])


@pytest.mark.django_db
def test_a_429_burst_pauses_until_next_access_time(clean):
    clean.faults(throttle_rate=1.0, throttle_seconds=1.0)
    with client_for(clean) as client:
        started = time.monotonic()
        clean_after = time.monotonic()
        clean.faults(throttle_rate=0)  # the burst already begun lasts its second
        client.data_utama(FOUND[0]["nipBaru"])
        elapsed = time.monotonic() - started
    assert clean_after - started < 0.5
    assert elapsed < 5


@pytest.mark.django_db
def test_throttle_is_honoured(clean):
    clean.faults(throttle_rate=0.2, throttle_seconds=0.5)
    with client_for(clean) as client:
        for row in FOUND[:15]:
            assert client.data_utama(row["nipBaru"])
        assert client.stats["throttled"] > 0


@pytest.mark.django_db
def test_no_nip_reaches_the_log(clean, caplog):
    caplog.set_level(logging.DEBUG)
    clean.faults(error_rate=0.5)
    with client_for(clean, retries=6) as client:
        for row in FOUND[:5]:
            client.data_utama(row["nipBaru"])
    text = caplog.text
    assert not any(row["nipBaru"] in text for row in FOUND[:5])
