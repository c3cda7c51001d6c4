"""Pasal 9 and UU 27/2022 (pelindungan data pribadi): the acknowledgement of the confidentiality duties
before personal data, and the register of disclosures outside the agreement."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.privacy.choices import DisclosureBasis


class Acknowledgement(models.Model):
    """A user's acknowledgement of the confidentiality duties on one agreement (Pasal 9 ayat (5)), with the
    version of the text acknowledged and when. Until one exists for the current text, the personal-data
    right on that agreement is withheld whatever the user's grants."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("perjanjian"), on_delete=models.PROTECT, related_name="+"
    )
    text_version = models.CharField(_("versi naskah"), max_length=20)
    acknowledged_at = models.DateTimeField(_("waktu pernyataan"), default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at", "-id"]
        verbose_name = _("pernyataan kerahasiaan")
        verbose_name_plural = _("pernyataan kerahasiaan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agreement", "text_version"], name="acknowledged_once_per_text"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.agreement_id}:{self.text_version}"


class Disclosure(models.Model):
    """One disclosure of data outside the agreement (Pasal 9 ayat (3)): on which basis (written consent of
    both parties with its document, a court order, a law), what was disclosed, to whom, who approved it."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("perjanjian"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak yang mengungkapkan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    basis = models.CharField(_("dasar pengungkapan"), max_length=10, choices=DisclosureBasis.choices)
    basis_reference = models.CharField(
        _("nomor dasar"),
        max_length=200,
        help_text=_("Nomor surat persetujuan, putusan/penetapan pengadilan, atau pasal peraturan."),
    )
    document = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("dokumen dasar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    what = models.TextField(_("data yang diungkapkan"))
    recipient = models.CharField(_("penerima"), max_length=300)
    disclosed_on = models.DateField(_("tanggal pengungkapan"))
    approved_by = models.CharField(_("disetujui oleh"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("dicatat"), default=timezone.now)

    class Meta:
        ordering = ["-disclosed_on", "-id"]
        verbose_name = _("pengungkapan data")
        verbose_name_plural = _("register pengungkapan data")

    def __str__(self) -> str:
        return f"{self.disclosed_on} → {self.recipient}"


class SubjectAccessRequest(models.Model):
    """A data subject's request to know who saw or received their data (UU PDP Pasal 32), to be answered
    within 3 x 24 hours of its receipt with the subject access report (a numbered PDF). The NIP is personal
    data: it is shown only to who holds the personal-data right, never put in an address or a log."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("perjanjian"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak yang menangani"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    nip = models.CharField(_("NIP"), max_length=18)
    requester = models.CharField(_("pemohon"), max_length=200)
    received_at = models.DateTimeField(_("diterima"))
    due_at = models.DateTimeField(_("batas jawaban"), db_index=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("petugas"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("nomor laporan"), max_length=120, blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    document = models.ForeignKey(
        "agreements.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("permintaan akses subjek data")
        verbose_name_plural = _("permintaan akses subjek data")

    def __str__(self) -> str:
        return f"{self.pk}: {self.requester}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Retention(models.Model):
    """How long the receiving parties keep the data sets they received after the agreement ends, as the
    parties set it; without one the portal keeps them `DEFAULT_DAYS`."""

    DEFAULT_DAYS = 30

    agreement = models.OneToOneField(
        "agreements.Agreement", verbose_name=_("perjanjian"), on_delete=models.CASCADE, related_name="+"
    )
    days = models.PositiveSmallIntegerField(_("masa retensi setelah berakhir (hari)"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("masa retensi data")
        verbose_name_plural = _("masa retensi data")

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.days}"


class TermEnd(models.Model):
    """What the portal did when an agreement stopped being in force (Pasal 6 ayat (3), Pasal 9 ayat (6)):
    the credentials revoked and the sync stopped at once, the received data sets purged once the retention
    ran out, each purge answered by a deletion certificate. One row per agreement: doing it twice is
    impossible."""

    agreement = models.OneToOneField(
        "agreements.Agreement", verbose_name=_("perjanjian"), on_delete=models.PROTECT, related_name="+"
    )
    last_day = models.DateField(_("hari terakhir berlaku"))
    revoked_at = models.DateTimeField(_("kredensial dicabut"))
    revoked = models.JSONField(_("yang dicabut"), default=dict)
    retention_days = models.PositiveSmallIntegerField(_("masa retensi (hari)"))
    purge_on = models.DateField(_("dihapus pada"), db_index=True)
    purged_at = models.DateTimeField(_("data dihapus"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengakhiran penanganan data")
        verbose_name_plural = _("pengakhiran penanganan data")

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.last_day}"


class DeletionCertificate(models.Model):
    """The certificate of the purge of the data sets one party received under an ended agreement: what
    (data set, version, rows, SHA-256), when, by whom (the portal, for the party), numbered and filed."""

    term_end = models.ForeignKey(TermEnd, on_delete=models.PROTECT, related_name="certificates")
    party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak penerima data"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("nomor"), max_length=120)
    issued_at = models.DateTimeField(_("diterbitkan"))
    lines = models.JSONField(_("data yang dihapus"), default=list)
    # Kept here, not as an agreement document: no person uploads it, the portal issues it by itself.
    pdf = models.BinaryField(_("PDF sertifikat"), editable=False)
    sha256 = models.CharField(_("SHA-256 PDF"), max_length=64)

    class Meta:
        ordering = ["party__order"]
        verbose_name = _("sertifikat penghapusan data")
        verbose_name_plural = _("sertifikat penghapusan data")
        constraints = [
            models.UniqueConstraint(fields=["term_end", "party"], name="one_certificate_per_party")
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("privacy:certificate_download", args=[self.pk])


class Incident(models.Model):
    """A suspected leak or failure of protection of personal data (UU PDP Pasal 46): the other party and the
    data subjects are notified in writing within 3 x 24 hours of its discovery; then the response."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("perjanjian"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pelapor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    discovered_at = models.DateTimeField(_("diketahui pada"))
    notify_by = models.DateTimeField(_("batas pemberitahuan"), db_index=True)
    description = models.TextField(_("uraian kejadian"))
    data_affected = models.TextField(_("data pribadi yang terdampak"))
    subjects_count = models.PositiveIntegerField(_("jumlah subjek data terdampak"), default=0)
    party_notified_at = models.DateTimeField(_("pihak lain diberi tahu"), null=True, blank=True)
    subjects_notified_at = models.DateTimeField(_("subjek data diberi tahu"), null=True, blank=True)
    response = models.TextField(_("penanganan"), blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("insiden data pribadi")
        verbose_name_plural = _("register insiden data pribadi")

    def __str__(self) -> str:
        return f"{self.pk}: {self.discovered_at:%Y-%m-%d}"

    @property
    def is_notified(self) -> bool:
        return self.party_notified_at is not None and self.subjects_notified_at is not None

    def is_late(self, now) -> bool:
        """The clock ran out before both notices were given."""
        done = [t for t in (self.party_notified_at, self.subjects_notified_at) if t]
        last = max(done) if len(done) == 2 else now
        return last > self.notify_by
