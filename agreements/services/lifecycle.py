"""The life of an agreement: create, edit, sign, extend, amend, serve notice, terminate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements import rules
from agreements.choices import AmendmentKind, ClauseTag, DocumentKind, EventKind, InvitationStatus
from agreements.models import (
    Agreement,
    AgreementParty,
    Amendment,
    Clause,
    Contact,
    Dispute,
    ForceMajeure,
    Letter,
    Notice,
    Obligation,
    Paraf,
    PartyInvitation,
    ScopeItem,
)
from agreements.selectors import Right, may_create_agreement
from agreements.services._common import (
    as_json,
    attribute,
    label_term,
    lock,
    notify_parties,
    record_event,
    refuse,
    require_right,
    require_signed,
)
from agreements.services.documents import store_document
from agreements.services.invitations import party_invite
from agreements.services.obligations import agreement_dues_sync, standard_obligations_create
from agreements.services.teams import initial_members, team_start
from portal.lib.stored_text import day_of, keyed
from portal.lib.text_id import format_date
from portal.principals import Principal, institution_of, user_of

# What the create and edit forms may set on the agreement row; the clocks are the services' own.
AGREEMENT_FIELDS = (
    "kind",
    "title",
    "purpose",
    "umbrella",
    "umbrella_reference",
    "signed_on",
    "signing_place",
    "effective_from",
    "term_months",
    "notice_period_months",
    "force_majeure_notice_days",
    "reports_per_year",
    "monev_per_year",
    "period_anchor",
    "proposal_due_working_days",
    "report_grace_days",
)
PARTY_FIELDS = (
    "institution",
    "number",
    "signatory_name",
    "signatory_position",
    "appointment_basis",
    "appointment_number",
    "appointment_date",
    "address",
    "description",
)
# Rows that belong to a party: a party that has any of them stays (they would be deleted with it).
PARTY_RECORDS = (
    (Contact, "party"),
    (Obligation, "party"),
    (Notice, "from_party"),
    (Letter, "from_party"),
    (Letter, "to_party"),
    (ForceMajeure, "party"),
    (Dispute, "raised_by"),
    (Paraf, "party"),
)
CLOCK_FIELDS = {"signed_on", "effective_from", "term_months", "notice_period_months", "period_anchor"}
# How the portal works the agreement (the proposals' working-day clock, the reports' grace), not what the
# parties signed: kept by the edit right after signing too. Everything else the edit form sets is the signed
# text, which after signing changes only on an addendum or amendment of PARA PIHAK (Pasal 12).
WORKING_FIELDS = {"proposal_due_working_days", "report_grace_days"}
DUE_FIELDS = {"reports_per_year", "monev_per_year", "report_grace_days"}


def refresh_clocks(agreement: Agreement) -> None:
    """Recompute the last day in force and the notice deadline from the term and every extension."""
    extension = (
        sum(
            agreement.amendments.filter(kind=AmendmentKind.EXTENSION).values_list(
                "extension_months", flat=True
            )
        )
        if agreement.pk
        else 0
    )
    agreement.ends_on = agreement.computed_ends_on(extension)
    agreement.notice_deadline = (
        rules.notice_deadline(agreement.ends_on, agreement.notice_period_months)
        if agreement.ends_on
        else None
    )


def _check_signing(agreement: Agreement, *, confirmed: bool) -> None:
    """A signing date in the future is refused; one on a weekend or public holiday must be confirmed."""
    if agreement.signed_on:
        refuse(
            rules.signing_errors(
                signed_on=agreement.signed_on, today=timezone.localdate(), confirmed_non_working=confirmed
            )
        )


def _set_fields(agreement: Agreement, fields: Mapping[str, Any]) -> list[str]:
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        if getattr(agreement, name) != value:
            setattr(agreement, name, value)
            changed.append(name)
    return changed


def _check_parties(acting_user: Principal, parties: Sequence[Mapping[str, Any]], invited: int = 0) -> None:
    if len(parties) + invited < 2:
        raise ValidationError(_("Perjanjian memerlukan sekurang-kurangnya dua pihak."))
    institutions = [p["institution"].pk for p in parties]
    if len(set(institutions)) != len(institutions):
        raise ValidationError(_("Satu instansi hanya dapat menjadi satu pihak dalam perjanjian yang sama."))
    if institution_of(acting_user) not in institutions:
        raise ValidationError(_("Instansi Anda harus menjadi salah satu pihak dalam perjanjian."))


def _sync_parties(
    agreement: Agreement, acting_user: Principal, parties: Sequence[Mapping[str, Any]]
) -> tuple[bool, bool]:
    """Make the parties those given, in that order; a party with records of its own cannot be removed.

    An institution that is not yet a party is invited (parties join by consent), except the acting user's
    own on a new agreement. Only parties that really change are saved, so the history shows real edits only.
    Returns (the parties' rows changed, an institution was invited).
    """
    wanted = [p["institution"].pk for p in parties]
    pending = PartyInvitation.objects.filter(agreement=agreement, status=InvitationStatus.PENDING)
    _check_parties(acting_user, parties, invited=pending.exclude(institution_id__in=wanted).count())
    existing = {p.institution_id: p for p in agreement.parties.select_related("institution")}
    own = institution_of(acting_user)
    changed = invited = False
    for institution_id, party in existing.items():
        if institution_id in wanted:
            continue
        if any(model.objects.filter(**{lookup: party}).exists() for model, lookup in PARTY_RECORDS):
            raise ValidationError(
                _(
                    "%(party)s (%(name)s) tidak dapat dihapus karena sudah memiliki kontak, kewajiban, "
                    "surat atau catatan lain."
                )
                % {"party": party.role_name, "name": party.institution.name}
            )
        attribute(party, acting_user).delete()
        changed = True
    dirty = []
    for index, data in enumerate(parties, start=1):
        institution_id = data["institution"].pk
        if institution_id not in existing and (existing or institution_id != own):
            party_invite(agreement, acting_user, data, index)
            invited = True
            continue
        party = existing.get(institution_id) or AgreementParty(agreement=agreement)
        values = {"order": index}
        for name in PARTY_FIELDS:
            values[name] = data.get(name) or (None if name == "appointment_date" else "")
        values["appointment_basis"] = values["appointment_basis"] or party.appointment_basis
        if party.pk and all(getattr(party, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(party, name, value)
        party.full_clean(exclude=["agreement", "order"], validate_unique=False, validate_constraints=False)
        dirty.append(party)
    # (agreement, order) is unique at every step: parties that move step out of the way first.
    moving = [p.pk for p in dirty if p.pk]
    AgreementParty.objects.filter(pk__in=moving).update(order=F("order") + 1000)
    for party in dirty:
        attribute(party, acting_user).save()
    return changed or bool(dirty), invited


def _sync_scope(agreement: Agreement, items: Sequence[str]) -> bool:
    items = [text.strip() for text in items if text and text.strip()]
    current = list(agreement.scope_items.order_by("order").values_list("text", flat=True))
    if current == items:
        return False
    agreement.scope_items.all().delete()
    ScopeItem.objects.bulk_create(
        ScopeItem(agreement=agreement, order=index, text=text) for index, text in enumerate(items, start=1)
    )
    return True


def _sync_clauses(agreement: Agreement, acting_user: Principal, clauses: Sequence[Mapping[str, Any]]) -> bool:
    numbers = [int(c["number"]) for c in clauses]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise ValidationError(
            _("Nomor pasal %(numbers)s tercantum lebih dari sekali.")
            % {"numbers": ", ".join(str(n) for n in duplicates)}
        )
    tags = [tag for c in clauses for tag in c.get("tags") or ()]
    if set(tags) - set(ClauseTag.values):
        raise ValidationError(_("Pokok pasal tidak dikenal."))
    twice = sorted({str(ClauseTag(t).label) for t in tags if tags.count(t) > 1})
    if twice:
        raise ValidationError(
            _("Pokok %(tags)s ditandai pada lebih dari satu pasal.") % {"tags": ", ".join(twice)}
        )
    existing = {c.number: c for c in agreement.clauses.all()}
    changed = False
    for data in clauses:
        number = int(data["number"])
        clause = existing.pop(number, None) or Clause(agreement=agreement, number=number)
        title, text = data["title"].strip(), data["text"].strip()
        tags = sorted(set(data.get("tags") or ()), key=ClauseTag.values.index)
        if clause.pk and (clause.title, clause.text, clause.tags) == (title, text, tags):
            continue
        clause.title, clause.text, clause.tags = title, text, tags
        attribute(clause, acting_user).save()
        changed = True
    for clause in existing.values():
        attribute(clause, acting_user).delete()
        changed = True
    return changed


@transaction.atomic
def agreement_create(
    *,
    acting_user: Principal,
    fields: Mapping[str, Any],
    parties: Sequence[Mapping[str, Any]],
    scope_items: Sequence[str] = (),
    clauses: Sequence[Mapping[str, Any]] = (),
    standard_obligations: bool = False,
    is_example: bool = False,
    confirm_non_working_day: bool = False,
) -> Agreement:
    """Create an agreement with the creator's party, scope and clauses; every other institution named is
    invited and becomes a party when its Pimpinan accepts. The creator's party starts with a team of the
    creator and its Pimpinan."""
    if institution_of(acting_user) is None:
        raise ValidationError(
            _("Hanya pengguna yang terdaftar pada suatu instansi yang dapat membuat perjanjian.")
        )
    if not may_create_agreement(acting_user):
        raise PermissionDenied(_("Hanya staf dan pimpinan instansi yang dapat membuat perjanjian."))
    _check_parties(acting_user, parties)
    agreement = Agreement(created_by=user_of(acting_user), is_example=is_example)
    _set_fields(agreement, fields)
    agreement.full_clean()
    _check_signing(agreement, confirmed=confirm_non_working_day)
    refresh_clocks(agreement)
    attribute(agreement, acting_user).save()
    _sync_parties(agreement, acting_user, parties)
    _sync_scope(agreement, scope_items)
    _sync_clauses(agreement, acting_user, clauses)
    own = agreement.parties.get(institution_id=institution_of(acting_user))
    team_start(own, initial_members(own, user_of(acting_user)))
    record_event(
        agreement,
        EventKind.CREATED,
        acting_user,
        keyed(gettext_noop("Perjanjian dibuat: %(title)s"), title=agreement.title),
    )
    if agreement.signed_on:
        _record_signed(agreement, acting_user)
    if standard_obligations:
        standard_obligations_create(agreement, acting_user)
    notify_parties(
        agreement,
        actor=acting_user,
        key=f"agreement-{agreement.pk}-created",
        title=keyed(gettext_noop("Perjanjian baru: %(title)s"), title=agreement.title),
    )
    return agreement


def _record_signed(agreement: Agreement, acting_user: Principal) -> None:
    record_event(
        agreement,
        EventKind.SIGNED,
        acting_user,
        keyed(
            gettext_noop("Ditandatangani %(day)s di %(place)s; berlaku sampai %(end)s"),
            day=day_of(agreement.signed_on),
            place=agreement.signing_place or "-",
            end=day_of(agreement.ends_on),
        ),
        signed_on=agreement.signed_on,
        ends_on=agreement.ends_on,
        notice_deadline=agreement.notice_deadline,
    )


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    acting_user: Principal,
    fields: Mapping[str, Any],
    parties: Sequence[Mapping[str, Any]] | None = None,
    scope_items: Sequence[str] | None = None,
    clauses: Sequence[Mapping[str, Any]] | None = None,
    confirm_non_working_day: bool = False,
    amendment: Amendment | None = None,
) -> Agreement:
    """Edit what the agreement says; when dates or the term change, every clock and due follows.

    Before signing, either party's editors change it. After signing, what the parties signed (terms, text,
    scope, clauses, the parties' data) changes only on an addendum or amendment of PARA PIHAK recorded
    first (Pasal 12), named in `amendment`; without one the edit is refused and nothing changes. Inviting
    a further party needs none: the invitation is itself the consent flow.
    """
    agreement = lock(agreement)
    require_right(acting_user, agreement)
    was_signed = bool(agreement.signed_on)
    if amendment is not None and (
        amendment.agreement_id != agreement.pk or amendment.kind == AmendmentKind.EXTENSION
    ):
        raise ValidationError({"amendment": _("Pilih adendum atau amandemen perjanjian ini.")})
    before = {"ends_on": agreement.ends_on, "notice_deadline": agreement.notice_deadline}
    changed = _set_fields(agreement, fields)
    agreement.full_clean()
    if "signed_on" in changed:
        _check_signing(agreement, confirmed=confirm_non_working_day)
    if agreement.terminated_on and agreement.starts_on and agreement.terminated_on < agreement.starts_on:
        raise ValidationError(
            _("Tanggal mulai berlaku tidak boleh setelah tanggal pengakhiran yang tercatat.")
        )
    refresh_clocks(agreement)
    attribute(agreement, acting_user).save()
    invited = False
    if parties is not None:
        edited, invited = _sync_parties(agreement, acting_user, parties)
        if edited:
            changed.append("parties")
    if scope_items is not None and _sync_scope(agreement, scope_items):
        changed.append("scope_items")
    if clauses is not None and _sync_clauses(agreement, acting_user, clauses):
        changed.append("clauses")
    signed_terms = [name for name in changed if name not in WORKING_FIELDS]
    if was_signed and signed_terms and amendment is None:
        raise ValidationError(signed_change_refusal(signed_terms))
    if invited and "parties" not in changed:
        changed.append("parties")
    if CLOCK_FIELDS.intersection(changed) or DUE_FIELDS.intersection(changed):
        agreement_dues_sync(agreement, acting_user)
    if changed:
        record_event(
            agreement,
            EventKind.UPDATED,
            acting_user,
            keyed(gettext_noop("Perjanjian diubah")),
            fields=changed,
            amendment=amendment.pk if amendment is not None and signed_terms else None,
            **{f"before_{k}": as_json(v) for k, v in before.items()},
            ends_on=agreement.ends_on,
            notice_deadline=agreement.notice_deadline,
        )
    return agreement


def signed_change_refusal(names: Sequence[str]) -> str:
    """Why an edit of a signed agreement was refused, naming what it touched and the way that is open."""
    labels = {
        "parties": _("data para pihak"),
        "scope_items": _("ruang lingkup"),
        "clauses": _("pasal-pasal"),
    }
    touched = [
        str(labels.get(name) or Agreement._meta.get_field(name).verbose_name) for name in dict.fromkeys(names)
    ]
    return _(
        "Perjanjian sudah ditandatangani: %(what)s hanya berubah dengan kesepakatan PARA PIHAK. Catat dahulu "
        "adendum atau amandemen yang mereka tanda tangani (Pasal 12; Ringkasan > Catat adendum/amandemen), "
        "lalu pilih adendum itu di formulir ini. Perpanjangan dicatat lewat Perpanjangan, elemen data lewat "
        "tab Lampiran."
    ) % {"what": ", ".join(touched)}


@transaction.atomic
def agreement_clocks_recompute(*, agreement: Agreement, acting_user: Principal) -> Agreement:
    """Recompute the clocks and dues from the recorded facts (after a correction made outside the forms)."""
    agreement = lock(agreement)
    require_right(acting_user, agreement, Right.RECOMPUTE)
    before = (agreement.ends_on, agreement.notice_deadline)
    refresh_clocks(agreement)
    attribute(agreement, acting_user).save()
    agreement_dues_sync(agreement, acting_user)
    if before != (agreement.ends_on, agreement.notice_deadline):
        record_event(
            agreement,
            EventKind.UPDATED,
            acting_user,
            keyed(
                gettext_noop("Jam hukum dihitung ulang: berlaku sampai %(end)s"),
                end=day_of(agreement.ends_on),
            ),
            before_ends_on=before[0],
            ends_on=agreement.ends_on,
            notice_deadline=agreement.notice_deadline,
        )
    return agreement


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    acting_user: Principal,
    signed_on: date,
    signing_place: str,
    effective_from: date | None = None,
    confirm_non_working_day: bool = False,
) -> Agreement:
    """A draft is signed: it is in force from then (Pasal 13(1)), or from a later effective date
    (scheduled), and its clocks and dues start. A signing date in the future is refused: the portal
    records what was signed, and an agreement that starts later says so by its effective date."""
    agreement = lock(agreement)
    require_right(acting_user, agreement)
    if agreement.signed_on:
        raise ValidationError(
            _("Perjanjian sudah ditandatangani pada %(day)s.") % {"day": format_date(agreement.signed_on)}
        )
    if agreement.parties.count() < 2:
        raise ValidationError(_("Perjanjian belum memiliki sekurang-kurangnya dua pihak."))
    waiting = agreement.invitations.filter(status=InvitationStatus.PENDING).select_related("institution")
    if waiting:
        raise ValidationError(
            _(
                "Undangan kepada %(names)s belum dijawab; perjanjian ditandatangani setelah semua pihak "
                "bergabung."
            )
            % {"names": ", ".join(i.institution.name for i in waiting)}
        )
    agreement.signed_on, agreement.signing_place, agreement.effective_from = (
        signed_on,
        signing_place,
        effective_from,
    )
    agreement.full_clean()
    _check_signing(agreement, confirmed=confirm_non_working_day)
    refresh_clocks(agreement)
    attribute(agreement, acting_user).save()
    agreement_dues_sync(agreement, acting_user)
    _record_signed(agreement, acting_user)
    notify_parties(
        agreement,
        actor=acting_user,
        key=f"agreement-{agreement.pk}-signed",
        title=keyed(gettext_noop("Perjanjian ditandatangani: %(title)s"), title=agreement.title),
    )
    return agreement


def _check_not_ended(agreement: Agreement, day: date, what: str) -> None:
    require_signed(agreement)
    if agreement.terminated_on:
        raise ValidationError(
            _("%(what)s tidak dapat dicatat: perjanjian diakhiri per %(day)s.")
            % {"what": what, "day": format_date(agreement.terminated_on)}
        )
    if day < agreement.signed_on:
        raise ValidationError({"signed_on": _("Tanggal tidak boleh sebelum perjanjian ditandatangani.")})


@transaction.atomic
def agreement_extend(
    *,
    agreement: Agreement,
    acting_user: Principal,
    months: int,
    signed_on: date,
    number: str = "",
    title: str = "",
    summary: str = "",
    file: UploadedFile | None = None,
) -> Amendment:
    """An extension by amendment (Pasal 6(1), Pasal 12): the end, the notice deadline and the dues move."""
    agreement = lock(agreement)
    require_right(acting_user, agreement, Right.SIGN_OFF)
    _check_not_ended(agreement, signed_on, _("Perpanjangan"))
    if not 1 <= months <= 120:
        raise ValidationError({"months": _("Perpanjangan 1 sampai 120 bulan.")})
    if signed_on > agreement.ends_on:
        raise ValidationError(
            {
                "signed_on": _(
                    "Perpanjangan harus ditandatangani selama perjanjian masih berlaku (sampai %(day)s); "
                    "perjanjian yang sudah berakhir memerlukan perjanjian baru."
                )
                % {"day": format_date(agreement.ends_on)}
            }
        )
    before_end, before_deadline = agreement.ends_on, agreement.notice_deadline
    document = None
    if file is not None:
        document = store_document(
            agreement=agreement,
            acting_user=acting_user,
            file=file,
            kind=DocumentKind.AMENDMENT,
            title=title or _("Naskah perpanjangan"),
        )
    amendment = Amendment.objects.create(
        agreement=agreement,
        kind=AmendmentKind.EXTENSION,
        number=number,
        title=title or _("Perpanjangan %(months)s bulan") % {"months": months},
        signed_on=signed_on,
        extension_months=months,
        summary=summary,
        document=document,
        created_by=user_of(acting_user),
    )
    refresh_clocks(agreement)
    attribute(agreement, acting_user).save()
    agreement_dues_sync(agreement, acting_user)
    record_event(
        agreement,
        EventKind.EXTENDED,
        acting_user,
        keyed(
            gettext_noop("Diperpanjang %(months)s bulan: berlaku sampai %(end)s (sebelumnya %(before)s)"),
            months=months,
            end=day_of(agreement.ends_on),
            before=day_of(before_end),
        ),
        amendment=amendment.pk,
        before_ends_on=before_end,
        before_notice_deadline=before_deadline,
        ends_on=agreement.ends_on,
        notice_deadline=agreement.notice_deadline,
    )
    notify_parties(
        agreement,
        actor=acting_user,
        key=f"agreement-{agreement.pk}-amendment-{amendment.pk}",
        title=keyed(
            gettext_noop("Perjanjian diperpanjang sampai %(end)s: %(title)s"),
            end=day_of(agreement.ends_on),
            title=agreement.title,
        ),
    )
    return amendment


@transaction.atomic
def amendment_record(
    *,
    agreement: Agreement,
    acting_user: Principal,
    kind: str,
    signed_on: date,
    title: str,
    number: str = "",
    summary: str = "",
    file: UploadedFile | None = None,
) -> Amendment:
    """An addendum (what the agreement did not yet govern) or an amendment (a change), Pasal 12."""
    agreement = lock(agreement)
    require_right(acting_user, agreement, Right.SIGN_OFF)
    if kind not in (AmendmentKind.ADDENDUM, AmendmentKind.AMENDMENT):
        raise ValidationError({"kind": _("Gunakan perpanjangan untuk menambah jangka waktu.")})
    _check_not_ended(agreement, signed_on, _("Adendum/amandemen"))
    if not title.strip():
        raise ValidationError({"title": _("Judul wajib diisi.")})
    document = None
    if file is not None:
        document = store_document(
            agreement=agreement, acting_user=acting_user, file=file, kind=DocumentKind.AMENDMENT, title=title
        )
    amendment = Amendment.objects.create(
        agreement=agreement,
        kind=kind,
        number=number,
        title=title.strip(),
        signed_on=signed_on,
        summary=summary,
        document=document,
        created_by=user_of(acting_user),
    )
    record_event(
        agreement,
        EventKind.AMENDED,
        acting_user,
        keyed(
            gettext_noop("%(kind)s ditandatangani %(day)s: %(title)s"),
            kind=label_term(amendment, "kind"),
            day=day_of(signed_on),
            title=amendment.title,
        ),
        amendment=amendment.pk,
    )
    return amendment
