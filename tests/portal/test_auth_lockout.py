"""Login lockout per account *and* address, the real address behind the portal's proxy, and a limit per
address across accounts (password spraying)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal.security.client_ip import client_ip

PASSWORD = "kata-sandi-uji-123"
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.5"
OFFICE = "198.51.100.7"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AUTH_ADDRESS_FAILURE_LIMIT = 6


def attempt(client, username, password, *, address, forged=""):
    """A login POST as it reaches gunicorn through one proxy, which appends the address it saw."""
    forwarded = f"{forged}, {address}" if forged else address
    client.cookies.clear()
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("portal:dashboard")


def test_an_account_locks_for_the_address_that_failed(client, kemendes_staf):
    for _ in range(4):
        assert attempt(client, "kemendes.staf", "salah", address=ATTACKER).status_code == 200
    assert attempt(client, "kemendes.staf", "salah", address=ATTACKER).status_code == 429  # the fifth
    response = attempt(client, "kemendes.staf", PASSWORD, address=ATTACKER)
    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.content.decode()


def test_an_attacker_cannot_lock_the_owner_out_from_another_address(client, kemendes_staf):
    for _ in range(8):
        attempt(client, "kemendes.staf", "salah", address=ATTACKER)
    assert attempt(client, "kemendes.staf", PASSWORD, address=ATTACKER).status_code == 429
    assert signed_in(attempt(client, "kemendes.staf", PASSWORD, address=OFFICE))


def test_a_forged_forwarded_header_does_not_change_the_address_behind_the_proxy(client, kemendes_staf):
    for n in range(5):
        attempt(client, "kemendes.staf", "salah", address=ATTACKER, forged=f"192.0.2.{n}")
    response = attempt(client, "kemendes.staf", PASSWORD, address=ATTACKER, forged="192.0.2.99")
    assert response.status_code == 429


def test_one_address_cannot_spray_a_password_across_accounts(client, cast):
    usernames = sorted(cast)
    assert len(usernames) >= 7
    for username in usernames[:6]:
        # One try per account: far below each account's own lockout.
        assert attempt(client, username, "Musim-Hujan-2026", address=ATTACKER).status_code == 200
    response = attempt(client, usernames[6], PASSWORD, address=ATTACKER)
    assert response.status_code == 429
    assert "dari alamat jaringan Anda" in response.content.decode()
    # Everyone else still signs in.
    assert signed_in(attempt(client, usernames[6], PASSWORD, address=OFFICE))


def test_the_spraying_limit_counts_failures_only(client, cast):
    for username in sorted(cast)[:7]:
        assert signed_in(attempt(client, username, PASSWORD, address=OFFICE))
    assert signed_in(attempt(client, "kemendes.staf", PASSWORD, address=OFFICE))


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip(request) == ATTACKER


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}, 10.0.0.1"
    )
    assert client_ip(request) == ATTACKER


def test_a_malformed_forwarded_entry_falls_back_to_the_socket(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(request) == PROXY


def test_the_spraying_limit_holds_on_the_admin_site_login_too(client, cast, admin_user):
    for username in sorted(cast)[:6]:
        attempt(client, username, "Musim-Hujan-2026", address=ATTACKER)
    client.cookies.clear()
    response = client.post(
        "/sistem/login/",
        {"username": "admin", "password": PASSWORD, "next": "/sistem/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    assert response.status_code == 200  # the form again, not signed in
    assert "_auth_user_id" not in client.session
    client.cookies.clear()
    response = client.post(
        "/sistem/login/",
        {"username": "admin", "password": PASSWORD, "next": "/sistem/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    assert response.status_code == 302  # from another address the same form signs in
