"""The SIASN token clock, plugged into the portal's deadline registry (called from PartnersConfig.ready()):
a pasted SSO token lapses (about 12 hours after the operator took it), and sync runs stop until a new one is
pasted. The receiving party's staff and liaison officers are reminded before it lapses. A token renewed by
the operator's login needs nobody and is left out.

Texts name the agreement and the institution, never the operator or a token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.deadlines import agreements_in
from exchange.partners.models import SiasnCredential
from portal.choices import Role
from portal.deadlines import Deadline, DeadlineScope, status_of
from portal.registry import Addressee, InstitutionRole, Registry


class PartnerDeadlineKind(models.TextChoices):
    """The code is stored in reminder policies and the ledger: never renamed."""

    SSO_TOKEN = "siasn_sso_token", gettext_lazy("Token SSO SIASN kedaluwarsa")


def sso_token_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """Pasted SSO tokens lapsing in the scope's range, on the scope's agreements (one query)."""
    rows = SiasnCredential.objects.filter(
        agreement__in=agreements_in(scope).agreements,
        sso_token_expires_at__isnull=False,
        sso_password_sealed="",
    ).only("pk", "agreement_id", "party_id", "sso_token_expires_at")
    if scope.user is not None:
        rows = rows.filter(party__institution_id=scope.user.institution_id)
    for row in rows:
        day = timezone.localdate(row.sso_token_expires_at)
        if not scope.in_range(day):
            continue
        ref = scope.ref(row.agreement_id)
        party = ref.party(row.party_id) if ref else None
        if party is None:
            continue
        yield Deadline(
            key=f"siasn-sso:{row.pk}:{row.sso_token_expires_at:%Y%m%d%H%M}",
            kind=PartnerDeadlineKind.SSO_TOKEN,
            date=day,
            today=scope.today,
            status=status_of(day, scope.today),
            agreement=ref,
            clause="",
            owing=(party,),
            title=_("Token SSO SIASN berakhir pukul %(time)s")
            % {"time": timezone.localtime(row.sso_token_expires_at).strftime("%H:%M")},
            action=_("Tempelkan token SSO operator yang baru agar sinkronisasi SIASN tidak terhenti."),
            url=reverse("partners:credential_edit", args=[row.agreement_id]),
        )


def keepers_audience(deadlines: Sequence[Deadline], today: date) -> Callable[[Deadline], list[Addressee]]:
    """The owing institution's staff and liaison officers: those who keep the credentials."""

    def audience(deadline: Deadline) -> list[Addressee]:
        return [
            InstitutionRole(institution, role.value)
            for institution in sorted(deadline.owing_institution_ids)
            for role in (Role.STAF, Role.PENGHUBUNG)
        ]

    return audience


def register(registry: Registry) -> None:
    kind = PartnerDeadlineKind.SSO_TOKEN
    registry.deadlines.register_kind(kind.value, kind.label, legal=False, audience=keepers_audience)
    registry.deadlines.register_source(sso_token_deadlines)
