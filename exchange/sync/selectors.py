"""Reads of sync runs, scoped by who asks: the receiving party's people, on agreements they may see."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, QuerySet

from agreements.selectors import agreements_visible_to
from exchange.sync.choices import ItemStatus, reason_label
from exchange.sync.models import SyncItem, SyncRun
from portal.models import User

RATE_WINDOW = timedelta(seconds=30)


def runs_visible_to(user: User) -> QuerySet[SyncRun]:
    if not user.is_authenticated or not user.institution_id:
        return SyncRun.objects.none()
    return SyncRun.objects.filter(
        agreement__in=agreements_visible_to(user), receiver__institution_id=user.institution_id
    ).select_related("agreement", "provider__institution", "receiver__institution", "requested_by")


def progress(run: SyncRun, *, now: datetime) -> dict:
    """What the progress bar shows: done of total, the rate of the last half minute, the time left."""
    done = run.done
    started = max(run.started_at or now, now - RATE_WINDOW)
    recent = (
        SyncItem.objects.filter(run=run, done_at__gte=started).exclude(reason="reused").count()
        if run.is_open
        else 0
    )
    window = max(1.0, (now - started).total_seconds())
    rate = recent / window if run.is_open else (done - run.reused) / max(1.0, run.elapsed(now))
    left = max(0, run.total - done)
    return {
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "open": run.is_open,
        "total": run.total,
        "done": done,
        "fetched": run.fetched,
        "not_found": run.not_found,
        "failed": run.failed,
        "reused": run.reused,
        "percent": round(100 * done / run.total, 1) if run.total else 100.0,
        "rate": round(rate, 1),
        "seconds_left": round(left / rate) if rate > 0 and left else (0 if not left else None),
        "error": reason_label(run.error) if run.error else "",
    }


def errors_by_cause(run: SyncRun) -> list[dict]:
    """Failed people grouped by reason (and those waiting for another attempt), most frequent first."""
    rows = (
        SyncItem.objects.filter(run=run, status__in=(ItemStatus.FAILED, ItemStatus.PENDING))
        .exclude(reason="")
        .values("status", "reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "reason")
    )
    return [
        {
            "reason": row["reason"],
            "label": reason_label(row["reason"]),
            "count": row["n"],
            "final": row["status"] == ItemStatus.FAILED,
        }
        for row in rows
    ]
