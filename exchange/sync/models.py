"""Sync runs: a partner system's data for the people of a roster, fetched per NIP into a data set version.

A run is the unit of work and the truth about it: workers claim batches of its items with
`select_for_update(skip_locked=True)` and a lease, write each outcome once (compare-and-set on the claim),
and the run is finished into a new version of the receiving party's data set when no item is left open.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from exchange.sync.choices import OPEN_STATUSES, ItemStatus, RunStatus, RunTrigger


class SyncRun(models.Model):
    """One sync of an agreement's direction (provider's system -> receiver's data set)."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="sync_runs")
    provider = models.ForeignKey("agreements.AgreementParty", on_delete=models.CASCADE, related_name="+")
    receiver = models.ForeignKey("agreements.AgreementParty", on_delete=models.CASCADE, related_name="+")
    credential = models.ForeignKey(
        "exchange_partners.SiasnCredential", on_delete=models.SET_NULL, null=True, related_name="runs"
    )
    roster_version = models.ForeignKey(
        "exchange_data.DataSetVersion", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    result_version = models.ForeignKey(
        "exchange_data.DataSetVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trigger = models.CharField(max_length=10, choices=RunTrigger.choices, default=RunTrigger.MANUAL)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    fetched = models.PositiveIntegerField(default=0)
    not_found = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    reused = models.PositiveIntegerField(default=0)
    cursor = models.PositiveIntegerField(
        default=0, help_text="Items before this position are all closed (a restart begins here)."
    )
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    lease_owner = models.CharField(max_length=60, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=40, blank=True)
    diff = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sinkronisasi")
        verbose_name_plural = _("sinkronisasi")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="sync_run_due")]

    def __str__(self) -> str:
        return f"Sinkronisasi #{self.pk}"

    @property
    def done(self) -> int:
        return self.fetched + self.not_found + self.failed

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def reference(self) -> str:
        """How the result version names its source: the run, never a person."""
        return f"sync-run-{self.pk}"

    def elapsed(self, now: datetime) -> float:
        if not self.started_at:
            return 0.0
        return max(0.0, ((self.finished_at or now) - self.started_at).total_seconds())


class SyncItem(models.Model):
    """One person (NIP) of a run and what became of them: fetched (with the values), not found, failed."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    nip = models.CharField(max_length=18)
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    reason = models.CharField(max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=60, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    values = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "nip"], name="sync_item_once_per_run"),
            models.UniqueConstraint(fields=["run", "position"], name="sync_item_position_unique"),
        ]
        indexes = [
            models.Index(fields=["run", "status", "position"], name="sync_item_open"),
            models.Index(fields=["run", "done_at"], name="sync_item_done"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.position}"


class SyncSchedule(models.Model):
    """A run on a schedule for one agreement direction: every `every_days` days from `hour` o'clock."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey("agreements.AgreementParty", on_delete=models.CASCADE, related_name="+")
    receiver = models.ForeignKey("agreements.AgreementParty", on_delete=models.CASCADE, related_name="+")
    enabled = models.BooleanField(_("aktif"), default=True)
    every_days = models.PositiveSmallIntegerField(_("setiap (hari)"), default=1)
    hour = models.PositiveSmallIntegerField(_("mulai pukul"), default=2)
    last_run_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("jadwal sinkronisasi")
        verbose_name_plural = _("jadwal sinkronisasi")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "provider", "receiver"], name="sync_schedule_once")
        ]

    def __str__(self) -> str:
        return f"Jadwal sinkronisasi {self.agreement_id}"

    def is_due(self, now_local: datetime) -> bool:
        if not self.enabled or now_local.hour < self.hour:
            return False
        return self.last_run_on is None or (now_local.date() - self.last_run_on).days >= self.every_days
