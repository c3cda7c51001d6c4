"""Writes of the web service: issuing and revoking clients, tokens, and accounting for every request.

Rights are checked here: a client is issued by the Pimpinan of the receiving party (or by an operator on the
command line, `acting_user=None`) and revoked by the Pimpinan of either party or an administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementParty
from exchange.api import chain, credentials
from exchange.api.choices import ClientEventKind, Outcome
from exchange.api.models import ApiClient, ApiClientAddress, ApiClientDay, ApiClientEvent, ApiToken
from exchange.api.problems import ApiProblem
from exchange.data.models import AnnexField
from portal.choices import Role
from portal.models import User

TOKEN_LIFETIME = timedelta(hours=1)
DEFAULT_CLIENT_LIFETIME_DAYS = 365
MAX_DAILY_RECORD_QUOTA = 10_000_000


@dataclass(frozen=True)
class IssuedClient:
    """A new client and its secret: the only moment the secret exists outside the caller's hands."""

    client: ApiClient
    secret: str


def end_of_day(day: date) -> datetime:
    """The first instant after `day` in the portal's time zone: credentials run out at midnight."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())


def _is_pimpinan_of(user: User, party: AgreementParty) -> bool:
    return (
        user.is_authenticated and user.institution_id == party.institution_id and user.has_role(Role.PIMPINAN)
    )


def can_issue(user: User, *, receiver: AgreementParty) -> bool:
    return _is_pimpinan_of(user, receiver)


def can_revoke(user: User, client: ApiClient) -> bool:
    return (
        user.is_portal_admin
        or _is_pimpinan_of(user, client.receiver)
        or _is_pimpinan_of(user, client.provider)
    )


def issue_errors(
    *, agreement: Agreement, provider: AgreementParty, receiver: AgreementParty, expires_on: date, today: date
) -> list[str]:
    """Why a client cannot be issued for this direction and expiry (empty when it can)."""
    errors = []
    if provider.agreement_id != agreement.pk or receiver.agreement_id != agreement.pk:
        errors.append(_("Pihak yang dipilih bukan pihak pada perjanjian ini."))
    elif provider.pk == receiver.pk:
        errors.append(_("Pihak pemberi dan penerima harus berbeda."))
    elif not AnnexField.objects.filter(agreement=agreement, provider=provider, receiver=receiver).exists():
        errors.append(_("Arah pertukaran ini tidak ada dalam Lampiran perjanjian."))
    last_day = agreement.last_day_in_force
    if not agreement.is_in_force_on(today):
        errors.append(
            _("Kredensial hanya dapat diterbitkan untuk perjanjian yang sedang berlaku.")
            + " "
            + agreement.not_in_force_reason(today, _("penerbitan kredensial"))
        )
    elif expires_on > last_day:
        errors.append(_("Masa berlaku kredensial tidak boleh melewati hari terakhir berlakunya perjanjian."))
    elif expires_on < today:
        errors.append(_("Masa berlaku kredensial tidak boleh sebelum hari ini."))
    return errors


def default_expiry(agreement: Agreement, today: date) -> date:
    """One year from today, never past the agreement's last day in force."""
    one_year = today + timedelta(days=DEFAULT_CLIENT_LIFETIME_DAYS)
    last_day = agreement.last_day_in_force
    return min(one_year, last_day) if last_day else one_year


@transaction.atomic
def api_client_issue(
    *,
    agreement: Agreement,
    provider: AgreementParty,
    receiver: AgreementParty,
    acting_user: User | None,
    name: str,
    expires_on: date | None = None,
    daily_record_quota: int | None = None,
    today: date | None = None,
) -> IssuedClient:
    """Issue credentials for one direction; `acting_user=None` is an operator on the command line."""
    if acting_user is not None and not can_issue(acting_user, receiver=receiver):
        raise PermissionDenied(_("Hanya Pimpinan pihak penerima data yang dapat menerbitkan kredensial."))
    today = today or timezone.localdate()
    expires_on = expires_on or default_expiry(agreement, today)
    errors = issue_errors(
        agreement=agreement, provider=provider, receiver=receiver, expires_on=expires_on, today=today
    )
    quota = (
        ApiClient._meta.get_field("daily_record_quota").default
        if daily_record_quota is None
        else daily_record_quota
    )
    if not 1 <= quota <= MAX_DAILY_RECORD_QUOTA:
        errors.append(_("Kuota harian harus antara 1 dan %(max)s rekaman.") % {"max": MAX_DAILY_RECORD_QUOTA})
    name = (name or "").strip()
    if not name:
        errors.append(_("Nama sistem/aplikasi wajib diisi."))
    if errors:
        raise ValidationError(errors)
    secret = credentials.new_secret()
    client = ApiClient.objects.create(
        agreement=agreement,
        provider=provider,
        receiver=receiver,
        name=name[:200],
        client_id=credentials.new_client_id(),
        secret_hash=credentials.digest(secret),
        expires_at=end_of_day(expires_on),
        daily_record_quota=quota,
        created_by=acting_user,
    )
    ApiClientEvent.objects.create(client=client, kind=ClientEventKind.ISSUED, actor=acting_user)
    return IssuedClient(client, secret)


@transaction.atomic
def api_client_revoke(
    *, client: ApiClient, acting_user: User | None, reason: str = "", now: datetime | None = None
) -> ApiClient:
    """Revoke at once: every token of the client stops working with its next request."""
    if acting_user is not None and not can_revoke(acting_user, client):
        raise PermissionDenied(_("Hanya Pimpinan salah satu pihak yang dapat mencabut kredensial."))
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is not None:
        raise ValidationError(_("Kredensial ini sudah dicabut."))
    client.revoked_at = now or timezone.now()
    client.revoked_by = acting_user
    client.revoke_reason = (reason or "").strip()[:300]
    client.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    ApiToken.objects.filter(client=client).delete()
    ApiClientEvent.objects.create(
        client=client, kind=ClientEventKind.REVOKED, actor=acting_user, note=client.revoke_reason
    )
    return client


def refuse_unusable(client: ApiClient, now: datetime) -> None:
    if client.revoked_at is not None:
        raise ApiProblem(
            "client_revoked",
            "Kredensial ini telah dicabut oleh salah satu pihak; minta kredensial baru.",
            "These credentials were revoked by one of the parties; ask for new ones.",
        )
    if now >= client.expires_at:
        raise ApiProblem(
            "client_expired",
            "Masa berlaku kredensial ini telah habis; minta kredensial baru.",
            "These credentials have expired; ask for new ones.",
        )


def client_lookup(client_id: str) -> ApiClient | None:
    return (
        ApiClient.objects.select_related("agreement", "provider", "receiver")
        .filter(client_id=client_id)
        .first()
    )


def client_check(client: ApiClient | None, *, secret: str, now: datetime) -> ApiClient:
    """The client if the secret is its own and it is usable now; ApiProblem otherwise."""
    if client is None or not credentials.matches(secret, client.secret_hash):
        raise ApiProblem(
            "invalid_client",
            "Client id atau secret salah (HTTP Basic: client_id:client_secret).",
            "Wrong client id or secret (HTTP Basic: client_id:client_secret).",
        )
    refuse_unusable(client, now)
    return client


def token_issue(*, client: ApiClient, now: datetime) -> tuple[str, ApiToken]:
    """A bearer token of one hour; the raw token is returned once and only its digest is kept."""
    raw = credentials.new_secret()
    token = ApiToken.objects.create(
        client=client, token_hash=credentials.digest(raw), created_at=now, expires_at=now + TOKEN_LIFETIME
    )
    ApiToken.objects.filter(client=client, expires_at__lt=now - TOKEN_LIFETIME).delete()
    return raw, token


def quota_left(client: ApiClient, day: date) -> int:
    used = ApiClientDay.objects.filter(client=client, day=day).values_list("records", flat=True).first() or 0
    return max(client.daily_record_quota - used, 0)


def seconds_to_midnight(now: datetime) -> int:
    local = timezone.localtime(now)
    return max(int((end_of_day(local.date()) - local).total_seconds()) + 1, 1)


def _day_row(client: ApiClient, day: date) -> None:
    try:
        with transaction.atomic():
            ApiClientDay.objects.create(client=client, day=day)
    except IntegrityError:
        pass  # a parallel request of the same client created it


def records_reserve(*, client: ApiClient, count: int, now: datetime) -> None:
    """Count `count` records (and the call) against today's quota, all or nothing, by a compare-and-set in
    the database."""
    day = timezone.localdate(now)
    needed = max(count, 1)
    within = ApiClientDay.objects.filter(
        client=client, day=day, records__lte=client.daily_record_quota - needed
    )
    taken = within.update(records=F("records") + count, calls=F("calls") + 1)
    if not taken and not ApiClientDay.objects.filter(client=client, day=day).exists():
        _day_row(client, day)  # the first call of the day
        taken = within.update(records=F("records") + count, calls=F("calls") + 1)
    if taken != 1:
        raise _quota_exceeded(client, count=count, now=now)


def _quota_exceeded(client: ApiClient, *, count: int, now: datetime) -> ApiProblem:
    left = quota_left(client, timezone.localdate(now))
    return ApiProblem(
        "quota_exceeded",
        f"Kuota harian {client.daily_record_quota} rekaman telah terpakai; tersisa {left}, "
        f"permintaan ini memerlukan {count}. Kuota dibuka kembali pukul 00.00 WIB.",
        f"The daily quota of {client.daily_record_quota} records is spent; {left} left, this request "
        f"needs {count}. The quota reopens at 00:00 Asia/Jakarta.",
        headers={"Retry-After": str(seconds_to_midnight(now))},
        quota={"daily_records": client.daily_record_quota, "left": left},
    )


@dataclass
class RequestRecord:
    """What the exchange log keeps of one request."""

    endpoint: str
    status_code: int
    occurred_at: datetime
    client: ApiClient | None = None
    purpose: str = ""
    problem: str = ""
    record_count: int = 0
    address: str | None = None
    person_hashes: tuple[str, ...] = ()

    @property
    def outcome(self) -> str:
        return Outcome.GRANTED if self.status_code < 400 else Outcome.REFUSED


def _note_use(record: RequestRecord, *, counted: bool) -> None:
    client, now = record.client, record.occurred_at
    if not counted:
        day = timezone.localdate(now)
        counter = "calls" if record.outcome == Outcome.GRANTED else "refused"
        if not ApiClientDay.objects.filter(client=client, day=day).update(**{counter: F(counter) + 1}):
            _day_row(client, day)
            ApiClientDay.objects.filter(client=client, day=day).update(**{counter: F(counter) + 1})
    if record.address:
        seen = ApiClientAddress.objects.filter(client=client, address=record.address)
        if not seen.update(last_seen=now, calls=F("calls") + 1):
            try:
                with transaction.atomic():
                    ApiClientAddress.objects.create(
                        client=client, address=record.address, first_seen=now, last_seen=now, calls=1
                    )
            except IntegrityError:
                seen.update(last_seen=now, calls=F("calls") + 1)


def request_log(record: RequestRecord, *, reserve: bool = False) -> int:
    """Write the request into the exchange log (and the client's daily use); with `reserve`, first count its
    records against the quota, so that records served, quota and log can never disagree. Returns the log
    row's id.

    On PostgreSQL all of it is one statement (chain.append_with_use); elsewhere the same writes run one by
    one in a transaction."""
    if connection.vendor != "postgresql":
        return _request_log_by_rows(record, reserve=reserve).pk
    client = record.client
    counted = reserve and client is not None
    granted = record.outcome == Outcome.GRANTED
    use = chain.Use(
        calls=1 if counted or granted else 0,
        refused=0 if counted or granted else 1,
        records=record.record_count if counted else 0,
        limit=client.daily_record_quota if counted else None,
    )
    log_id = chain.append_with_use(use=use, **_log_fields(record))
    if log_id is None:
        raise _quota_exceeded(client, count=record.record_count, now=record.occurred_at)
    return log_id


def _log_fields(record: RequestRecord) -> dict:
    client = record.client
    return {
        "occurred_at": record.occurred_at,
        "person_hashes": record.person_hashes,
        "client": client,
        "agreement_id": client.agreement_id if client else None,
        "provider_id": client.provider_id if client else None,
        "receiver_id": client.receiver_id if client else None,
        "purpose": record.purpose[:40],
        "endpoint": record.endpoint,
        "outcome": record.outcome,
        "status_code": record.status_code,
        "problem": record.problem[:40],
        "record_count": record.record_count if record.outcome == Outcome.GRANTED else 0,
        "address": record.address,
    }


@transaction.atomic
def _request_log_by_rows(record: RequestRecord, *, reserve: bool) -> Any:
    client = record.client
    counted = reserve and client is not None
    if counted:
        records_reserve(client=client, count=record.record_count, now=record.occurred_at)
    if client is not None:
        _note_use(record, counted=counted)
    return chain.append(**_log_fields(record))
