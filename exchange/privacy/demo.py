"""Demo data of Pasal 9: the liaison officers of both parties acknowledge the confidentiality duties on the
seed, as they would on a real installation before handling its personal data; without it their role's
right shows nothing."""

from __future__ import annotations

from datetime import date

from agreements.demo import seed_agreement
from exchange.privacy import services
from portal.models import User

LIAISONS = ("kemendes.penghubung", "bkn.penghubung")


def load(*, today: date, users: dict[str, User], stdout) -> None:
    seed = seed_agreement()
    if seed is None:
        stdout.write("Perjanjian seed belum ada; pernyataan Pasal 9 dilewati.")
        return
    for username in LIAISONS:
        services.acknowledgement_record(acting_user=users[username], agreement=seed)
    stdout.write("Pernyataan kewajiban kerahasiaan Pasal 9: " + ", ".join(LIAISONS))
