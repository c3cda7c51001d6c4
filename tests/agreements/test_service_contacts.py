"""The dated contact register of Pasal 8: contacts replace each other; letters use the one valid that day."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements import letters, services
from agreements.choices import EventKind


def test_a_new_contact_replaces_the_old_one_from_its_first_day(agreement, parties, bkn_staf):
    old = agreement.contacts.get(party=parties[1])
    new = services.contact_add(
        agreement=agreement,
        acting_user=bkn_staf,
        party=parties[1],
        unit="Direktur Pengelolaan Data dan Penyajian Informasi Kepegawaian",
        email="pdpik@bkn.go.id",
        valid_from=date(2024, 7, 1),
        replaces=old,
    )
    old.refresh_from_db()
    assert old.valid_to == date(2024, 6, 30)
    parties[1].refresh_from_db()
    assert letters.current_contact(parties[1], date(2024, 6, 30)) == old
    assert letters.current_contact(parties[1], date(2024, 7, 1)) == new
    assert "Direktur Pengelolaan Data" in letters.addressee_text(parties[1], date(2024, 7, 2))
    assert agreement.events.filter(kind=EventKind.CONTACT_CHANGED).count() >= 3


def test_a_contact_ends_on_a_day(agreement, parties, kemendes_staf):
    contact = agreement.contacts.get(party=parties[0])
    services.contact_end(contact=contact, acting_user=kemendes_staf, valid_to=date(2024, 12, 31))
    contact.refresh_from_db()
    assert not contact.is_valid_on(date(2025, 1, 1))


def test_a_contact_cannot_end_before_it_starts(agreement, parties, kemendes_staf):
    contact = agreement.contacts.get(party=parties[0])
    with pytest.raises(ValidationError) as error:
        services.contact_end(contact=contact, acting_user=kemendes_staf, valid_to=date(2023, 1, 1))
    assert "valid_to" in error.value.message_dict


def test_a_bad_e_mail_is_refused_and_nothing_is_written(agreement, parties, kemendes_staf):
    before = agreement.contacts.count()
    with pytest.raises(ValidationError) as error:
        services.contact_add(
            agreement=agreement,
            acting_user=kemendes_staf,
            party=parties[0],
            unit="Biro",
            email="bukan-email",
            valid_from=date(2024, 1, 1),
        )
    assert "email" in error.value.message_dict
    assert agreement.contacts.count() == before


def test_without_a_contact_the_letter_goes_to_the_signatory(make_agreement, bkn):
    agreement = make_agreement(contacts=False)
    second = agreement.parties.get(institution=bkn)
    text = letters.addressee_text(second, date(2024, 1, 1))
    assert text.startswith("Yth. Sekretaris Badan Kepegawaian Negara")
