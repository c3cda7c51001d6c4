"""Reads of the Pasal 9 records, scoped by who asks: every party to the agreement sees its disclosure
register (the register serves both parties' duties); a user sees their own acknowledgement."""

from __future__ import annotations

from django.db.models import QuerySet

from agreements.models import Agreement
from agreements.selectors import agreements_visible_to
from exchange.privacy.models import Acknowledgement, Disclosure, Incident, SubjectAccessRequest
from exchange.privacy.texts import VERSION
from portal.models import User


def disclosures_of(user: User, agreement: Agreement) -> QuerySet[Disclosure]:
    return (
        Disclosure.objects.filter(agreement__in=agreements_visible_to(user), agreement=agreement)
        .select_related("party__institution", "document", "recorded_by")
        .order_by("-disclosed_on", "-id")
    )


def holds_the_personal_data_right(user: User, agreement: Agreement) -> bool:
    """Whether the user's role or team gives them the personal-data right on the agreement, before the Pasal 9
    acknowledgement that makes it count."""
    from agreements.rights import Right, user_rights_in_party

    party = next((p for p in agreement.parties.all() if p.institution_id == user.institution_id), None)
    return party is not None and Right.VIEW_PERSONAL_DATA in user_rights_in_party(user, party)


def acknowledgement_of(user: User, agreement: Agreement) -> Acknowledgement | None:
    return Acknowledgement.objects.filter(user=user, agreement=agreement, text_version=VERSION).first()


def subject_requests_of(user: User, agreement: Agreement) -> QuerySet[SubjectAccessRequest]:
    """The requests handled by the user's own party (the other party keeps its own)."""
    return (
        SubjectAccessRequest.objects.filter(
            agreement__in=agreements_visible_to(user),
            agreement=agreement,
            party__institution_id=user.institution_id,
        )
        .select_related("handler", "document")
        .order_by("-received_at", "-id")
    )


def incidents_of(user: User, agreement: Agreement) -> QuerySet[Incident]:
    """Every party sees the incident register of the agreement: a leak at one concerns both."""
    return (
        Incident.objects.filter(agreement__in=agreements_visible_to(user), agreement=agreement)
        .select_related("party__institution")
        .order_by("-discovered_at", "-id")
    )
