"""The Lampiran tab: reached from the agreement's page, readable by its parties only, with a form to
propose a change after signing (to edit before it), the other party's Pimpinan deciding, and any past day."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from agreements.models import Agreement, AgreementParty, Amendment
from exchange.data.models import AnnexField, DataField, LampiranChange, LampiranVersion
from exchange.data.services import lampiran_first_version
from tests.helpers import assert_permission_matrix, member

pytestmark = pytest.mark.django_db

IN_FORCE = "2024-05-02 10:00 +07:00"


@pytest.fixture
def signed(agreement, kemendes_staf, bkn_pimpinan):
    for user in (kemendes_staf, bkn_pimpinan):
        member(user, agreement)
    lampiran_first_version(agreement=agreement)
    return agreement


def url(agreement) -> str:
    return reverse("lampiran:lampiran_detail", args=[agreement.pk])


def propose_data(agreement, provider, receiver, codes, reason="Tambah tempat lahir.") -> dict:
    prefix = f"d{provider.pk}-{receiver.pk}"
    data = {f"{prefix}-reason": reason}
    for field in DataField.objects.filter(code__in=codes):
        data[f"{prefix}-f{field.pk}"] = "on"
        data[f"{prefix}-n{field.pk}"] = f"catatan {field.code}"
    return data


def test_the_permission_matrix(client, signed, lain_staf, kemendes_penghubung, kemendes_staf):
    assert_permission_matrix(
        client,
        url(signed),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "no grant": (kemendes_penghubung, 200),
            "granted": (kemendes_staf, 200),
        },
    )


def test_the_agreement_page_has_a_lampiran_tab(client, signed, kemendes_staf):
    client.force_login(kemendes_staf)
    page = client.get(reverse("agreements:agreement_detail", args=[signed.pk])).content.decode()
    assert f'href="{url(signed)}"' in page and ">Lampiran</a>" in page


@time_machine.travel(IN_FORCE)
def test_a_party_with_the_edit_right_is_offered_a_proposal_form_and_others_are_not(
    client, signed, kemendes_staf, kemendes_penghubung
):
    client.force_login(kemendes_staf)
    page = client.get(url(signed)).content.decode()
    assert "Ajukan perubahan Lampiran" in page and "Alasan perubahan" in page
    assert "PIHAK KESATU (Kemendes PDTT) memberikan kepada PIHAK KEDUA (BKN)" in page
    client.force_login(kemendes_penghubung)
    page = client.get(url(signed)).content.decode()
    assert "Ajukan perubahan Lampiran" not in page and "lokasiKerja" in page


@time_machine.travel(IN_FORCE)
def test_a_proposal_then_acceptance_shows_a_new_version_and_an_addendum(
    client, signed, kemendes_staf, bkn_pimpinan, kemendes_party, bkn_party
):
    codes = [
        *AnnexField.objects.filter(provider=bkn_party).values_list("field__code", flat=True),
        "tempatLahir",
    ]
    client.force_login(kemendes_staf)
    propose = reverse("lampiran:lampiran_propose", args=[signed.pk, bkn_party.pk, kemendes_party.pk])
    response = client.post(propose, propose_data(signed, bkn_party, kemendes_party, codes))
    assert response.status_code == 302
    change = LampiranChange.objects.get(agreement=signed)
    assert "Terima perubahan" not in client.get(url(signed)).content.decode()  # not the proposer's to decide

    client.force_login(bkn_pimpinan)
    assert "Terima perubahan" in client.get(url(signed)).content.decode()
    response = client.post(reverse("lampiran:change_accept", args=[change.pk]), follow=True)
    page = response.content.decode()
    assert "Lampiran versi 2" in page and "Adendum Lampiran versi 2" in page
    assert Amendment.objects.filter(agreement=signed, title="Adendum Lampiran versi 2").exists()
    # The agreement page lists the addendum too.
    detail = client.get(reverse("agreements:agreement_detail", args=[signed.pk])).content.decode()
    assert "Adendum Lampiran versi 2" in detail
    # The day before, version 1 was in force.
    page = client.get(url(signed), {"tanggal": "2024-05-01"}).content.decode()
    assert "Lampiran versi 1" in page and "tempatLahir" not in page.split("Usulan perubahan")[0]


@time_machine.travel(IN_FORCE)
def test_a_proposal_without_reason_is_refused_with_a_message_and_changes_nothing(
    client, signed, kemendes_staf, kemendes_party, bkn_party
):
    client.force_login(kemendes_staf)
    propose = reverse("lampiran:lampiran_propose", args=[signed.pk, kemendes_party.pk, bkn_party.pk])
    response = client.post(propose, propose_data(signed, kemendes_party, bkn_party, ["nipBaru"], reason=""))
    assert response.status_code == 400
    assert (
        "Bidang ini tidak boleh kosong" in response.content.decode() or "wajib" in response.content.decode()
    )
    assert not LampiranChange.objects.exists()


@time_machine.travel(IN_FORCE)
def test_posting_is_refused_without_the_edit_right(
    client, signed, kemendes_penghubung, kemendes_party, bkn_party
):
    client.force_login(kemendes_penghubung)
    propose = reverse("lampiran:lampiran_propose", args=[signed.pk, kemendes_party.pk, bkn_party.pk])
    assert (
        client.post(propose, propose_data(signed, kemendes_party, bkn_party, ["nipBaru"])).status_code == 403
    )
    assert not LampiranChange.objects.exists()


def test_a_draft_is_edited_directly_and_can_be_one_way(client, kemendes, bkn, kemendes_staf):
    draft = Agreement.objects.create(title="PKS rancangan")
    giver = AgreementParty.objects.create(agreement=draft, institution=kemendes, order=1)
    taker = AgreementParty.objects.create(agreement=draft, institution=bkn, order=2)
    member(kemendes_staf, draft)
    client.force_login(kemendes_staf)
    assert "Simpan Lampiran" in client.get(url(draft)).content.decode()
    data = propose_data(draft, giver, taker, ["nipBaru", "nama"])
    response = client.post(
        reverse("lampiran:lampiran_edit", args=[draft.pk, giver.pk, taker.pk]), data, follow=True
    )
    page = response.content.decode()
    assert "Lampiran disimpan." in page and "Perjanjian satu arah" in page
    assert LampiranVersion.objects.get(agreement=draft).lines.count() == 2


def test_a_bad_date_shows_today(client, signed, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.get(url(signed), {"tanggal": "kemarin"})
    assert response.status_code == 200 and "Lampiran versi 1" in response.content.decode()


@time_machine.travel(IN_FORCE)
def test_the_tab_runs_a_bounded_number_of_queries(
    client, signed, kemendes_staf, bkn_pimpinan, kemendes_party, bkn_party, django_assert_max_num_queries
):
    from exchange.data import services

    for code in ("tempatLahir", "agama", "email"):
        change = services.lampiran_change_propose(
            acting_user=kemendes_staf,
            agreement=signed,
            provider=bkn_party,
            receiver=kemendes_party,
            lines=[services.LineInput(DataField.objects.get(code=code))],
            reason="Uji.",
        )
        services.lampiran_change_accept(acting_user=bkn_pimpinan, change=change)
    client.force_login(kemendes_staf)
    with django_assert_max_num_queries(25):
        assert client.get(url(signed)).status_code == 200
