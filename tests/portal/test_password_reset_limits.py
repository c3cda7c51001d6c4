"""Password reset: limited per address and per e-mail, and no faster for an address nobody has."""

import statistics
import time

import pytest
from django.urls import reverse

from portal.models import OutboxMail
from portal.security.models import ThrottleHit

URL = "/akun/lupa-sandi/"


def ask(client, email, *, address="198.51.100.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def outbox(settings):
    # The portal's own backend (pytest-django swaps in locmem): a known address costs a real outbox row.
    settings.EMAIL_BACKEND = "portal.mail_backend.OutboxBackend"
    settings.PASSWORD_RESET_MIN_SECONDS = 0.05


def mails_to(email: str) -> int:
    return sum(email in mail.to for mail in OutboxMail.objects.all())


def test_the_route_is_the_limited_view():
    assert reverse("password_reset") == URL


def test_one_e_mail_gets_three_links_an_hour(client, kemendes_staf):
    for n in range(3):
        response = ask(client, kemendes_staf.email, address=f"198.51.100.{n + 1}")
        assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    response = ask(client, kemendes_staf.email.upper(), address="198.51.100.50")
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert mails_to(kemendes_staf.email) == 3


def test_one_address_gets_ten_requests_an_hour(client, cast):
    for n in range(10):
        assert ask(client, f"tidak-ada-{n}@example.go.id", address="203.0.113.5").status_code == 302
    assert ask(client, cast["bkn.staf"].email, address="203.0.113.5").status_code == 429
    assert mails_to(cast["bkn.staf"].email) == 0
    # Another address is not held up.
    assert ask(client, cast["bkn.staf"].email, address="198.51.100.9").status_code == 302


def test_the_counters_keep_no_address_in_the_clear(client, kemendes_staf):
    ask(client, kemendes_staf.email, address="198.51.100.7")
    keys = list(ThrottleHit.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert not any(kemendes_staf.email in key or "198.51.100.7" in key for key in keys)


def test_a_bad_address_is_refused_with_a_message_and_counts_nothing(client, db):
    response = ask(client, "bukan alamat")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not ThrottleHit.objects.exists()


def test_known_and_unknown_addresses_answer_alike_and_after_the_same_time(client, settings, cast):
    settings.PASSWORD_RESET_MIN_SECONDS = 0.4
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 100
    known, unknown = [], []
    users = [cast[name] for name in ("kemendes.staf", "bkn.staf", "lain.staf")]
    for n, user in enumerate(users):
        for email, times in ((user.email, known), (f"tidak-terdaftar-{n}@example.go.id", unknown)):
            started = time.perf_counter()
            response = ask(client, email)
            times.append(time.perf_counter() - started)
            assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert OutboxMail.objects.count() == 3
    assert min(known + unknown) >= 0.4
    assert abs(statistics.median(known) - statistics.median(unknown)) < 0.05, (known, unknown)
