"""Reads of agreements, scoped by who asks. Lists, details, documents, PDFs and the API all start here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import get_objects_for_user, get_perms

from agreements import rules
from agreements.choices import IN_FORCE_STATUSES, AgreementStatus, DueStatus
from agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementParty,
    Amendment,
    Clause,
    Contact,
    Dispute,
    Document,
    ForceMajeure,
    Letter,
    MonevSession,
    Notice,
    Obligation,
    ObligationDue,
    Paraf,
    party_role_name,
)
from portal.choices import Role
from portal.models import Institution, User
from portal.principals import Principal, institution_of, is_portal_admin
from portal.registry import registry

CHANGE = "agreements.change_agreement"
HANDLE_PROPOSALS = "agreements.handle_proposals"
VIEW_PERSONAL_DATA = "agreements.view_personal_data"


class Right(StrEnum):
    """What a principal may do on one agreement (the answer of agreement_rights)."""

    VIEW = "view"  # read it: every user of a party
    CHANGE = "change"  # every lifecycle action and edit: the per-object grant change_agreement
    HANDLE_PROPOSALS = "handle_proposals"  # correction proposals: the grant handle_proposals
    VIEW_PERSONAL_DATA = "view_personal_data"  # NIPs and names: the grant view_personal_data
    RECOMPUTE = "recompute"  # recompute the clocks from recorded facts: a party with CHANGE, or an admin
    SIGN_OFF = "sign_off"  # sign off notices, termination, extension and the Lampiran: a Pimpinan with CHANGE


# The per-object grants (django-guardian) and the right each one gives, while the holder's party stays one.
GRANTED_RIGHTS = {
    CHANGE: Right.CHANGE,
    HANDLE_PROPOSALS: Right.HANDLE_PROPOSALS,
    VIEW_PERSONAL_DATA: Right.VIEW_PERSONAL_DATA,
}


def _granted_perms(principal: Principal, agreement: Agreement) -> set[str]:
    if isinstance(principal, User):
        # One query for the user's grants and one for their groups', whatever the number of rights.
        return {f"agreements.{codename}" for codename in get_perms(principal, agreement)}
    return {perm for perm in GRANTED_RIGHTS if principal.has_perm(perm, agreement)}


def agreement_rights(principal: Principal | None, agreement: Agreement) -> frozenset[Right]:
    """Everything the principal may do on the agreement; the services refuse what is not in here.

    A principal acts only as a member of a party: a grant held by someone whose institution is not (or no
    longer) a party gives nothing. A system administrator may recompute the clocks, and nothing more.
    Uses the agreement's prefetched parties when the page loaded them.
    """
    rights: set[Right] = set()
    if is_portal_admin(principal):
        rights.add(Right.RECOMPUTE)
    institution = institution_of(principal)
    if institution is None or not any(p.institution_id == institution for p in agreement.parties.all()):
        return frozenset(rights)
    rights.add(Right.VIEW)
    granted = _granted_perms(principal, agreement)
    rights.update(right for perm, right in GRANTED_RIGHTS.items() if perm in granted)
    if Right.CHANGE in rights:
        rights.add(Right.RECOMPUTE)
        if isinstance(principal, User) and principal.has_role(Role.PIMPINAN):
            rights.add(Right.SIGN_OFF)
    for gate in registry.access_gates:
        if gate.right in rights and not gate.check(principal, agreement.pk):
            rights.discard(Right(gate.right))
    return frozenset(rights)


def may(principal: Principal | None, right: Right, agreement: Agreement) -> bool:
    return right in agreement_rights(principal, agreement)


def may_create_agreement(principal: Principal | None) -> bool:
    """Staff and managers of an institution open agreements in its name."""
    if institution_of(principal) is None or not isinstance(principal, User):
        return False
    return principal.has_role(Role.STAF) or principal.has_role(Role.PIMPINAN)


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    """Agreements to which the user's institution is a party; nothing for anyone else."""
    institution = institution_of(user)
    if institution is None:
        return Agreement.objects.none()
    return Agreement.objects.filter(
        Exists(AgreementParty.objects.filter(agreement=OuterRef("pk"), institution_id=institution))
    )


def agreements_granted_to(user: User, perm: str = CHANGE) -> QuerySet[Agreement]:
    """Visible agreements on which the user holds a per-object grant (edit, proposals, personal data)."""
    granted = get_objects_for_user(user, perm, klass=Agreement, accept_global_perms=False)
    return agreements_visible_to(user).filter(pk__in=granted.values("pk"))


def user_can(user: User, perm: str, agreement: Agreement) -> bool:
    """A per-object grant counts only while the user's institution is a party to the agreement."""
    return GRANTED_RIGHTS[perm] in agreement_rights(user, agreement)


def annotate_status(qs: QuerySet[Agreement], today: date) -> QuerySet[Agreement]:
    """Status as of `today` in the database: the SQL twin of rules.agreement_status (a grid test holds
    them equal), with `in_force` and `force_majeure_open` beside it."""
    window_days = timedelta(days=rules.NOTICE_WINDOW_DAYS)
    starts = Case(When(effective_from__isnull=False, then=F("effective_from")), default=F("signed_on"))
    fm_open = ForceMajeure.objects.filter(agreement=OuterRef("pk"), occurred_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    announced_early = Q(announced_end_on__isnull=False) & (
        Q(ends_on__isnull=True) | Q(announced_end_on__lt=F("ends_on"))
    )
    status = Case(
        When(signed_on__isnull=True, then=Value(AgreementStatus.DRAFT)),
        When(starts__gt=today, then=Value(AgreementStatus.SCHEDULED)),
        When(terminated_on__lt=today, then=Value(AgreementStatus.TERMINATED)),
        When(announced_early & Q(announced_end_on__lt=today), then=Value(AgreementStatus.TERMINATED)),
        When(ends_on__lt=today, then=Value(AgreementStatus.EXPIRED)),
        When(terminated_on__isnull=False, then=Value(AgreementStatus.ENDING)),
        When(announced_early, then=Value(AgreementStatus.ENDING)),
        # notice_window_opens(ends_on) <= today, i.e. notice_deadline <= today + the window
        When(notice_deadline__lte=today + window_days, then=Value(AgreementStatus.NOTICE)),
        default=Value(AgreementStatus.ACTIVE),
        output_field=CharField(),
    )
    return (
        qs.annotate(starts=starts)
        .annotate(
            status=status,
            force_majeure_open=Exists(fm_open),
        )
        .annotate(
            in_force=Case(
                When(status__in=sorted(IN_FORCE_STATUSES), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def agreement_list(
    user: User,
    *,
    today: date,
    status: str = "",
    partner: int | None = None,
    notice_within: int | None = None,
    query: str = "",
) -> QuerySet[Agreement]:
    """The list page: visible agreements with status computed in the database, filtered and searched."""
    qs = annotate_status(agreements_visible_to(user), today)
    if status in AgreementStatus.values:
        qs = qs.filter(status=status)
    if partner:
        qs = qs.filter(
            Exists(AgreementParty.objects.filter(agreement=OuterRef("pk"), institution_id=partner))
        )
    if notice_within is not None:
        qs = qs.filter(
            notice_deadline__gte=today,
            notice_deadline__lte=today + timedelta(days=notice_within),
        ).exclude(terminated_on__isnull=False)
    if query:
        matching_party = AgreementParty.objects.filter(agreement=OuterRef("pk")).filter(
            Q(number__icontains=query)
            | Q(institution__name__icontains=query)
            | Q(institution__short_name__icontains=query)
            | Q(signatory_name__icontains=query)
        )
        qs = qs.filter(Q(title__icontains=query) | Q(purpose__icontains=query) | Exists(matching_party))
    return qs.prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("institution").order_by("order"))
    ).order_by(F("signed_on").desc(nulls_first=True), "-id")


def partner_institutions(user: User) -> QuerySet[Institution]:
    """Institutions that share at least one agreement with the user's own (the list's partner filter)."""
    if not user.is_authenticated or not user.institution_id:
        return Institution.objects.none()
    return (
        Institution.objects.filter(agreement_parties__agreement__in=agreements_visible_to(user))
        .exclude(pk=user.institution_id)
        .distinct()
        .order_by("name")
    )


def agreement_for_detail(user: User, pk: int, *, today: date) -> Agreement:
    """One visible agreement with everything its detail page shows, in a fixed number of queries."""
    parties = AgreementParty.objects.select_related("institution").order_by("order")
    qs = annotate_status(agreements_visible_to(user), today).select_related("umbrella", "created_by")
    qs = qs.prefetch_related(
        Prefetch("parties", queryset=parties.prefetch_related("contacts")),
        "scope_items",
        "clauses",
        Prefetch("contacts", queryset=Contact.objects.select_related("party__institution")),
        Prefetch(
            "obligations",
            queryset=Obligation.objects.select_related("party__institution").prefetch_related(
                Prefetch("dues", queryset=ObligationDue.objects.select_related("evidence"))
            ),
        ),
        Prefetch(
            "force_majeures", queryset=ForceMajeure.objects.select_related("party__institution", "statement")
        ),
        Prefetch("notices", queryset=Notice.objects.select_related("from_party__institution", "letter")),
        Prefetch("amendments", queryset=Amendment.objects.select_related("document")),
        Prefetch("disputes", queryset=Dispute.objects.select_related("raised_by__institution")),
        Prefetch("monev_sessions", queryset=MonevSession.objects.select_related("document", "due")),
        Prefetch(
            "letters",
            queryset=Letter.objects.select_related(
                "issuer", "from_party__institution", "to_party__institution", "document"
            ),
        ),
        Prefetch(
            "documents",
            queryset=Document.objects.select_related("uploaded_by").prefetch_related(
                Prefetch("parafs", queryset=Paraf.objects.select_related("party"))
            ),
        ),
    )
    return get_object_or_404(qs, pk=pk)


def awaits_extension(agreement: Agreement) -> bool:
    """A renewal notice was served in the current term and no extension has been signed since (from the
    agreement's prefetched notices and amendments)."""
    renewals = [n.served_on for n in agreement.notices.all() if n.kind == "renewal"]
    if not renewals or agreement.terminated_on or agreement.announced_end_on:
        return False
    extended = [a.signed_on for a in agreement.amendments.all() if a.extension_months]
    return not extended or max(renewals) > max(extended)


def events_of(agreement: Agreement, limit: int = 200) -> list[AgreementEvent]:
    return list(AgreementEvent.objects.filter(agreement=agreement).select_related("actor")[:limit])


@dataclass(frozen=True)
class DueRow:
    """A due with its status as of a day; suspended when it falls inside the owing party's force majeure."""

    due: ObligationDue
    obligation: Obligation
    status: DueStatus
    force_majeure: ForceMajeure | None


def due_rows(agreement: Agreement, *, today: date) -> list[DueRow]:
    """Every due of the agreement (prefetched by agreement_for_detail), in date order, with its status."""
    events = list(agreement.force_majeures.all())
    rows = []
    for obligation in agreement.obligations.all():
        for due in obligation.dues.all():
            # An event still going on suspends what fell due up to today; later dues are pending as usual.
            cover = next(
                (
                    fm
                    for fm in events
                    if fm.party_id == obligation.party_id
                    and fm.occurred_on <= due.due_on <= (fm.ended_on or today)
                ),
                None,
            )
            rows.append(DueRow(due, obligation, due.status_on(today, suspended=cover is not None), cover))
    rows.sort(key=lambda row: (row.due.due_on, row.obligation.party.order, row.due.pk))
    return rows


@dataclass(frozen=True)
class HistoryEntry:
    """One saved change of one record (simple-history), with the fields that changed."""

    when: Any
    user: Any
    what: str
    action: str
    changes: list[tuple[str, str, str]]


HISTORY_LIMIT = 150
_ACTIONS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}


def _display(field, value) -> str:
    from portal.lib.text_id import format_date

    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return format_date(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("ya") if value else _("tidak"))
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "..."


def history_of(agreement: Agreement, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """Who changed what and when across the agreement's records, newest first; one query per model."""
    sources = (
        (Agreement.history.filter(id=agreement.pk), lambda r: str(Agreement._meta.verbose_name).capitalize()),
        (
            AgreementParty.history.filter(agreement_id=agreement.pk),
            lambda r: party_role_name(r.order),
        ),
        (Clause.history.filter(agreement_id=agreement.pk), lambda r: _("Pasal %(n)s") % {"n": r.number}),
        (
            Contact.history.filter(agreement_id=agreement.pk),
            lambda r: _("Kontak %(unit)s") % {"unit": r.unit},
        ),
        (
            Obligation.history.filter(agreement_id=agreement.pk),
            lambda r: _("Kewajiban %(title)s") % {"title": r.title},
        ),
        (
            ObligationDue.history.filter(
                obligation_id__in=Obligation.objects.filter(agreement_id=agreement.pk).values("pk")
            ),
            lambda r: _("Jatuh tempo %(day)s") % {"day": _display(None, r.due_on)},
        ),
        (ForceMajeure.history.filter(agreement_id=agreement.pk), lambda r: str(_("Keadaan kahar"))),
        (
            Dispute.history.filter(agreement_id=agreement.pk),
            lambda r: _("Perselisihan %(subject)s") % {"subject": r.subject},
        ),
        (
            Document.history.filter(agreement_id=agreement.pk),
            lambda r: _("Dokumen %(title)s") % {"title": r.title},
        ),
    )
    entries: list[HistoryEntry] = []
    for qs, label in sources:
        newest = qs.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        records = list(reversed(newest))
        model = qs.model.instance_type
        fields = [f for f in model._meta.concrete_fields if f.name not in ("id", "created_at", "updated_at")]
        previous: dict[int, Any] = {}
        for record in records:
            before = previous.get(record.id)
            changes = []
            if before is not None and record.history_type == "~":
                for field in fields:
                    old, new = getattr(before, field.attname), getattr(record, field.attname)
                    if old != new:
                        changes.append((str(field.verbose_name), _display(field, old), _display(field, new)))
                if not changes:
                    previous[record.id] = record
                    continue
            previous[record.id] = record
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    user=record.history_user,
                    what=label(record),
                    action=_ACTIONS.get(record.history_type, record.history_type),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
