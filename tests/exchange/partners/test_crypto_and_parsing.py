"""Secrets at rest and SIASN's quirks read into catalogue values: pure functions."""

from __future__ import annotations

from exchange.partners import crypto, parsing
from exchange.partners.client import next_access_time

NIP = "199001012015031901"


def test_a_secret_is_sealed_and_opens_again(settings):
    sealed = crypto.encrypt("rahasia-konsumen")
    assert "rahasia" not in sealed
    assert crypto.decrypt(sealed) == "rahasia-konsumen"


def test_a_secret_sealed_under_another_key_reads_as_nothing(settings):
    sealed = crypto.encrypt("rahasia-konsumen")
    settings.SECRET_KEY = "another-key-" + "x" * 50
    assert crypto.decrypt(sealed) == ""


def test_siasn_dates_and_their_nothings():
    assert parsing.siasn_date("09-10-2023") == "2023-10-09"
    assert parsing.siasn_date("2023-10-09") == "2023-10-09"
    assert parsing.siasn_date("09/10/2023") == "2023-10-09"
    for nothing in ("01-01-0001", "", None, "undefined", "null", "31-02-2020", "kemarin"):
        assert parsing.siasn_date(nothing) is None


def test_ids_in_three_spellings_become_one():
    dashed = "8ae48289-3c2a-4b1e-9f00-0123456789ab"
    assert parsing.siasn_id(dashed.upper()) == dashed
    assert parsing.siasn_id(dashed.replace("-", "")) == dashed
    assert parsing.siasn_id("000123") == "123"


def test_sex_from_siasn_or_from_the_nip():
    assert parsing.sex("M", NIP) == "L" and parsing.sex("F", NIP) == "P"
    assert parsing.sex("2", NIP) == "P"
    assert parsing.sex(None, NIP) == "L"
    assert parsing.sex("undefined", "199001012015032901") == "P"


def test_only_the_kept_fields_come_out_without_missing_values():
    payload = {
        "nipBaru": NIP,
        "nama": "Budi Santoso",
        "tglLahir": "01-01-1990",
        "agama": "Islam",
        "gelarBelakang": "undefined",
        "tmtGolAkhir": "01-01-0001",
        "golRuangAkhir": "3A",
    }
    values = parsing.data_utama(payload, nip=NIP, keep=["nama", "tglLahir", "gelarBelakang", "tmtGolAkhir"])
    assert values == {"nipBaru": NIP, "nama": "Budi Santoso", "tglLahir": "1990-01-01"}


def test_wso2_next_access_time_and_retry_after():
    import httpx

    body = {"code": "900800", "nextAccessTime": "2026-Dec-01 10:00:05+0000 UTC"}
    assert next_access_time(body, httpx.Headers(), now=0) == 1796119205.0
    assert next_access_time({"nextAccessTime": 1796119205000}, httpx.Headers(), now=0) == 1796119205.0
    assert next_access_time({}, httpx.Headers({"Retry-After": "7"}), now=100.0) == 107.0
