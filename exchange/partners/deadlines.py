"""The SIASN token clock, plugged into the portal's deadline registry (called from PartnersConfig.ready()):
a pasted SSO token lapses (about 12 hours after the operator took it), and sync runs stop until a new one is
pasted. The receiving party's staff and liaison officers are reminded before it lapses. A token renewed by
the operator's login needs nobody and is left out.

Texts name the agreement and the institution, never the operator or a token.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.deadlines import MomentClock
from exchange.partners.models import SiasnCredential
from portal.choices import Role
from portal.deadlines import Deadline
from portal.registry import Addressee, InstitutionRole, Registry


class PartnerDeadlineKind(models.TextChoices):
    """The code is stored in reminder policies and the ledger: never renamed."""

    SSO_TOKEN = "siasn_sso_token", gettext_lazy("Token SSO SIASN kedaluwarsa")


# Pasted SSO tokens lapsing (one renewed by the operator's login needs nobody).
SSO_TOKEN_CLOCK = MomentClock(
    kind=PartnerDeadlineKind.SSO_TOKEN.value,
    open_rows=lambda: SiasnCredential.objects.filter(
        sso_token_expires_at__isnull=False, sso_password_sealed=""
    ),
    at="sso_token_expires_at",
    key="siasn-sso",
    clause="",
    title=lambda row, time: _("Token SSO SIASN berakhir pukul %(time)s") % {"time": time},
    action=lambda: _("Tempelkan token SSO operator yang baru agar sinkronisasi SIASN tidak terhenti."),
    url=lambda row: reverse("partners:credential_edit", args=[row.agreement_id]),
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
    SSO_TOKEN_CLOCK.register(registry)
