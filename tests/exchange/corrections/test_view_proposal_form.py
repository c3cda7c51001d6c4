"""Writing a proposal through its form: who may, what a bad NIP or a bad field says, nothing saved then."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.corrections.choices import ProposalStatus
from exchange.corrections.models import PersonalDataAccess, Proposal
from exchange.data.models import DataField
from tests.exchange.corrections.conftest import NIP
from tests.helpers import assert_permission_matrix

CREATE = reverse("exchange:proposal_create")


def update_url(proposal):
    return reverse("exchange:proposal_update", args=[proposal.pk])


def form_data(party, *, nip=NIP, items=(("golRuangAkhir", "III/a", "III/b"),), **extra):
    data = {
        "receiving_party": party.pk,
        "nip": nip,
        "person_name": "Andi Contoh",
        "reason": "SK kenaikan pangkat terlampir.",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "30",
    }
    for n, (code, current, proposed) in enumerate(items):
        data[f"items-{n}-field"] = DataField.objects.get(code=code).pk
        data[f"items-{n}-current_value"] = current
        data[f"items-{n}-proposed_value"] = proposed
    return data | extra


def test_the_permission_matrix_of_the_new_proposal_page(
    client, granted, lain_staf, kemendes_staf, kemendes_penghubung
):
    assert_permission_matrix(
        client,
        CREATE,
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 403),
            "no grant": (kemendes_staf, 403),
            "granted": (kemendes_penghubung, 200),
        },
    )


def test_the_form_offers_the_other_party_grouped_under_its_agreement(client, granted, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    page = client.get(CREATE).content.decode()
    assert f'<optgroup label="{granted.title}">' in page
    assert "BKN (PIHAK KEDUA)" in page and "Kemendes PDTT (PIHAK KESATU)" not in page


def test_a_valid_form_saves_a_draft_with_its_fields_and_evidence(
    client, granted, bkn_party, kemendes_penghubung, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(kemendes_penghubung)
    data = form_data(
        bkn_party,
        items=(("golRuangAkhir", "III/a", "III/b"), ("pangkatAkhir", "Penata Muda", "Penata Muda Tingkat I")),
        files=SimpleUploadedFile("sk.pdf", b"%PDF-1.4 sk", content_type="application/pdf"),
    )
    response = client.post(CREATE, data, follow=True)
    proposal = Proposal.objects.get()
    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    assert f"Draf {proposal.reference} disimpan" in response.content.decode()
    assert proposal.status == ProposalStatus.DRAFT
    assert [i.field.code for i in proposal.items.all()] == ["golRuangAkhir", "pangkatAkhir"]
    assert proposal.evidence.get().original_name == "sk.pdf"


def test_save_and_submit_submits_at_once(client, granted, bkn_party, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    client.post(CREATE, form_data(bkn_party, submit_now="1"))
    assert Proposal.objects.get().status == ProposalStatus.SUBMITTED


def test_a_bad_nip_and_missing_fields_are_named_and_nothing_is_saved(
    client, granted, bkn_party, kemendes_penghubung
):
    client.force_login(kemendes_penghubung)
    response = client.post(CREATE, form_data(bkn_party, nip="199002302015031901", items=()))
    page = response.content.decode()
    assert response.status_code == 200
    assert "8 digit pertama NIP bukan tanggal lahir yang sah (TTTTBBHH)." in page
    assert "Isi sekurang-kurangnya satu elemen data" in page
    assert not Proposal.objects.exists()


def test_a_value_that_does_not_fit_its_field_is_named(client, granted, bkn_party, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    response = client.post(CREATE, form_data(bkn_party, items=(("tmtJabatan", "", "1 Maret 2024"),)))
    assert "TMT jabatan harus berupa tanggal TTTT-BB-HH." in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_party_of_another_agreement_cannot_be_chosen(client, granted, kemendes_penghubung, kemendes_party):
    client.force_login(kemendes_penghubung)
    response = client.post(CREATE, form_data(kemendes_party))
    assert response.status_code == 200
    assert not Proposal.objects.exists()


def test_the_permission_matrix_of_editing(
    client, draft, lain_staf, kemendes_staf, bkn_penghubung, kemendes_penghubung
):
    assert_permission_matrix(
        client,
        update_url(draft),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "receiver": (bkn_penghubung, 404),
            "no grant": (kemendes_staf, 403),
            "granted": (kemendes_penghubung, 200),
        },
    )


def test_editing_a_submitted_proposal_is_refused_with_a_message(client, submitted, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    response = client.get(update_url(submitted), follow=True)
    assert "tidak dapat dilakukan pada usulan berstatus Diajukan" in response.content.decode()


def test_editing_replaces_the_fields_and_logs_the_read(client, draft, bkn_party, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    page = client.get(update_url(draft)).content.decode()
    assert f'value="{NIP}"' in page and "Penggerak Swadaya Masyarakat Ahli Muda" in page
    assert PersonalDataAccess.objects.filter(proposal=draft).exists()
    data = form_data(bkn_party, items=(("unorNama", "Lama", "Baru"),))
    data["items-INITIAL_FORMS"] = "0"
    response = client.post(update_url(draft), data, follow=True)
    assert "Usulan disimpan." in response.content.decode()
    assert [i.field.code for i in draft.items.all()] == ["unorNama"]
