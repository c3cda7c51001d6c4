"""Letter numbers drawn at the same moment by many requests stay unique and gapless (PostgreSQL, threads)."""

import threading
from datetime import date

import pytest
from django.db import close_old_connections, connection

from agreements import services
from agreements.models import Letter
from tests.conftest import require

THREADS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_letters_get_consecutive_unique_numbers(make_agreement, kemendes_staf):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://...)")
    agreement = make_agreement(contacts=False)
    first, second = agreement.parties.order_by("order")
    barrier = threading.Barrier(THREADS)
    errors = []

    def draw():
        try:
            barrier.wait(timeout=10)
            services.letter_issue(
                agreement=agreement,
                acting_user=kemendes_staf,
                from_party=first,
                to_party=second,
                dated_on=date(2025, 3, 3),
                subject="Surat serentak",
                body="Isi",
                send_email=False,
            )
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=draw) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    numbers = sorted(Letter.objects.values_list("seq", flat=True))
    assert numbers == list(range(1, THREADS + 1))
    assert Letter.objects.filter(number="8/HKM.07.01/III/2025").exists()
