"""agreement_create: parties, scope, clauses, clocks, the creator's grant, events and dues."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.choices import EventKind, ObligationKind
from agreements.models import Agreement, AgreementEvent, ObligationDue
from portal.models import Notification

from .conftest import party


def test_it_creates_a_signed_agreement_with_its_clocks(agreement):
    assert agreement.ends_on == date(2025, 10, 8)
    assert agreement.notice_deadline == date(2025, 9, 8)
    assert [p.role_name for p in agreement.parties.order_by("order")] == ["PIHAK KESATU", "PIHAK KEDUA"]
    assert list(agreement.scope_items.values_list("text", flat=True)) == ["pertukaran data uji"]
    assert agreement.clauses.get().title == "TUJUAN"


def test_the_creators_party_starts_a_team_of_the_creator_and_its_pimpinan(
    agreement, kemendes_staf, kemendes_penghubung, kemendes_pimpinan, bkn_staf
):
    from guardian.models import UserObjectPermission

    from agreements.models import TeamMember
    from agreements.selectors import Right, may

    members = set(TeamMember.objects.filter(team__party__agreement=agreement).values_list("user", flat=True))
    assert members == {kemendes_staf.pk, kemendes_pimpinan.pk}
    assert may(kemendes_staf, Right.EDIT_SHARED, agreement)
    assert not may(kemendes_penghubung, Right.HANDLE_PROPOSALS, agreement)  # no member of the team
    assert may(bkn_staf, Right.EDIT_SHARED, agreement)  # BKN keeps no team: its staff act by role
    assert not UserObjectPermission.objects.exists()


def test_it_writes_created_and_signed_events_in_the_same_transaction(agreement, kemendes_staf):
    kinds = set(AgreementEvent.objects.filter(agreement=agreement).values_list("kind", flat=True))
    assert {EventKind.CREATED, EventKind.SIGNED} <= kinds
    signed = AgreementEvent.objects.get(agreement=agreement, kind=EventKind.SIGNED)
    assert signed.actor == kemendes_staf
    assert signed.data["ends_on"] == "2025-10-08"


def test_standard_obligations_get_their_semester_dues(agreement):
    dues = ObligationDue.objects.filter(
        obligation__agreement=agreement, obligation__kind=ObligationKind.REPORT
    )
    assert list(dues.values_list("period_end", "due_on")) == [
        (date(2024, 4, 8), date(2024, 5, 8)),
        (date(2024, 10, 8), date(2024, 11, 7)),
        (date(2025, 4, 8), date(2025, 5, 8)),
        (date(2025, 10, 8), date(2025, 11, 7)),
    ]


def test_a_draft_has_no_clocks_and_no_dues(make_agreement):
    draft = make_agreement(signed_on=None, contacts=False)
    assert draft.ends_on is None and draft.notice_deadline is None
    assert not ObligationDue.objects.filter(obligation__agreement=draft).exists()


def test_the_counterparty_is_invited_and_only_its_pimpinan_is_told(
    make_agreement, bkn_staf, bkn_pimpinan, kemendes_staf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = make_agreement(contacts=False, join=False)
    invitation = created.invitations.get()
    assert list(created.parties.values_list("institution__short_name", flat=True)) == ["Kemendes PDTT"]
    assert Notification.objects.filter(user=bkn_pimpinan, url=invitation.get_absolute_url()).exists()
    assert not Notification.objects.filter(user=bkn_staf).exists()
    assert not Notification.objects.filter(user=kemendes_staf, url=created.get_absolute_url()).exists()


@pytest.mark.parametrize(
    ("parties", "message"),
    [
        ("one", "sekurang-kurangnya dua pihak"),
        ("twice", "Satu instansi hanya dapat menjadi satu pihak"),
        ("without me", "Instansi Anda harus menjadi salah satu pihak"),
    ],
)
def test_bad_parties_are_refused_and_nothing_is_written(kemendes_staf, kemendes, bkn, lain, parties, message):
    given = {
        "one": [party(kemendes)],
        "twice": [party(kemendes), party(kemendes)],
        "without me": [party(bkn), party(lain)],
    }[parties]
    with pytest.raises(ValidationError, match=message):
        services.agreement_create(acting_user=kemendes_staf, fields={"title": "X"}, parties=given)
    assert not Agreement.objects.exists()


def test_an_effective_date_before_the_signing_is_refused(kemendes_staf, kemendes, bkn):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            acting_user=kemendes_staf,
            fields={"title": "X", "signed_on": date(2024, 5, 1), "effective_from": date(2024, 4, 1)},
            parties=[party(kemendes), party(bkn)],
        )
    assert "effective_from" in error.value.message_dict
    assert not Agreement.objects.exists()


def test_duplicate_clause_numbers_are_refused(kemendes_staf, kemendes, bkn):
    with pytest.raises(ValidationError, match="Nomor pasal 2 tercantum lebih dari sekali"):
        services.agreement_create(
            acting_user=kemendes_staf,
            fields={"title": "X"},
            parties=[party(kemendes), party(bkn)],
            clauses=[{"number": 2, "title": "A", "text": "a"}, {"number": 2, "title": "B", "text": "b"}],
        )
    assert not Agreement.objects.exists()


def test_a_user_without_an_institution_cannot_create(admin_user, kemendes, bkn):
    with pytest.raises(ValidationError, match="terdaftar pada suatu instansi"):
        services.agreement_create(
            acting_user=admin_user, fields={"title": "X"}, parties=[party(kemendes), party(bkn)]
        )
