"""Demo data of the partner systems: Kemendes's SIASN access on the seed agreement points at the SIASN
SIMULATOR that `make run` starts (SIASN_SIMULATOR_URL, by default
http://127.0.0.1:8243), never at BKN.

Idempotent: the credential is written again with the simulator's demo account each time.
"""

from __future__ import annotations

import os
from datetime import date

from agreements.demo import seed_agreement
from exchange.partners import services, simulator
from exchange.partners.models import SiasnCredential
from portal.models import User


def simulator_url() -> str:
    """Where bin/run starts the simulator (SIASN_SIMULATOR_PORT) unless SIASN_SIMULATOR_URL says otherwise."""
    port = os.getenv("SIASN_SIMULATOR_PORT", "8243")
    return os.getenv("SIASN_SIMULATOR_URL", f"http://127.0.0.1:{port}").rstrip("/")


def load(*, today: date, users: dict[str, User], stdout) -> None:
    seed = seed_agreement()
    if seed is None:
        return
    kemendes = seed.parties.filter(institution=users["kemendes.staf"].institution).first()
    bkn = seed.parties.filter(institution=users["bkn.staf"].institution).first()
    if kemendes is None or bkn is None:
        return
    account = simulator.Account()
    url = simulator_url()
    created = not SiasnCredential.objects.filter(agreement=seed, party=kemendes).exists()
    services.credential_save(
        agreement=seed,
        acting_user=None,
        party=kemendes,
        provider=bkn,  # Pasal 3(1): BKN gives Kemendes ASN data (the Lampiran may be loaded after this)
        gateway_url=url,
        sso_url=url,
        consumer_key=account.consumer_key,
        consumer_secret=account.consumer_secret,
        sso_username=account.username,
        sso_password=account.password,
        max_concurrency=4,
        rate_per_second=20.0,
    )
    if created:
        stdout.write(f"Kredensial SIASN demo (SIMULATOR SIASN di {url}) untuk perjanjian contoh dibuat.")
