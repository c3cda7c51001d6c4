"""Reads of the data sets, scoped by who asks.

A data set is seen by the two parties of its direction only (a third party to the same agreement does not
see it), and `datasets_visible_to` is the one door: the pages, the downloads, the web service and matching
all start from it or from `versions_visible_to`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet

from agreements.models import Agreement, AgreementParty
from agreements.selectors import VIEW_PERSONAL_DATA, Right, user_can
from exchange.data.choices import VersionStatus
from exchange.data.models import (
    AnnexField,
    DataField,
    DataSet,
    DataSetVersion,
    LampiranChange,
    LampiranChangeLine,
    LampiranVersion,
    Record,
)
from portal.models import User

NIP_FIELD = "nipBaru"
FRAME_BATCH = 50_000


def lampiran_fields(*, agreement: Agreement, provider: AgreementParty, receiver: AgreementParty) -> list[str]:
    """The catalogue codes of one direction of an agreement's Lampiran, in the catalogue's order."""
    return list(
        AnnexField.objects.filter(agreement=agreement, provider=provider, receiver=receiver)
        .order_by("field__order", "field__code")
        .values_list("field__code", flat=True)
    )


def datasets_visible_to(user: User) -> QuerySet[DataSet]:
    """Data sets whose providing or receiving party is the user's institution; nothing for anyone else."""
    if not user.is_authenticated or not getattr(user, "institution_id", None):
        return DataSet.objects.none()
    institution = user.institution_id
    return DataSet.objects.filter(
        Q(provider__institution_id=institution) | Q(receiver__institution_id=institution)
    )


def versions_visible_to(user: User) -> QuerySet[DataSetVersion]:
    """Versions of the visible data sets (every status; readers of data filter on ready)."""
    return DataSetVersion.objects.filter(dataset__in=datasets_visible_to(user))


def ready_versions_visible_to(user: User) -> QuerySet[DataSetVersion]:
    return versions_visible_to(user).filter(status=VersionStatus.READY)


def records_visible_to(user: User) -> QuerySet[Record]:
    return Record.objects.filter(version__in=ready_versions_visible_to(user))


def can_view_personal_data(user: User, dataset: DataSet) -> bool:
    """The same right the correction proposals use: the per-agreement personal-data grant."""
    return user_can(user, VIEW_PERSONAL_DATA, dataset.agreement)


def can_import(user: User, dataset: DataSet) -> bool:
    """A roster is loaded by the providing party's people who keep its own records on the agreement."""
    return (
        user.is_authenticated
        and user.institution_id == dataset.provider.institution_id
        and user_can(user, Right.KEEP_OWN, dataset.agreement)
    )


def version_frame(version: DataSetVersion, fields: list[str] | None = None) -> pl.DataFrame:
    """The records of a version as a frame: "nip" and one Utf8 column per catalogue code (null if missing).

    Read in one pass without building Python objects per row: COPY to a spooled file on PostgreSQL, batches
    of plain tuples elsewhere.
    """
    codes = [code for code in (fields if fields is not None else version.fields) if code != "nip"]
    schema = {"nip": pl.Utf8, **dict.fromkeys(codes, pl.Utf8)}
    if connection.vendor == "postgresql":
        return _frame_by_copy(version.pk, codes, schema)
    return _frame_by_batches(version.pk, codes, schema)


def _frame_by_copy(version_id: int, codes: list[str], schema: dict) -> pl.DataFrame:
    from psycopg import sql

    columns = [sql.Identifier("nip")]
    for code in codes:
        if code == NIP_FIELD:
            columns.append(sql.SQL("nip"))
        else:
            columns.append(sql.SQL('"values" ->> {}').format(sql.Literal(code)))
    query = sql.SQL(
        "COPY (SELECT {} FROM exchange_data_record WHERE version_id = {} ORDER BY nip) "
        "TO STDOUT WITH (FORMAT csv)"
    ).format(sql.SQL(", ").join(columns), sql.Literal(int(version_id)))
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as buffer:
        with connection.cursor() as cursor, cursor.copy(query) as copy:
            for block in copy:
                buffer.write(block)
        if not buffer.tell():
            return pl.DataFrame(schema=schema)
        buffer.seek(0)
        return pl.read_csv(
            buffer,
            has_header=False,
            new_columns=list(schema),
            schema=schema,
            quote_char='"',
        )


def _frame_by_batches(version_id: int, codes: list[str], schema: dict) -> pl.DataFrame:
    expressions = ["nip"]
    params: list = []
    for code in codes:
        if code == NIP_FIELD:
            expressions.append("nip")
        else:
            expressions.append('json_extract("values", %s)')
            params.append(f'$."{code}"')
    # Only fixed expressions are joined in; the codes travel as parameters.
    query = f"SELECT {', '.join(expressions)} FROM exchange_data_record WHERE version_id = %s ORDER BY nip"  # noqa: S608
    frames = []
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, version_id])
        while batch := cursor.fetchmany(FRAME_BATCH):
            frames.append(pl.DataFrame(batch, schema=schema, orient="row"))
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)


def directions_visible_to(user: User) -> list[tuple[Agreement, AgreementParty, AgreementParty]]:
    """The Lampiran directions whose giving or receiving party is the user's institution, in one query."""
    if not user.is_authenticated or not getattr(user, "institution_id", None):
        return []
    institution = user.institution_id
    lines = (
        AnnexField.objects.filter(
            Q(provider__institution_id=institution) | Q(receiver__institution_id=institution)
        )
        .select_related("agreement", "provider__institution", "receiver__institution")
        .order_by("agreement__title", "agreement_id", "provider__order", "receiver__order")
    )
    seen, directions = set(), []
    for line in lines:
        key = (line.agreement_id, line.provider_id, line.receiver_id)
        if key not in seen:
            seen.add(key)
            directions.append((line.agreement, line.provider, line.receiver))
    return directions


def can_download(user: User, dataset: DataSet, *, today) -> bool:
    """The file of a version holds personal data: the personal-data grant, and for the receiving party only
    while the agreement is in force (the providing party may always read what it gave)."""
    if not can_view_personal_data(user, dataset):
        return False
    if user.institution_id == dataset.provider.institution_id:
        return True
    return user.institution_id == dataset.receiver.institution_id and dataset.agreement.is_in_force_on(today)


# --- The Lampiran: its versions, the one in force on a day, the changes proposed ---------------------------


@dataclass(frozen=True)
class LampiranDirection:
    """One direction of a Lampiran (who gives to whom) with its lines as of one version."""

    provider: AgreementParty
    receiver: AgreementParty
    lines: list  # LampiranLine or AnnexField rows, in catalogue order

    @property
    def key(self) -> str:
        return f"{self.provider.pk}-{self.receiver.pk}"


def lampiran_versions(agreement: Agreement) -> list[LampiranVersion]:
    """Every version of the agreement's Lampiran, newest first, with its addendum."""
    return list(
        LampiranVersion.objects.filter(agreement=agreement)
        .select_related("amendment", "created_by")
        .order_by("-number")
    )


def lampiran_version_on(agreement: Agreement, day: date, versions: list[LampiranVersion] | None = None):
    """The version in force on `day`: the newest whose first day has come (version 1 holds from the start)."""
    versions = lampiran_versions(agreement) if versions is None else versions
    for version in versions:  # newest first
        if version.valid_from is None or version.valid_from <= day:
            return version
    return None


def lampiran_directions(
    agreement: Agreement, parties: list[AgreementParty], version: LampiranVersion | None
) -> list[LampiranDirection]:
    """The directions that carry data in a version (every ordered pair of parties that has a line).

    Without a version (an agreement whose Lampiran was never kept) the lines in force are the annex rows.
    A one-way agreement has one direction; the other party gives nothing and nothing is asked of it.
    """
    rows = AnnexField.objects.filter(agreement=agreement) if version is None else version.lines.all()
    rows = rows.select_related("field").order_by("field__order", "field__code")
    by_pair: dict[tuple[int, int], list] = {}
    for row in rows:
        by_pair.setdefault((row.provider_id, row.receiver_id), []).append(row)
    parties_by_id = {p.pk: p for p in parties}
    ordered = sorted(by_pair, key=lambda k: (parties_by_id[k[0]].order, parties_by_id[k[1]].order))
    return [LampiranDirection(parties_by_id[p], parties_by_id[r], by_pair[(p, r)]) for p, r in ordered]


def lampiran_changes(agreement: Agreement) -> list[LampiranChange]:
    """Changes proposed to the agreement's Lampiran, newest first, with their lines."""
    return list(
        LampiranChange.objects.filter(agreement=agreement)
        .select_related(
            "provider__institution",
            "receiver__institution",
            "proposing_party__institution",
            "proposed_by",
            "decided_by",
            "version",
        )
        .prefetch_related(Prefetch("lines", queryset=LampiranChangeLine.objects.select_related("field")))
    )


def proposal_field_choices(*, provider: AgreementParty, receiver: AgreementParty) -> QuerySet[DataField]:
    """The catalogue fields a correction proposal may name: the Lampiran of the data's direction, today."""
    return DataField.objects.filter(
        pk__in=AnnexField.objects.filter(provider=provider, receiver=receiver).values("field_id")
    )


def proposal_field_choices_for(
    user: User, receiving_parties: QuerySet[AgreementParty]
) -> QuerySet[DataField]:
    """The fields a new proposal of the user may name: those the offered parties give the user's party."""
    if not user.is_authenticated or not getattr(user, "institution_id", None):
        return DataField.objects.none()
    lines = AnnexField.objects.filter(
        provider__in=receiving_parties, receiver__institution_id=user.institution_id
    ).filter(receiver__agreement_id=F("provider__agreement_id"))
    return DataField.objects.filter(pk__in=lines.values("field_id"))
