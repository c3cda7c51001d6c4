"""Pieces every service shares: locking the agreement, the event row, history attribution, notifications."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.choices import EventKind
from agreements.models import Agreement, AgreementEvent, AgreementParty
from portal.models import User


def lock(agreement: Agreement) -> Agreement:
    """Lock the agreement row for the rest of the transaction, so two transitions never interleave."""
    Agreement.objects.select_for_update().filter(pk=agreement.pk).values_list("pk", flat=True).get()
    agreement.refresh_from_db()
    return agreement


def as_json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def record_event(
    agreement: Agreement, kind: EventKind, actor: User | None, summary: str, **data: Any
) -> AgreementEvent:
    """The audit row of a transition, written in the transition's own transaction."""
    return AgreementEvent.objects.create(
        agreement=agreement,
        kind=kind,
        actor=actor,
        summary=summary[:500],
        data={key: as_json(value) for key, value in data.items()},
    )


def attribute(instance, user: User | None):
    """Name the user on the history row simple-history writes for this save (outside requests too)."""
    instance._history_user = user
    return instance


def party_of(agreement: Agreement, party: AgreementParty) -> AgreementParty:
    if party.agreement_id != agreement.pk:
        raise ValidationError(_("Pihak yang dipilih bukan pihak pada perjanjian ini."))
    return party


def own_party(agreement: Agreement, user: User) -> AgreementParty | None:
    return AgreementParty.objects.filter(agreement=agreement, institution_id=user.institution_id).first()


def require_own_party(agreement: Agreement, party: AgreementParty, user: User, message: str) -> None:
    party_of(agreement, party)
    if party.institution_id != user.institution_id:
        raise ValidationError(message)


def require_signed(agreement: Agreement) -> None:
    if not agreement.signed_on:
        raise ValidationError(_("Perjanjian belum ditandatangani."))


def notify_parties(agreement: Agreement, *, actor: User | None, key: str, title: str, body: str = "") -> None:
    """After commit: a bell line for every active user of every party, except the one who acted."""
    from portal.services import notification_create

    agreement_id = agreement.pk
    url = agreement.get_absolute_url()
    actor_id = actor.pk if actor else None

    def send() -> None:
        users = (
            User.objects.filter(is_active=True, institution__agreement_parties__agreement_id=agreement_id)
            .exclude(pk=actor_id)
            .distinct()
        )
        notification_create(users=users, key=key, title=title, body=body, url=url)

    transaction.on_commit(send)
