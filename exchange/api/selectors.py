"""Reads of the web service, scoped by who asks: an API client (its own direction only) or a portal user
(the clients and log lines of directions in which their institution gives or receives).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from agreements.choices import AgreementStatus
from agreements.models import Agreement, AgreementParty, ScopeItem
from agreements.selectors import agreements_visible_to
from exchange.api import credentials
from exchange.api.models import ApiClient, ApiClientDay, ApiToken, ExchangeLog, ExchangeLogPerson
from exchange.api.problems import ApiProblem
from exchange.data.choices import VersionStatus
from exchange.data.models import AnnexField, DataField, DataSet, DataSetVersion, Record
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


# Per direction, what a request needs of the Lampiran and the scope: kept in the process, keyed by a stamp
# of those rows that the bearer token's own query reads (`token_with_client`): their count, largest id and
# the sum of their field ids (Lampiran) or text lengths (scope). Both change by replacing rows with new
# ids, so every edit changes the stamp and the next request reads them again. A ready version never changes
# and is kept by its id and creation time. The token's expiry, the client's revocation and expiry and the
# agreement's dates are read with the token on every request, never kept.
_DIRECTIONS: dict[tuple, tuple[list[str], dict[str, str]]] = {}
_VERSIONS: dict[tuple, DataSetVersion] = {}
_CACHE_MAX = 2000


def _direction_rows(client: ApiClient) -> tuple[list[str], dict[str, str]]:
    agreement = client.agreement
    fields = lampiran_fields(agreement=agreement, provider=client.provider, receiver=client.receiver)
    purposes = {item.letter: item.text for item in agreement.scope_items.order_by("order")}
    return list(fields), purposes


def _direction(client: ApiClient) -> tuple[list[str], dict[str, str]]:
    stamp = getattr(client, "access_stamp", None)
    if stamp is None:
        return _direction_rows(client)
    key = (client.agreement_id, client.provider_id, client.receiver_id, *stamp)
    cached = _DIRECTIONS.get(key)
    if cached is None:
        if len(_DIRECTIONS) >= _CACHE_MAX:
            _DIRECTIONS.clear()
        cached = _DIRECTIONS[key] = _direction_rows(client)
    return list(cached[0]), dict(cached[1])


def _columns(model, alias: str) -> tuple[list[str], str, list]:
    """Attribute names, the select list, and the converters that turn a column's value into what the ORM
    would give (SQLite, for one, returns datetimes as text)."""
    fields = model._meta.concrete_fields
    converters = []
    for index, model_field in enumerate(fields):
        column = model_field.get_col(alias)
        functions = connection.ops.get_db_converters(column) + model_field.get_db_converters(connection)
        if functions:
            converters.append((index, column, functions))
    return [f.attname for f in fields], ", ".join(f'{alias}."{f.column}"' for f in fields), converters


@functools.cache
def _token_sql() -> tuple[str, list[tuple[type, list[str], list]]]:
    """The bearer token's query, written once from the models' metadata.

    It is SQL rather than a queryset because it runs on every request, and compiling the equivalent queryset
    (four joins, five subqueries) costs more than the database takes to answer it."""
    models = [
        (ApiToken, "t"),
        (ApiClient, "c"),
        (Agreement, "a"),
        (AgreementParty, "p"),
        (AgreementParty, "r"),
    ]
    shapes, selects = [], []
    for model, alias in models:
        names, columns, converters = _columns(model, alias)
        shapes.append((model, names, converters))
        selects.append(columns)
    table = {m: m._meta.db_table for m in (ApiToken, ApiClient, Agreement, AgreementParty, AnnexField)}
    direction = (
        "agreement_id = c.agreement_id AND provider_id = c.provider_id AND receiver_id = c.receiver_id"
    )
    annex = f"FROM {table[AnnexField]} WHERE {direction}"
    scope = f"FROM {ScopeItem._meta.db_table} WHERE agreement_id = c.agreement_id"
    versions, datasets = DataSetVersion._meta.db_table, DataSet._meta.db_table
    latest = f"""FROM {versions} v JOIN {datasets} d ON d.id = v.dataset_id
             WHERE d.agreement_id = c.agreement_id AND d.provider_id = c.provider_id
               AND d.receiver_id = c.receiver_id AND v.status = %(ready)s
             ORDER BY v.number DESC LIMIT 1"""
    # Table and column names come from the models, values are parameters.
    sql = f"""
        SELECT {", ".join(selects)},
            (SELECT COUNT(*) {annex}), (SELECT MAX(id) {annex}), (SELECT SUM(field_id) {annex}),
            (SELECT COUNT(*) {scope}), (SELECT MAX(id) {scope}), (SELECT SUM(LENGTH(text)) {scope}),
            (SELECT v.id {latest}), (SELECT v.created_at {latest})
        FROM {table[ApiToken]} t
        JOIN {table[ApiClient]} c ON c.id = t.client_id
        JOIN {table[Agreement]} a ON a.id = c.agreement_id
        JOIN {table[AgreementParty]} p ON p.id = c.provider_id
        JOIN {table[AgreementParty]} r ON r.id = c.receiver_id
        WHERE t.token_hash = %(token)s AND t.expires_at > %(now)s
    """  # noqa: S608
    return sql, shapes


def token_with_client(token_hash: str, *, now: datetime) -> ApiToken | None:
    """The unexpired token with its client, agreement and direction, in one query; the client carries the
    stamp of its direction's Lampiran and scope (`access_stamp`) and its latest ready version's id."""
    sql, shapes = _token_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ready": VersionStatus.READY.value, "token": token_hash, "now": now})
        row = cursor.fetchone()
    if row is None:
        return None
    instances, at = [], 0
    for model, names, converters in shapes:
        values = list(row[at : at + len(names)])
        for index, column, functions in converters:
            for function in functions:
                values[index] = function(values[index], column, connection)
        instances.append(model.from_db(connection.alias, names, values))
        at += len(names)
    token, client, agreement, provider, receiver = instances
    client.agreement, client.provider, client.receiver = agreement, provider, receiver
    token.client = client
    client.access_stamp = tuple(row[at : at + 6])
    client.latest_version_id, client.latest_version_stamp = row[at + 6], row[at + 7]
    return token


def not_in_force(agreement: Agreement, today: date) -> ApiProblem:
    """The refusal of an agreement not in force today, saying since or until when."""
    status, last_day = agreement.status_on(today), agreement.last_day_in_force
    if status == AgreementStatus.DRAFT:
        when_id, when_en = "belum ditandatangani", "it has not been signed yet"
    elif status == AgreementStatus.SCHEDULED:
        when_id = f"baru berlaku mulai {agreement.starts_on.isoformat()}"
        when_en = f"it comes into force on {agreement.starts_on.isoformat()}"
    else:
        when_id = f"hari terakhir berlakunya {last_day.isoformat()}"
        when_en = f"its last day in force was {last_day.isoformat()}"
    return ApiProblem(
        "agreement_not_in_force",
        f"Perjanjian ini tidak berlaku pada {today.isoformat()} ({when_id}); layanan web hanya melayani "
        "perjanjian yang sedang berlaku.",
        f"The agreement is not in force on {today.isoformat()} ({when_en}); the web service serves only "
        "agreements in force.",
    )


def access_for(client: ApiClient, *, today: date) -> DirectionAccess:
    """The client's access as of today; ApiProblem when the agreement is not in force or the direction is
    no longer in the Lampiran."""
    agreement = client.agreement
    if not agreement.is_in_force_on(today):
        raise not_in_force(agreement, today)
    fields, purposes = _direction(client)
    if not fields:
        raise ApiProblem(
            "direction_not_in_lampiran",
            "Lampiran perjanjian tidak lagi memuat elemen data untuk arah pertukaran klien ini.",
            "The agreement's annex no longer lists any data field for this client's direction.",
        )
    return DirectionAccess(client=client, fields=fields, purposes=purposes)


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
    """With the id read by `token_with_client`, a ready version (immutable) comes from the process's cache."""
    if not hasattr(client, "latest_version_id"):
        return ready_versions(client).order_by("-number").first()
    if client.latest_version_id is None:
        return None
    key = (client.latest_version_id, str(client.latest_version_stamp))
    version = _VERSIONS.get(key)
    if version is None:
        version = ready_versions(client).filter(pk=client.latest_version_id).first()
        if version is not None:
            if len(_VERSIONS) >= _CACHE_MAX:
                _VERSIONS.clear()
            _VERSIONS[key] = version
    return version


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
    """The records of these NIPs in one query (SQL: it runs on every query and verify call)."""
    nips = list(nips)
    if not nips:
        return {}
    table = Record._meta.db_table
    if connection.vendor == "postgresql":
        where, params = "nip = ANY(%s)", [version.pk, nips]  # one parameter, not a hundred
    else:
        where, params = "nip IN ({})".format(", ".join(["%s"] * len(nips))), [version.pk, *nips]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT nip, "values" FROM {table} WHERE version_id = %s AND {where}', params)  # noqa: S608
        rows = cursor.fetchall()
    return {nip: json.loads(values) if isinstance(values, str | bytes) else values for nip, values in rows}


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
