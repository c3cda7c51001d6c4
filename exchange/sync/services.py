"""Writes of sync runs: request one (on demand, on a schedule, or to retry what failed), and the sweeper.

A run's items are written with the run, in the request's transaction; the worker is only rung after commit.
A person already fetched (or found missing) today by an earlier run of the same direction is carried over,
not fetched again: a rerun the same day fetches only what is due.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementParty
from exchange.data.models import DataSet, DataSetVersion, Record
from exchange.partners import selectors as partner_selectors
from exchange.partners.models import SiasnCredential
from exchange.sync.choices import ItemStatus, RunStatus, RunTrigger
from exchange.sync.models import SyncItem, SyncRun, SyncSchedule
from portal.models import User

RINGABLE = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.FINISHING)


def _ring(run_id: int) -> None:
    from exchange.sync import tasks
    from portal.lib.queue import ring_after_commit

    ring_after_commit(tasks.sync_run_work, run_id)


def roster_version(*, agreement: Agreement, receiver: AgreementParty, provider: AgreementParty):
    """The people to fetch: the latest ready version of what the receiver gives the provider (its roster)."""
    return (
        DataSetVersion.objects.filter(
            dataset__in=DataSet.objects.filter(agreement=agreement, provider=receiver, receiver=provider),
            status="ready",
        )
        .order_by("-number")
        .first()
    )


def _day_bounds(today: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    return start, start + timedelta(days=1)


def _carried_over(run: SyncRun, today: date) -> dict[str, tuple[str, dict]]:
    """NIP -> (status, values) of people closed today by earlier runs of the same direction."""
    start, end = _day_bounds(today)
    rows = (
        SyncItem.objects.filter(
            run__agreement_id=run.agreement_id,
            run__provider_id=run.provider_id,
            run__receiver_id=run.receiver_id,
            status__in=(ItemStatus.FETCHED, ItemStatus.NOT_FOUND),
            done_at__gte=start,
            done_at__lt=end,
        )
        .exclude(run=run)
        .order_by("done_at")
        .values_list("nip", "status", "values")
    )
    return {nip: (status, values) for nip, status, values in rows}


@transaction.atomic
def run_request(
    *,
    agreement: Agreement,
    acting_user: User | None,
    trigger: str = RunTrigger.MANUAL,
    receiver: AgreementParty | None = None,
    today: date | None = None,
) -> SyncRun:
    """Queue a sync run of the SIASN data of the receiver's roster. `acting_user=None`: the schedule."""
    today = today or timezone.localdate()
    if acting_user is not None:
        if not partner_selectors.can_manage(acting_user, agreement):
            raise PermissionDenied(_("Anda tidak berhak menjalankan sinkronisasi perjanjian ini."))
        receiver = partner_selectors.receiving_party(acting_user, agreement)
    if refusal := agreement.not_in_force_reason(today, _("sinkronisasi")):
        raise ValidationError(refusal, code="not_in_force")
    credential = SiasnCredential.objects.filter(agreement=agreement, party=receiver).first()
    if credential is None:
        raise ValidationError(_("Kredensial SIASN belum diisi untuk perjanjian ini."), code="no_credentials")
    provider = credential.provider
    open_run = SyncRun.objects.filter(
        agreement=agreement, provider=provider, receiver=receiver, status__in=RINGABLE
    ).exists()
    if open_run:
        raise ValidationError(
            _("Masih ada sinkronisasi yang berjalan untuk perjanjian ini."), code="open_run"
        )
    roster = roster_version(agreement=agreement, receiver=receiver, provider=provider)
    if roster is None:
        raise ValidationError(
            _("Belum ada versi data siap dari pihak Anda untuk dijadikan daftar NIP."), code="no_roster"
        )
    run = SyncRun.objects.create(
        agreement=agreement,
        provider=provider,
        receiver=receiver,
        credential=credential,
        roster_version=roster,
        trigger=trigger,
        requested_by=acting_user,
    )
    _fill(run, roster, today)
    _ring(run.pk)
    return run


def _fill(run: SyncRun, roster: DataSetVersion, today: date) -> None:
    now = timezone.now()
    carried = _carried_over(run, today)
    nips = Record.objects.filter(version=roster).order_by("nip").values_list("nip", flat=True)
    items, counts = [], {ItemStatus.FETCHED: 0, ItemStatus.NOT_FOUND: 0}
    for position, nip in enumerate(nips.iterator(chunk_size=2000)):
        item = SyncItem(run=run, position=position, nip=nip)
        if nip in carried:
            item.status, item.values = carried[nip]
            item.reason, item.done_at = "reused", now
            counts[item.status] += 1
        items.append(item)
    SyncItem.objects.bulk_create(items, batch_size=1000)
    SyncRun.objects.filter(pk=run.pk).update(
        total=len(items),
        fetched=counts[ItemStatus.FETCHED],
        not_found=counts[ItemStatus.NOT_FOUND],
        reused=sum(counts.values()),
    )
    run.refresh_from_db()


def run_retry_failed(*, run: SyncRun, acting_user: User) -> SyncRun:
    """A new run of the same direction: what was closed today is carried over, the failed are fetched."""
    if run.is_open:
        raise ValidationError(_("Sinkronisasi ini belum selesai."), code="open_run")
    if not run.failed:
        raise ValidationError(_("Tidak ada NIP yang gagal pada sinkronisasi ini."), code="nothing_failed")
    return run_request(agreement=run.agreement, acting_user=acting_user, trigger=RunTrigger.RETRY)


@transaction.atomic
def schedule_save(*, agreement: Agreement, acting_user: User, enabled: bool, every_days: int, hour: int):
    if not partner_selectors.can_manage(acting_user, agreement):
        raise PermissionDenied(_("Anda tidak berhak mengatur jadwal sinkronisasi perjanjian ini."))
    errors = {}
    if not 1 <= int(every_days) <= 90:
        errors["every_days"] = _("Selang harus antara 1 dan 90 hari.")
    if not 0 <= int(hour) <= 23:
        errors["hour"] = _("Jam harus antara 0 dan 23.")
    if errors:
        raise ValidationError(errors)
    receiver = partner_selectors.receiving_party(acting_user, agreement)
    credential = SiasnCredential.objects.filter(agreement=agreement, party=receiver).first()
    if credential is None:
        raise ValidationError(_("Kredensial SIASN belum diisi untuk perjanjian ini."))
    schedule, _created = SyncSchedule.objects.update_or_create(
        agreement=agreement,
        provider=credential.provider,
        receiver=receiver,
        defaults={"enabled": enabled, "every_days": int(every_days), "hour": int(hour)},
    )
    return schedule


def _scheduled(now: datetime) -> int:
    local = timezone.localtime(now)
    started = 0
    for schedule in SyncSchedule.objects.filter(enabled=True).select_related("agreement"):
        if not schedule.is_due(local):
            continue
        # Compare-and-set on the day: two sweepers at once start one run.
        took = SyncSchedule.objects.filter(pk=schedule.pk, last_run_on=schedule.last_run_on).update(
            last_run_on=local.date()
        )
        if not took:
            continue
        try:
            run_request(
                agreement=schedule.agreement,
                acting_user=None,
                trigger=RunTrigger.SCHEDULE,
                receiver=schedule.receiver,
                today=local.date(),
            )
        except ValidationError:
            # No roster yet, no credentials, or a run still open: the next sweep tries again.
            SyncSchedule.objects.filter(pk=schedule.pk).update(last_run_on=schedule.last_run_on)
            continue
        started += 1
    return started


def sync_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Ring the runs that are due, unblock runs whose credentials changed, start scheduled runs."""
    now = now or timezone.now()
    unblocked = 0
    for run in SyncRun.objects.filter(status=RunStatus.BLOCKED).select_related("credential"):
        if run.credential and run.lease_until and run.credential.updated_at > run.lease_until:
            unblocked += SyncRun.objects.filter(pk=run.pk, status=RunStatus.BLOCKED).update(
                status=RunStatus.RUNNING, error="", next_attempt_at=now
            )
    due = list(
        SyncRun.objects.filter(status__in=RINGABLE)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("pk", flat=True)
    )
    for run_id in due:
        _ring(run_id)
    return {"rung": len(due), "unblocked": unblocked, "scheduled": _scheduled(now)}
