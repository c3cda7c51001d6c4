"""Mail and bell notifications about proposals, written in the step's own transaction.

`announce()` turns one event into the e-mail for the other party's liaison officers and their
notifications: outbox rows and bell lines written beside the event, so that a step and what it causes
commit together or not at all; after the commit only the outbox's doorbell rings. A step whose mail cannot
be written (a broken template) still stands: its event is marked `announce_pending`, and the periodic sweep
(`announce_pending_events`) writes the mail later. Which mail an event sends, and who besides them hears of
it, is declared with its step in `flow.STEPS` (`flow.mail_for`); the templates come in threes, rendered
by `portal.lib.mail.render_mail`.

Every mail of one proposal belongs to one thread: the submission mail carries the proposal's own
Message-ID, every later one a fresh Message-ID with In-Reply-To and References pointing at it, and all share
one subject, so mail clients that also group by subject keep them together. Mails name the proposal, the
agreement, the parties and the fields, never the person: no NIP, name or birth date leaves by e-mail.
Internal notes never cause a mail to the other party.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_noop

from exchange.corrections import flow
from exchange.corrections.choices import CommentVisibility, ProposalEventKind
from exchange.corrections.models import Proposal, ProposalComment, ProposalEvent
from portal.lib.mail import render_mail
from portal.lib.stored_text import keyed, term
from portal.services import mail_enqueue_to_users, notification_create

logger = logging.getLogger(__name__)


def thread_headers(proposal: Proposal, event: ProposalEvent) -> dict[str, str]:
    """The submission opens the thread with the proposal's Message-ID; every later mail answers it."""
    if event.kind == ProposalEventKind.SUBMITTED:
        return {"Message-ID": proposal.message_id}
    domain = proposal.message_id.rstrip(">").rsplit("@", 1)[-1]
    return {
        "Message-ID": f"<usulan.{proposal.pk}.{event.pk}.{uuid.uuid4().hex[:12]}@{domain}>",
        "In-Reply-To": proposal.message_id,
        "References": proposal.message_id,
    }


def announce(event_id: int) -> None:
    """Mail and notify the other party about one shared event; tell one's own assignee what concerns them.

    Each mail in its recipients' language, not the actor's: the readers are other people; the bell lines
    are kept keyed and shown in each reader's.
    """
    with translation.override(settings.LANGUAGE_CODE):
        _announce(event_id)


def announce_with_step(event_id: int) -> bool:
    """Write the event's announcement in the caller's transaction, inside a savepoint of its own.

    Returns False (and marks the event for the sweep) when it cannot be written: the step itself stands.
    """
    try:
        with transaction.atomic():
            announce(event_id)
    except Exception:  # noqa: BLE001 - whatever broke the mail must not undo the step; the sweep retries
        logger.exception("announce_proposal_event %s failed; left for the sweep", event_id)
        ProposalEvent.objects.filter(pk=event_id).update(announce_pending=True)
        return False
    return True


def announce_pending_events(*, limit: int = 500) -> dict[str, int]:
    """The sweep: write the announcements left pending, each with clearing its mark, in one transaction.

    A mail already written for an event is not written again (the outbox key), so a sweep racing another
    one, or a step whose mail went out after all, sends nothing twice.
    """
    counts = {"announced": 0, "pending": 0}
    pending = ProposalEvent.objects.filter(announce_pending=True).order_by("pk")
    for event_id in list(pending.values_list("pk", flat=True)[:limit]):
        try:
            with transaction.atomic():
                announce(event_id)
                ProposalEvent.objects.filter(pk=event_id).update(announce_pending=False)
        except Exception:  # noqa: BLE001 - still broken: it stays pending for the next sweep
            logger.exception("announce_proposal_event %s failed again", event_id)
            counts["pending"] += 1
        else:
            counts["announced"] += 1
    return counts


def _announce(event_id: int) -> None:
    event = (
        ProposalEvent.objects.select_related(
            "actor",
            "institution",
            "proposal__agreement",
            "proposal__proposing_party__institution",
            "proposal__receiving_party__institution",
            "proposal__assignee",
        )
        .filter(pk=event_id)
        .first()
    )
    mail = flow.mail_for(event.kind) if event is not None else None
    if mail is None:
        return
    proposal = event.proposal
    actor_side = proposal.side_of(event.institution_id)
    if actor_side is None:
        return
    acting_party = proposal.proposing_party if actor_side == "proposer" else proposal.receiving_party
    with translation.override("id"):
        kind = str(event.get_kind_display())
    notice = {
        "key": f"proposal-event:{event.pk}",
        "title": keyed(
            gettext_noop("%(ref)s: %(kind)s (%(institution)s)"),
            ref=proposal.reference,
            kind=term(kind),
            institution=acting_party.institution.short_name,
        ),
        "body": event.summary_keyed,
        "url": proposal.get_absolute_url(),
    }
    if event.internal_to_id is not None:
        # An internal note: only the actor's own assignee hears of it, in the portal.
        assignee = proposal.assignee
        if assignee and assignee.pk != event.actor_id and assignee.institution_id == event.internal_to_id:
            notification_create(users=[assignee], **notice)
        return
    _mail_other_party(event, mail, acting_party, notice)
    if mail.to_assignee and proposal.assignee_id not in (None, event.actor_id):
        notification_create(
            users=[proposal.assignee],
            key=f"{notice['key']}:assignee",
            title=keyed(gettext_noop("%(ref)s: ditugaskan kepada Anda"), ref=proposal.reference),
            body=event.summary_keyed,
            url=notice["url"],
        )


def _mail_other_party(event: ProposalEvent, mail: flow.Mail, acting_party, notice: dict) -> None:
    """The mail and bell lines for the other party's liaison officers (selectors.liaison_officers)."""
    from exchange.corrections import selectors  # selectors import the models this module is imported with

    proposal = event.proposal
    other_party = proposal.other_party(proposal.side_of(event.institution_id))
    comment = None
    comment_id = event.data.get("comment")
    if comment_id:
        comment = ProposalComment.objects.filter(
            pk=comment_id, proposal=proposal, visibility=CommentVisibility.SHARED
        ).first()
    recipients = selectors.liaison_officers(proposal.agreement, other_party.institution_id)
    context = {
        "proposal": proposal,
        "event": event,
        "actor": event.actor,
        "acting_party": acting_party,
        "other_party": other_party,
        "fields": [item.field.label for item in proposal.items.select_related("field")],
        "comment": comment,
        "url": f"{settings.SITE_URL}{notice['url']}",
        "site_name": settings.SITE_NAME,
    }
    mail_enqueue_to_users(
        users=recipients,
        render=lambda: render_mail(mail.template, context),
        headers=thread_headers(proposal, event),
        key=notice["key"],
        kind=f"proposal_{event.kind}",
    )
    notification_create(users=recipients, **notice)
