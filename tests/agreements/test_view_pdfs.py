"""PDF pages (the agreement's text, outgoing letters) for users of a party; 404 for anyone else."""

import io
from datetime import date

import pypdf
import pytest
from django.urls import reverse

from agreements import services
from agreements.choices import NoticeKind
from tests.helpers import assert_permission_matrix


@pytest.fixture
def letter(agreement, parties, kemendes_pimpinan):
    return services.notice_serve(
        agreement=agreement,
        acting_user=kemendes_pimpinan,
        kind=NoticeKind.TERMINATION,
        from_party=parties[0],
        served_on=date(2025, 6, 2),
        terminates_on=date(2025, 7, 31),
        send_email=False,
    ).letter


def matrix(lain_staf, bkn_penghubung, kemendes_staf):
    return {
        "anonymous": (None, 302),
        "outsider": (lain_staf, 404),
        "no grant": (bkn_penghubung, 200),
        "granted": (kemendes_staf, 200),
    }


def test_the_letter_pdf_permission_matrix(client, letter, lain_staf, bkn_penghubung, kemendes_staf):
    url = reverse("agreements:letter_pdf", args=[letter.agreement_id, letter.pk])
    assert_permission_matrix(client, url, matrix(lain_staf, bkn_penghubung, kemendes_staf))


def test_the_agreement_pdf_permission_matrix(client, agreement, lain_staf, bkn_penghubung, kemendes_staf):
    url = reverse("agreements:agreement_pdf", args=[agreement.pk])
    assert_permission_matrix(client, url, matrix(lain_staf, bkn_penghubung, kemendes_staf))


def test_the_termination_letter_reads_back(client, letter, bkn_staf):
    client.force_login(bkn_staf)
    response = client.get(reverse("agreements:letter_pdf", args=[letter.agreement_id, letter.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="surat-1-HKM.07.01-VI-2025.pdf"' in response["Content-Disposition"]
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "1/HKM.07.01/VI/2025" in text
    assert "Jakarta, 2 Juni 2025" in text
    assert "Yth. Kepala Biro Kerja Sama BKN" in text
    assert "31 Juli 2025" in " ".join(text.split())


def test_a_letter_of_another_agreement_is_404(client, letter, make_agreement, kemendes_staf):
    other = make_agreement(title="Lain", contacts=False)
    client.force_login(kemendes_staf)
    assert client.get(reverse("agreements:letter_pdf", args=[other.pk, letter.pk])).status_code == 404
