"""The data half's base: the catalogue of data fields (elemen data) and an agreement's Lampiran per direction.

The tables keep the names they had when these models lived with the correction proposals (`exchange_*`), so
moving them lost no row.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.data import nip
from exchange.data.choices import (
    AccessAction,
    DataType,
    ImportStatus,
    Sensitivity,
    SourceKind,
    VersionStatus,
)


class DataField(models.Model):
    """A field of civil-servant data as SIASN names it (elemen data), as annexes and proposals use it."""

    code = models.CharField(_("kode (SIASN)"), max_length=60, unique=True)
    label = models.CharField(_("nama elemen data"), max_length=200)
    data_type = models.CharField(_("tipe"), max_length=12, choices=DataType.choices, default=DataType.TEXT)
    sensitivity = models.CharField(
        _("sifat"), max_length=10, choices=Sensitivity.choices, default=Sensitivity.LIMITED
    )
    description = models.TextField(_("keterangan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        db_table = "exchange_datafield"
        ordering = ["order", "code"]
        verbose_name = _("elemen data")
        verbose_name_plural = _("katalog elemen data")

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"

    @property
    def is_personal(self) -> bool:
        return self.sensitivity == Sensitivity.PERSONAL

    def check_value(self, value: str) -> str:
        """The value as it should be stored, or ValidationError saying why it does not fit the type."""
        value = (value or "").strip()
        if not value:
            return value
        if self.data_type == DataType.DATE:
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                raise ValidationError(
                    _("%(field)s harus berupa tanggal TTTT-BB-HH.") % {"field": self.label}
                ) from None
        if self.data_type == DataType.INTEGER and not value.lstrip("-").isdigit():
            raise ValidationError(_("%(field)s harus berupa bilangan bulat.") % {"field": self.label})
        if self.data_type == DataType.NIP:
            try:
                return nip.parse(value).value
            except nip.NipError as exc:
                raise ValidationError(str(exc)) from None
        return value


class AnnexField(models.Model):
    """One line of an agreement's annex (Lampiran): a field the providing party gives the receiving party."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="annex_fields",
        verbose_name=_("perjanjian"),
    )
    provider = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pemberi data"),
        on_delete=models.CASCADE,
        related_name="annex_fields_given",
    )
    receiver = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak penerima data"),
        on_delete=models.CASCADE,
        related_name="annex_fields_received",
    )
    field = models.ForeignKey(
        DataField, verbose_name=_("elemen data"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        db_table = "exchange_annexfield"
        ordering = ["agreement", "provider__order", "receiver__order", "field__order", "field__code"]
        verbose_name = _("elemen data lampiran")
        verbose_name_plural = _("elemen data lampiran")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "provider", "receiver", "field"], name="annex_field_once_per_direction"
            ),
            models.CheckConstraint(condition=~Q(provider=models.F("receiver")), name="annex_two_parties"),
        ]

    def __str__(self) -> str:
        return f"{self.field.code}: {self.provider.role_name} → {self.receiver.role_name}"

    def clean(self) -> None:
        if self.provider_id and self.provider.agreement_id != self.agreement_id:
            raise ValidationError({"provider": _("Pihak pemberi bukan pihak pada perjanjian ini.")})
        if self.receiver_id and self.receiver.agreement_id != self.agreement_id:
            raise ValidationError({"receiver": _("Pihak penerima bukan pihak pada perjanjian ini.")})
        if self.provider_id and self.provider_id == self.receiver_id:
            raise ValidationError(_("Pihak pemberi dan penerima harus berbeda."))


# --- The Lampiran's versions and the proposals to change it after signing ----------------------------------


class LampiranVersion(models.Model):
    """One version of an agreement's Lampiran (annex), numbered 1, 2, ... per agreement.

    Version 1 is the Lampiran as the parties signed it and is in force from the day the agreement is
    (`valid_from` empty); until the agreement is signed the parties edit it in place. Every later version
    comes from an accepted change (an addendum under Pasal 12) and is in force from the day it was
    accepted. The lines of the version in force today are also the agreement's `AnnexField` rows, which the
    data sets, the web service and the proposals read; the services keep both in the same transaction.
    """

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="lampiran_versions"
    )
    number = models.PositiveIntegerField(_("versi ke"))
    valid_from = models.DateField(
        _("berlaku sejak"), null=True, blank=True, help_text=_("Kosong: sejak perjanjian berlaku.")
    )
    amendment = models.ForeignKey(
        "agreements.Amendment",
        verbose_name=_("adendum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lampiran_versions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        ordering = ["agreement", "-number"]
        get_latest_by = "number"
        verbose_name = _("versi Lampiran")
        verbose_name_plural = _("versi Lampiran")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="lampiran_version_number_once")
        ]

    def __str__(self) -> str:
        return str(_("Lampiran versi %(n)s") % {"n": self.number})


class LampiranLine(models.Model):
    """One data element of one direction (who gives to whom) in one version of the Lampiran, with its note."""

    version = models.ForeignKey(LampiranVersion, on_delete=models.CASCADE, related_name="lines")
    provider = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pemberi data"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    receiver = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak penerima data"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    field = models.ForeignKey(
        DataField, verbose_name=_("elemen data"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "provider__order", "receiver__order", "field__order", "field__code"]
        verbose_name = _("baris Lampiran")
        verbose_name_plural = _("baris Lampiran")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "provider", "receiver", "field"], name="lampiran_line_once_per_direction"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.field_id}"


class LampiranChange(models.Model):
    """A proposal to change one direction of a signed agreement's Lampiran: the whole new list, with a reason.

    One party proposes; the other party of the direction signs it off through its Pimpinan. Accepted, it
    becomes the next version and an addendum (`agreements.Amendment`); declined, nothing changes.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        ACCEPTED = "accepted", _("Diterima")
        DECLINED = "declined", _("Ditolak")

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="lampiran_changes"
    )
    provider = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pemberi data"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    receiver = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak penerima data"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    proposing_party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pengusul"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.TextField(_("alasan perubahan"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diusulkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("diusulkan pada"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    version = models.OneToOneField(
        LampiranVersion,
        verbose_name=_("versi yang dihasilkan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change",
    )

    class Meta:
        ordering = ["agreement", "-proposed_at", "-id"]
        verbose_name = _("usulan perubahan Lampiran")
        verbose_name_plural = _("usulan perubahan Lampiran")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "provider", "receiver"],
                condition=Q(status="pending"),
                name="lampiran_change_one_pending_per_direction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider.role_name} → {self.receiver.role_name}: {self.get_status_display()}"

    @property
    def deciding_party_id(self) -> int:
        """The other party of the direction: the one whose Pimpinan accepts or declines."""
        return self.receiver_id if self.proposing_party_id == self.provider_id else self.provider_id


class LampiranChangeLine(models.Model):
    """One data element of the new list a change proposes, with its note."""

    change = models.ForeignKey(LampiranChange, on_delete=models.CASCADE, related_name="lines")
    field = models.ForeignKey(
        DataField, verbose_name=_("elemen data"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        ordering = ["change", "field__order", "field__code"]
        verbose_name = _("baris usulan perubahan Lampiran")
        verbose_name_plural = _("baris usulan perubahan Lampiran")
        constraints = [
            models.UniqueConstraint(fields=["change", "field"], name="lampiran_change_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.change_id}: {self.field_id}"


# --- Data sets ---------------------------------------------------------------------------------------------


class DataSet(models.Model):
    """The data one party provides to another under one agreement direction (a Lampiran direction).

    Only the fields of that direction's Lampiran are ever kept (data minimisation, Pasal 9).
    """

    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="datasets",
        verbose_name=_("perjanjian"),
    )
    provider = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pemberi data"),
        on_delete=models.CASCADE,
        related_name="datasets_given",
    )
    receiver = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak penerima data"),
        on_delete=models.CASCADE,
        related_name="datasets_received",
    )
    name = models.CharField(_("nama himpunan data"), max_length=300)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["agreement", "provider__order", "receiver__order"]
        verbose_name = _("himpunan data")
        verbose_name_plural = _("himpunan data")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "provider", "receiver"], name="dataset_once_per_direction"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DataSetVersion(models.Model):
    """An immutable snapshot of a data set: who loaded it, when, from which file or run, how many rows.

    `checksum` is the SHA-256 of the rows as loaded (per row, in load order: the NIP, a tab, the values as
    compact JSON with the keys in the order of `fields`, a newline). The added/removed/changed counts
    against the previous ready version are filled once computed (None until then).
    """

    dataset = models.ForeignKey(
        DataSet, on_delete=models.CASCADE, related_name="versions", verbose_name=_("himpunan data")
    )
    number = models.PositiveIntegerField(_("versi ke"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.LOADING
    )
    source_kind = models.CharField(_("sumber"), max_length=10, choices=SourceKind.choices)
    source_name = models.CharField(_("nama berkas/proses"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimuat oleh"),
    )
    created_at = models.DateTimeField(_("dimuat"), default=timezone.now)
    row_count = models.PositiveIntegerField(_("jumlah rekaman"), default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    fields = models.JSONField(_("elemen data"), default=list)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    added_count = models.PositiveIntegerField(null=True, blank=True)
    removed_count = models.PositiveIntegerField(null=True, blank=True)
    changed_count = models.PositiveIntegerField(null=True, blank=True)
    purged_at = models.DateTimeField(_("dihapus pada"), null=True, blank=True)

    class Meta:
        ordering = ["dataset", "-number"]
        get_latest_by = "number"
        verbose_name = _("versi himpunan data")
        verbose_name_plural = _("versi himpunan data")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="dataset_version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.dataset} v{self.number}"

    @property
    def is_ready(self) -> bool:
        return self.status == VersionStatus.READY

    @property
    def has_diff_counts(self) -> bool:
        return self.added_count is not None


class Record(models.Model):
    """One person (by NIP, or the NI PPPK) in one version, with the values of the kept catalogue fields.

    `values` maps catalogue codes to normalised strings (dates YYYY-MM-DD, ranks like III/a, names without
    titles in "nama" and the titles in "gelarDepan"/"gelarBelakang"); a missing value is null.
    """

    # No database-level foreign key: PostgreSQL checks one row at a time, which would make loading a
    # million records several times slower than the COPY itself. Records are only ever written by
    # services.version_create/version_store_staged for a version they have just made, and removed with it.
    version = models.ForeignKey(
        DataSetVersion, on_delete=models.CASCADE, related_name="records", db_constraint=False
    )
    nip = models.CharField(_("NIP"), max_length=18)
    values = models.JSONField(_("nilai"), default=dict)

    class Meta:
        verbose_name = _("rekaman")
        verbose_name_plural = _("rekaman")
        constraints = [models.UniqueConstraint(fields=["version", "nip"], name="record_nip_once_per_version")]

    def __str__(self) -> str:
        return f"{self.version_id}:{nip.mask(self.nip)}"


def import_upload_to(instance: DataImport, filename: str) -> str:
    # The stored name never carries the uploaded one: file names of rosters can name people.
    return f"dataset-imports/{timezone.now():%Y/%m}/{instance.token}"


class DataImport(models.Model):
    """One roster file on its way into a data set: upload, column mapping, row-by-row check, then storing.

    A unit of background work: its status says where it stands, `progress_done`/`progress_total` drive the
    progress bar, and a worker claims it by a compare-and-set on the status. The problems found are kept
    here (row number, column, message; never a value), so the page can show every one before anything is
    stored.
    """

    dataset = models.ForeignKey(
        DataSet, on_delete=models.CASCADE, related_name="imports", verbose_name=_("himpunan data")
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("diunggah"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=14, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    file = models.FileField(_("berkas"), upload_to=import_upload_to, max_length=200)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_kind = models.CharField(_("jenis berkas"), max_length=4)
    file_size = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    # The uploaded file's own SHA-256: the same file imported again into the same data set is recognised.
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, db_index=True)
    headers = models.JSONField(_("kolom berkas"), default=list)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    problem_count = models.PositiveIntegerField(_("jumlah masalah"), default=0)
    problems = models.JSONField(_("masalah"), default=list)
    preview = models.JSONField(_("pratinjau"), default=list)
    message = models.TextField(_("keterangan"), blank=True)
    staged_path = models.CharField(max_length=300, blank=True, editable=False)
    checksum = models.CharField(max_length=64, blank=True)
    version = models.OneToOneField(
        DataSetVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_job"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor berkas")
        verbose_name_plural = _("impor berkas")

    def __str__(self) -> str:
        return f"{self.dataset} {self.file_name}"

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status in (ImportStatus.DONE, ImportStatus.CHECKED) else 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_running(self) -> bool:
        return self.status in (
            ImportStatus.CHECK_QUEUED,
            ImportStatus.CHECKING,
            ImportStatus.STORE_QUEUED,
            ImportStatus.STORING,
        )


class ColumnMapping(models.Model):
    """A column heading an institution's files use, and the catalogue field it means: remembered from the
    last confirmed mapping, so the next file of the same shape maps itself."""

    institution = models.ForeignKey("portal.Institution", on_delete=models.CASCADE, related_name="+")
    heading = models.CharField(_("judul kolom (dinormalkan)"), max_length=200)
    field = models.ForeignKey(DataField, on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pemetaan kolom")
        verbose_name_plural = _("pemetaan kolom")
        constraints = [
            models.UniqueConstraint(fields=["institution", "heading"], name="column_mapping_once_per_heading")
        ]

    def __str__(self) -> str:
        return f"{self.heading} → {self.field.code}"


class DataAccess(models.Model):
    """One read of personal data in a data set (Pasal 9): append-only and hash-chained.

    Each row carries the hash of the row before it and its own hash over its payload, so a changed, removed
    or reordered row shows (`services.access_log_verify`). Nothing personal is stored: who, when, which
    kind of read, which version and which records (by id).
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
    version = models.ForeignKey(
        DataSetVersion, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("versi")
    )
    record_ids = models.JSONField(_("rekaman yang terbaca"), default=list, blank=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    occurred_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("akses data pribadi (himpunan data)")
        verbose_name_plural = _("log akses data pribadi (himpunan data)")

    def __str__(self) -> str:
        return f"{self.user_id} {self.get_action_display()} {self.occurred_at:%Y-%m-%d %H:%M}"

    def payload(self) -> dict:
        """What the hash covers."""
        return {
            "user": self.user_id,
            "institution": self.institution_id,
            "action": self.action,
            "version": self.version_id,
            "records": self.record_ids,
            "rows": self.row_count,
            "at": self.occurred_at.isoformat(),
        }


class DataAccessHead(models.Model):
    """The last hash of the access log, one row: appending locks it, so two readers never fork the chain."""

    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("ujung rantai log akses")

    def __str__(self) -> str:
        return self.last_hash
