"""agreement_update: edits move the clocks and dues; parties, scope and clauses are kept in step."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.choices import EventKind, ObligationKind
from agreements.models import AgreementEvent, ObligationDue

from .conftest import accept_invitations, addendum, party


def report_dues(agreement):
    return list(
        ObligationDue.objects.filter(obligation__agreement=agreement, obligation__kind=ObligationKind.REPORT)
        .order_by("due_on")
        .values_list("due_on", flat=True)
    )


def test_a_longer_term_moves_the_end_the_notice_deadline_and_the_dues(agreement, kemendes_staf):
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={"term_months": 36},
        amendment=addendum(agreement),
    )
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2026, 10, 8)
    assert agreement.notice_deadline == date(2026, 9, 8)
    assert report_dues(agreement)[-1] == date(2026, 11, 7)  # 30 days after the last period
    assert len(report_dues(agreement)) == 6
    event = AgreementEvent.objects.filter(agreement=agreement, kind=EventKind.UPDATED).latest("id")
    assert event.data["fields"] == ["term_months"]
    assert event.data["before_ends_on"] == "2025-10-08"


def test_a_correction_of_the_signing_day_moves_every_clock(agreement, kemendes_staf):
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={"signed_on": date(2024, 2, 29)},
        amendment=addendum(agreement),
    )
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2026, 2, 27)
    assert agreement.notice_deadline == date(2026, 1, 27)
    assert report_dues(agreement)[0] == date(2024, 9, 27)


def test_the_history_names_who_changed_what(agreement, kemendes_staf):
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={"title": "Judul baru"},
        amendment=addendum(agreement),
    )
    record = agreement.history.latest("history_date")
    assert record.history_user == kemendes_staf
    assert record.title == "Judul baru"


def test_nothing_changed_writes_no_event(agreement, kemendes_staf):
    before = AgreementEvent.objects.count()
    services.agreement_update(
        agreement=agreement, acting_user=kemendes_staf, fields={"title": agreement.title}
    )
    assert AgreementEvent.objects.count() == before


def test_parties_can_be_reordered_and_a_third_added(agreement, kemendes_staf, kemendes, bkn, lain):
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={},
        parties=[party(bkn, "2/UJI/2023"), party(kemendes, "1/UJI/2023"), party(lain, "3/UJI/2023")],
        amendment=addendum(agreement),
    )
    roles = {p.institution_id: p.role_name for p in agreement.parties.all()}
    assert roles == {bkn.pk: "PIHAK KESATU", kemendes.pk: "PIHAK KEDUA"}
    # A new party joins by consent: BPS is invited as PIHAK KETIGA and is one once its Pimpinan accepts.
    accept_invitations(agreement)
    roles = {p.institution_id: p.role_name for p in agreement.parties.all()}
    assert roles == {bkn.pk: "PIHAK KESATU", kemendes.pk: "PIHAK KEDUA", lain.pk: "PIHAK KETIGA"}


def test_a_party_with_records_cannot_be_removed(agreement, kemendes_staf, kemendes, lain):
    with pytest.raises(ValidationError, match="tidak dapat dihapus"):
        services.agreement_update(
            agreement=agreement, acting_user=kemendes_staf, fields={}, parties=[party(kemendes), party(lain)]
        )
    assert agreement.parties.count() == 2


def test_clauses_are_updated_added_and_removed_by_number(agreement, kemendes_staf):
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={},
        clauses=[
            {"number": 1, "title": "TUJUAN", "text": "Tujuan baru."},
            {"number": 2, "title": "LINGKUP", "text": "x"},
        ],
        amendment=addendum(agreement),
    )
    assert list(agreement.clauses.values_list("number", "text")) == [(1, "Tujuan baru."), (2, "x")]
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={},
        clauses=[{"number": 2, "title": "LINGKUP", "text": "x"}],
        amendment=agreement.amendments.get(),
    )
    assert list(agreement.clauses.values_list("number", flat=True)) == [2]


def test_a_bad_edit_changes_nothing(agreement, kemendes_staf):
    with pytest.raises(ValidationError):
        services.agreement_update(
            agreement=agreement,
            acting_user=kemendes_staf,
            fields={"title": "Berubah", "effective_from": date(2020, 1, 1)},
        )
    agreement.refresh_from_db()
    assert agreement.title == "PKS Uji Pertukaran Data"


def test_after_signing_the_signed_text_changes_only_on_an_addendum_of_the_parties(
    agreement, kemendes_staf, bkn_staf, kemendes, bkn
):
    assert agreement.signed_on
    title, events = agreement.title, AgreementEvent.objects.count()
    for user, fields, extra in (
        (kemendes_staf, {"title": "Judul baru"}, {}),
        (bkn_staf, {"purpose": "Tujuan lain."}, {}),
        (kemendes_staf, {}, {"scope_items": ["lingkup lain"]}),
        (kemendes_staf, {}, {"parties": [party(kemendes, "1/UJI/2023"), party(bkn, "99/LAIN/2023")]}),
    ):
        with pytest.raises(ValidationError) as refused:
            services.agreement_update(agreement=agreement, acting_user=user, fields=fields, **extra)
        assert "sudah ditandatangani" in str(refused.value) and "adendum" in str(refused.value)
    agreement.refresh_from_db()
    assert agreement.title == title and AgreementEvent.objects.count() == events
    assert agreement.parties.get(institution=bkn).number == "2/UJI/2023"
    # How the portal works the agreement is no part of the signed text: it changes alone.
    services.agreement_update(
        agreement=agreement, acting_user=kemendes_staf, fields={"report_grace_days": 14}
    )
    # On the parties' addendum, recorded first by a Pimpinan, the text changes, and the event names it.
    signed_off = addendum(agreement)
    services.agreement_update(
        agreement=agreement, acting_user=bkn_staf, fields={"title": "Judul baru"}, amendment=signed_off
    )
    agreement.refresh_from_db()
    assert agreement.title == "Judul baru"
    event = AgreementEvent.objects.filter(agreement=agreement, kind="updated").latest("pk")
    assert event.data["amendment"] == signed_off.pk and event.data["fields"] == ["title"]


def test_an_extension_or_another_agreements_addendum_is_no_ground_for_an_edit(
    agreement, make_agreement, kemendes_staf, kemendes_pimpinan
):
    extension = services.agreement_extend(
        agreement=agreement, acting_user=kemendes_pimpinan, months=12, signed_on=date(2025, 9, 1)
    )
    other = addendum(make_agreement(title="Lain"))
    for amendment in (extension, other):
        with pytest.raises(ValidationError, match="adendum atau amandemen perjanjian ini"):
            services.agreement_update(
                agreement=agreement, acting_user=kemendes_staf, fields={"title": "X"}, amendment=amendment
            )


def test_a_draft_is_edited_without_an_addendum(make_agreement, kemendes_staf):
    draft = make_agreement(signed_on=None, contacts=False, join=False)
    services.agreement_update(agreement=draft, acting_user=kemendes_staf, fields={"title": "Draf baru"})
    draft.refresh_from_db()
    assert draft.title == "Draf baru"
