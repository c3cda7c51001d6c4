"""Match runs (pemadanan data), their results per person, and the berita acara hasil pemadanan data.

A run is a unit of background work: a row with a status, a progress figure and a lease; the worker claims
it by a compare-and-set on the status. Results are written in bulk once per run and never edited, except
for the link to the correction proposal raised from a result.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.matching.choices import Outcome, Rule, RunStatus
from portal.lib.leased_runs import LeasedRunRow

RUN_PREFIX = "PM"


class MatchRun(LeasedRunRow, models.Model):
    """One pemadanan (data matching, Pasal 3(2) angka 2): a left data set version compared with a right
    one under an agreement. The right version is the record of reference: its provider is the party that
    keeps the data, to whom correction proposals go.
    """

    run_prefix = RUN_PREFIX

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("perjanjian"),
        on_delete=models.PROTECT,
        related_name="match_runs",
    )
    left_version = models.ForeignKey(
        "exchange_data.DataSetVersion",
        verbose_name=_("data pertama"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    right_version = models.ForeignKey(
        "exchange_data.DataSetVersion",
        verbose_name=_("data pembanding"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diminta oleh"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    counts = models.JSONField(_("rekapitulasi"), default=dict, blank=True)
    message = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(_("diminta"), default=timezone.now)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pemadanan data")
        verbose_name_plural = _("pemadanan data")
        constraints = [
            models.CheckConstraint(
                condition=~Q(left_version=models.F("right_version")), name="match_two_versions"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("matching:run_detail", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == RunStatus.DONE

    def count(self, outcome: str) -> int:
        return int((self.counts.get("outcome") or {}).get(outcome, 0))


class MatchResult(models.Model):
    """The outcome of one person in one run: padan, tidak padan with the differing fields (each with the
    left and the right value), on one side only, a duplicate, or a NIP that is not sound; `rule` says which
    rule decided it. NIP and name are personal data: shown masked without the grant, every read logged.
    """

    # No index of its own: (run, outcome) leads with the run, and one index less is a tenth off a
    # million-row write.
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="results", db_index=False)
    nip = models.CharField(_("NIP"), max_length=40)
    nip_other = models.CharField(_("NIP di data pembanding"), max_length=40, blank=True)
    name = models.CharField(_("nama"), max_length=300, blank=True)
    outcome = models.CharField(_("hasil"), max_length=16, choices=Outcome.choices)
    rule = models.CharField(_("aturan"), max_length=24, choices=Rule.choices)
    differences = models.JSONField(_("perbedaan"), default=list, blank=True)
    checks = models.JSONField(_("pemeriksaan NIP"), default=list, blank=True)
    fields = models.CharField(_("elemen yang berbeda"), max_length=1000, blank=True)
    unit = models.CharField(_("unit kerja"), max_length=300, blank=True)
    proposal = models.ForeignKey(
        "exchange.Proposal",
        verbose_name=_("usulan perbaikan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("hasil pemadanan")
        verbose_name_plural = _("hasil pemadanan")
        indexes = [models.Index(fields=["run", "outcome"]), models.Index(fields=["run", "unit"])]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.get_outcome_display()}"

    @property
    def field_codes(self) -> list[str]:
        return self.fields.split()

    @property
    def needs_proposal(self) -> bool:
        return self.outcome == Outcome.TIDAK_PADAN and self.proposal_id is None


class BeritaAcara(models.Model):
    """The berita acara hasil pemadanan data (minutes of the matching result) of one run: numbered from the
    issuing party's letter sequence, printed as a PDF, signed off by each party in the portal. Once every
    party has signed, the agreement's berita acara obligation is met with the signed PDF as its evidence.
    """

    run = models.OneToOneField(MatchRun, on_delete=models.PROTECT, related_name="berita_acara")
    issuing_party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak penerbit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("nomor"), max_length=120)
    dated_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=120, blank=True)
    follow_up = models.TextField(_("tindak lanjut"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(_("ditandatangani lengkap"), null=True, blank=True)
    document = models.ForeignKey(
        "agreements.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due = models.ForeignKey(
        "agreements.ObligationDue", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("berita acara hasil pemadanan data")
        verbose_name_plural = _("berita acara hasil pemadanan data")

    def __str__(self) -> str:
        return self.number

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class BeritaAcaraSignature(models.Model):
    """One party's sign-off of a berita acara in the portal: who signed for the party, as what, when."""

    berita_acara = models.ForeignKey(BeritaAcara, on_delete=models.CASCADE, related_name="signatures")
    party = models.ForeignKey("agreements.AgreementParty", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("nama penanda tangan"), max_length=200)
    signer_position = models.CharField(_("jabatan"), max_length=300, blank=True)
    signed_at = models.DateTimeField(_("ditandatangani"), default=timezone.now)

    class Meta:
        ordering = ["party__order"]
        verbose_name = _("tanda tangan berita acara")
        verbose_name_plural = _("tanda tangan berita acara")
        constraints = [
            models.UniqueConstraint(
                fields=["berita_acara", "party"], name="berita_acara_signed_once_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.berita_acara_id}:{self.party_id}"
