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

from django.db import IntegrityError, transaction

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
