"""Writes of the data sets: a data set per Lampiran direction, versions filled all or nothing, retention,
differences between versions, and the hash-chained log of personal-data reads.

The roster import (file reading, mapping, the background job) lives in `exchange.data.imports` and stores
through `version_store_staged` here, so an import and a sync run make versions the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.choices import AmendmentKind, EventKind
from agreements.models import Agreement, AgreementEvent, AgreementParty, Amendment
from agreements.selectors import Right, may
from exchange.data import loading
from exchange.data.choices import AccessAction, SourceKind, VersionStatus
from exchange.data.models import (
    AnnexField,
    DataAccess,
    DataAccessHead,
    DataField,
    DataSet,
    DataSetVersion,
    LampiranChange,
    LampiranChangeLine,
    LampiranLine,
    LampiranVersion,
    Record,
)
from exchange.data.selectors import lampiran_fields
from portal.choices import Role
from portal.lib import hashchain, stored_text
from portal.lib.queue import ring_after_commit
from portal.lib.stored_text import Keyed, day_of, keyed, texts
from portal.models import User
from portal.principals import institution_of, user_of

DEFAULT_KEEP_VERSIONS = 5
COPY_SQL = 'COPY exchange_data_record (version_id, nip, "values") FROM STDIN'
INSERT_SQL = 'INSERT INTO exchange_data_record (version_id, nip, "values") VALUES (%s, %s, %s)'


def keep_versions() -> int:
    return max(1, int(getattr(settings, "DATASET_KEEP_VERSIONS", DEFAULT_KEEP_VERSIONS)))


def dataset_name(provider: AgreementParty, receiver: AgreementParty) -> str:
    return _("Data %(giver)s untuk %(taker)s") % {
        "giver": provider.institution.short_name or provider.institution.name,
        "taker": receiver.institution.short_name or receiver.institution.name,
    }


@transaction.atomic
def dataset_for_direction(
    *, agreement: Agreement, provider: AgreementParty, receiver: AgreementParty
) -> DataSet:
    """The data set of one Lampiran direction, made the first time it is asked for.

    A direction that the agreement's Lampiran does not name has no data set: ValidationError.
    """
    if provider.agreement_id != agreement.pk or receiver.agreement_id != agreement.pk:
        raise ValidationError(_("Pihak pemberi dan penerima harus pihak pada perjanjian ini."))
    if not AnnexField.objects.filter(agreement=agreement, provider=provider, receiver=receiver).exists():
        raise ValidationError(
            _("Lampiran perjanjian ini tidak memuat elemen data dari %(giver)s kepada %(taker)s.")
            % {"giver": provider.role_name, "taker": receiver.role_name}
        )
    dataset, _created = DataSet.objects.get_or_create(
        agreement=agreement,
        provider=provider,
        receiver=receiver,
        defaults={"name": dataset_name(provider, receiver)[:300]},
    )
    return dataset


def field_types(codes: Iterable[str]) -> dict[str, str]:
    return dict(DataField.objects.filter(code__in=list(codes)).values_list("code", "data_type"))


def _direction_fields(dataset: DataSet) -> list[str]:
    codes = lampiran_fields(agreement=dataset.agreement, provider=dataset.provider, receiver=dataset.receiver)
    if loading.NIP_FIELD not in codes:
        codes = [loading.NIP_FIELD, *codes]
    return codes


def _new_version(
    *, dataset: DataSet, fields: list[str], source_kind: str, source_name: str, acting_user: User | None
) -> DataSetVersion:
    DataSet.objects.select_for_update().filter(pk=dataset.pk).first()
    last = dataset.versions.aggregate(n=Max("number"))["n"] or 0
    previous = dataset.versions.filter(status=VersionStatus.READY).order_by("-number").first()
    return DataSetVersion.objects.create(
        dataset=dataset,
        number=last + 1,
        status=VersionStatus.LOADING,
        source_kind=source_kind,
        source_name=(source_name or "")[:255],
        created_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        fields=fields,
        previous=previous,
    )


def refusal(error: loading.RowsRefused, *, shown: int = 20) -> ValidationError:
    """A ValidationError that names the first problems row by row, and how many there are."""
    lines = [
        _("Baris %(row)s, %(column)s: %(message)s") % problem.as_dict() for problem in error.problems[:shown]
    ]
    if error.count > shown:
        lines.append(_("... dan %(n)s masalah lain.") % {"n": error.count - shown})
    return ValidationError(lines)


@transaction.atomic
def version_create(
    *,
    dataset: DataSet,
    rows: Iterable[dict],
    source_kind: str,
    source_name: str,
    acting_user: User | None = None,
) -> DataSetVersion:
    """A new ready version from rows of {catalogue code: value} that each carry "nipBaru".

    Only the Lampiran fields of the data set's direction are kept; values are normalised (dates, ranks,
    titles split from names) where they can be and kept as written where they cannot. A missing, malformed
    or repeated NIP refuses all rows (ValidationError naming them) and nothing is stored.
    `acting_user=None` means a system job (a sync run) is the author.
    """
    if source_kind not in SourceKind.values:
        raise ValidationError(_("Sumber versi tidak dikenal."))
    fields = _direction_fields(dataset)
    loader = loading.Loader(fields=fields, types=field_types(fields), strict=False)
    for frame in loading.frames_of_dicts(rows, fields):
        loader.feed(frame)
    try:
        checksum = loader.finish()
    except loading.RowsRefused as error:
        raise refusal(error) from None
    version = _new_version(
        dataset=dataset,
        fields=fields,
        source_kind=source_kind,
        source_name=source_name,
        acting_user=acting_user,
    )
    try:
        _store(version, loader.staged_path)
    finally:
        loader.discard()
    return _mark_ready(version, rows=loader.rows, checksum=checksum)


def version_store_staged(
    *,
    dataset: DataSet,
    staged_path: Path,
    rows: int,
    checksum: str,
    fields: list[str],
    source_name: str,
    acting_user: User | None,
    on_progress: Callable[[int], None] | None = None,
) -> DataSetVersion:
    """Store rows an import has already checked and staged, as a new version (inside the caller's
    transaction, so the import's own status changes with it)."""
    version = _new_version(
        dataset=dataset,
        fields=fields,
        source_kind=SourceKind.IMPORT,
        source_name=source_name,
        acting_user=acting_user,
    )
    _store(version, staged_path, on_progress=on_progress)
    return _mark_ready(version, rows=rows, checksum=checksum)


def _store(version: DataSetVersion, path: Path, *, on_progress: Callable[[int], None] | None = None) -> None:
    done = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.copy(COPY_SQL) as copy:
            for block in loading.stored_lines(path, version.pk):
                copy.write(block)
                done += block.count(b"\n")
                if on_progress:
                    on_progress(done)
        return
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in loading.staged_rows(path, version.pk):
            batch.append(row)
            if len(batch) >= 5000:
                cursor.executemany(INSERT_SQL, batch)
                done += len(batch)
                batch = []
                if on_progress:
                    on_progress(done)
        if batch:
            cursor.executemany(INSERT_SQL, batch)


def _mark_ready(version: DataSetVersion, *, rows: int, checksum: str) -> DataSetVersion:
    from exchange.data import tasks

    version.status = VersionStatus.READY
    version.row_count = rows
    version.checksum = checksum
    version.save(update_fields=["status", "row_count", "checksum"])
    ring_after_commit(tasks.count_differences, version.pk)
    ring_after_commit(tasks.purge_versions, version.dataset_id)
    return version


# --- Differences ---------------------------------------------------------------------------------------


def _other(version: DataSetVersion, nip_ref: str = "nip") -> object:
    return Record.objects.filter(version_id=version.previous_id, nip=OuterRef(nip_ref))


def added_records(version: DataSetVersion):
    """Records of this version whose NIP the previous ready version did not have (all, for the first)."""
    records = Record.objects.filter(version=version)
    if version.previous_id is None:
        return records
    return records.filter(~Exists(_other(version)))


def removed_records(version: DataSetVersion):
    """Records of the previous version whose NIP this version no longer has."""
    if version.previous_id is None:
        return Record.objects.none()
    return Record.objects.filter(version_id=version.previous_id).filter(
        ~Exists(Record.objects.filter(version=version, nip=OuterRef("nip")))
    )


def changed_records(version: DataSetVersion):
    """Records of this version whose NIP the previous version had with other values."""
    if version.previous_id is None:
        return Record.objects.none()
    same = _other(version).filter(values=OuterRef("values"))
    return Record.objects.filter(version=version).filter(Exists(_other(version)), ~Exists(same))


def version_diff_count(*, version: DataSetVersion) -> DataSetVersion:
    """Count what changed against the previous ready version, once; the counts stay on the version."""
    if version.has_diff_counts or version.status != VersionStatus.READY:
        return version
    counts = {
        "added_count": added_records(version).count(),
        "removed_count": removed_records(version).count(),
        "changed_count": changed_records(version).count(),
    }
    DataSetVersion.objects.filter(pk=version.pk, added_count__isnull=True).update(**counts)
    for name, value in counts.items():
        setattr(version, name, value)
    return version


# --- Retention -----------------------------------------------------------------------------------------


def versions_purge(
    *, dataset: DataSet | None = None, keep: int | None = None, now: datetime | None = None
) -> int:
    """Delete the records of ready versions beyond the newest `keep` (DATASET_KEEP_VERSIONS, default 5) and
    of failed versions; the version rows stay, marked purged, so what refers to them still resolves.

    Each version is purged in its own transaction; a second run finds nothing to do. Returns how many.
    """
    keep = keep or keep_versions()
    datasets = DataSet.objects.all() if dataset is None else DataSet.objects.filter(pk=dataset.pk)
    purged = 0
    for dataset_id in datasets.values_list("pk", flat=True):
        ready = DataSetVersion.objects.filter(dataset_id=dataset_id, status=VersionStatus.READY)
        stale = list(ready.order_by("-number").values_list("pk", flat=True)[keep:])
        stale += DataSetVersion.objects.filter(
            dataset_id=dataset_id, status=VersionStatus.FAILED
        ).values_list("pk", flat=True)
        for version_id in stale:
            purged += _purge_one(version_id, now=now)
    return purged


def version_purge(*, version: DataSetVersion, now: datetime | None = None) -> int:
    """Delete one version's records now, whatever its age (the end of an agreement's term, Pasal 9 ayat
    (6)); the row stays, marked purged. Returns 1, or 0 when it was purged already."""
    return _purge_one(version.pk, now=now)


@transaction.atomic
def _purge_one(version_id: int, *, now: datetime | None) -> int:
    version = (
        DataSetVersion.objects.select_for_update()
        .filter(pk=version_id, status__in=[VersionStatus.READY, VersionStatus.FAILED])
        .first()
    )
    if version is None:
        return 0  # another run purged it first
    records = Record.objects.filter(version_id=version_id)
    records._raw_delete(records.db)
    version.status = VersionStatus.PURGED
    version.purged_at = now or timezone.now()
    version.save(update_fields=["status", "purged_at"])
    return 1


# --- The access log (Pasal 9) --------------------------------------------------------------------------


@transaction.atomic
def access_record(
    *,
    user: User,
    action: AccessAction,
    version: DataSetVersion | None,
    record_ids: Sequence[int] = (),
    row_count: int | None = None,
    now: datetime | None = None,
) -> DataAccess:
    """Append one read of personal data to the hash-chained log; the chain's head row is locked meanwhile,
    so concurrent readers line up instead of forking the chain."""
    head = DataAccessHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _created = DataAccessHead.objects.get_or_create(pk=1, defaults={"last_hash": hashchain.GENESIS})
        head = DataAccessHead.objects.select_for_update().get(pk=1)
    ids = sorted(set(record_ids))
    entry = DataAccess(
        user=user,
        institution_id=user.institution_id,
        action=action,
        version=version,
        record_ids=ids,
        row_count=len(ids) if row_count is None else row_count,
        occurred_at=now or timezone.now(),
        previous_hash=head.last_hash,
    )
    entry.hash = hashchain.link(entry.previous_hash, entry.payload())
    entry.save()
    head.last_hash = entry.hash
    head.save(update_fields=["last_hash"])
    return entry


def access_log_verify() -> int | None:
    """The id of the first access-log row whose chain is broken, or None when the whole log holds."""
    entries = DataAccess.objects.order_by("pk").iterator(chunk_size=2000)
    ids: list[int] = []

    def chain():
        for entry in entries:
            ids.append(entry.pk)
            yield entry.previous_hash, entry.payload(), entry.hash

    index = hashchain.first_broken(chain(), start=hashchain.GENESIS)
    return None if index is None else ids[index]


def progress_writer(model, pk: int) -> Callable[[int], None]:
    """Report progress from inside a long transaction: on PostgreSQL through a second connection that
    commits at once (the polling page reads it); elsewhere nothing until the transaction ends."""
    if connection.vendor != "postgresql":
        return lambda done: None
    side = connections.create_connection("default")

    def write(done: int) -> None:
        with side.cursor() as cursor:
            table = side.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"UPDATE {table} SET progress_done = %s, claimed_at = NOW() WHERE id = %s",  # noqa: S608
                [done, pk],
            )  # noqa: S608

    write.close = side.close  # type: ignore[attr-defined]
    return write


# --- The Lampiran: edited by the parties before signing, changed by accepted proposals after ---------------


@dataclass(frozen=True)
class LineInput:
    """One data element of a direction as a form gives it: the catalogue field and its note."""

    field: DataField
    note: str = ""


NOTE_MAX = 300


def _lock_agreement(agreement: Agreement) -> Agreement:
    Agreement.objects.select_for_update().filter(pk=agreement.pk).values_list("pk", flat=True).get()
    agreement.refresh_from_db()
    return agreement


def _own_party(agreement: Agreement, principal) -> AgreementParty | None:
    institution = institution_of(principal)
    if institution is None:
        return None
    return AgreementParty.objects.filter(agreement=agreement, institution_id=institution).first()


def _check_direction(agreement: Agreement, provider: AgreementParty, receiver: AgreementParty) -> None:
    if provider.agreement_id != agreement.pk or receiver.agreement_id != agreement.pk:
        raise ValidationError(_("Pihak pemberi dan penerima harus pihak pada perjanjian ini."))
    if provider.pk == receiver.pk:
        raise ValidationError(_("Pihak pemberi dan penerima harus berbeda."))


def _require_party_of_direction(
    agreement: Agreement, provider: AgreementParty, receiver: AgreementParty, acting_user
) -> AgreementParty:
    """The user's party, which must give or receive in the direction: a party acts only for itself."""
    if not may(acting_user, Right.CHANGE, agreement):
        raise PermissionDenied(_("Anda tidak berwenang mengubah Lampiran perjanjian ini."))
    party = _own_party(agreement, acting_user)
    if party is None or party.pk not in (provider.pk, receiver.pk):
        raise PermissionDenied(_("Pihak Anda tidak memberi atau menerima data pada arah ini."))
    return party


def clean_lines(lines: Iterable[LineInput]) -> list[LineInput]:
    """Each field once, notes trimmed and within their length; in catalogue order."""
    seen: set[int] = set()
    cleaned, errors = [], []
    for line in lines:
        if line.field.pk in seen:
            errors.append(_("Elemen data %(field)s dipilih lebih dari sekali.") % {"field": line.field.label})
            continue
        seen.add(line.field.pk)
        note = " ".join((line.note or "").split())
        if len(note) > NOTE_MAX:
            errors.append(
                _("Catatan untuk %(field)s paling panjang %(n)s karakter.")
                % {"field": line.field.label, "n": NOTE_MAX}
            )
            continue
        cleaned.append(LineInput(line.field, note))
    if errors:
        raise ValidationError(errors)
    return sorted(cleaned, key=lambda line: (line.field.order, line.field.code))


def _current_lines(
    agreement: Agreement, provider: AgreementParty, receiver: AgreementParty
) -> dict[int, str]:
    return dict(
        AnnexField.objects.filter(agreement=agreement, provider=provider, receiver=receiver).values_list(
            "field_id", "note"
        )
    )


def _replace_annex(
    agreement: Agreement, provider: AgreementParty, receiver: AgreementParty, lines: Sequence[LineInput]
) -> None:
    AnnexField.objects.filter(agreement=agreement, provider=provider, receiver=receiver).delete()
    AnnexField.objects.bulk_create(
        AnnexField(
            agreement=agreement, provider=provider, receiver=receiver, field=line.field, note=line.note
        )
        for line in lines
    )


def _copy_annex_into(version: LampiranVersion) -> None:
    version.lines.all().delete()
    LampiranLine.objects.bulk_create(
        LampiranLine(
            version=version,
            provider_id=r.provider_id,
            receiver_id=r.receiver_id,
            field_id=r.field_id,
            note=r.note,
        )
        for r in AnnexField.objects.filter(agreement_id=version.agreement_id)
    )


@transaction.atomic
def lampiran_first_version(*, agreement: Agreement) -> LampiranVersion:
    """Version 1 of the agreement's Lampiran, made from its annex rows the first time it is asked for.

    Until a change has been accepted, version 1 is the Lampiran as the parties keep it: it follows the annex
    rows (an edit before signing, the demo loaders).
    """
    version, _created = LampiranVersion.objects.get_or_create(agreement=agreement, number=1)
    if not LampiranVersion.objects.filter(agreement=agreement, number__gt=1).exists():
        _copy_annex_into(version)
    return version


def _difference(before: dict[int, str], after: Sequence[LineInput]) -> tuple[list[str], list[str], list[str]]:
    """Codes added, removed and with a changed note, from field ids to the new lines."""
    wanted = [*before, *(line.field.pk for line in after)]
    codes = dict(DataField.objects.filter(pk__in=wanted).values_list("pk", "code"))
    new = {line.field.pk: line.note for line in after}
    added = [codes[pk] for pk in new if pk not in before]
    removed = [codes[pk] for pk in before if pk not in new]
    renoted = [codes[pk] for pk in new if pk in before and before[pk] != new[pk]]
    return added, removed, renoted


def _direction_text(provider: AgreementParty, receiver: AgreementParty) -> str:
    return _("%(giver)s kepada %(taker)s") % {
        "giver": provider.institution.short_name or provider.institution.name,
        "taker": receiver.institution.short_name or receiver.institution.name,
    }


def _difference_text(added: list[str], removed: list[str], renoted: list[str]) -> str:
    parts = []
    if added:
        parts.append(_("ditambah %(codes)s") % {"codes": ", ".join(added)})
    if removed:
        parts.append(_("dihapus %(codes)s") % {"codes": ", ".join(removed)})
    if renoted:
        parts.append(_("catatan diubah %(codes)s") % {"codes": ", ".join(renoted)})
    return "; ".join(parts)


def _in_each_language(write: Callable[[], str]) -> dict:
    """A parameter made of catalogue words and data (a direction, a difference), written in each language
    the portal speaks, so that the stored line shows in its reader's."""
    written = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            written[code] = write()
    return texts(written)


def _event(agreement: Agreement, kind: str, actor, summary: Keyed, **data) -> None:
    text, message = stored_text.split(summary)
    AgreementEvent.objects.create(
        agreement=agreement, kind=kind, actor=user_of(actor), summary=text[:500], message=message, data=data
    )


def _notify(users, *, key: str, title: Keyed, url: str) -> None:
    from portal.services import notification_create

    ids = [user.pk for user in users]
    transaction.on_commit(
        lambda: notification_create(users=User.objects.filter(pk__in=ids), key=key, title=title, url=url)
    )


def _pimpinan_of(party: AgreementParty):
    return User.objects.filter(
        is_active=True, institution_id=party.institution_id, groups__name=Role.PIMPINAN
    )


@transaction.atomic
def lampiran_edit(
    *,
    acting_user: User,
    agreement: Agreement,
    provider: AgreementParty,
    receiver: AgreementParty,
    lines: Sequence[LineInput],
) -> LampiranVersion:
    """Before signing, a party that gives or receives in a direction sets that direction's list directly.

    An empty list leaves the direction out: a one-way agreement has only the other one.
    """
    agreement = _lock_agreement(agreement)
    _check_direction(agreement, provider, receiver)
    _require_party_of_direction(agreement, provider, receiver, acting_user)
    if agreement.signed_on:
        raise ValidationError(
            _("Perjanjian sudah ditandatangani: ajukan perubahan Lampiran untuk disetujui pihak lain.")
        )
    lines = clean_lines(lines)
    version = lampiran_first_version(agreement=agreement)
    before = _current_lines(agreement, provider, receiver)
    added, removed, renoted = _difference(before, lines)
    if not (added or removed or renoted):
        return version
    _replace_annex(agreement, provider, receiver, lines)
    _copy_annex_into(version)
    _event(
        agreement,
        EventKind.UPDATED,
        acting_user,
        keyed(
            gettext_noop("Lampiran diubah, %(direction)s: %(what)s"),
            direction=_in_each_language(lambda: _direction_text(provider, receiver)),
            what=_in_each_language(lambda: _difference_text(added, removed, renoted)),
        ),
        lampiran_version=version.number,
        added=added,
        removed=removed,
    )
    return version


@transaction.atomic
def lampiran_change_propose(
    *,
    acting_user: User,
    agreement: Agreement,
    provider: AgreementParty,
    receiver: AgreementParty,
    lines: Sequence[LineInput],
    reason: str,
    now: datetime | None = None,
) -> LampiranChange:
    """After signing, a party proposes the whole new list of one direction; the other party decides."""
    now = now or timezone.now()
    agreement = _lock_agreement(agreement)
    _check_direction(agreement, provider, receiver)
    party = _require_party_of_direction(agreement, provider, receiver, acting_user)
    if not agreement.signed_on:
        raise ValidationError(_("Perjanjian belum ditandatangani: Lampiran dapat diubah langsung."))
    last_day = agreement.last_day_in_force
    if last_day and timezone.localdate(now) > last_day:
        raise ValidationError(_("Perjanjian sudah tidak berlaku; Lampirannya tidak dapat diubah lagi."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan perubahan wajib diisi.")})
    lines = clean_lines(lines)
    lampiran_first_version(agreement=agreement)
    added, removed, renoted = _difference(_current_lines(agreement, provider, receiver), lines)
    if not (added or removed or renoted):
        raise ValidationError(_("Usulan sama dengan Lampiran yang berlaku; tidak ada yang berubah."))
    if LampiranChange.objects.filter(
        agreement=agreement, provider=provider, receiver=receiver, status=LampiranChange.Status.PENDING
    ).exists():
        raise ValidationError(_("Masih ada usulan perubahan untuk arah ini yang menunggu keputusan."))
    change = LampiranChange.objects.create(
        agreement=agreement,
        provider=provider,
        receiver=receiver,
        proposing_party=party,
        reason=reason,
        proposed_by=acting_user,
        proposed_at=now,
    )
    LampiranChangeLine.objects.bulk_create(
        LampiranChangeLine(change=change, field=line.field, note=line.note) for line in lines
    )
    _event(
        agreement,
        EventKind.UPDATED,
        acting_user,
        keyed(
            gettext_noop("Perubahan Lampiran diusulkan, %(direction)s: %(what)s"),
            direction=_in_each_language(lambda: _direction_text(provider, receiver)),
            what=_in_each_language(lambda: _difference_text(added, removed, renoted)),
        ),
        lampiran_change=change.pk,
    )
    other = receiver if party.pk == provider.pk else provider
    _notify(
        _pimpinan_of(other),
        key=f"lampiran-change-{change.pk}-proposed",
        title=keyed(
            gettext_noop("Usulan perubahan Lampiran menunggu persetujuan: %(title)s"), title=agreement.title
        ),
        url=reverse("lampiran:lampiran_detail", args=[agreement.pk]),
    )
    return change


def _lock_change(change: LampiranChange) -> LampiranChange:
    return (
        LampiranChange.objects.select_for_update(of=("self",))
        .select_related("agreement", "provider__institution", "receiver__institution", "proposing_party")
        .get(pk=change.pk)
    )


def _require_decider(change: LampiranChange, acting_user: User) -> None:
    """Only the other party of the direction decides, through a Pimpinan holding the sign-off right."""
    if institution_of(acting_user) is None or not may(acting_user, Right.SIGN_OFF, change.agreement):
        raise PermissionDenied(
            _("Hanya Pimpinan pihak lain yang dapat memutuskan usulan perubahan Lampiran.")
        )
    deciding = AgreementParty.objects.get(pk=change.deciding_party_id)
    if deciding.institution_id != institution_of(acting_user):
        raise PermissionDenied(
            _("Hanya Pimpinan pihak lain yang dapat memutuskan usulan perubahan Lampiran.")
        )
    if change.status != LampiranChange.Status.PENDING:
        raise ValidationError(_("Usulan ini sudah diputuskan."))


@transaction.atomic
def lampiran_change_accept(
    *, acting_user: User, change: LampiranChange, now: datetime | None = None
) -> LampiranVersion:
    """The other party accepts: the next version, in force from today, recorded as an addendum (Pasal 12)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    change = _lock_change(change)
    agreement = _lock_agreement(change.agreement)
    _require_decider(change, acting_user)
    lampiran_first_version(agreement=agreement)
    lines = [LineInput(line.field, line.note) for line in change.lines.select_related("field")]
    added, removed, renoted = _difference(_current_lines(agreement, change.provider, change.receiver), lines)
    number = (LampiranVersion.objects.filter(agreement=agreement).aggregate(n=Max("number"))["n"] or 0) + 1
    direction = _direction_text(change.provider, change.receiver)
    amendment = Amendment.objects.create(
        agreement=agreement,
        kind=AmendmentKind.ADDENDUM,
        title=_("Adendum Lampiran versi %(n)s") % {"n": number},
        signed_on=today,
        summary=_("Lampiran, %(direction)s: %(what)s. Alasan: %(reason)s")
        % {
            "direction": direction,
            "what": _difference_text(added, removed, renoted),
            "reason": change.reason,
        },
        created_by=acting_user,
    )
    _replace_annex(agreement, change.provider, change.receiver, lines)
    version = LampiranVersion.objects.create(
        agreement=agreement,
        number=number,
        valid_from=today,
        amendment=amendment,
        created_by=acting_user,
        created_at=now,
    )
    _copy_annex_into(version)
    change.status = LampiranChange.Status.ACCEPTED
    change.decided_by, change.decided_at, change.version = acting_user, now, version
    change.save(update_fields=["status", "decided_by", "decided_at", "version"])
    _event(
        agreement,
        EventKind.AMENDED,
        acting_user,
        keyed(
            gettext_noop(
                "Perubahan Lampiran diterima, %(direction)s: versi %(n)s berlaku sejak %(day)s (adendum)"
            ),
            direction=_in_each_language(lambda: _direction_text(change.provider, change.receiver)),
            n=number,
            day=day_of(today),
        ),
        amendment=amendment.pk,
        lampiran_version=number,
        lampiran_change=change.pk,
    )
    _notify(
        [change.proposed_by],
        key=f"lampiran-change-{change.pk}-decided",
        title=keyed(gettext_noop("Usulan perubahan Lampiran diterima: %(title)s"), title=agreement.title),
        url=reverse("lampiran:lampiran_detail", args=[agreement.pk]),
    )
    return version


@transaction.atomic
def lampiran_change_decline(
    *, acting_user: User, change: LampiranChange, note: str, now: datetime | None = None
) -> LampiranChange:
    """The other party declines, saying why; the Lampiran stays as it is."""
    now = now or timezone.now()
    change = _lock_change(change)
    _require_decider(change, acting_user)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Alasan penolakan wajib diisi.")})
    change.status = LampiranChange.Status.DECLINED
    change.decided_by, change.decided_at, change.decision_note = acting_user, now, note
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _event(
        change.agreement,
        EventKind.UPDATED,
        acting_user,
        keyed(
            gettext_noop("Perubahan Lampiran ditolak, %(direction)s: %(note)s"),
            direction=_in_each_language(lambda: _direction_text(change.provider, change.receiver)),
            note=note,
        ),
        lampiran_change=change.pk,
    )
    _notify(
        [change.proposed_by],
        key=f"lampiran-change-{change.pk}-decided",
        title=keyed(
            gettext_noop("Usulan perubahan Lampiran ditolak: %(title)s"), title=change.agreement.title
        ),
        url=reverse("lampiran:lampiran_detail", args=[change.agreement_id]),
    )
    return change
