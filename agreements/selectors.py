"""Reads of agreements, scoped by who asks. Lists, details, documents, PDFs and the API all start here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
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
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from agreements import rules
from agreements.choices import IN_FORCE_STATUSES, AgreementStatus, DueStatus, InvitationStatus
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
    PartyInvitation,
    PartyTeam,
    TeamMember,
    party_role_name,
)
from agreements.rights import (
    ADJUSTABLE,
    Right,
    agreements_where,
    holders,
    holders_across,
    member_rights,
    passes_gates,
    role_defaults,
    roles_of,
    user_rights_in_party,
)
from portal.choices import Role
from portal.models import Institution, User
from portal.principals import Principal, institution_of, is_portal_admin
from portal.registry import registry

# The names other apps import: each is the right of the same name.
CHANGE = Right.EDIT_SHARED
HANDLE_PROPOSALS = Right.HANDLE_PROPOSALS
VIEW_PERSONAL_DATA = Right.VIEW_PERSONAL_DATA
# The per-object grants of the past (django-guardian) and the right each one stood for; a data migration
# turned them into team memberships, and a string of the old form still names its right here.
GRANTED_RIGHTS = {
    "agreements.change_agreement": Right.EDIT_SHARED,
    "agreements.handle_proposals": Right.HANDLE_PROPOSALS,
    "agreements.view_personal_data": Right.VIEW_PERSONAL_DATA,
}


def as_right(right: Right | str) -> Right:
    return GRANTED_RIGHTS.get(right) or Right(right)


def _party_of(agreement: Agreement, institution: int) -> AgreementParty | None:
    return next((p for p in agreement.parties.all() if p.institution_id == institution), None)


def agreement_rights(principal: Principal | None, agreement: Agreement) -> frozenset[Right]:
    """Everything the principal may do on the agreement; the services refuse what is not in here.

    A principal acts only as a member of a party (agreements.rights has the rules). A portal administrator
    reads every agreement and may recompute its clocks, and nothing more. Uses the agreement's prefetched
    parties when the page loaded them.
    """
    rights: set[Right] = set()
    if is_portal_admin(principal):
        rights.update({Right.VIEW, Right.RECOMPUTE})
    institution = institution_of(principal)
    party = _party_of(agreement, institution) if institution is not None else None
    if party is None:
        return frozenset(rights)
    rights.add(Right.VIEW)
    if isinstance(principal, User):
        rights |= user_rights_in_party(principal, party)
    for gate in registry.access_gates:
        if gate.right in rights and not gate.check(principal, agreement.pk):
            rights.discard(Right(gate.right))
    return frozenset(rights)


def may(principal: Principal | None, right: Right, agreement: Agreement) -> bool:
    return as_right(right) in agreement_rights(principal, agreement)


def may_create_agreement(principal: Principal | None) -> bool:
    """Staff and managers of an institution open agreements in its name."""
    if institution_of(principal) is None or not isinstance(principal, User):
        return False
    return principal.has_role(Role.STAF) or principal.has_role(Role.PIMPINAN)


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    """Agreements to which the user's institution is a party; nothing for anyone else.

    An invited institution is no party until it accepts: it sees only the invitation.
    """
    institution = institution_of(user)
    if institution is None:
        return Agreement.objects.none()
    return Agreement.objects.filter(
        Exists(AgreementParty.objects.filter(agreement=OuterRef("pk"), institution_id=institution))
    )


def agreements_readable_by(user: User) -> QuerySet[Agreement]:
    """What the agreement's own pages may show: a party's agreements, or every one to the portal
    administrator (read-only oversight; each read is logged by the page)."""
    if is_portal_admin(user):
        return Agreement.objects.all()
    return agreements_visible_to(user)


def agreements_granted_to(user: User, right: Right | str = Right.EDIT_SHARED) -> QuerySet[Agreement]:
    """Visible agreements on which the user holds the right (from role and team), gates included."""
    right = as_right(right)
    qs = agreements_where(user, right, agreements_visible_to(user))
    if not any(gate.right == right for gate in registry.access_gates):
        return qs
    allowed = [pk for pk in qs.values_list("pk", flat=True) if passes_gates(user, right, pk)]
    return Agreement.objects.filter(pk__in=allowed)


def user_can(user: User, right: Right | str, agreement: Agreement) -> bool:
    """A right counts only while the user's institution is a party to the agreement."""
    return as_right(right) in agreement_rights(user, agreement)


def who_may(agreement: Agreement, right: Right | str, institution_id: int | None = None) -> list[User]:
    """The users who may do X here: pages, services, the proposal mails and the reminders all ask this."""
    return holders(agreement, as_right(right), institution_id)


def who_may_on_any(agreement_ids: Iterable[int], right: Right | str, institution_id: int) -> list[User]:
    """The users of one institution who may do X on at least one of these agreements (one query)."""
    return holders_across(agreement_ids, as_right(right), institution_id)


def own_party_of(user: User, agreement: Agreement) -> AgreementParty | None:
    institution = institution_of(user)
    return _party_of(agreement, institution) if institution is not None else None


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
    qs = annotate_status(agreements_readable_by(user), today).select_related("umbrella", "created_by")
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
            ).annotate(
                # The due names its obligation ('Jatuh tempo 8 Mei 2024 — Laporan ...'), in the same query.
                obligation_title=Subquery(
                    Obligation.objects.filter(pk=OuterRef("obligation_id")).values("title")[:1]
                )
            ),
            lambda r: (
                _("Jatuh tempo %(day)s — %(title)s")
                % {"day": _display(None, r.due_on), "title": r.obligation_title or ""}
            ),
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


# --- Teams and invitations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRow:
    """One user of a party's institution on the Tim tab: their roles, rights and whether they are a member."""

    user: User
    roles: list[str]
    rights: list[Right]
    member: TeamMember | None
    added: list[Right]
    removed: list[Right]


@dataclass(frozen=True)
class TeamView:
    """A party's team on an agreement as its Tim tab shows it."""

    party: AgreementParty
    keeps_team: bool
    rows: list[TeamRow]  # members when it keeps a team, else every active user acting by role
    candidates: list[User]  # active users of the institution who are not members


def team_of(agreement: Agreement, party: AgreementParty) -> TeamView:
    """The party's team (members with their rights) or, while it keeps none, its users acting by role."""
    team = PartyTeam.objects.filter(party=party).first()
    users = list(
        User.objects.filter(institution_id=party.institution_id, is_active=True)
        .prefetch_related("groups")
        .order_by("first_name", "last_name", "username")
    )
    for user in users:
        user._role_names = {g.name for g in user.groups.all()}
    members = (
        {m.user_id: m for m in TeamMember.objects.filter(team=team).prefetch_related("adjustments")}
        if team
        else {}
    )
    rows, candidates = [], []
    for user in users:
        roles = sorted(roles_of(user))
        member = members.get(user.pk)
        if team is not None and member is None:
            candidates.append(user)
            continue
        adjustments = list(member.adjustments.all()) if member else []
        rights = member_rights(set(roles), adjustments) if member else role_defaults(roles)
        rows.append(
            TeamRow(
                user=user,
                roles=roles,
                rights=[r for r in ADJUSTABLE if r in rights],
                member=member,
                added=[Right(a.right) for a in adjustments if a.granted],
                removed=[Right(a.right) for a in adjustments if not a.granted],
            )
        )
    if team is None:
        candidates = [row.user for row in rows]
    return TeamView(party=party, keeps_team=team is not None, rows=rows, candidates=candidates)


def invitations_of(agreement: Agreement) -> list[PartyInvitation]:
    """Every invitation of the agreement, for its parties' pages."""
    return list(
        PartyInvitation.objects.filter(agreement=agreement).select_related(
            "institution", "invited_by", "answered_by"
        )
    )


def invitations_of_visible(user: User) -> QuerySet[PartyInvitation]:
    """Invitations of the agreements the user sees (its parties' and, read-only, the administrator's): what
    the inviting side acts on. The invited institution reaches its own through invitations_for."""
    return PartyInvitation.objects.filter(agreement__in=agreements_visible_to(user)).select_related(
        "institution", "invited_by"
    )


def invitations_for(user: User) -> QuerySet[PartyInvitation]:
    """Invitations to the user's institution: all its users see them, its Pimpinan answers them."""
    institution = institution_of(user)
    if institution is None:
        return PartyInvitation.objects.none()
    return (
        PartyInvitation.objects.filter(institution_id=institution)
        .select_related("agreement", "invited_by", "answered_by", "institution")
        .prefetch_related(
            Prefetch("agreement__parties", queryset=AgreementParty.objects.select_related("institution"))
        )
    )


def may_withdraw(user: User, invitation: PartyInvitation, rights: frozenset[Right] | None = None) -> bool:
    """A pending invitation is withdrawn by the party that made it, by a holder of the right that invites
    (the shared data's); an invitation whose inviting user is gone may be withdrawn by any such party."""
    if invitation.status != InvitationStatus.PENDING or not isinstance(user, User):
        return False
    if rights is None:
        rights = agreement_rights(user, invitation.agreement)
    if Right.EDIT_SHARED not in rights:
        return False
    inviter = invitation.invited_by
    return inviter is None or inviter.institution_id is None or inviter.institution_id == institution_of(user)


def may_answer(user: User, invitation: PartyInvitation) -> bool:
    return (
        institution_of(user) == invitation.institution_id
        and isinstance(user, User)
        and user.has_role(Role.PIMPINAN)
        and invitation.status == InvitationStatus.PENDING
    )


@dataclass(frozen=True)
class TeamOverviewRow:
    agreement: Agreement
    party: AgreementParty
    team: TeamView


def may_see_teams_of(user: User, institution: Institution) -> bool:
    """An institution's teams are read by its Pimpinan and by the portal administrator."""
    if is_portal_admin(user):
        return True
    return institution_of(user) == institution.pk and user.has_role(Role.PIMPINAN)


def teams_overview(institution: Institution) -> list[TeamOverviewRow]:
    """Every agreement of the institution with its party's team (or its users acting by role)."""
    parties = (
        AgreementParty.objects.filter(institution=institution)
        .select_related("agreement", "institution")
        .order_by("agreement__title", "agreement_id")
    )
    return [TeamOverviewRow(p.agreement, p, team_of(p.agreement, p)) for p in parties]


def agreement_register(principal, *, today: date, status: str = "", query: str = "") -> QuerySet[Agreement]:
    """Every agreement of the portal with its parties and status as of `today`: the Administrator's register.

    Read-only oversight: refused (PermissionDenied) to anyone but a portal Administrator.
    """
    from django.core.exceptions import PermissionDenied

    if not is_portal_admin(principal):
        raise PermissionDenied
    qs = annotate_status(Agreement.objects.all(), today)
    if status in AgreementStatus.values:
        qs = qs.filter(status=status)
    if query:
        matching_party = AgreementParty.objects.filter(agreement=OuterRef("pk")).filter(
            Q(number__icontains=query)
            | Q(institution__name__icontains=query)
            | Q(institution__short_name__icontains=query)
        )
        qs = qs.filter(Q(title__icontains=query) | Exists(matching_party))
    return qs.prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("institution").order_by("order"))
    ).order_by(F("signed_on").desc(nulls_first=True), "-id")
