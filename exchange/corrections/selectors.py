"""Reads of the exchange app, scoped by who asks.

`proposals_visible_to(user)` is the one door to proposals: the list, its tab counts, the detail page, the
XLSX export, the deadline feed and the bulk actions all start from it, so they can never disagree on what a
user may see. `comments_visible_to` and `events_visible_to` do the same for the conversation: the other
institution's internal notes (and the events that mention them) never leave their institution.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connections
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementParty
from agreements.selectors import (
    HANDLE_PROPOSALS,
    VIEW_PERSONAL_DATA,
    agreements_granted_to,
    agreements_visible_to,
    user_can,
    who_may,
    who_may_on_any,
)
from exchange.corrections import flow, paging
from exchange.corrections.choices import CommentVisibility, Side
from exchange.corrections.models import (
    LIST_DUE,
    LIST_URGENCY,
    Proposal,
    ProposalBulkJob,
    ProposalComment,
    ProposalEvent,
    ProposalEvidence,
    ProposalImport,
    ProposalItem,
)
from exchange.data import nip
from exchange.data.models import AnnexField, DataField
from portal.models import User


def proposals_visible_to(user: User, parties: list[int] | None = None) -> QuerySet[Proposal]:
    """Proposals the user's institution made, and those it received once they were submitted.

    Only the two parties of a proposal see it (a third party to the same agreement does not), and a draft is
    its proposer's alone until it is submitted (a draft withdrawn unsubmitted stays so). Nothing for users
    without an institution.
    """
    if not user.is_authenticated or not user.institution_id:
        return Proposal.objects.none()
    parties = parties_of(user) if parties is None else parties
    return Proposal.objects.filter(
        Q(proposing_party__in=parties) | Q(receiving_party__in=parties, submitted_on__isnull=False)
    )


def parties_of(user: User) -> QuerySet[AgreementParty]:
    """The parties of the user's institution, as a subquery; `party_ids` reads them once instead.

    Proposals are matched on their own party columns (`party IN (...)`), never through a join to the
    party's institution: with the join PostgreSQL guessed a few hundred rows where a ministry has a million,
    and sorted them all for one page. The list passes the ids themselves (`party_ids`), which the planner
    weighs against the party columns' statistics, so that it walks the sort index for a ministry and reads
    a small institution's few rows through the party index."""
    return AgreementParty.objects.filter(institution_id=user.institution_id).values("pk")


def party_ids(user: User) -> list[int]:
    if not user.is_authenticated or not user.institution_id:
        return []
    return list(parties_of(user).values_list("pk", flat=True))


def visible_comment_q(user: User, prefix: str = "") -> Q:
    """Shared comments, and the internal notes of the user's own institution."""
    return Q(**{f"{prefix}visibility": CommentVisibility.SHARED}) | Q(
        **{f"{prefix}institution_id": user.institution_id}
    )


def comments_visible_to(user: User, proposal: Proposal | None = None) -> QuerySet[ProposalComment]:
    comments = ProposalComment.objects.filter(proposal__in=proposals_visible_to(user)).filter(
        visible_comment_q(user)
    )
    if proposal is not None:
        comments = comments.filter(proposal=proposal)
    return comments.select_related("author", "institution")


def events_visible_to(user: User, proposal: Proposal | None = None) -> QuerySet[ProposalEvent]:
    events = ProposalEvent.objects.filter(proposal__in=proposals_visible_to(user)).filter(
        Q(internal_to__isnull=True) | Q(internal_to_id=user.institution_id)
    )
    if proposal is not None:
        events = events.filter(proposal=proposal)
    return events.select_related("actor", "institution")


def evidence_visible_to(user: User) -> QuerySet[ProposalEvidence]:
    return ProposalEvidence.objects.filter(proposal__in=proposals_visible_to(user))


def overdue_q(today: date) -> Q:
    """The database twin of Proposal.is_overdue()."""
    return Q(status__in=flow.CLOCK_RUNNING, due_on__lt=today)


def in_tab(
    proposals: QuerySet[Proposal], user: User, tab: str, parties: list[int] | None = None
) -> QuerySet[Proposal]:
    """Inbox: submitted to the user's institution (a draft is in nobody's inbox); outbox: made by it;
    anything else: all visible."""
    parties = parties_of(user) if parties is None else parties
    if tab == "inbox":
        return proposals.filter(receiving_party__in=parties, submitted_on__isnull=False)
    if tab == "outbox":
        return proposals.filter(proposing_party__in=parties)
    return proposals


# Counts on the tabs and the dashboard are exact up to COUNT_CAP and "more than" beyond it: each is a count
# of at most COUNT_CAP + 1 rows (a LIMIT inside the count), so a ministry's million proposals cost what a
# thousand do, and the numbers a person acts on (what needs handling, what is overdue, what is theirs) stay
# exact in every normal inbox. See the README's "Lists at scale".
COUNT_CAP = 1000


def proposal_counts(
    user: User, *, today: date | None = None, parties: list[int] | None = None
) -> dict[str, int]:
    """The numbers on the tabs and the dashboard, in one query over the same selector as the list; a value
    above COUNT_CAP means "more than COUNT_CAP" (the template's `capped` filter writes "1.000+")."""
    today = today or timezone.localdate()
    parties = party_ids(user) if parties is None else parties
    if not parties:  # no institution, or one that is party to no agreement: nothing to count
        return dict.fromkeys(("all", "inbox", "inbox_open", "outbox", "mine", "overdue"), 0)
    visible = proposals_visible_to(user, parties)
    # What in_tab(visible, ...) selects, said without the visibility's OR, which the tab implies: submitted
    # to one of the parties, or made by one; so each count reads one index (proposal_received_status, the
    # proposing party's) and nothing else.
    inbox = Proposal.objects.filter(receiving_party__in=parties, submitted_on__isnull=False)
    counted = {
        "all": visible,
        "inbox": inbox,
        "inbox_open": inbox.filter(status__in=flow.OPEN_FOR_RECEIVER),
        "outbox": Proposal.objects.filter(proposing_party__in=parties),
        "mine": visible.filter(assignee_id=user.pk, status__in=flow.OPEN_FOR_RECEIVER),
        "overdue": inbox.filter(overdue_q(today)),
    }
    parts, params = [], []
    for proposals in counted.values():
        sql, part_params = proposals.order_by().values("pk")[: COUNT_CAP + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")  # noqa: S608 (Django's own SQL)
        params.extend(part_params)
    with connections[Proposal.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)  # noqa: S608 (Django's own SQL)
        row = cursor.fetchone()
    return dict(zip(counted, (int(n) for n in row), strict=True))


# The list's orders (exchange/corrections/paging.py): the inbox is a work queue, what runs against the clock
# first, then the earliest due date, and within one due date first come, first served; the outbox and "all"
# newest first. The indexes of models.Proposal follow exactly these keys.
INBOX_ORDER = paging.Order(
    [
        paging.Key("list_urgency", int, LIST_URGENCY),
        paging.Key("list_due", date, LIST_DUE),
        paging.Key("created_at", datetime),
        paging.Key("id", int),
    ]
)
NEWEST_ORDER = paging.Order([paging.Key("created_at", datetime), paging.Key("id", int)], descending=True)


def list_order(tab: str) -> paging.Order:
    return INBOX_ORDER if tab == "inbox" else NEWEST_ORDER


def overdue_filter(proposals: QuerySet[Proposal], tab: str, today: date) -> QuerySet[Proposal]:
    """Only the overdue; in the inbox's order also said in its own keys (urgency 0, due before today), which
    the inbox index reads as one range instead of filtering its way to the last page."""
    proposals = proposals.filter(overdue_q(today))
    if tab == "inbox":
        proposals = proposals.alias(list_urgency=LIST_URGENCY, list_due=LIST_DUE).filter(
            list_urgency=0, list_due__lt=today
        )
    return proposals


def assignees_of(proposals: QuerySet[Proposal]) -> QuerySet[User]:
    """The users to whom any of these proposals is assigned (the list's assignee filter): one probe of the
    assignee index per user, not a pass over every proposal."""
    return User.objects.filter(Exists(proposals.filter(assignee_id=OuterRef("pk")))).order_by(
        "first_name", "last_name", "username"
    )


def with_list_columns(proposals: QuerySet[Proposal], user: User) -> QuerySet[Proposal]:
    """What a list row shows, in one query for the rows and one for their fields, whatever the page size."""
    visible_comments = (
        ProposalComment.objects.filter(proposal=OuterRef("pk"))
        .filter(visible_comment_q(user))
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        proposals.select_related(
            "agreement",
            "proposing_party__institution",
            "receiving_party__institution",
            "assignee",
        )
        .prefetch_related(
            Prefetch("items", queryset=ProposalItem.objects.select_related("field").order_by("order", "id"))
        )
        .annotate(comment_count=Coalesce(Subquery(visible_comments, output_field=IntegerField()), Value(0)))
    )


def search(proposals: QuerySet[Proposal], user: User, query: str) -> QuerySet[Proposal]:
    """Search by NIP (digits, spaces allowed) or by name, only where the user may read personal data:
    a search that matched elsewhere would tell who has a proposal without the right to know it.
    """
    query = " ".join(query.split())
    if not query:
        return proposals
    allowed = agreements_granted_to(user, VIEW_PERSONAL_DATA).values("pk")
    digits = nip.normalize(query)
    match = Q(nip__contains=digits) if digits.isdigit() else Q(person_name__icontains=query)
    return proposals.filter(match, agreement__in=allowed)


def granted_agreement_ids(user: User, perm: str) -> set[int]:
    """The agreements on which the user holds the right (from role and team) and whose party the
    institution is."""
    if not user.is_authenticated or not user.institution_id:
        return set()
    return set(agreements_granted_to(user, perm).values_list("pk", flat=True))


def can_handle(user: User, agreement: Agreement) -> bool:
    return user_can(user, HANDLE_PROPOSALS, agreement)


def can_view_personal_data(user: User, agreement: Agreement) -> bool:
    return user_can(user, VIEW_PERSONAL_DATA, agreement)


def side_of(user: User, proposal: Proposal) -> Side | None:
    """Where the user stands; the receiving party stands nowhere on a proposal never submitted to it."""
    side = proposal.side_of(user.institution_id if user.is_authenticated else None)
    if side == Side.RECEIVER and proposal.submitted_on is None:
        return None
    return side


def steps_for(user: User, proposal: Proposal, *, handles: bool | None = None) -> list[flow.Step]:
    """The steps this user may take on this proposal now: the buttons of the detail page."""
    handles = can_handle(user, proposal.agreement) if handles is None else handles
    return flow.allowed_steps(
        status=proposal.status,
        side=side_of(user, proposal),
        can_handle=handles,
        assigned=proposal.assignee_id is not None,
    )


def step_choices(proposal: Proposal) -> dict[str, QuerySet]:
    """What a step's form may choose from on this proposal, by field name (flow.StepForm)."""
    return {"assignee": assignable_users(proposal)}


def handlers_of(agreement: Agreement, institution_id: int) -> QuerySet[User]:
    """Active users of one party who may handle proposals on the agreement (from role and team)."""
    ids = [user.pk for user in who_may(agreement, HANDLE_PROPOSALS, institution_id)]
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def liaison_officers(agreement: Agreement, institution_id: int) -> list[User]:
    """Whom a party's proposal mail goes to: exactly those of it who may act on the proposal."""
    return who_may(agreement, HANDLE_PROPOSALS, institution_id)


def handlers_in_institution(institution_id: int, agreement_ids: Iterable[int]) -> QuerySet[User]:
    """Users of one institution who may handle proposals on any of these agreements: the choices of the
    bulk-assign menu."""
    ids = [user.pk for user in who_may_on_any(agreement_ids, HANDLE_PROPOSALS, institution_id)]
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def assignable_users(proposal: Proposal) -> QuerySet[User]:
    return handlers_of(proposal.agreement, proposal.receiving_party.institution_id)


def parties_user_can_propose_to(user: User) -> QuerySet[AgreementParty]:
    """The receiving parties a user may address a proposal to: other parties of agreements where the user's
    institution is a party and the user holds the handling grant.
    """
    granted = granted_agreement_ids(user, HANDLE_PROPOSALS)
    return (
        AgreementParty.objects.filter(agreement_id__in=granted)
        .exclude(institution_id=user.institution_id)
        .select_related("agreement", "institution")
        .order_by("agreement__title", "agreement_id", "order")
    )


def imports_visible_to(user: User) -> QuerySet[ProposalImport]:
    """XLSX imports of proposals made by the user's institution, on agreements where the user may handle
    proposals (the same right that imports them)."""
    return ProposalImport.objects.filter(
        created_by__institution_id=user.institution_id,
        agreement_id__in=granted_agreement_ids(user, HANDLE_PROPOSALS),
    ).select_related("created_by", "agreement", "receiving_party__institution")


def bulk_jobs_visible_to(user: User) -> QuerySet[ProposalBulkJob]:
    """Bulk steps in the background: each is seen by the user who asked for it."""
    return ProposalBulkJob.objects.filter(created_by=user)


def annexes_visible_to(user: User) -> QuerySet[AnnexField]:
    return AnnexField.objects.filter(agreement__in=agreements_visible_to(user)).select_related(
        "agreement", "provider__institution", "receiver__institution", "field"
    )


def data_fields() -> QuerySet[DataField]:
    return DataField.objects.all()


@dataclass(frozen=True)
class ProposalDeadline:
    """A proposal's due date as the deadline feed needs it: no personal data, only who owes what by when."""

    proposal_id: int
    reference: str
    title: str
    due_on: date
    status: str
    status_label: str
    agreement_id: int
    agreement_title: str
    owing_institution_id: int
    owing_party_id: int
    owing_party: str
    proposing_party: str
    assignee_id: int | None
    assignee_name: str
    url: str

    def is_overdue(self, *, on: date) -> bool:
        return self.due_on < on


def proposal_clocks(
    start: date | None, end: date | None, proposals: QuerySet[Proposal] | None = None
) -> QuerySet[Proposal]:
    """The proposals (of all, unscoped, by default) whose decision clock runs and falls due from start to
    end inclusive."""
    proposals = Proposal.objects.all() if proposals is None else proposals
    proposals = proposals.filter(status__in=flow.CLOCK_RUNNING, due_on__isnull=False)
    if start is not None:
        proposals = proposals.filter(due_on__gte=start)
    if end is not None:
        proposals = proposals.filter(due_on__lte=end)
    return proposals


def proposal_deadlines(
    user: User | None,
    start: date | None,
    end: date | None,
    *,
    agreements: QuerySet[Agreement] | None = None,
    institution_ids: Iterable[int] | None = None,
) -> list[ProposalDeadline]:
    """Due dates of proposals whose clock runs (submitted or in review), from start to end inclusive; start
    None reaches back to every overdue one.

    With a user: what that user may see (the same selector as the list). With user None: every institution,
    for the periodic reminder job, which decides itself whom to tell. One query, whatever the number.
    """
    proposals = proposals_visible_to(user) if user is not None else Proposal.objects.all()
    if agreements is not None:
        proposals = proposals.filter(agreement__in=agreements)
    proposals = proposal_clocks(start, end, proposals)
    if institution_ids is not None:
        proposals = proposals.filter(receiving_party__institution_id__in=list(institution_ids))
    rows = proposals.select_related(
        "agreement", "proposing_party__institution", "receiving_party__institution", "assignee"
    ).order_by("due_on", "pk")
    deadlines = []
    title = _("Usulan perbaikan data %(ref)s dari %(proposer)s")  # once per read, not once per proposal
    for proposal in rows:
        deadlines.append(
            ProposalDeadline(
                proposal_id=proposal.pk,
                reference=proposal.reference,
                title=title
                % {"ref": proposal.reference, "proposer": proposal.proposing_party.institution.short_name},
                due_on=proposal.due_on,
                status=proposal.status,
                status_label=str(proposal.get_status_display()),
                agreement_id=proposal.agreement_id,
                agreement_title=proposal.agreement.title,
                owing_institution_id=proposal.receiving_party.institution_id,
                owing_party_id=proposal.receiving_party_id,
                owing_party=proposal.receiving_party.institution.short_name,
                proposing_party=proposal.proposing_party.institution.short_name,
                assignee_id=proposal.assignee_id,
                assignee_name=str(proposal.assignee) if proposal.assignee else "",
                url=reverse("exchange:proposal_detail", args=[proposal.pk]),
            )
        )
    return deadlines
