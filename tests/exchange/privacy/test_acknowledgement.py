"""Pasal 9 ayat (5): the personal-data right counts only once its holder acknowledged the duties."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agreements.models import AgreementEvent
from agreements.selectors import Right, agreement_rights, may
from exchange.privacy import services, texts
from exchange.privacy.models import Acknowledgement
from exchange.privacy.selectors import holds_the_personal_data_right
from portal.models import User
from tests.helpers import assert_permission_matrix

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_a_grant_gives_no_personal_data_until_the_duties_are_acknowledged(seed, kemendes_penghubung):
    assert holds_the_personal_data_right(kemendes_penghubung, seed)
    assert Right.VIEW_PERSONAL_DATA not in agreement_rights(kemendes_penghubung, seed)
    acknowledgement = services.acknowledgement_record(acting_user=kemendes_penghubung, agreement=seed)
    assert acknowledgement.text_version == texts.VERSION
    assert may(kemendes_penghubung, Right.VIEW_PERSONAL_DATA, seed)
    assert may(fresh(kemendes_penghubung), Right.VIEW_PERSONAL_DATA, seed)
    assert (
        AgreementEvent.objects.filter(agreement=seed, summary__contains="kewajiban kerahasiaan").count() == 1
    )


def test_acknowledging_twice_records_it_once(seed, kemendes_penghubung):
    for _ in range(2):
        services.acknowledgement_record(acting_user=kemendes_penghubung, agreement=seed)
    assert Acknowledgement.objects.filter(user=kemendes_penghubung).count() == 1
    assert (
        AgreementEvent.objects.filter(agreement=seed, summary__contains="kewajiban kerahasiaan").count() == 1
    )


def test_an_acknowledgement_of_an_older_text_does_not_count(seed, kemendes_penghubung):
    Acknowledgement.objects.create(user=kemendes_penghubung, agreement=seed, text_version="pasal9-v0")
    assert not may(fresh(kemendes_penghubung), Right.VIEW_PERSONAL_DATA, seed)


def test_an_acknowledgement_without_a_grant_gives_nothing(seed, bkn_staf):
    services.acknowledgement_record(acting_user=bkn_staf, agreement=seed)
    assert not may(fresh(bkn_staf), Right.VIEW_PERSONAL_DATA, seed)


def test_an_outsider_cannot_acknowledge(seed, lain_staf):
    with pytest.raises(PermissionDenied):
        services.acknowledgement_record(acting_user=lain_staf, agreement=seed)
    assert not Acknowledgement.objects.exists()


def test_the_page_matrix(client, seed, lain_staf, bkn_staf, kemendes_penghubung):
    url = reverse("privacy:agreement_privacy", args=[seed.pk])
    assert_permission_matrix(
        client,
        url,
        {
            "anonymous": (None, 302),
            "other institution": (lain_staf, 404),
            "party without the grant": (bkn_staf, 200),
            "with the grant": (kemendes_penghubung, 200),
        },
    )


def test_acknowledging_on_the_page_needs_the_box_ticked(client, seed, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    page = client.get(reverse("privacy:agreement_privacy", args=[seed.pk])).content.decode()
    assert "baru berlaku setelah Anda menyatakan" in page and str(texts.DUTIES[0])[:40] in page
    url = reverse("privacy:acknowledge", args=[seed.pk])
    page = client.post(url, follow=True).content.decode()
    assert "Centang pernyataan" in page and not Acknowledgement.objects.exists()
    page = client.post(url, {"understood": "1"}, follow=True).content.decode()
    assert "Pernyataan kerahasiaan Anda tercatat." in page
    assert "Anda dapat melihat data pribadi pada perjanjian ini" in page
    assert Acknowledgement.objects.filter(user=kemendes_penghubung, agreement=seed).count() == 1


def test_an_outsider_posting_is_a_404_and_records_nothing(client, seed, lain_staf):
    client.force_login(lain_staf)
    assert client.post(reverse("privacy:acknowledge", args=[seed.pk]), {"understood": "1"}).status_code == 404
    assert not Acknowledgement.objects.exists()
