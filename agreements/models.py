"""Agreements (PKS) and everything the agreement says about itself: parties, clauses, clocks, obligations,
correspondence, documents, amendments, force majeure, disputes and monitoring.

Single-row facts and invariants live here; every write that changes a status or touches several rows is
in services.py. The legal clocks come from rules.py; `ends_on` and `notice_deadline` are kept on the row
by the services that sign or extend an agreement, so that list filters can compute status in the database.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements import rules
from agreements.choices import (
    IN_FORCE_STATUSES,
    AgreementKind,
    AgreementStatus,
    AmendmentKind,
    AppointmentBasis,
    ClauseTag,
    DisputeStage,
    DocumentKind,
    DueStatus,
    EventKind,
    InvitationStatus,
    LetterDirection,
    LetterKind,
    NoticeKind,
    ObligationKind,
    PeriodAnchor,
    Recurrence,
)
from portal.lib.stored_text import render

PARTY_ROLE_NAMES = {
    1: _("PIHAK KESATU"),
    2: _("PIHAK KEDUA"),
    3: _("PIHAK KETIGA"),
    4: _("PIHAK KEEMPAT"),
    5: _("PIHAK KELIMA"),
}


def party_role_name(order: int) -> str:
    """The party's title by its order ('PIHAK KESATU'), in the active language."""
    name = PARTY_ROLE_NAMES.get(order)
    return str(name) if name is not None else str(_("PIHAK KE-%(n)s") % {"n": order})


class Agreement(models.Model):
    """A cooperation agreement (Perjanjian Kerja Sama) or an umbrella MoU (Nota Kesepahaman)."""

    kind = models.CharField(
        _("jenis"), max_length=8, choices=AgreementKind.choices, default=AgreementKind.PKS
    )
    title = models.CharField(_("judul"), max_length=500)
    purpose = models.TextField(_("tujuan (Pasal 1)"), blank=True)
    umbrella = models.ForeignKey(
        "self",
        verbose_name=_("nota kesepahaman induk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="implementing_agreements",
        limit_choices_to={"kind": AgreementKind.MOU},
    )
    umbrella_reference = models.CharField(
        _("rujukan nota kesepahaman"),
        max_length=500,
        blank=True,
        help_text=_("Nomor dan judul bila tidak ada di portal."),
    )
    signed_on = models.DateField(_("tanggal penandatanganan"), null=True, blank=True)
    signing_place = models.CharField(_("tempat penandatanganan"), max_length=120, blank=True)
    effective_from = models.DateField(
        _("mulai berlaku"), null=True, blank=True, help_text=_("Kosongkan bila berlaku sejak ditandatangani.")
    )
    term_months = models.PositiveSmallIntegerField(
        _("jangka waktu (bulan)"), default=24, validators=[MinValueValidator(1)]
    )
    notice_period_months = models.PositiveSmallIntegerField(_("masa pemberitahuan (bulan)"), default=1)
    force_majeure_notice_days = models.PositiveSmallIntegerField(
        _("batas pemberitahuan keadaan kahar (hari)"), default=14
    )
    reports_per_year = models.PositiveSmallIntegerField(_("laporan per tahun"), default=2)
    monev_per_year = models.PositiveSmallIntegerField(_("monev per tahun"), default=2)
    period_anchor = models.CharField(
        _("acuan periode"), max_length=12, choices=PeriodAnchor.choices, default=PeriodAnchor.EFFECTIVE_DATE
    )
    proposal_due_working_days = models.PositiveSmallIntegerField(
        _("batas penanganan usulan perbaikan (hari kerja)"), default=10, validators=[MinValueValidator(1)]
    )
    # Kept by the services from rules.py (term + extensions), so the database can filter by status.
    ends_on = models.DateField(_("hari terakhir berlaku"), null=True, blank=True, editable=False)
    notice_deadline = models.DateField(_("batas pemberitahuan"), null=True, blank=True, editable=False)
    terminated_on = models.DateField(_("diakhiri per tanggal"), null=True, blank=True, editable=False)
    # Kept by notice_serve: the last day a served termination notice announced (Pasal 6(2)).
    announced_end_on = models.DateField(
        _("diakhiri per tanggal (menurut pemberitahuan)"), null=True, blank=True, editable=False
    )
    report_grace_days = models.PositiveSmallIntegerField(
        _("tenggang laporan (hari)"),
        default=30,
        help_text=_("Laporan berkala jatuh tempo sekian hari setelah periodenya berakhir."),
    )
    termination_reason = models.TextField(_("alasan pengakhiran"), blank=True)
    is_example = models.BooleanField(
        _("contoh"), default=False, help_text=_("Data contoh untuk demonstrasi, bukan perjanjian sungguhan.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("perjanjian")
        verbose_name_plural = _("perjanjian")
        permissions = [
            ("handle_proposals", _("Menangani usulan perbaikan data")),
            ("view_personal_data", _("Melihat data pribadi ASN")),
        ]
        indexes = [models.Index(fields=["ends_on"]), models.Index(fields=["notice_deadline"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", args=[self.pk])

    @property
    def starts_on(self) -> date | None:
        """In force from the signing date unless the agreement says otherwise (Pasal 13(1))."""
        return self.effective_from or self.signed_on

    def computed_ends_on(self, extension_months: int = 0) -> date | None:
        if not self.starts_on:
            return None
        return rules.last_day_in_force(self.starts_on, self.term_months + extension_months)

    @property
    def last_day_in_force(self) -> date | None:
        """The last day the agreement is in force: the early end recorded or announced, if earlier."""
        last = self.ends_on
        for early in (self.terminated_on, self.announced_end_on):
            if early and (not last or early < last):
                last = early
        return last

    def status_on(self, day: date) -> AgreementStatus:
        """Status as of a day (rules.agreement_status; selectors.annotate_status is its SQL twin)."""
        return AgreementStatus(
            rules.agreement_status(
                day,
                signed_on=self.signed_on,
                starts_on=self.starts_on,
                ends_on=self.ends_on,
                terminated_on=self.terminated_on,
                announced_end_on=self.announced_end_on,
                notice_months=self.notice_period_months,
            )
        )

    def is_in_force_on(self, day: date) -> bool:
        return self.status_on(day) in IN_FORCE_STATUSES

    def not_in_force_reason(self, day: date, what: str) -> str:
        """Why `what` ('usulan perbaikan data', 'sinkronisasi') cannot start on `day`; '' when in force.

        After the end only what the agreement keeps alive (open dues, open proposals to close) goes on.
        """
        from portal.lib.text_id import format_date

        status = self.status_on(day)
        if status in IN_FORCE_STATUSES:
            return ""
        if status == AgreementStatus.DRAFT:
            return str(_("Perjanjian belum ditandatangani; %(what)s belum dapat dimulai.") % {"what": what})
        if status == AgreementStatus.SCHEDULED:
            return str(
                _("Perjanjian baru berlaku mulai %(day)s; %(what)s belum dapat dimulai.")
                % {"day": format_date(self.starts_on), "what": what}
            )
        return str(
            _(
                "Perjanjian tidak lagi berlaku sejak %(day)s; %(what)s tidak dapat dimulai. Setelah "
                "berakhir hanya kewajiban yang belum selesai dan usulan yang masih terbuka yang dapat "
                "diselesaikan."
            )
            % {"day": format_date(self.last_day_in_force + timedelta(days=1)), "what": what}
        )

    def has_ended_on(self, day: date) -> bool:
        return self.status_on(day) in (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)

    def force_majeure_open_on(self, day: date) -> bool:
        """Whether a force majeure of any party is going on that day (the database's force_majeure_open)."""
        return any(fm.is_open_on(day) for fm in self.force_majeures.all())

    def clause_number(self, tag: str) -> int | None:
        """The number of the clause tagged with `tag` (a ClauseTag), None when no clause carries it."""
        return next((c.number for c in self.clauses.all() if tag in (c.tags or ())), None)

    def periods(self, per_year: int) -> list[rules.Period]:
        if not self.starts_on or not self.last_day_in_force:
            return []
        return rules.periods(
            self.starts_on,
            self.last_day_in_force,
            per_year,
            calendar=self.period_anchor == PeriodAnchor.CALENDAR,
        )

    def clean(self) -> None:
        if self.effective_from and self.signed_on and self.effective_from < self.signed_on:
            raise ValidationError(
                {"effective_from": _("Tanggal mulai berlaku tidak boleh sebelum tanggal penandatanganan.")}
            )


class AgreementParty(models.Model):
    """One party (PIHAK) to an agreement: its own agreement number, its signatory and their mandate."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    institution = models.ForeignKey(
        "portal.Institution", on_delete=models.PROTECT, related_name="agreement_parties"
    )
    order = models.PositiveSmallIntegerField(_("urutan pihak"), default=1, validators=[MinValueValidator(1)])
    number = models.CharField(_("nomor perjanjian pihak ini"), max_length=120, blank=True)
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200, blank=True)
    signatory_position = models.CharField(_("jabatan penanda tangan"), max_length=300, blank=True)
    appointment_basis = models.CharField(
        _("dasar pengangkatan"),
        max_length=10,
        choices=AppointmentBasis.choices,
        default=AppointmentBasis.KEPPRES,
    )
    appointment_number = models.CharField(_("nomor dasar pengangkatan"), max_length=120, blank=True)
    appointment_date = models.DateField(_("tanggal dasar pengangkatan"), null=True, blank=True)
    address = models.TextField(_("kedudukan/alamat"), blank=True)
    description = models.TextField(_("keterangan pihak (konsiderans)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "order"]
        verbose_name = _("pihak")
        verbose_name_plural = _("para pihak")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "institution"], name="party_once_per_agreement"),
            models.UniqueConstraint(fields=["agreement", "order"], name="party_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.role_name}: {self.institution}"

    @property
    def role_name(self) -> str:
        return party_role_name(self.order)

    @property
    def appointment_text(self) -> str:
        """'Keputusan Presiden Republik Indonesia Nomor 174/TPA Tahun 2020, tanggal 23 Oktober 2020'."""
        from portal.lib.text_id import format_date

        basis = {
            AppointmentBasis.KEPPRES: _("Keputusan Presiden Republik Indonesia"),
        }.get(self.appointment_basis, self.get_appointment_basis_display())
        text = str(basis)
        if self.appointment_number:
            text = _("%(basis)s Nomor %(number)s") % {"basis": basis, "number": self.appointment_number}
        if self.appointment_date:
            text += _(", tanggal %(day)s") % {"day": format_date(self.appointment_date)}
        return text


class ScopeItem(models.Model):
    """One item of the scope (ruang lingkup, Pasal 2)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="scope_items")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("ruang lingkup"))

    class Meta:
        ordering = ["agreement", "order"]
        verbose_name = _("ruang lingkup")
        verbose_name_plural = _("ruang lingkup")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def letter(self) -> str:
        return chr(ord("a") + self.order - 1) if 1 <= self.order <= 26 else str(self.order)


class Clause(models.Model):
    """One article (Pasal) of the agreement, with its text."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="clauses")
    number = models.PositiveSmallIntegerField(_("pasal"))
    title = models.CharField(_("judul pasal"), max_length=200)
    text = models.TextField(_("isi"))
    tags = models.JSONField(
        _("mengatur"),
        default=list,
        blank=True,
        help_text=_("Pokok yang diatur pasal ini; surat dan halaman merujuk nomor pasal yang diberi tanda."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("pasal")
        verbose_name_plural = _("pasal")
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="clause_number_unique")]

    def __str__(self) -> str:
        return str(_("Pasal %(n)s %(title)s") % {"n": self.number, "title": self.title})

    @property
    def tag_labels(self) -> list[str]:
        return [str(ClauseTag(t).label) for t in self.tags if t in ClauseTag.values]


class Contact(models.Model):
    """A designated correspondence contact of one party (Pasal 8), valid for a span of dates."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("perjanjian")
    )
    party = models.ForeignKey(
        AgreementParty, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("pihak")
    )
    unit = models.CharField(_("unit/jabatan"), max_length=300)
    person_name = models.CharField(_("nama pejabat (bila disebut)"), max_length=200, blank=True)
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "party__order", "-valid_from"]
        verbose_name = _("kontak korespondensi")
        verbose_name_plural = _("kontak korespondensi")

    def __str__(self) -> str:
        return self.unit

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def clean(self) -> None:
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Tanggal akhir tidak boleh sebelum tanggal mulai.")})


class Obligation(models.Model):
    """A duty the agreement puts on one party (Pasal 3, 4, 7), recurring or not."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("perjanjian")
    )
    party = models.ForeignKey(
        AgreementParty, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("pihak")
    )
    kind = models.CharField(
        _("jenis"), max_length=20, choices=ObligationKind.choices, default=ObligationKind.OTHER
    )
    clause_ref = models.CharField(
        _("dasar (pasal/ayat)"), max_length=60, blank=True, help_text=_("mis. Pasal 3 ayat (2) huruf b")
    )
    title = models.CharField(_("kewajiban"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    recurrence = models.CharField(
        _("pengulangan"), max_length=12, choices=Recurrence.choices, default=Recurrence.PERIODIC
    )
    per_year = models.PositiveSmallIntegerField(_("kali per tahun"), default=2)
    survives_end = models.BooleanField(
        _("tetap berlaku setelah berakhir"), default=False, help_text=_("mis. kerahasiaan (Pasal 9 ayat (6))")
    )
    joint = models.BooleanField(
        _("kewajiban bersama PARA PIHAK"),
        default=False,
        help_text=_(
            "Satu jatuh tempo bersama: semua pihak melihat dan diingatkan, salah satu dapat memenuhinya."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "party__order", "id"]
        verbose_name = _("kewajiban")
        verbose_name_plural = _("kewajiban")

    def __str__(self) -> str:
        return self.title


class ObligationDue(models.Model):
    """One occurrence of an obligation with its due date; met, waived, or derived pending/lapsed/suspended."""

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="dues", verbose_name=_("kewajiban")
    )
    period_number = models.PositiveSmallIntegerField(_("periode ke"), null=True, blank=True)
    period_start = models.DateField(_("awal periode"), null=True, blank=True)
    period_end = models.DateField(_("akhir periode"), null=True, blank=True)
    due_on = models.DateField(_("jatuh tempo"), db_index=True)
    met_on = models.DateField(_("dipenuhi pada"), null=True, blank=True)
    evidence = models.ForeignKey(
        "Document",
        verbose_name=_("bukti"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("catatan"), blank=True)
    waived_on = models.DateField(_("dikesampingkan pada"), null=True, blank=True)
    waived_reason = models.TextField(_("alasan dikesampingkan"), blank=True)
    # Set when the due was entered after its date had passed (a historical agreement): nobody is reminded.
    recorded_late = models.BooleanField(_("dicatat setelah jatuh tempo"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("jatuh tempo kewajiban")
        verbose_name_plural = _("jatuh tempo kewajiban")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "period_number"],
                condition=models.Q(period_number__isnull=False),
                name="due_once_per_period",
            )
        ]

    def __str__(self) -> str:
        from portal.lib.text_id import format_date

        return f"{self.obligation} — {format_date(self.due_on)}"

    def status_on(self, day: date, *, suspended: bool = False) -> DueStatus:
        """`suspended` says whether the due falls inside a force-majeure event of the owing party."""
        if self.met_on:
            return DueStatus.MET
        if self.waived_on:
            return DueStatus.WAIVED
        if suspended:
            return DueStatus.SUSPENDED
        return DueStatus.LAPSED if self.due_on < day else DueStatus.PENDING

    def is_overdue(self, *, on: date) -> bool:
        return not self.met_on and not self.waived_on and self.due_on < on


class Document(models.Model):
    """An uploaded file of an agreement (signed scan, amendment, statement, minutes), with its SHA-256."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("perjanjian")
    )
    kind = models.CharField(
        _("jenis"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    title = models.CharField(_("judul"), max_length=300)
    file = models.FileField(_("berkas"), upload_to="documents/%Y/%m/")
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diunggah oleh")
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:document_download", args=[self.agreement_id, self.pk])


class Paraf(models.Model):
    """The initials (paraf) of one party on a document (Pasal 13: initials on every page)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="parafs", verbose_name=_("dokumen")
    )
    party = models.ForeignKey(
        AgreementParty, on_delete=models.CASCADE, related_name="parafs", verbose_name=_("pihak")
    )
    initialled_by = models.CharField(_("diparaf oleh"), max_length=200)
    initialled_on = models.DateField(_("tanggal paraf"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )

    class Meta:
        verbose_name = _("paraf")
        verbose_name_plural = _("paraf")
        constraints = [models.UniqueConstraint(fields=["document", "party"], name="paraf_once_per_party")]

    def __str__(self) -> str:
        return f"{self.initialled_by} ({self.party.role_name})"


class Amendment(models.Model):
    """An extension, addendum or amendment (Pasal 6(1), Pasal 12) linked to the agreement."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("perjanjian")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=AmendmentKind.choices)
    number = models.CharField(_("nomor"), max_length=200, blank=True)
    title = models.CharField(_("judul"), max_length=300)
    signed_on = models.DateField(_("tanggal penandatanganan"))
    extension_months = models.PositiveSmallIntegerField(_("perpanjangan (bulan)"), default=0)
    summary = models.TextField(_("ringkasan perubahan"), blank=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("dicatat"))

    class Meta:
        ordering = ["agreement", "signed_on", "id"]
        verbose_name = _("adendum/amandemen")
        verbose_name_plural = _("adendum/amandemen")

    def __str__(self) -> str:
        return self.title


class Notice(models.Model):
    """A written notice to extend or to end the agreement (Pasal 6(2))."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="notices", verbose_name=_("perjanjian")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=NoticeKind.choices)
    from_party = models.ForeignKey(
        AgreementParty, on_delete=models.CASCADE, related_name="notices_sent", verbose_name=_("dari pihak")
    )
    served_on = models.DateField(_("disampaikan pada"))
    terminates_on = models.DateField(_("diakhiri per tanggal"), null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    letter = models.ForeignKey(
        "Letter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("surat")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("dicatat"))

    class Meta:
        ordering = ["agreement", "-served_on", "-id"]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.served_on}"


class ForceMajeure(models.Model):
    """A force-majeure event (keadaan kahar, Pasal 10) suffered by one party; suspends that party's dues."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="force_majeures", verbose_name=_("perjanjian")
    )
    party = models.ForeignKey(
        AgreementParty,
        verbose_name=_("pihak yang mengalami"),
        on_delete=models.CASCADE,
        related_name="force_majeures",
    )
    occurred_on = models.DateField(_("terjadi pada"))
    description = models.TextField(_("uraian kejadian"))
    notified_on = models.DateField(_("diberitahukan pada"), null=True, blank=True)
    statement = models.ForeignKey(
        Document,
        verbose_name=_("pernyataan pejabat berwenang"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_on = models.DateField(_("berakhir pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("dicatat"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "-occurred_on", "-id"]
        verbose_name = _("keadaan kahar")
        verbose_name_plural = _("keadaan kahar")

    def __str__(self) -> str:
        return f"{self.party.role_name}: {self.description[:60]}"

    @property
    def notice_due_on(self) -> date:
        return rules.force_majeure_notice_due(self.occurred_on, self.agreement.force_majeure_notice_days)

    def is_open_on(self, day: date) -> bool:
        return self.occurred_on <= day and (self.ended_on is None or day <= self.ended_on)

    def covers(self, day: date) -> bool:
        """Whether a due date falls inside the event (its end day included)."""
        return self.is_open_on(day)

    def clean(self) -> None:
        if self.ended_on and self.ended_on < self.occurred_on:
            raise ValidationError({"ended_on": _("Tanggal berakhir tidak boleh sebelum tanggal terjadi.")})


class Dispute(models.Model):
    """A dispute between the parties (Pasal 11): deliberation first, then legal channels."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="disputes", verbose_name=_("perjanjian")
    )
    raised_by = models.ForeignKey(
        AgreementParty,
        on_delete=models.CASCADE,
        related_name="disputes",
        verbose_name=_("diajukan oleh pihak"),
    )
    subject = models.CharField(_("pokok perselisihan"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    stage = models.CharField(
        _("tahap"), max_length=12, choices=DisputeStage.choices, default=DisputeStage.MUSYAWARAH
    )
    opened_on = models.DateField(_("dicatat pada"))
    resolved_on = models.DateField(_("selesai pada"), null=True, blank=True)
    resolution = models.TextField(_("hasil penyelesaian"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "-opened_on", "-id"]
        verbose_name = _("perselisihan")
        verbose_name_plural = _("perselisihan")

    def __str__(self) -> str:
        return self.subject


class MonevSession(models.Model):
    """A monitoring and evaluation session (pemantauan dan evaluasi, Pasal 7) with its minutes."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="monev_sessions", verbose_name=_("perjanjian")
    )
    held_on = models.DateField(_("dilaksanakan pada"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    participants = models.TextField(_("peserta"), blank=True)
    minutes = models.TextField(_("notula/hasil"))
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    due = models.ForeignKey(
        ObligationDue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monev_sessions",
        verbose_name=_("jatuh tempo"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("dicatat"))

    class Meta:
        ordering = ["agreement", "-held_on", "-id"]
        verbose_name = _("sesi monev")
        verbose_name_plural = _("sesi monev")

    def __str__(self) -> str:
        return str(_("Monev %(day)s") % {"day": self.held_on})


class LetterSequence(models.Model):
    """The last letter number an institution issued in a year; locked row by row when a number is drawn."""

    institution = models.ForeignKey(
        "portal.Institution", on_delete=models.CASCADE, related_name="+", verbose_name=_("instansi")
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("tahun"))
    last_seq = models.PositiveIntegerField(default=0, verbose_name=_("nomor urut terakhir"))

    class Meta:
        verbose_name = _("urutan nomor surat")
        verbose_name_plural = _("urutan nomor surat")
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="letter_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}: {self.last_seq}"


class Letter(models.Model):
    """A letter sent or received under an agreement; outgoing ones are numbered and generated as PDF."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="letters", verbose_name=_("perjanjian")
    )
    direction = models.CharField(_("arah"), max_length=3, choices=LetterDirection.choices)
    kind = models.CharField(_("jenis"), max_length=24, choices=LetterKind.choices, default=LetterKind.GENERAL)
    issuer = models.ForeignKey(
        "portal.Institution", verbose_name=_("penerbit"), on_delete=models.PROTECT, related_name="+"
    )
    seq = models.PositiveIntegerField(null=True, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    number = models.CharField(_("nomor surat"), max_length=200)
    dated_on = models.DateField(_("tanggal surat"))
    subject = models.CharField(_("perihal"), max_length=300)
    body = models.TextField(_("isi"), blank=True)
    from_party = models.ForeignKey(
        AgreementParty, on_delete=models.CASCADE, related_name="letters_sent", verbose_name=_("dari pihak")
    )
    to_party = models.ForeignKey(
        AgreementParty,
        on_delete=models.CASCADE,
        related_name="letters_received",
        verbose_name=_("kepada pihak"),
    )
    addressee = models.TextField(_("kepada"), blank=True)
    signed_by = models.CharField(_("penanda tangan"), max_length=200, blank=True)
    signer_position = models.CharField(_("jabatan penanda tangan"), max_length=300, blank=True)
    received_on = models.DateField(_("diterima pada"), null=True, blank=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("dicatat"))

    class Meta:
        ordering = ["agreement", "-dated_on", "-id"]
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "seq"],
                condition=models.Q(seq__isnull=False),
                name="letter_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.subject}"


class AgreementEvent(models.Model):
    """A lifecycle event, written by the service that made it happen, in the same transaction."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="events", verbose_name=_("perjanjian")
    )
    kind = models.CharField(max_length=24, choices=EventKind.choices, verbose_name=_("jenis"))
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    summary = models.CharField(max_length=500, verbose_name=_("ringkasan"))
    # The summary as a message and its parameters (portal.lib.stored_text), rendered in the reader's
    # language; empty on rows written before, which show `summary`.
    message = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("peristiwa perjanjian")
        verbose_name_plural = _("peristiwa perjanjian")

    def __str__(self) -> str:
        return self.summary_text

    @property
    def summary_text(self) -> str:
        """The summary in the active language."""
        return render(self.message, self.summary)


class PartyTeam(models.Model):
    """The team one party keeps on one agreement (kept by its Pimpinan).

    While a party keeps no team, every active user of its institution acts by the defaults of their role;
    once it keeps one, only its members act, each with the role's defaults widened or narrowed by the
    member's adjustments (TeamRight).
    """

    party = models.OneToOneField(AgreementParty, on_delete=models.CASCADE, related_name="team")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tim pihak")
        verbose_name_plural = _("tim pihak")

    def __str__(self) -> str:
        return str(_("Tim %(party)s") % {"party": self.party})


class TeamMember(models.Model):
    """A user of the party's institution who works on the agreement as a member of the party's team."""

    team = models.ForeignKey(PartyTeam, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anggota tim")
        verbose_name_plural = _("anggota tim")
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="team_member_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.team})"


class TeamRight(models.Model):
    """One adjustment of a member's rights: a right added to the role's defaults, or one withheld."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="adjustments")
    right = models.CharField(_("hak"), max_length=32)
    granted = models.BooleanField(_("diberikan"), help_text=_("Ya: ditambahkan; tidak: dikurangi."))

    class Meta:
        verbose_name = _("penyesuaian hak")
        verbose_name_plural = _("penyesuaian hak")
        constraints = [models.UniqueConstraint(fields=["member", "right"], name="team_right_once")]

    def __str__(self) -> str:
        return f"{'+' if self.granted else '-'}{self.right}"


class PartyInvitation(models.Model):
    """An institution invited to become a party: it sees nothing of the agreement until its Pimpinan accepts.
    While no answer has come, the inviting party may withdraw it.

    `party_data` keeps what the inviting party entered about it (number, signatory, address...), applied to
    the party row made on acceptance.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="invitations")
    institution = models.ForeignKey("portal.Institution", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("urutan pihak"), default=2)
    party_data = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("diundang pada"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)

    class Meta:
        ordering = ["-invited_at", "-id"]
        verbose_name = _("undangan pihak")
        verbose_name_plural = _("undangan pihak")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "institution"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_institution",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} → {self.agreement}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:invitation_detail", args=[self.pk])

    @property
    def role_name(self) -> str:
        """The party's title the institution is invited to be ('PIHAK KEDUA')."""
        return party_role_name(self.order)
