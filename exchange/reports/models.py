"""The semester report of the use and exchange of data (Pasal 3(2) angka 2): one run per report due.

A run is a unit of background work: a row with a status, a progress figure and a lease; the worker claims
it by a compare-and-set on the status and writes the period's figures, computed from the portal's own
records, into the row. The party then completes the draft (kendala, rencana tindak lanjut) and issues it:
a number from its letter sequence, a PDF filed with the agreement as the due's evidence, and an XLSX.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.reports.choices import RunStatus, Trigger
from portal.lib.leased_runs import LeasedRunRow

RUN_PREFIX = "LP"


class ReportRun(LeasedRunRow, models.Model):
    """The report of one period of an agreement's report obligation (laporan berkala), as a draft the
    reporting party completes and then issues. Its figures are kept as computed, so the page, the PDF and
    the XLSX show the same numbers; regenerating a draft computes them again."""

    run_prefix = RUN_PREFIX

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("perjanjian"), on_delete=models.PROTECT, related_name="+"
    )
    due = models.OneToOneField(
        "agreements.ObligationDue",
        verbose_name=_("jatuh tempo laporan"),
        on_delete=models.PROTECT,
        related_name="report_run",
    )
    party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pelapor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    trigger = models.CharField(_("pemicu"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    figures = models.JSONField(_("angka laporan"), default=dict, blank=True)
    message = models.TextField(_("keterangan"), blank=True)
    kendala = models.TextField(_("kendala"), blank=True)
    rencana = models.TextField(_("rencana tindak lanjut"), blank=True)
    number = models.CharField(_("nomor"), max_length=120, blank=True)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterbitkan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("PDF laporan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    workbook = models.BinaryField(_("XLSX laporan"), blank=True, editable=False, default=bytes)
    created_at = models.DateTimeField(_("diminta"), default=timezone.now)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai disusun"), null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("laporan berkala")
        verbose_name_plural = _("laporan berkala")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="report_period_ordered"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="issued") | ~models.Q(number=""), name="report_issued_has_number"
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.reference

    def get_absolute_url(self) -> str:
        return reverse("reports:run_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == RunStatus.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status == RunStatus.ISSUED

    @property
    def is_complete(self) -> bool:
        """A draft may be issued once both free-text parts are written."""
        return bool(self.kendala.strip() and self.rencana.strip())
