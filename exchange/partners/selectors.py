"""Reads of SIASN credentials, scoped by who asks: only the receiving party's own people see its access."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from agreements.models import Agreement, AgreementParty
from agreements.selectors import Right, agreements_granted_to, agreements_visible_to, user_can
from exchange.data.models import AnnexField
from exchange.partners.models import SiasnCredential
from portal.models import User


def credentials_visible_to(user: User) -> QuerySet[SiasnCredential]:
    """The credentials of the user's own institution, on agreements the user may see."""
    if not user.is_authenticated or not user.institution_id:
        return SiasnCredential.objects.none()
    return SiasnCredential.objects.filter(
        agreement__in=agreements_visible_to(user), party__institution_id=user.institution_id
    ).select_related("agreement", "party__institution", "provider__institution")


def receiving_party(user: User, agreement: Agreement) -> AgreementParty | None:
    """The user's own party when it receives data under the agreement's Lampiran, else None."""
    party = next((p for p in agreement.parties.all() if p.institution_id == user.institution_id), None)
    if party is None or not AnnexField.objects.filter(agreement=agreement, receiver=party).exists():
        return None
    return party


def providing_party(agreement: Agreement, receiver: AgreementParty) -> AgreementParty | None:
    """The party that gives `receiver` data under the Lampiran (the owner of the partner system)."""
    provider_id = (
        AnnexField.objects.filter(agreement=agreement, receiver=receiver)
        .order_by("provider__order")
        .values_list("provider_id", flat=True)
        .first()
    )
    return next((p for p in agreement.parties.all() if p.pk == provider_id), None)


def can_manage(user: User, agreement: Agreement) -> bool:
    """Keeping the credentials and starting runs: the receiving party's people who keep its own records."""
    return receiving_party(user, agreement) is not None and user_can(user, Right.KEEP_OWN, agreement)


def manageable_agreements(user: User) -> QuerySet[Agreement]:
    """Agreements on which the user may keep credentials and start runs (one query, whatever their number)."""
    if not user.is_authenticated or not user.institution_id:
        return Agreement.objects.none()
    receives = AnnexField.objects.filter(
        agreement=OuterRef("pk"), receiver__institution_id=user.institution_id
    )
    return agreements_granted_to(user, Right.KEEP_OWN).filter(Exists(receives))
