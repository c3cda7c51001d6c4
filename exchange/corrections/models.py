"""The exchange app's data: the data-field catalogue and annexes, correction proposals between the parties
(usulan perbaikan data), their conversation, history and evidence, and the log of personal-data reads.

Single-row facts live here (the NIP's structure, overdue, who stands where); every step of a proposal is a
function in services.py; every read scoped by who asks is in selectors.py.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from exchange.corrections import flow
from exchange.corrections.choices import (
    AccessAction,
    CommentVisibility,
    ImportStatus,
    ProposalEventKind,
    ProposalStatus,
    Side,
)
from exchange.data import nip
from portal.lib.stored_text import Keyed, render

REFERENCE_PREFIX = "UP"

# The inbox's sort keys, as expressions, shared by the list's query and its indexes (PostgreSQL uses an
# expression index only for the very same expression): what runs against the clock first, then what is
# still open for the receiver, then the rest; within that, the earliest due date, undated last.
LIST_URGENCY = models.Case(
    models.When(status__in=sorted(s.value for s in flow.CLOCK_RUNNING), then=models.Value(0)),
    models.When(status__in=sorted(s.value for s in flow.OPEN_FOR_RECEIVER), then=models.Value(1)),
    default=models.Value(2),
    output_field=models.IntegerField(),
)
LIST_UNDATED = date(9999, 12, 31)
LIST_DUE = Coalesce("due_on", models.Value(LIST_UNDATED), output_field=models.DateField())


def _inbox_index(name: str, *prefix: str) -> models.Index:
    """An index in the inbox's order (urgency, due date, created, id), after the equality filter `prefix`;
    of submitted proposals only, as the inbox is (a draft is in nobody's inbox)."""
    return models.Index(
        *prefix,
        LIST_URGENCY,
        LIST_DUE,
        "created_at",
        "id",
        name=name,
        condition=Q(submitted_on__isnull=False),
    )


class Proposal(models.Model):
    """A correction proposal (usulan perbaikan data, Pasal 3(1)(2), 3(2)(3)): one party asks the other to
    correct one civil servant's data in SIASN, field by field, and the other handles it within a working-day
    clock. The person is named by NIP and name; both are personal data, masked without the grant.
    """

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("perjanjian"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    proposing_party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pengusul"),
        on_delete=models.PROTECT,
        related_name="proposals_made",
    )
    receiving_party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak penerima"),
        on_delete=models.PROTECT,
        related_name="proposals_received",
    )
    nip = models.CharField(_("NIP"), max_length=18, validators=[nip.validate_nip], db_index=True)
    person_name = models.CharField(_("nama ASN"), max_length=200)
    reason = models.TextField(_("alasan perbaikan"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_assigned",
    )
    working_days = models.PositiveSmallIntegerField(_("batas penanganan (hari kerja)"), null=True, blank=True)
    submitted_on = models.DateField(_("diajukan pada"), null=True, blank=True)
    due_on = models.DateField(_("jatuh tempo"), null=True, blank=True, db_index=True)
    paused_on = models.DateField(_("tenggat dihentikan pada"), null=True, blank=True)
    working_days_left = models.PositiveSmallIntegerField(
        _("sisa hari kerja saat dihentikan"), null=True, blank=True
    )
    decided_on = models.DateField(_("diputuskan pada"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    applied_on = models.DateField(_("diperbaiki pada"), null=True, blank=True)
    applied_reference = models.CharField(_("rujukan perbaikan"), max_length=200, blank=True)
    closed_on = models.DateField(_("ditutup pada"), null=True, blank=True)
    withdrawn_on = models.DateField(_("ditarik pada"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("alasan penarikan"), blank=True)
    message_id = models.CharField(
        _("Message-ID surel pertama"),
        max_length=255,
        unique=True,
        help_text=_("Surel berikutnya merujuk ke sini (In-Reply-To, References) agar menjadi satu utas."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals_created"
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("usulan perbaikan data")
        verbose_name_plural = _("usulan perbaikan data")
        # The list's sorts (newest first; the inbox's order) alone and after each equality filter it offers
        # (status, agreement, assignee, "unassigned" being assignee IS NULL); the tabs reach the institution
        # through the parties. The NIP and name search's trigram indexes are PostgreSQL's only, made in
        # migration 0009 and not declared here.
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["agreement", "status"]),
            models.Index(fields=["created_at", "id"], name="proposal_new"),
            models.Index(fields=["status", "created_at", "id"], name="proposal_status_new"),
            models.Index(fields=["agreement", "created_at", "id"], name="proposal_agreement_new"),
            models.Index(fields=["assignee", "created_at", "id"], name="proposal_assignee_new"),
            # The tab counts: what a party received, by status and due date (open, overdue), read from the
            # index alone.
            models.Index(
                fields=["receiving_party", "status", "due_on"],
                name="proposal_received_status",
                condition=Q(submitted_on__isnull=False),
            ),
            _inbox_index("proposal_inbox"),
            _inbox_index("proposal_status_inbox", "status"),
            _inbox_index("proposal_agreement_inbox", "agreement_id"),
            _inbox_index("proposal_assignee_inbox", "assignee_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(proposing_party=models.F("receiving_party")), name="proposal_two_parties"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn"]) | Q(submitted_on__isnull=False),
                name="proposal_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="proposal_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["applied", "closed"])
                | Q(applied_on__isnull=True)
                | ~Q(applied_reference=""),
                name="proposal_applied_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("exchange:proposal_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """A number a person can say on the phone and write in a letter; carries no personal data."""
        return f"{REFERENCE_PREFIX}-{self.pk:05d}" if self.pk else REFERENCE_PREFIX

    @property
    def parsed_nip(self) -> nip.Nip | None:
        try:
            return nip.parse(self.nip)
        except nip.NipError:
            return None

    @property
    def clock_running(self) -> bool:
        return self.status in flow.CLOCK_RUNNING

    def is_overdue(self, *, on: date) -> bool:
        return self.clock_running and self.due_on is not None and self.due_on < on

    def side_of(self, institution_id: int | None) -> Side | None:
        """Where an institution stands on this proposal. The receiving party does not see drafts."""
        if institution_id is None:
            return None
        if self.proposing_party.institution_id == institution_id:
            return Side.PROPOSER
        if self.receiving_party.institution_id == institution_id:
            return Side.RECEIVER
        return None

    def other_party(self, side: Side):
        return self.receiving_party if side == Side.PROPOSER else self.proposing_party

    def clean(self) -> None:
        errors = {}
        for name in ("proposing_party", "receiving_party"):
            party = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if party is not None and party.agreement_id != self.agreement_id:
                errors[name] = _("Pihak ini bukan pihak pada perjanjian yang dipilih.")
        if self.proposing_party_id and self.proposing_party_id == self.receiving_party_id:
            errors["receiving_party"] = _("Pihak penerima harus berbeda dari pihak pengusul.")
        if errors:
            raise ValidationError(errors)


class ProposalItem(models.Model):
    """One field of the person to correct: from the current value to the proposed one."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="items")
    field = models.ForeignKey(
        "exchange_data.DataField", verbose_name=_("elemen data"), on_delete=models.PROTECT, related_name="+"
    )
    current_value = models.CharField(_("nilai saat ini"), max_length=500, blank=True)
    proposed_value = models.CharField(_("nilai usulan"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "order", "id"]
        verbose_name = _("rincian usulan")
        verbose_name_plural = _("rincian usulan")
        constraints = [models.UniqueConstraint(fields=["proposal", "field"], name="proposal_item_field_once")]

    def __str__(self) -> str:
        return self.field.code

    def clean(self) -> None:
        if (self.current_value or "").strip() == (self.proposed_value or "").strip():
            raise ValidationError({"proposed_value": _("Nilai usulan sama dengan nilai saat ini.")})


class ProposalComment(models.Model):
    """A message on a proposal: shared with the other party, or an internal note that only the author's
    institution ever sees (not in pages, exports, e-mails or counts of the other party).
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "portal.Institution",
        verbose_name=_("instansi penulis"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Instansi penulis saat menulis; catatan internal hanya terlihat oleh instansi ini."),
    )
    visibility = models.CharField(
        _("sifat"), max_length=8, choices=CommentVisibility.choices, default=CommentVisibility.SHARED
    )
    body = models.TextField(_("isi"))
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["proposal", "created_at", "id"]
        verbose_name = _("komentar usulan")
        verbose_name_plural = _("komentar usulan")
        indexes = [models.Index(fields=["proposal", "visibility", "institution"])]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.get_visibility_display()}"

    @property
    def is_internal(self) -> bool:
        return self.visibility == CommentVisibility.INTERNAL


class ProposalEvent(models.Model):
    """One step in a proposal's history, written by the service in the same transaction.

    An event about an internal note is itself internal (`internal_to`): the other party does not even learn
    that a note exists. Summaries carry no personal data.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=ProposalEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    institution = models.ForeignKey(
        "portal.Institution", on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=12, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ProposalStatus.choices, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    # The summary as a message and its parameters (portal.lib.stored_text), rendered in the reader's
    # language; empty on rows the data migration could not read back, which show `summary`.
    message = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)
    internal_to = models.ForeignKey(
        "portal.Institution", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set when the event's mail and bell lines could not be written with it (a template error): the step
    # stands, and the periodic sweep (emails.announce_pending) writes them once the cause is fixed.
    announce_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["proposal", "occurred_at", "id"]
        verbose_name = _("riwayat usulan")
        verbose_name_plural = _("riwayat usulan")

    def __str__(self) -> str:
        return f"{self.proposal} · {self.get_kind_display()}"

    @property
    def summary_text(self) -> str:
        """The summary in the active language."""
        return render(self.message, self.summary)

    @property
    def summary_keyed(self) -> Keyed | str:
        """The summary to pass on (a bell line's body) so that it too shows in its reader's language."""
        if self.message.get("msgid"):
            return Keyed(self.message["msgid"], self.message.get("params") or {})
        return self.summary


def evidence_upload_to(instance: ProposalEvidence, filename: str) -> str:
    """A random name on disk: the uploaded name may hold a NIP, and disk paths end up in logs."""
    suffix = PurePath(filename).suffix.lower()[:8]
    today = timezone.localdate()
    return f"proposals/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ProposalEvidence(models.Model):
    """A supporting document (SK, ijazah, akta) of a proposal, checked for size and type, with its SHA-256;
    served only through a view that checks the reader's rights.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to=evidence_upload_to)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("portal.Institution", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("diunggah"), default=timezone.now)

    class Meta:
        ordering = ["proposal", "uploaded_at", "id"]
        verbose_name = _("bukti usulan")
        verbose_name_plural = _("bukti usulan")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("exchange:evidence_download", args=[self.proposal_id, self.pk])


class PersonalDataAccess(models.Model):
    """One read of personal data (NIP, name, birth date) by a person (Pasal 9): append-only.

    A detail page names its proposal; a list, search or export names every proposal whose personal data it
    showed unmasked. Nothing personal is stored here: only who, when, what kind of read and which rows.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("pengguna")
    )
    institution = models.ForeignKey(
        "portal.Institution",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("instansi"),
    )
    action = models.CharField(_("jenis akses"), max_length=10, choices=AccessAction.choices)
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("usulan")
    )
    proposal_ids = models.JSONField(_("usulan yang terbaca"), default=list, blank=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    occurred_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("akses data pribadi")
        verbose_name_plural = _("log akses data pribadi")

    def __str__(self) -> str:
        return f"{self.user_id} {self.get_action_display()} {self.occurred_at:%Y-%m-%d %H:%M}"


def import_upload_to(instance: ProposalImport, filename: str) -> str:
    """A random name on disk: an import file holds NIPs and names, and its uploaded name may too."""
    return f"proposal-imports/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ProposalImport(models.Model):
    """One XLSX file of proposals to another party, imported in the background (a unit of work).

    The request stores the file with its SHA-256 and this row, and returns; a worker claims the row by a
    compare-and-set on its status, writes every proposal with its mails in one transaction (all rows or
    none), and records the outcome here. `claimed_at` is the claim's lease, renewed with the progress: a
    claim older than the lease belongs to a worker that died, and the sweeper queues the row again. The same
    file (same checksum) for the same agreement is refused a second time unless the user confirms it.
    """

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    receiving_party = models.ForeignKey(
        "agreements.AgreementParty", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("diunggah"), default=timezone.now)
    submit = models.BooleanField(_("langsung diajukan"), default=False)
    file = models.FileField(_("berkas"), upload_to=import_upload_to, max_length=200)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    # The earlier import of the same file the user chose to import again.
    repeats = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    created_count = models.PositiveIntegerField(_("jumlah usulan"), default=0)
    problems = models.JSONField(_("masalah"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor usulan")
        verbose_name_plural = _("impor usulan")

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:proposal_import_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def percent(self) -> int:
        if not self.is_open:
            return 100
        if not self.progress_total:
            return 0
        return min(99, self.progress_done * 100 // self.progress_total)


class ProposalBulkJob(models.Model):
    """One bulk step over many proposals (assign, start, close), taken in the background (a unit of work).

    The list page queues it with the chosen proposals and the step's inputs (model choices by primary key);
    a worker claims it like an import (compare-and-set on the status, `claimed_at` as the lease) and takes
    the step on every proposal in one transaction, mails included: all of them or none, with the reasons.
    """

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    step = models.CharField(_("tindakan"), max_length=20)
    proposal_ids = models.JSONField(default=list)
    inputs = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    done_count = models.PositiveIntegerField(_("jumlah usulan diperbarui"), default=0)
    problems = models.JSONField(_("masalah"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tindakan massal usulan")
        verbose_name_plural = _("tindakan massal usulan")

    def __str__(self) -> str:
        return f"{self.step} × {len(self.proposal_ids)}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:proposal_bulk_detail", args=[self.pk])

    @property
    def step_label(self) -> str:
        declared = flow.STEPS.get(self.step)
        return str(declared.bulk_label) if declared else self.step

    is_open = ProposalImport.is_open
    percent = ProposalImport.percent
