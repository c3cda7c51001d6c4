"""Evidence files go in through the proposal page and out only through a permission-checked view."""

import base64
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.corrections import services
from exchange.corrections.choices import AccessAction
from exchange.corrections.models import PersonalDataAccess, ProposalEvidence
from tests.helpers import assert_permission_matrix

PDF = b"%PDF-1.4 SK pengangkatan\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def evidence(submitted, kemendes_penghubung):
    [row] = services.evidence_add(
        acting_user=kemendes_penghubung,
        proposal=submitted,
        files=[SimpleUploadedFile("SK Andi.pdf", PDF, content_type="application/pdf")],
    )
    return row


def download_url(row):
    return reverse("exchange:evidence_download", args=[row.proposal_id, row.pk])


def test_the_permission_matrix_of_the_download(client, evidence, lain_staf, bkn_staf, bkn_penghubung):
    assert_permission_matrix(
        client,
        download_url(evidence),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "no grant": (bkn_staf, 403),
            "granted": (bkn_penghubung, 200),
        },
    )


def test_the_download_is_the_file_as_an_attachment_and_is_logged(client, evidence, bkn_penghubung):
    client.force_login(bkn_penghubung)
    response = client.get(download_url(evidence))
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "SK Andi.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["Digest"] == "SHA-256=" + base64.b64encode(hashlib.sha256(PDF).digest()).decode()
    access = PersonalDataAccess.objects.get(action=AccessAction.EVIDENCE)
    assert (access.user, access.proposal) == (bkn_penghubung, evidence.proposal)


def test_a_file_of_another_proposal_is_not_found_through_this_one(
    client, evidence, make_proposal, bkn_penghubung
):
    from tests.exchange.corrections.conftest import NIP_2

    other = make_proposal(nip=NIP_2)
    client.force_login(bkn_penghubung)
    wrong = reverse("exchange:evidence_download", args=[other.pk, evidence.pk])
    assert client.get(wrong).status_code == 404


def test_the_page_links_the_file_only_for_readers_of_personal_data(
    client, evidence, bkn_staf, bkn_penghubung
):
    client.force_login(bkn_staf)
    page = client.get(evidence.proposal.get_absolute_url()).content.decode()
    assert download_url(evidence) not in page and "SK Andi.pdf" not in page
    assert evidence.sha256 in page
    client.force_login(bkn_penghubung)
    assert download_url(evidence) in client.get(evidence.proposal.get_absolute_url()).content.decode()


def upload_url(proposal):
    return reverse("exchange:evidence_upload", args=[proposal.pk])


def test_the_permission_matrix_of_the_upload(client, submitted, lain_staf, bkn_staf, bkn_penghubung):
    assert_permission_matrix(
        client,
        upload_url(submitted),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "no grant": (bkn_staf, 403),
            "granted": (bkn_penghubung, 302),
        },
        method="post",
    )


def test_a_handler_uploads_a_file(client, submitted, bkn_penghubung):
    client.force_login(bkn_penghubung)
    upload = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    response = client.post(upload_url(submitted), {"files": upload})
    assert response["Location"].endswith("#bukti")
    assert ProposalEvidence.objects.get().institution == bkn_penghubung.institution


def test_posting_no_file_says_so(client, submitted, bkn_penghubung):
    client.force_login(bkn_penghubung)
    response = client.post(upload_url(submitted), {}, follow=True)
    assert "Pilih sekurang-kurangnya satu berkas." in response.content.decode()


def test_a_wrong_file_is_refused_with_its_name(client, submitted, bkn_penghubung):
    client.force_login(bkn_penghubung)
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(upload_url(submitted), {"files": upload}, follow=True)
    assert "Berkas virus.pdf bukan PDF, PNG atau JPEG" in response.content.decode()
    assert not ProposalEvidence.objects.exists()


def test_several_files_go_up_at_once(client, submitted, bkn_penghubung):
    client.force_login(bkn_penghubung)
    files = [SimpleUploadedFile(f"b{n}.pdf", PDF, content_type="application/pdf") for n in range(3)]
    response = client.post(upload_url(submitted), {"files": files}, follow=True)
    assert "3 berkas bukti diunggah." in response.content.decode()


def test_a_file_missing_from_storage_is_not_found(client, evidence, bkn_penghubung):
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(bkn_penghubung)
    assert client.get(download_url(evidence)).status_code == 404
    assert not PersonalDataAccess.objects.filter(action=AccessAction.EVIDENCE).exists()
