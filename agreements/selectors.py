"""Reads of agreements, scoped by who asks. Lists, details, documents, PDFs and the API all start here."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from guardian.shortcuts import get_objects_for_user

from agreements import rules
from agreements.choices import AgreementStatus
from agreements.models import Agreement, AgreementParty, ForceMajeure
from portal.models import User

CHANGE = "agreements.change_agreement"
HANDLE_PROPOSALS = "agreements.handle_proposals"
VIEW_PERSONAL_DATA = "agreements.view_personal_data"


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    """Agreements to which the user's institution is a party; nothing for anyone else."""
    if not user.is_authenticated or not user.institution_id:
        return Agreement.objects.none()
    return Agreement.objects.filter(
        Exists(AgreementParty.objects.filter(agreement=OuterRef("pk"), institution_id=user.institution_id))
    )


def agreements_granted_to(user: User, perm: str = CHANGE) -> QuerySet[Agreement]:
    """Visible agreements on which the user holds a per-object grant (edit, proposals, personal data)."""
    granted = get_objects_for_user(user, perm, klass=Agreement, accept_global_perms=False)
    return agreements_visible_to(user).filter(pk__in=granted.values("pk"))


def user_can(user: User, perm: str, agreement: Agreement) -> bool:
    """A per-object grant counts only while the user's institution is a party to the agreement."""
    if not user.is_authenticated or not user.institution_id:
        return False
    is_party = any(p.institution_id == user.institution_id for p in agreement.parties.all())
    return is_party and user.has_perm(perm, agreement)


def annotate_status(qs: QuerySet[Agreement], today: date) -> QuerySet[Agreement]:
    """Status as of `today`, computed in the database (the same rule as Agreement.status_on)."""
    window_days = timedelta(days=rules.NOTICE_WINDOW_DAYS)
    starts = Case(When(effective_from__isnull=False, then=F("effective_from")), default=F("signed_on"))
    fm_open = ForceMajeure.objects.filter(agreement=OuterRef("pk"), occurred_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    return qs.annotate(
        starts=starts,
        status=Case(
            When(signed_on__isnull=True, then=Value(AgreementStatus.DRAFT)),
            When(starts__gt=today, then=Value(AgreementStatus.DRAFT)),
            When(terminated_on__lt=today, then=Value(AgreementStatus.TERMINATED)),
            When(ends_on__lt=today, then=Value(AgreementStatus.EXPIRED)),
            When(terminated_on__isnull=False, then=Value(AgreementStatus.NOTICE)),
            When(notice_deadline__lte=today + window_days, then=Value(AgreementStatus.NOTICE)),
            default=Value(AgreementStatus.ACTIVE),
            output_field=CharField(),
        ),
        force_majeure_open=Exists(fm_open),
    )
