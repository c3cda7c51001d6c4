"""The UU PDP Pasal 32 clock, plugged into the portal's deadline registry (from PrivacyConfig.ready()): a
subject access request is answered within 3 x 24 hours of its receipt. Its handler is reminded; the texts
name the agreement and the request's number in the register, never the person or the NIP."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.deadlines import agreements_in
from exchange.privacy.models import SubjectAccessRequest
from portal.deadlines import Deadline, DeadlineScope, status_of
from portal.registry import Addressee, PortalUser, Registry


class PrivacyDeadlineKind(models.TextChoices):
    """The code is stored in reminder policies and the ledger: never renamed."""

    SUBJECT_ACCESS = "subject_access", gettext_lazy("Jawaban permintaan akses subjek data (3×24 jam)")


def subject_access_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """Open requests whose answer falls due in the scope's range, on the scope's agreements (one query)."""
    rows = SubjectAccessRequest.objects.filter(
        agreement__in=agreements_in(scope).agreements, answered_at__isnull=True
    ).only("pk", "agreement_id", "party_id", "due_at", "handler_id")
    if scope.user is not None:
        rows = rows.filter(party__institution_id=scope.user.institution_id)
    for row in rows:
        day = timezone.localdate(row.due_at)
        if not scope.in_range(day):
            continue
        ref = scope.ref(row.agreement_id)
        party = ref.party(row.party_id) if ref else None
        if party is None:
            continue
        yield Deadline(
            key=f"subject-access:{row.pk}:{row.due_at:%Y%m%d%H%M}",
            kind=PrivacyDeadlineKind.SUBJECT_ACCESS,
            date=day,
            today=scope.today,
            status=status_of(day, scope.today),
            agreement=ref,
            clause="UU 27/2022 Pasal 32",
            owing=(party,),
            title=_("Permintaan akses subjek data #%(pk)s dijawab paling lambat pukul %(time)s")
            % {"pk": row.pk, "time": timezone.localtime(row.due_at).strftime("%H:%M")},
            action=_("Susun dan sampaikan laporan akses data pribadi kepada subjek data."),
            url=reverse("privacy:agreement_privacy", args=[row.agreement_id]) + "#subject-access",
            assignee_ids=(row.handler_id,),
        )


def handler_audience(deadlines: Sequence[Deadline], today: date) -> Callable[[Deadline], list[Addressee]]:
    def audience(deadline: Deadline) -> list[Addressee]:
        return [PortalUser(user_id) for user_id in deadline.assignee_ids]

    return audience


def register(registry: Registry) -> None:
    kind = PrivacyDeadlineKind.SUBJECT_ACCESS
    registry.deadlines.register_kind(kind.value, kind.label, legal=True, audience=handler_audience)
    registry.deadlines.register_source(subject_access_deadlines)
