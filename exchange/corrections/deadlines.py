"""The correction proposals' clock, plugged into the portal's deadline registry (see `register`, called
from ExchangeConfig.ready()): a proposal submitted to the receiving party is due for a decision N working
days later (the agreement's `proposal_due_working_days`). Its handler is reminded: the assignee, or the
receiving party's people who may handle it while nobody has taken it (their Pimpinan read it in the
weekly digest).

Every text here ends up in e-mail subjects and calendar feeds: the proposal's reference and institutions,
never a person or personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import cache

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from agreements.deadlines import agreements_in
from agreements.models import Agreement
from agreements.selectors import Right, who_may
from exchange.corrections import selectors
from portal.deadlines import Deadline, DeadlineScope, status_of
from portal.lib.stored_text import day_text
from portal.registry import Addressee, NavItem, PortalUser, Registry


class ProposalDeadlineKind(models.TextChoices):
    """The proposals' clock; it has its own reminder policy (the code is stored: never renamed)."""

    PROPOSAL = "proposal", gettext_lazy("Batas penanganan usulan perbaikan")


def proposal_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """Correction proposals awaiting the receiving party's decision in the scope's agreements, one query."""
    rows = selectors.proposal_deadlines(
        scope.user, scope.start, scope.end, agreements=agreements_in(scope).in_view
    )
    # Translated once per read (a liaison may have thousands of proposals due), each date written once
    # (`day_of`: a memo of day_text for this read, in its language).
    action = _(
        "Putuskan usulan perbaikan data ini (terima, tolak, atau minta kelengkapan) paling lambat "
        "%(date)s melalui portal."
    )
    day_of = cache(day_text)
    for row in rows:
        ref = scope.ref(row.agreement_id)
        party = ref.party(row.owing_party_id) if ref else None
        if party is None:
            continue
        yield Deadline(
            key=f"proposal:{row.proposal_id}:{row.due_on:%Y%m%d}",
            kind=ProposalDeadlineKind.PROPOSAL,
            date=row.due_on,
            today=scope.today,
            status=status_of(row.due_on, scope.today),
            agreement=ref,
            clause="",
            owing=(party,),
            title=row.title,
            action=action % {"date": day_of(row.due_on)},
            url=row.url,
            assignee_ids=(row.assignee_id,) if row.assignee_id else (),
        )


def proposal_window(scope: DeadlineScope) -> Exists:
    """Agreements with a proposal whose clock runs and falls due in range (the index on status, due_on)."""
    return Exists(selectors.proposal_clocks(scope.start, scope.end).filter(agreement_id=OuterRef("pk")))


def handler_audience(deadlines: Sequence[Deadline], today: date) -> Callable[[Deadline], list[Addressee]]:
    """The assignee (nobody if that user left), or, while unassigned, whoever of the owing party may handle
    proposals on the agreement: the same people the proposal's mails go to (agreements.selectors.who_may)."""
    wanted = {(d.agreement.pk, i) for d in deadlines if not d.assignee_ids for i in d.owing_institution_ids}
    agreements = {a.pk: a for a in Agreement.objects.filter(pk__in={pk for pk, _i in wanted})}
    handlers = {
        (pk, i): [user.pk for user in who_may(agreements[pk], Right.HANDLE_PROPOSALS, i)]
        for pk, i in sorted(wanted)
        if pk in agreements
    }

    def audience(deadline: Deadline) -> list[Addressee]:
        if deadline.assignee_ids:
            return [PortalUser(pk) for pk in deadline.assignee_ids]
        return [
            PortalUser(user_id)
            for i in sorted(deadline.owing_institution_ids)
            for user_id in handlers.get((deadline.agreement.pk, i), ())
        ]

    return audience


def register(registry: Registry) -> None:
    """Plug the proposals into the portal: their clock, whom it reminds, and the navigation."""
    kind = ProposalDeadlineKind.PROPOSAL
    registry.deadlines.register_kind(kind.value, kind.label, legal=False, audience=handler_audience)
    registry.deadlines.register_source(proposal_deadlines, window=proposal_window)
    registry.nav_items.register(NavItem("exchange:proposal_list", gettext_noop("Usulan Perbaikan"), order=30))
    registry.nav_items.register(NavItem("exchange:exchange_home", gettext_noop("Pertukaran Data"), order=40))
