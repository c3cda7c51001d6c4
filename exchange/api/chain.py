"""The exchange log as a hash chain: appending a row, and walking the chain to find the first broken row.

Rows are linked in id order. The chain's head row (LogChainHead) is locked while a row is appended, so two
requests never link to the same predecessor, and it remembers the last hash so that rows cut off the end
are noticed too. The person hashes of a row are sealed into its payload by their digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from exchange.api.models import ExchangeLog, ExchangeLogPerson, LogChainHead
from portal.lib import hashchain

CHAIN = "exchange"
PAYLOAD_FIELDS = (
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


@transaction.atomic
def append(*, occurred_at: datetime, person_hashes: Sequence[str] = (), **fields) -> ExchangeLog:
    """Append one row (and its person hashes) at the end of the chain."""
    hashes = sorted(set(person_hashes))
    row = ExchangeLog(occurred_at=occurred_at, persons_digest=persons_digest(hashes), **fields)
    head = _locked_head(CHAIN)
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
    """What audit_verify found in one chain."""

    chain: str
    checked: int
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def _persons_by_log() -> Iterator[tuple[int, list[str]]]:
    current, hashes = None, []
    rows = ExchangeLogPerson.objects.order_by("log_id", "nip_hash").values_list("log_id", "nip_hash")
    for log_id, nip_hash in rows.iterator(chunk_size=5000):
        if log_id != current:
            if current is not None:
                yield current, hashes
            current, hashes = log_id, []
        hashes.append(nip_hash)
    if current is not None:
        yield current, hashes


def verify() -> ChainReport:
    """Walk the exchange log from its first row; name the first row whose link or content does not hold."""
    ids: list[int] = []
    persons = _persons_by_log()
    pending = next(persons, None)

    def rows() -> Iterator[tuple[str, dict, str]]:
        nonlocal pending
        for row in ExchangeLog.objects.order_by("id").iterator(chunk_size=2000):
            hashes: list[str] = []
            # Person rows of a log row that no longer exists break the chain at the next row that does.
            while pending is not None and pending[0] <= row.pk:
                hashes = pending[1] if pending[0] == row.pk else ["orphan"]
                pending = next(persons, None)
            ids.append(row.pk)
            yield row.previous_hash, payload_of(row, persons_digest(hashes)), row.row_hash

    broken = hashchain.first_broken(rows(), start=hashchain.GENESIS)
    if broken is not None:
        return ChainReport(CHAIN, len(ids), ids[broken], "row")
    head = LogChainHead.objects.filter(chain=CHAIN).first()
    last_hash = ExchangeLog.objects.order_by("-id").values_list("row_hash", flat=True).first()
    if head is None:
        if ids:
            return ChainReport(CHAIN, len(ids), None, "head")
        return ChainReport(CHAIN, 0)
    if head.length != len(ids) or (ids and head.last_hash != last_hash) or pending is not None:
        return ChainReport(CHAIN, len(ids), head.last_id or None, "tail")
    return ChainReport(CHAIN, len(ids))
