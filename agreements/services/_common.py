"""Pieces every service shares: locking the agreement, the event row, history attribution, notifications."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.choices import EventKind
from agreements.models import Agreement, AgreementEvent, AgreementParty
from agreements.selectors import Right, agreement_rights
from portal.lib import stored_text
from portal.lib.stored_text import Keyed
from portal.models import User
from portal.principals import Principal, institution_of, user_of

REFUSED = {
    Right.EDIT_SHARED: gettext_lazy(
        "Anda tidak berwenang mengubah perjanjian ini: hanya staf dan pimpinan pihak perjanjian (anggota "
        "timnya bila pihak itu menyusun tim) yang memegang hak ubah data bersama."
    ),
    Right.KEEP_OWN: gettext_lazy(
        "Anda tidak berwenang mengelola catatan pihak Anda pada perjanjian ini (kontak, dokumen, paraf, "
        "surat, keadaan kahar, kewajiban)."
    ),
    Right.SIGN_OFF: gettext_lazy(
        "Anda tidak berwenang: pemberitahuan, pengakhiran, perpanjangan, adendum dan Lampiran disetujui oleh "
        "Pimpinan pihak perjanjian."
    ),
    Right.MANAGE_TEAM: gettext_lazy("Anda tidak berwenang: tim pihak dikelola oleh Pimpinan pihak tersebut."),
    Right.HANDLE_PROPOSALS: gettext_lazy(
        "Anda tidak berwenang menangani usulan perbaikan pada perjanjian ini."
    ),
    Right.VIEW_PERSONAL_DATA: gettext_lazy("Anda tidak berwenang melihat data pribadi pada perjanjian ini."),
    Right.RECOMPUTE: gettext_lazy("Anda tidak berwenang menghitung ulang jam hukum perjanjian ini."),
}


def lock(agreement: Agreement) -> Agreement:
    """Lock the agreement row for the rest of the transaction, so two transitions never interleave."""
    Agreement.objects.select_for_update().filter(pk=agreement.pk).values_list("pk", flat=True).get()
    agreement.refresh_from_db()
    return agreement


def as_json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def require_right(principal: Principal, agreement: Agreement, right: Right = Right.EDIT_SHARED) -> None:
    """Refuse, whoever calls, what selectors.agreement_rights does not give the principal."""
    if right not in agreement_rights(principal, agreement):
        raise PermissionDenied(str(REFUSED.get(right, REFUSED[Right.EDIT_SHARED])))


def refuse(errors: dict[str, str]) -> None:
    """Raise what a pure check of agreements.rules found, field by field; nothing when it found nothing."""
    if not errors:
        return
    if set(errors) == {NON_FIELD_ERRORS}:
        raise ValidationError(errors[NON_FIELD_ERRORS])
    raise ValidationError(errors)


def role_term(party: AgreementParty) -> dict[str, str]:
    """The party's title ('PIHAK KESATU') as a parameter of a keyed text, translated when shown."""
    with translation.override("id"):
        return stored_text.term(party.role_name)


def label_term(instance, field: str) -> dict[str, str]:
    """A choice's label (a dispute's stage, an amendment's kind) as a parameter of a keyed text."""
    with translation.override("id"):
        return stored_text.term(getattr(instance, f"get_{field}_display")())


def record_event(
    agreement: Agreement, kind: EventKind, actor: Principal | None, summary: str | Keyed, **data: Any
) -> AgreementEvent:
    """The audit row of a transition, written in the transition's own transaction.

    `summary` is best given keyed (`keyed(gettext_noop("..."), ...)`, portal.lib.stored_text), so that the
    history shows it in the reader's language; a plain sentence is kept as it is.
    """
    text, message = stored_text.split(summary)
    return AgreementEvent.objects.create(
        agreement=agreement,
        kind=kind,
        actor=user_of(actor),
        summary=text[:500],
        message=message,
        data={key: as_json(value) for key, value in data.items()},
    )


def attribute(instance, principal: Principal | None):
    """Name the user on the history row simple-history writes for this save (outside requests too)."""
    instance._history_user = user_of(principal)
    return instance


def party_of(agreement: Agreement, party: AgreementParty) -> AgreementParty:
    if party.agreement_id != agreement.pk:
        raise ValidationError(_("Pihak yang dipilih bukan pihak pada perjanjian ini."))
    return party


def own_party(agreement: Agreement, principal: Principal) -> AgreementParty | None:
    """The party the principal acts for on this agreement, if any."""
    institution = institution_of(principal)
    if institution is None:
        return None
    return AgreementParty.objects.filter(agreement=agreement, institution_id=institution).first()


def require_own_party(
    agreement: Agreement, party: AgreementParty, principal: Principal, message: str
) -> None:
    """A party acts only for itself: the party named must be the principal's own."""
    party_of(agreement, party)
    if party.institution_id != institution_of(principal):
        raise ValidationError(message)


def require_signed(agreement: Agreement) -> None:
    if not agreement.signed_on:
        raise ValidationError(_("Perjanjian belum ditandatangani."))


def notify_parties(
    agreement: Agreement, *, actor: Principal | None, key: str, title: str | Keyed, body: str | Keyed = ""
) -> None:
    """After commit: a bell line for every active user of every party, except the one who acted."""
    from portal.services import notification_create

    agreement_id = agreement.pk
    url = agreement.get_absolute_url()
    person = user_of(actor)
    actor_id = person.pk if person else None

    def send() -> None:
        users = (
            User.objects.filter(is_active=True, institution__agreement_parties__agreement_id=agreement_id)
            .exclude(pk=actor_id)
            .distinct()
        )
        notification_create(users=users, key=key, title=title, body=body, url=url)

    transaction.on_commit(send)
