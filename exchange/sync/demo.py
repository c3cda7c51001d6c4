"""Demo data of sync runs: the seed agreement syncs daily from 02:00 with Kemendes's SIASN access, which the
partners demo points at the SIASN SIMULATOR. The first sweep after `make run` starts finds the schedule due
and runs it, so the demo has a SIASN version of its roster's people within minutes. Idempotent.
"""

from __future__ import annotations

from datetime import date

from agreements.demo import seed_agreement
from exchange.partners.models import SiasnCredential
from exchange.sync.models import SyncSchedule
from portal.models import User


def load(*, today: date, users: dict[str, User], stdout) -> None:
    seed = seed_agreement()
    credential = SiasnCredential.objects.filter(agreement=seed).first() if seed else None
    if credential is None:
        return
    _schedule, created = SyncSchedule.objects.get_or_create(
        agreement=seed,
        provider=credential.provider,
        receiver=credential.party,
        defaults={"enabled": True, "every_days": 1, "hour": 2},
    )
    if created:
        stdout.write("Jadwal sinkronisasi SIASN harian (SIMULATOR SIASN) untuk perjanjian seed dibuat.")
