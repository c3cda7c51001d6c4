"""The web service's rows: API clients and their tokens, their daily use, and the exchange log.

Secrets and tokens are kept only as SHA-256 digests (see credentials.py for why a fast digest is the right
one here). The exchange log is append-only: each row carries the hash of the previous one (chain.py), and on
PostgreSQL a trigger refuses UPDATE and DELETE on it (migration 0002).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.api.choices import ClientEventKind, Endpoint, Outcome

DEFAULT_DAILY_RECORD_QUOTA = 10_000


class ApiClient(models.Model):
    """A partner system's credentials for one agreement and one direction (provider -> receiver).

    It is also the acting principal of every API request: DRF sees it as `request.user`.
    """

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="api_clients"
    )
    provider = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak pemberi data"),
        on_delete=models.PROTECT,
        related_name="api_clients_giving",
    )
    receiver = models.ForeignKey(
        "agreements.AgreementParty",
        verbose_name=_("pihak penerima data"),
        on_delete=models.PROTECT,
        related_name="api_clients_receiving",
    )
    name = models.CharField(_("nama sistem/aplikasi"), max_length=200)
    client_id = models.CharField(_("client id"), max_length=64, unique=True)
    secret_hash = models.CharField(max_length=64, editable=False)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.CharField(_("alasan pencabutan"), max_length=300, blank=True)
    daily_record_quota = models.PositiveIntegerField(
        _("kuota rekaman per hari"), default=DEFAULT_DAILY_RECORD_QUOTA
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("diterbitkan pada"), auto_now_add=True)

    class Meta:
        ordering = ["agreement", "-created_at", "-id"]
        verbose_name = _("klien layanan web")
        verbose_name_plural = _("klien layanan web")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(provider=models.F("receiver")), name="api_client_two_parties"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"

    # DRF and Django's auth machinery ask these of the acting principal.
    is_authenticated = True
    is_anonymous = False
    is_active = True

    def is_usable_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at

    def state_at(self, moment: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if moment >= self.expires_at else "active"

    @property
    def last_used_at(self) -> datetime | None:
        """From the addresses it called from (prefetch `addresses`): one row fewer to write per request."""
        return max((seen.last_seen for seen in self.addresses.all()), default=None)

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())


class ApiClientAddress(models.Model):
    """A network address an API client has called from, with when it was first and last seen."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="addresses")
    address = models.GenericIPAddressField(_("alamat IP"))
    first_seen = models.DateTimeField(_("pertama terlihat"))
    last_seen = models.DateTimeField(_("terakhir terlihat"))
    calls = models.PositiveIntegerField(_("jumlah panggilan"), default=0)

    class Meta:
        ordering = ["client", "-last_seen"]
        verbose_name = _("alamat klien")
        verbose_name_plural = _("alamat klien")
        constraints = [models.UniqueConstraint(fields=["client", "address"], name="api_client_address_once")]

    def __str__(self) -> str:
        return self.address


class ApiClientDay(models.Model):
    """One client's use on one day (Asia/Jakarta): the database counter behind the daily record quota."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("tanggal"))
    calls = models.PositiveIntegerField(_("panggilan dilayani"), default=0)
    refused = models.PositiveIntegerField(_("panggilan ditolak"), default=0)
    records = models.PositiveIntegerField(_("rekaman"), default=0)

    class Meta:
        ordering = ["client", "day"]
        verbose_name = _("pemakaian harian")
        verbose_name_plural = _("pemakaian harian")
        constraints = [models.UniqueConstraint(fields=["client", "day"], name="api_client_day_once")]

    def __str__(self) -> str:
        return f"{self.client_id} {self.day}: {self.records}"


class ApiToken(models.Model):
    """A bearer token of one hour issued by the token endpoint; only its SHA-256 digest is kept."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token akses")
        verbose_name_plural = _("token akses")

    def __str__(self) -> str:
        return f"{self.client_id} {self.created_at:%Y-%m-%d %H:%M}"


class ApiClientEvent(models.Model):
    """Issue or revocation of a client, by whom and when, written by the service in its transaction."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=ClientEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    occurred_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("peristiwa klien")
        verbose_name_plural = _("peristiwa klien")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.client_id}"


class ExchangeLog(models.Model):
    """One request to the web service, granted or refused (Pasal 9: every access leaves a trace).

    `previous_hash`/`row_hash` chain the rows of one `chain` (one per client) in id order;
    `persons_digest` seals the keyed hashes of the people served (ExchangeLogPerson) into the chain, so a
    person row cannot be dropped unseen either.
    """

    occurred_at = models.DateTimeField(_("waktu"), db_index=True)
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, null=True, blank=True, related_name="log")
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider = models.ForeignKey(
        "agreements.AgreementParty", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receiver = models.ForeignKey(
        "agreements.AgreementParty", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(_("tujuan"), max_length=40, blank=True)
    endpoint = models.CharField(_("layanan"), max_length=20, choices=Endpoint.choices)
    outcome = models.CharField(_("hasil"), max_length=8, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(_("kode status"))
    problem = models.CharField(_("alasan penolakan"), max_length=40, blank=True)
    record_count = models.PositiveIntegerField(_("jumlah rekaman"), default=0)
    address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    persons_digest = models.CharField(max_length=64, blank=True)
    chain = models.CharField(max_length=40, default="client-unknown")
    previous_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("log pertukaran data")
        verbose_name_plural = _("log pertukaran data")
        indexes = [
            models.Index(fields=["agreement", "occurred_at"]),
            models.Index(fields=["client", "occurred_at"]),
            models.Index(fields=["chain", "id"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.endpoint} {self.outcome}"

    @property
    def is_granted(self) -> bool:
        return self.outcome == Outcome.GRANTED


class ExchangeLogPerson(models.Model):
    """A person served by one logged request, as a keyed hash of the NIP (never the NIP itself)."""

    log = models.ForeignKey(ExchangeLog, on_delete=models.PROTECT, related_name="persons")
    nip_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["log", "id"]
        verbose_name = _("orang yang datanya dilayani")
        verbose_name_plural = _("orang yang datanya dilayani")

    def __str__(self) -> str:
        return f"{self.log_id}: {self.nip_hash[:12]}"


class LogChainHead(models.Model):
    """The end of a hash chain: locked while a row is appended, so two requests never fork the chain, and
    read by audit_verify to see that no row was cut off the end."""

    chain = models.CharField(max_length=40, unique=True)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    length = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("ujung rantai log")
        verbose_name_plural = _("ujung rantai log")

    def __str__(self) -> str:
        return f"{self.chain}: {self.length}"
