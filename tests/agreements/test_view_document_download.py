"""Documents are served only through the permission-checked view, after their SHA-256 is checked again."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import services
from tests.helpers import assert_permission_matrix

CONTENT = b"%PDF-1.4 naskah bertanda tangan PKS"


@pytest.fixture
def document(agreement, kemendes_staf):
    return services.document_upload(
        agreement=agreement,
        acting_user=kemendes_staf,
        file=SimpleUploadedFile("Naskah PKS.pdf", CONTENT),
        kind="signed_scan",
        title="Naskah PKS",
    )


def url(document):
    return reverse("agreements:document_download", args=[document.agreement_id, document.pk])


def test_the_permission_matrix(client, document, lain_staf, bkn_penghubung, kemendes_staf):
    assert_permission_matrix(
        client,
        url(document),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "no grant": (bkn_penghubung, 200),
            "granted": (kemendes_staf, 200),
        },
    )


def test_it_serves_the_file_with_its_checksum(client, document, bkn_staf):
    client.force_login(bkn_staf)
    response = client.get(url(document))
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Checksum-SHA256"] == hashlib.sha256(CONTENT).hexdigest()
    assert "private" in response["Cache-Control"]


def test_a_document_of_another_agreement_is_404(client, document, make_agreement, kemendes_staf):
    other = make_agreement(title="Lain", contacts=False)
    client.force_login(kemendes_staf)
    response = client.get(reverse("agreements:document_download", args=[other.pk, document.pk]))
    assert response.status_code == 404


def test_a_changed_file_is_refused(client, document, kemendes_staf):
    with open(document.file.path, "wb") as handle:
        handle.write(b"%PDF-1.4 dipalsukan")
    client.force_login(kemendes_staf)
    response = client.get(url(document))
    assert response.status_code == 409
    assert "sidik SHA-256-nya tidak cocok" in response.content.decode()


def test_the_detail_page_shows_the_checksum(client, document, kemendes_staf):
    client.force_login(kemendes_staf)
    page = client.get(document.agreement.get_absolute_url()).content.decode()
    assert document.sha256 in page
    assert url(document) in page
