"""Reads of pemadanan, scoped by who asks.

The rights model is deliberately simple: every user of a party to the agreement sees its runs and their
counts, may request a run and sign off the berita acara for their own party. Names and NIPs in the results
are personal data: they are shown only with the per-agreement personal-data grant, decided exactly as for
the correction proposals (`exchange.corrections.selectors.can_view_personal_data`).
"""

from __future__ import annotations

from django.db.models import Case, Q, QuerySet, When

from agreements.models import Agreement, AgreementParty
from agreements.selectors import agreements_visible_to
from exchange.corrections import selectors as correction_selectors
from exchange.data.models import DataSetVersion
from exchange.data.selectors import ready_versions_visible_to
from exchange.matching.choices import Outcome
from exchange.matching.models import BeritaAcara, MatchResult, MatchRun
from portal.models import User


def runs_visible_to(user: User) -> QuerySet[MatchRun]:
    """Runs of agreements to which the user's institution is a party; nothing for anyone else."""
    return MatchRun.objects.filter(agreement__in=agreements_visible_to(user))


def run_list(user: User, agreement: Agreement) -> QuerySet[MatchRun]:
    return (
        runs_visible_to(user)
        .filter(agreement=agreement)
        .select_related(
            "requested_by",
            "left_version__dataset__provider__institution",
            "right_version__dataset__provider__institution",
            "berita_acara",
        )
        .order_by("-created_at", "-id")
    )


def run_detail(user: User, pk: int) -> MatchRun:
    """One visible run with what its page shows; DoesNotExist for anyone who may not see it."""
    return (
        runs_visible_to(user)
        .select_related(
            "agreement",
            "requested_by",
            "left_version__dataset__provider__institution",
            "left_version__dataset__receiver__institution",
            "right_version__dataset__provider__institution",
            "right_version__dataset__receiver__institution",
        )
        .get(pk=pk)
    )


def party_of(user: User, agreement: Agreement) -> AgreementParty | None:
    if not user.is_authenticated or not user.institution_id:
        return None
    return next((p for p in agreement.parties.all() if p.institution_id == user.institution_id), None)


def can_request(user: User, agreement: Agreement) -> bool:
    return user.is_active and party_of(user, agreement) is not None


def can_view_personal_data(user: User, agreement: Agreement) -> bool:
    return correction_selectors.can_view_personal_data(user, agreement)


def versions_for(user: User, agreement: Agreement) -> QuerySet[DataSetVersion]:
    """Ready versions of the agreement's data sets that the user may see: the choices of a new run."""
    return (
        ready_versions_visible_to(user)
        .filter(dataset__agreement=agreement)
        .select_related("dataset__provider__institution", "dataset__receiver__institution")
        .order_by("dataset__provider__order", "dataset_id", "-number")
    )


def keeper_party(run: MatchRun) -> AgreementParty | None:
    """The party that keeps the compared record: the provider of the right (reference) version."""
    return run.right_version.dataset.provider if run.right_version_id else None


def results_of(
    run: MatchRun, *, outcome: str = "", field: str = "", unit: str = "", open_only: bool = False
) -> QuerySet[MatchResult]:
    """The run's results filtered; a filter value that is not one of the run's own is ignored."""
    results = MatchResult.objects.filter(run=run)
    if outcome in Outcome.values:
        results = results.filter(outcome=outcome)
    if field and field.replace("_", "").isalnum():
        results = results.filter(fields__contains=f" {field} ")
    if unit:
        results = results.filter(unit=unit)
    if open_only:
        results = results.filter(proposal__isnull=True)
    # What needs attention first: every outcome but padan, then the padan, each in the engine's order.
    return results.order_by(Case(When(outcome=Outcome.PADAN, then=1), default=0), "id")


def proposable_q() -> Q:
    return Q(outcome=Outcome.TIDAK_PADAN, proposal__isnull=True)


def berita_acara_of(run: MatchRun) -> BeritaAcara | None:
    return (
        BeritaAcara.objects.filter(run=run)
        .select_related("issuing_party__institution", "document")
        .prefetch_related("signatures__party__institution", "signatures__signed_by")
        .first()
    )
