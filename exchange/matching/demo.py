"""Demo data of pemadanan: when the demo holds a roster version (Kemendes -> BKN) and a SIASN version
(BKN -> Kemendes) of the seed agreement, one match of the latest two, so the demo shows results.

Called by `manage.py load_demo` after the data and sync demos; idempotent (a run of the same two versions
is never requested twice). Goes through the services, worked at once rather than by a worker.
"""

from __future__ import annotations

from datetime import date

from agreements.demo import seed_agreement
from exchange.data.choices import VersionStatus
from exchange.data.models import DataSetVersion
from exchange.matching import services
from exchange.matching.models import MatchRun
from portal.models import User


def _latest(agreement, provider_order: int, receiver_order: int) -> DataSetVersion | None:
    return (
        DataSetVersion.objects.filter(
            dataset__agreement=agreement,
            dataset__provider__order=provider_order,
            dataset__receiver__order=receiver_order,
            status=VersionStatus.READY,
        )
        .order_by("-number")
        .first()
    )


def load(*, today: date, users: dict[str, User], stdout) -> None:
    agreement = seed_agreement()
    if agreement is None:
        stdout.write("Perjanjian seed belum ada; pemadanan contoh dilewati.")
        return
    roster, siasn = _latest(agreement, 1, 2), _latest(agreement, 2, 1)
    if roster is None or siasn is None:
        stdout.write(
            "Belum ada versi roster dan versi SIASN pada perjanjian seed; pemadanan contoh dilewati."
        )
        return
    if MatchRun.objects.filter(agreement=agreement, left_version=roster, right_version=siasn).exists():
        stdout.write("Pemadanan contoh sudah ada.")
        return
    run = services.match_run_request(
        acting_user=users["kemendes.staf"], agreement=agreement, left_version=roster, right_version=siasn
    )
    services.match_run_execute(run_id=run.pk)
    run.refresh_from_db()
    padan, tidak = run.count("padan"), run.count("tidak_padan")
    stdout.write(f"Pemadanan contoh {run.reference}: {padan} padan, {tidak} tidak padan.")
