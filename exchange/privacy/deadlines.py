"""The UU PDP clocks of 3 x 24 hours, plugged into the deadline registry (from PrivacyConfig.ready()):
a subject access request is answered within 3 x 24 hours of its receipt (Pasal 32), its handler reminded; a
suspected leak is notified to the other party and the subjects within 3 x 24 hours of its discovery (Pasal
46), the reporting party's liaison officers and Pimpinan reminded. Texts name the agreement and the number in
the register, never a person or a NIP."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.deadlines import agreements_in
from exchange.privacy.models import Incident, SubjectAccessRequest
from portal.choices import Role
from portal.deadlines import Deadline, DeadlineScope, status_of
from portal.registry import Addressee, InstitutionRole, PortalUser, Registry


class PrivacyDeadlineKind(models.TextChoices):
    """The code is stored in reminder policies and the ledger: never renamed."""

    SUBJECT_ACCESS = "subject_access", gettext_lazy("Jawaban permintaan akses subjek data (3×24 jam)")
    INCIDENT = "pdp_incident", gettext_lazy("Pemberitahuan insiden data pribadi (3×24 jam)")


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


def incident_deadlines(scope: DeadlineScope) -> Iterator[Deadline]:
    """Incidents whose notices (to the other party, to the subjects) are not both given yet (one query)."""
    rows = (
        Incident.objects.filter(agreement__in=agreements_in(scope).agreements, closed_at__isnull=True)
        .filter(models.Q(party_notified_at__isnull=True) | models.Q(subjects_notified_at__isnull=True))
        .only("pk", "agreement_id", "party_id", "notify_by")
    )
    if scope.user is not None:
        rows = rows.filter(party__institution_id=scope.user.institution_id)
    for row in rows:
        day = timezone.localdate(row.notify_by)
        if not scope.in_range(day):
            continue
        ref = scope.ref(row.agreement_id)
        party = ref.party(row.party_id) if ref else None
        if party is None:
            continue
        yield Deadline(
            key=f"pdp-incident:{row.pk}:{row.notify_by:%Y%m%d%H%M}",
            kind=PrivacyDeadlineKind.INCIDENT,
            date=day,
            today=scope.today,
            status=status_of(day, scope.today),
            agreement=ref,
            clause="UU 27/2022 Pasal 46",
            owing=(party,),
            title=_(
                "Insiden data pribadi #%(pk)s: beri tahu pihak lain dan subjek data sebelum pukul %(time)s"
            )
            % {"pk": row.pk, "time": timezone.localtime(row.notify_by).strftime("%H:%M")},
            action=_("Sampaikan pemberitahuan tertulis insiden kepada pihak lain dan subjek data."),
            url=reverse("privacy:agreement_privacy", args=[row.agreement_id]) + "#incidents",
        )


def keepers_audience(deadlines: Sequence[Deadline], today: date) -> Callable[[Deadline], list[Addressee]]:
    """The owing party's liaison officers and Pimpinan."""

    def audience(deadline: Deadline) -> list[Addressee]:
        return [
            InstitutionRole(institution, role.value)
            for institution in sorted(deadline.owing_institution_ids)
            for role in (Role.PENGHUBUNG, Role.PIMPINAN)
        ]

    return audience


def handler_audience(deadlines: Sequence[Deadline], today: date) -> Callable[[Deadline], list[Addressee]]:
    def audience(deadline: Deadline) -> list[Addressee]:
        return [PortalUser(user_id) for user_id in deadline.assignee_ids]

    return audience


def register(registry: Registry) -> None:
    kind = PrivacyDeadlineKind.SUBJECT_ACCESS
    registry.deadlines.register_kind(kind.value, kind.label, legal=True, audience=handler_audience)
    registry.deadlines.register_source(subject_access_deadlines)
    incident = PrivacyDeadlineKind.INCIDENT
    registry.deadlines.register_kind(incident.value, incident.label, legal=True, audience=keepers_audience)
    registry.deadlines.register_source(incident_deadlines)
