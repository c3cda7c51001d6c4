"""The agreements' answers to the header's search box: agreements by a party's number, the title or a
party's name, and letters by number or subject, only under agreements the user's institution is party to.

Two queries for agreements (the rows, then their parties) and one for letters, whatever the data size.
Signatories' names are not searched: the box searches documents, not people.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.choices import AgreementStatus, LetterDirection
from agreements.models import AgreementParty, Letter
from agreements.selectors import agreements_visible_to, annotate_status
from portal.lib.text_id import format_date
from portal.models import User
from portal.registry import SearchHit, SearchSection


def _agreement_hits(user: User, query: str, limit: int) -> tuple[list[SearchHit], bool]:
    party_matches = AgreementParty.objects.filter(agreement=OuterRef("pk")).filter(
        Q(number__icontains=query)
        | Q(institution__name__icontains=query)
        | Q(institution__short_name__icontains=query)
    )
    parties = AgreementParty.objects.select_related("institution").order_by("order")
    agreements = (
        annotate_status(agreements_visible_to(user), timezone.localdate())
        .filter(Q(title__icontains=query) | Exists(party_matches))
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("-signed_on", "-id")[: limit + 1]
    )
    rows = list(agreements)
    hits = [
        SearchHit(
            title=agreement.title,
            url=agreement.get_absolute_url(),
            context=" · ".join(
                f"{party.institution.short_name or party.institution.name}"
                + (f" {party.number}" if party.number else "")
                for party in agreement.parties.all()
            ),
            badge=str(AgreementStatus(agreement.status).label),
            badge_code=agreement.status,
        )
        for agreement in rows[:limit]
    ]
    return hits, len(rows) > limit


def _letter_url(letter: Letter) -> str:
    if letter.direction == LetterDirection.OUTGOING:
        return reverse("agreements:letter_pdf", args=[letter.agreement_id, letter.pk])
    if letter.document_id:
        return letter.document.get_absolute_url()
    return reverse("agreements:agreement_detail", args=[letter.agreement_id]) + "#korespondensi"


def _letter_hits(user: User, query: str, limit: int) -> tuple[list[SearchHit], bool]:
    letters = (
        Letter.objects.filter(agreement__in=agreements_visible_to(user))
        .filter(Q(number__icontains=query) | Q(subject__icontains=query))
        .select_related("agreement", "document")
        .order_by("-dated_on", "-id")[: limit + 1]
    )
    rows = list(letters)
    hits = [
        SearchHit(
            title=f"{letter.number} — {letter.subject}",
            url=_letter_url(letter),
            context=f"{format_date(letter.dated_on)} · {letter.agreement.title}",
            badge=letter.get_direction_display(),
            badge_code="info" if letter.direction == LetterDirection.INCOMING else "",
        )
        for letter in rows[:limit]
    ]
    return hits, len(rows) > limit


def search_provider(user: User, query: str, limit: int) -> list[SearchSection]:
    agreements, more_agreements = _agreement_hits(user, query, limit)
    letters, more_letters = _letter_hits(user, query, limit)
    return [
        SearchSection("agreements", _("Perjanjian"), agreements, more_agreements),
        SearchSection("letters", _("Surat"), letters, more_letters),
    ]
