"""Reads of the web service, scoped by who asks: an API client (its own direction only) or a portal user
(the clients and log lines of directions in which their institution gives or receives).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementParty
from agreements.selectors import agreements_visible_to
from exchange.api import credentials
from exchange.api.models import ApiClient, ApiClientDay, ExchangeLog, ExchangeLogPerson
from exchange.api.problems import ApiProblem
from exchange.data.choices import VersionStatus
from exchange.data.models import DataField, DataSetVersion, Record
from exchange.data.selectors import lampiran_fields
from portal.models import User


@dataclass
class DirectionAccess:
    """What one API client may see right now: its direction's Lampiran fields and the agreement's purposes."""

    client: ApiClient
    fields: list[str]
    purposes: dict[str, str] = field(default_factory=dict)

    def purpose_list(self) -> list[dict[str, str]]:
        return [{"code": code, "text": text} for code, text in self.purposes.items()]


def access_for(client: ApiClient, *, today: date) -> DirectionAccess:
    """The client's access as of today; ApiProblem when the agreement is not in force or the direction is
    no longer in the Lampiran."""
    agreement = client.agreement
    if not agreement.is_in_force_on(today):
        raise ApiProblem(
            "agreement_not_in_force",
            f"Perjanjian tidak berlaku pada {today.isoformat()} (status: {agreement.status_on(today)}).",
            f"The agreement is not in force on {today.isoformat()} (status: {agreement.status_on(today)}).",
        )
    fields = lampiran_fields(agreement=agreement, provider=client.provider, receiver=client.receiver)
    if not fields:
        raise ApiProblem(
            "direction_not_in_lampiran",
            "Lampiran perjanjian tidak lagi memuat elemen data untuk arah pertukaran klien ini.",
            "The agreement's annex no longer lists any data field for this client's direction.",
        )
    purposes = {item.letter: item.text for item in agreement.scope_items.order_by("order")}
    return DirectionAccess(client=client, fields=list(fields), purposes=purposes)


def field_labels(codes: Iterable[str]) -> dict[str, str]:
    return dict(DataField.objects.filter(code__in=list(codes)).values_list("code", "label"))


def ready_versions(client: ApiClient) -> QuerySet[DataSetVersion]:
    return DataSetVersion.objects.filter(
        dataset__agreement_id=client.agreement_id,
        dataset__provider_id=client.provider_id,
        dataset__receiver_id=client.receiver_id,
        status=VersionStatus.READY,
    )


def latest_version(client: ApiClient) -> DataSetVersion | None:
    return ready_versions(client).order_by("-number").first()


def version_as_of(client: ApiClient, moment: datetime) -> DataSetVersion | None:
    """The version that was the latest ready one at `moment` (the base of `changed_since`)."""
    return ready_versions(client).filter(created_at__lte=moment).order_by("-number").first()


def project(nip: str, values: dict, fields: list[str]) -> dict[str, str | None]:
    """Only the allowed fields, each present (null when the record has no value); the NIP is the record's."""
    data = {code: values.get(code) for code in fields}
    if "nipBaru" in data:
        data["nipBaru"] = nip
    return data


def records_by_nip(version: DataSetVersion, nips: Iterable[str]) -> dict[str, dict]:
    rows = Record.objects.filter(version=version, nip__in=list(nips)).values_list("nip", "values")
    return dict(rows)


def records_page(
    version: DataSetVersion, *, after: int, limit: int, base: DataSetVersion | None
) -> list[tuple[int, str, dict]]:
    """One page of a version in record-id order after `after` (pk, nip, values); with `base`, only records
    new or changed since that version."""
    rows = Record.objects.filter(version=version, pk__gt=after)
    if base is not None:
        rows = rows.exclude(
            Exists(Record.objects.filter(version=base, nip=OuterRef("nip"), values=OuterRef("values")))
        )
    return list(rows.order_by("pk").values_list("pk", "nip", "values")[:limit])


# --- For the portal's pages ---------------------------------------------------------------------------------


def own_parties(user: User, agreement: Agreement) -> list[AgreementParty]:
    return [
        p for p in agreement.parties.all() if user.institution_id and p.institution_id == user.institution_id
    ]


def _directions_of(user: User) -> Q:
    """Rows of a direction in which the user's institution gives or receives."""
    if not user.is_authenticated or not user.institution_id:
        return Q(pk__in=[])
    return Q(provider__institution_id=user.institution_id) | Q(receiver__institution_id=user.institution_id)


def clients_visible_to(user: User) -> QuerySet[ApiClient]:
    return ApiClient.objects.filter(
        _directions_of(user), agreement__in=agreements_visible_to(user)
    ).select_related("provider__institution", "receiver__institution", "agreement")


def log_visible_to(user: User) -> QuerySet[ExchangeLog]:
    return ExchangeLog.objects.filter(_directions_of(user), agreement__in=agreements_visible_to(user))


def agreements_with_clients(user: User) -> QuerySet[Agreement]:
    """Visible agreements with a Lampiran (so that a client could exist), with their clients counted."""
    visible = clients_visible_to(user)
    return (
        agreements_visible_to(user)
        .filter(annex_fields__isnull=False)
        .distinct()
        .annotate(client_count=Count("api_clients", filter=Q(api_clients__in=visible), distinct=True))
        .prefetch_related(
            Prefetch(
                "parties", queryset=AgreementParty.objects.select_related("institution").order_by("order")
            )
        )
        .order_by("-signed_on", "-id")
    )


def clients_of(user: User, agreement: Agreement) -> QuerySet[ApiClient]:
    return (
        clients_visible_to(user)
        .filter(agreement=agreement)
        .prefetch_related("addresses")
        .order_by("revoked_at", "-created_at", "-id")
    )


@dataclass(frozen=True)
class UsageDay:
    day: date
    calls: int
    refused: int
    records: int


def usage_series(user: User, agreement: Agreement, *, today: date, days: int = 30) -> list[UsageDay]:
    """Calls and records per day over the last `days` days for the agreement's visible clients."""
    start = today - timedelta(days=days - 1)
    rows = (
        ApiClientDay.objects.filter(client__in=clients_of(user, agreement).values("pk"), day__gte=start)
        .values("day")
        .annotate(calls=Sum("calls"), refused=Sum("refused"), records=Sum("records"))
    )
    by_day = {row["day"]: row for row in rows}
    series = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        row = by_day.get(day, {})
        series.append(UsageDay(day, row.get("calls") or 0, row.get("refused") or 0, row.get("records") or 0))
    return series


@dataclass(frozen=True)
class LogFilter:
    """The filters of the log page; a bad value drops only itself."""

    client: int | None = None
    outcome: str = ""
    endpoint: str = ""
    date_from: date | None = None
    date_to: date | None = None
    nip: str = ""


def log_of(user: User, agreement: Agreement, filters: LogFilter) -> QuerySet[ExchangeLog]:
    rows = log_visible_to(user).filter(agreement=agreement)
    if filters.client:
        rows = rows.filter(client_id=filters.client)
    if filters.outcome:
        rows = rows.filter(outcome=filters.outcome)
    if filters.endpoint:
        rows = rows.filter(endpoint=filters.endpoint)
    if filters.date_from:
        rows = rows.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(occurred_at__date__lte=filters.date_to)
    if filters.nip:
        served = ExchangeLogPerson.objects.filter(
            log=OuterRef("pk"), nip_hash=credentials.person_hash(filters.nip)
        )
        rows = rows.filter(Exists(served))
    return rows.select_related("client", "receiver__institution", "provider__institution").order_by("-id")


def state_label(client: ApiClient, now: datetime) -> str:
    return {"revoked": _("Dicabut"), "expired": _("Kedaluwarsa"), "active": _("Aktif")}[client.state_at(now)]
