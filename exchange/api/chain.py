"""The exchange log as hash chains: appending a row, and walking the chains to find the first broken row.

There is one chain per API client (and one for requests whose client is unknown), linked in id order: a
client's requests are its own sequence of events, and separate chains let twenty partners be logged in
parallel instead of queueing on one lock. The chain's head row (LogChainHead) is locked while a row is
appended, so two requests never link to the same predecessor, and it remembers the last hash and the length
so that rows cut off the end are noticed too. The person hashes of a row are sealed into its payload.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from exchange.api.models import ExchangeLog, ExchangeLogPerson, LogChainHead
from portal.lib import hashchain

UNKNOWN_CLIENT_CHAIN = "client-unknown"
PAYLOAD_FIELDS = (
    "chain",
    "client_id",
    "agreement_id",
    "provider_id",
    "receiver_id",
    "purpose",
    "endpoint",
    "outcome",
    "status_code",
    "problem",
    "record_count",
    "address",
)


def chain_of(client_id: int | None) -> str:
    return f"client-{client_id}" if client_id else UNKNOWN_CLIENT_CHAIN


def persons_digest(hashes: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest() if hashes else ""


def payload_of(row: ExchangeLog, digest: str) -> dict:
    payload = {name: getattr(row, name) for name in PAYLOAD_FIELDS}
    payload["occurred_at"] = row.occurred_at.isoformat()
    payload["persons_digest"] = digest
    return payload


def _locked_head(chain: str) -> LogChainHead:
    try:
        return LogChainHead.objects.select_for_update().get(chain=chain)
    except LogChainHead.DoesNotExist:
        try:
            with transaction.atomic():
                LogChainHead.objects.create(chain=chain, last_hash=hashchain.GENESIS)
        except IntegrityError:
            pass  # another request created it first; lock theirs
        return LogChainHead.objects.select_for_update().get(chain=chain)


@transaction.atomic(savepoint=False)
def append(*, occurred_at: datetime, person_hashes: Sequence[str] = (), **fields) -> ExchangeLog:
    """Append one row (and its person hashes) at the end of its client's chain."""
    hashes = sorted(set(person_hashes))
    row = ExchangeLog(occurred_at=occurred_at, persons_digest=persons_digest(hashes), **fields)
    row.chain = chain_of(row.client_id)
    head = _locked_head(row.chain)
    row.previous_hash = head.last_hash
    row.row_hash = hashchain.link(head.last_hash, payload_of(row, row.persons_digest))
    row.save(force_insert=True)
    if hashes:
        ExchangeLogPerson.objects.bulk_create(ExchangeLogPerson(log=row, nip_hash=h) for h in hashes)
    LogChainHead.objects.filter(pk=head.pk).update(
        last_id=row.pk, last_hash=row.row_hash, length=head.length + 1
    )
    return row


@dataclass(frozen=True)
class ChainReport:
    """What audit_verify found in the exchange log's chains."""

    chains: int
    checked: int
    broken_id: int | None = None
    problem: str = ""
    chain: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def _rows_with_persons(chain: str) -> Iterator[tuple[ExchangeLog, list[str]]]:
    """The chain's rows in order, each with its person hashes (read a batch of rows at a time)."""
    rows = ExchangeLog.objects.filter(chain=chain).order_by("id")
    batch: list[ExchangeLog] = []

    def flush():
        persons: dict[int, list[str]] = {}
        for log_id, nip_hash in (
            ExchangeLogPerson.objects.filter(log_id__in=[row.pk for row in batch])
            .order_by("log_id", "nip_hash")
            .values_list("log_id", "nip_hash")
        ):
            persons.setdefault(log_id, []).append(nip_hash)
        for row in batch:
            yield row, persons.get(row.pk, [])

    for row in rows.iterator(chunk_size=2000):
        batch.append(row)
        if len(batch) == 2000:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def _verify_chain(head: LogChainHead | None, chain: str) -> tuple[int, int | None, str]:
    ids: list[int] = []

    def links() -> Iterator[tuple[str, dict, str]]:
        for row, hashes in _rows_with_persons(chain):
            ids.append(row.pk)
            yield row.previous_hash, payload_of(row, persons_digest(hashes)), row.row_hash

    broken = hashchain.first_broken(links(), start=hashchain.GENESIS)
    if broken is not None:
        return len(ids), ids[broken], "row"
    last_hash = (
        ExchangeLog.objects.filter(chain=chain).order_by("-id").values_list("row_hash", flat=True).first()
    )
    if head is None or head.length != len(ids) or head.last_hash != (last_hash or hashchain.GENESIS):
        return len(ids), head.last_id if head else None, "tail"
    return len(ids), None, ""


def verify() -> ChainReport:
    """Walk every chain of the exchange log from its first row; name the first row that does not hold.

    Person rows whose log row is gone, or that were moved to another row, break that row's digest."""
    heads = {head.chain: head for head in LogChainHead.objects.all()}
    chains = sorted(set(heads) | set(ExchangeLog.objects.values_list("chain", flat=True).distinct()))
    checked = 0
    for chain in chains:
        count, broken_id, problem = _verify_chain(heads.get(chain), chain)
        checked += count
        if problem:
            return ChainReport(len(chains), checked, broken_id, problem, chain)
    orphans = ExchangeLogPerson.objects.exclude(log_id__in=ExchangeLog.objects.values("pk")).first()
    if orphans is not None:
        return ChainReport(len(chains), checked, orphans.log_id, "tail", "")
    return ChainReport(len(chains), checked)


# One statement for a request's whole trace on PostgreSQL: the daily use (with the quota's compare-and-set),
# the chain head's lock, the row with its hash, its person hashes, the address seen and the new head. Run in
# autocommit it is one round trip and atomic. The row's id is drawn after the head is locked, so ids keep the
# chain's order even when requests of one client race; a request over its quota writes nothing.
_APPEND_SQL = """
WITH day AS (
    INSERT INTO exchange_api_apiclientday AS d (client_id, day, calls, refused, records)
    SELECT %(client)s::bigint, %(day)s::date, %(calls)s::int, %(refused)s::int, %(records)s::int
    WHERE %(client)s::bigint IS NOT NULL
      AND (%(limit)s::int IS NULL OR %(needed)s::int <= %(limit)s::int)
      AND EXISTS (SELECT 1 FROM exchange_api_logchainhead WHERE chain = %(chain)s::text)
    ON CONFLICT (client_id, day) DO UPDATE
        SET calls = d.calls + EXCLUDED.calls,
            refused = d.refused + EXCLUDED.refused,
            records = d.records + EXCLUDED.records
        WHERE %(limit)s::int IS NULL OR d.records + %(needed)s::int <= %(limit)s::int
    RETURNING 1
),
head AS (
    SELECT id, last_hash, length FROM exchange_api_logchainhead
    WHERE chain = %(chain)s::text AND (%(client)s::bigint IS NULL OR EXISTS (SELECT 1 FROM day))
    FOR UPDATE
),
next AS (
    SELECT id AS head_id, last_hash, length,
           nextval(pg_get_serial_sequence('exchange_api_exchangelog', 'id')) AS log_id
    FROM head
),
log AS (
    INSERT INTO exchange_api_exchangelog (
        id, occurred_at, client_id, agreement_id, provider_id, receiver_id, purpose, endpoint, outcome,
        status_code, problem, record_count, address, persons_digest, chain, previous_hash, row_hash
    )
    SELECT log_id, %(occurred_at)s::timestamptz, %(client)s::bigint, %(agreement)s::bigint,
           %(provider)s::bigint, %(receiver)s::bigint, %(purpose)s::text, %(endpoint)s::text,
           %(outcome)s::text, %(status_code)s::int, %(problem)s::text, %(record_count)s::int,
           %(address)s::inet, %(persons_digest)s::text, %(chain)s::text, last_hash,
           encode(sha256(convert_to(last_hash || E'\\n', 'UTF8') || %(payload)s::bytea), 'hex')
    FROM next
    RETURNING id, row_hash
),
persons AS (
    INSERT INTO exchange_api_exchangelogperson (log_id, nip_hash)
    SELECT log.id, nip_hash FROM log, unnest(%(hashes)s::text[]) AS nip_hash
),
seen AS (
    INSERT INTO exchange_api_apiclientaddress AS a (client_id, address, first_seen, last_seen, calls)
    SELECT %(client)s::bigint, %(address)s::inet, %(occurred_at)s::timestamptz,
           %(occurred_at)s::timestamptz, 1
    FROM log WHERE %(client)s::bigint IS NOT NULL AND %(address)s::inet IS NOT NULL
    ON CONFLICT (client_id, address) DO UPDATE SET last_seen = EXCLUDED.last_seen, calls = a.calls + 1
),
moved AS (
    UPDATE exchange_api_logchainhead AS h
    SET last_id = log.id, last_hash = log.row_hash, length = next.length + 1
    FROM log, next WHERE h.id = next.head_id
)
SELECT (SELECT id FROM log),
       EXISTS (SELECT 1 FROM exchange_api_logchainhead WHERE chain = %(chain)s::text)
"""


@dataclass(frozen=True)
class Use:
    """What one request adds to its client's day: records served and calls granted or refused; `limit` is
    the daily record quota to respect (None: count without a limit)."""

    calls: int = 0
    refused: int = 0
    records: int = 0
    limit: int | None = None


def append_with_use(
    *, occurred_at: datetime, use: Use, person_hashes: Sequence[str] = (), **fields
) -> int | None:
    """PostgreSQL: append one row with its person hashes and count the request's use, in one statement.

    Returns the new row's id, or None when `use.limit` refused the records (then nothing was written)."""
    hashes = sorted(set(person_hashes))
    row = ExchangeLog(occurred_at=occurred_at, persons_digest=persons_digest(hashes), **fields)
    row.chain = chain_of(row.client_id)
    params = {
        "client": row.client_id,
        "agreement": row.agreement_id,
        "provider": row.provider_id,
        "receiver": row.receiver_id,
        "day": timezone.localdate(occurred_at),
        "calls": use.calls,
        "refused": use.refused,
        "records": use.records,
        "limit": use.limit,
        "needed": max(use.records, 1),
        "chain": row.chain,
        "occurred_at": occurred_at,
        "purpose": row.purpose,
        "endpoint": row.endpoint,
        "outcome": row.outcome,
        "status_code": row.status_code,
        "problem": row.problem,
        "record_count": row.record_count,
        "address": row.address,
        "persons_digest": row.persons_digest,
        "payload": hashchain.canonical(payload_of(row, row.persons_digest)),
        "hashes": hashes,
    }
    with connection.cursor() as cursor:
        for _attempt in range(2):
            cursor.execute(_APPEND_SQL, params)
            log_id, head_exists = cursor.fetchone()
            if log_id is not None or head_exists:
                return log_id
            # The chain's first row: make its head (a parallel request may make it first), then append.
            cursor.execute(
                "INSERT INTO exchange_api_logchainhead (chain, last_id, last_hash, length) "
                "VALUES (%s, 0, %s, 0) ON CONFLICT (chain) DO NOTHING",
                [row.chain, hashchain.GENESIS],
            )
    raise RuntimeError(f"The log chain {row.chain} has no head")
