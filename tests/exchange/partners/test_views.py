"""The credential pages: who may see and keep the SIASN access, secrets sealed and never shown back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exchange.partners.models import SiasnCredential
from tests.exchange.sync import setup
from tests.helpers import assert_permission_matrix

FORM = {
    "gateway_url": "http://127.0.0.1:8243",
    "sso_url": "http://127.0.0.1:8243",
    "consumer_key": "kunci-konsumen-uji",
    "consumer_secret": "rahasia-konsumen-uji",
    "sso_username": "operator",
    "sso_password": "sandi-operator-uji",
    "sso_token": "",
    "sso_token_expires_at": "",
    "max_concurrency": "4",
    "rate_per_second": "1",
}


@pytest.fixture
def agreement(kemendes, bkn, kemendes_staf):
    agreement = setup.agreement_with_lampiran(kemendes, bkn)
    return agreement


@pytest.mark.django_db
def test_the_credential_form_follows_the_permission_matrix(
    client, agreement, kemendes_staf, kemendes_pimpinan, lain_staf
):
    setup.grant_change(kemendes_staf, agreement)
    url = reverse("partners:credential_edit", args=[agreement.pk])
    assert_permission_matrix(
        client,
        url,
        {
            "anonymous": (None, 302),
            "other institution": (lain_staf, 404),
            "own party without the grant": (kemendes_pimpinan, 403),
            "own party with the grant": (kemendes_staf, 200),
        },
    )


@pytest.mark.django_db
def test_saving_seals_the_secrets_and_never_shows_them_back(client, agreement, kemendes_staf):
    setup.grant_change(kemendes_staf, agreement)
    client.force_login(kemendes_staf)
    url = reverse("partners:credential_edit", args=[agreement.pk])
    response = client.post(url, FORM)
    assert response.status_code == 302
    credential = SiasnCredential.objects.get(agreement=agreement)
    assert credential.consumer_secret == "rahasia-konsumen-uji"
    assert "rahasia-konsumen-uji" not in credential.consumer_secret_sealed
    assert credential.provider.order == 2 and credential.party.order == 1
    page = client.get(url).content.decode()
    for secret in ("kunci-konsumen-uji", "rahasia-konsumen-uji", "sandi-operator-uji"):
        assert secret not in page
    assert "Tersimpan (terenkripsi)" in page

    client.post(url, {**FORM, "consumer_secret": "", "consumer_key": "", "sso_password": ""})
    credential.refresh_from_db()
    assert credential.consumer_secret == "rahasia-konsumen-uji"  # empty keeps what is stored


@pytest.mark.django_db
def test_bad_input_says_why_and_changes_nothing(client, agreement, kemendes_staf):
    setup.grant_change(kemendes_staf, agreement)
    client.force_login(kemendes_staf)
    url = reverse("partners:credential_edit", args=[agreement.pk])
    response = client.post(
        url, {**FORM, "gateway_url": "bukan alamat", "sso_password": "", "sso_username": ""}
    )
    assert response.status_code == 200
    assert not SiasnCredential.objects.exists()
    response = client.post(url, {**FORM, "sso_password": "", "sso_username": ""})
    assert "Isi token SSO" in response.content.decode()
    assert not SiasnCredential.objects.exists()


@pytest.mark.django_db
def test_the_list_shows_token_status_in_bounded_queries(
    client, agreement, kemendes_staf, django_assert_max_num_queries
):
    setup.grant_change(kemendes_staf, agreement)
    setup.credential(agreement, "http://127.0.0.1:8243")
    client.force_login(kemendes_staf)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("partners:credential_list"))
    page = response.content.decode()
    assert "Token SSO operator" in page and agreement.title in page
