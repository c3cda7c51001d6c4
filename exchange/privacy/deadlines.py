"""The UU PDP clocks of 3 x 24 hours, plugged into the deadline registry (from PrivacyConfig.ready()):
a subject access request is answered within 3 x 24 hours of its receipt (Pasal 32), its handler reminded; a
suspected leak is notified to the other party and the subjects within 3 x 24 hours of its discovery (Pasal
46), the reporting party's liaison officers and Pimpinan reminded. Texts name the agreement and the number in
the register, never a person or a NIP."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.deadlines import MomentClock
from exchange.privacy.models import Incident, SubjectAccessRequest
from portal.choices import Role
from portal.deadlines import Deadline
from portal.registry import Addressee, InstitutionRole, PortalUser, Registry


class PrivacyDeadlineKind(models.TextChoices):
    """The code is stored in reminder policies and the ledger: never renamed."""

    SUBJECT_ACCESS = "subject_access", gettext_lazy("Jawaban permintaan akses subjek data (3×24 jam)")
    INCIDENT = "pdp_incident", gettext_lazy("Pemberitahuan insiden data pribadi (3×24 jam)")


# Open requests, answered within 3 x 24 hours of receipt by their handler.
SUBJECT_ACCESS_CLOCK = MomentClock(
    kind=PrivacyDeadlineKind.SUBJECT_ACCESS.value,
    open_rows=lambda: SubjectAccessRequest.objects.filter(answered_at__isnull=True),
    at="due_at",
    key="subject-access",
    clause="UU 27/2022 Pasal 32",
    title=lambda row, time: (
        _("Permintaan akses subjek data #%(pk)s dijawab paling lambat pukul %(time)s")
        % {"pk": row.pk, "time": time}
    ),
    action=lambda: _("Susun dan sampaikan laporan akses data pribadi kepada subjek data."),
    url=lambda row: reverse("privacy:agreement_privacy", args=[row.agreement_id]) + "#subject-access",
    assignee="handler_id",
)

# Incidents whose notices (to the other party, to the subjects) are not both given yet.
INCIDENT_CLOCK = MomentClock(
    kind=PrivacyDeadlineKind.INCIDENT.value,
    open_rows=lambda: Incident.objects.filter(closed_at__isnull=True).filter(
        models.Q(party_notified_at__isnull=True) | models.Q(subjects_notified_at__isnull=True)
    ),
    at="notify_by",
    key="pdp-incident",
    clause="UU 27/2022 Pasal 46",
    title=lambda row, time: (
        _("Insiden data pribadi #%(pk)s: beri tahu pihak lain dan subjek data sebelum pukul %(time)s")
        % {"pk": row.pk, "time": time}
    ),
    action=lambda: _("Sampaikan pemberitahuan tertulis insiden kepada pihak lain dan subjek data."),
    url=lambda row: reverse("privacy:agreement_privacy", args=[row.agreement_id]) + "#incidents",
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
    SUBJECT_ACCESS_CLOCK.register(registry)
    incident = PrivacyDeadlineKind.INCIDENT
    registry.deadlines.register_kind(incident.value, incident.label, legal=True, audience=keepers_audience)
    INCIDENT_CLOCK.register(registry)
