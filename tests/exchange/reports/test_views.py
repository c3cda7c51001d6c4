"""The report pages: who sees and who writes, the draft's form, the issue, the PDF and the XLSX."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from exchange.reports import services
from exchange.reports.models import ReportRun
from tests.exchange.reports.conftest import drafted, withhold_the_change_right
from tests.helpers import assert_permission_matrix

pytestmark = pytest.mark.django_db


def test_the_period_list_matrix(client, seed, kemendes_staf, kemendes_pimpinan, bkn_staf, lain_staf):
    url = reverse("reports:period_list", args=[seed.pk])
    assert_permission_matrix(
        client,
        url,
        {
            "anonymous": (None, 302),
            "other institution": (lain_staf, 404),
            "party without the grant": (kemendes_pimpinan, 200),
            "the other party": (bkn_staf, 200),
            "with the grant": (kemendes_staf, 200),
        },
    )
    client.force_login(kemendes_staf)
    page = client.get(url).content.decode()
    assert "9 Oktober 2023" in page and "Susun laporan" in page
    client.force_login(bkn_staf)
    assert "Susun laporan" not in client.get(url).content.decode()


def test_requesting_is_for_the_reporting_party_s_keepers(
    client, first_due, kemendes_staf, kemendes_pimpinan, bkn_staf, lain_staf
):
    withhold_the_change_right(kemendes_pimpinan, first_due.obligation.agreement)
    url = reverse("reports:run_request", args=[first_due.pk])
    for user, status in ((lain_staf, 404), (bkn_staf, 302), (kemendes_pimpinan, 302)):
        client.force_login(user)
        response = client.post(url, follow=True)
        assert response.status_code == (404 if status == 404 else 200)
    assert not ReportRun.objects.exists()
    client.force_login(kemendes_pimpinan)
    page = client.post(url, follow=True).content.decode()
    assert "tidak memiliki hak mengelola" in page
    client.logout()
    assert client.post(url).status_code == 302 and not ReportRun.objects.exists()
    client.force_login(kemendes_staf)
    response = client.post(url)
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "data-run-status" in page and "<progress" in page
    assert client.get(reverse("reports:run_status", args=[run.pk])).json() == {
        "status": "queued",
        "progress": 0,
        "done": False,
    }


def test_the_run_page_matrix_and_its_bounded_queries(
    client, first_due, kemendes_staf, kemendes_pimpinan, bkn_staf, lain_staf, django_assert_max_num_queries
):
    run = drafted(kemendes_staf, first_due)
    url = run.get_absolute_url()
    assert_permission_matrix(
        client,
        url,
        {
            "anonymous": (None, 302),
            "other institution": (lain_staf, 404),
            "party without the grant": (kemendes_pimpinan, 200),
            "with the grant": (kemendes_staf, 200),
        },
    )
    client.force_login(kemendes_staf)
    with django_assert_max_num_queries(25):
        page = client.get(url).content.decode()
    assert "Penggunaan layanan web" in page and 'name="kendala"' in page
    client.force_login(bkn_staf)
    page = client.get(url).content.decode()
    assert 'name="kendala"' not in page and "dilengkapi dan diterbitkan oleh pihak pelapor" in page


def test_an_empty_completion_is_refused_with_a_message_and_changes_nothing(client, first_due, kemendes_staf):
    run = drafted(kemendes_staf, first_due)
    client.force_login(kemendes_staf)
    response = client.post(reverse("reports:run_complete", args=[run.pk]), {"kendala": "  ", "rencana": ""})
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    run.refresh_from_db()
    assert run.kendala == "" and run.status == "draft"
    response = client.post(reverse("reports:run_issue", args=[run.pk]), follow=True)
    assert "Lengkapi kendala dan rencana tindak lanjut" in response.content.decode()
    assert ReportRun.objects.get(pk=run.pk).number == ""


def test_the_other_party_cannot_complete_or_issue(client, first_due, kemendes_staf, bkn_staf):
    run = drafted(kemendes_staf, first_due)
    client.force_login(bkn_staf)
    client.post(reverse("reports:run_complete", args=[run.pk]), {"kendala": "A", "rencana": "B"})
    client.post(reverse("reports:run_issue", args=[run.pk]))
    run.refresh_from_db()
    assert (run.kendala, run.status) == ("", "draft")


def test_complete_issue_and_download_the_pdf_and_the_xlsx(client, first_due, kemendes_staf, bkn_staf):
    run = drafted(kemendes_staf, first_due)
    client.force_login(kemendes_staf)
    client.post(
        reverse("reports:run_complete", args=[run.pk]),
        {"kendala": "Tidak ada kendala.", "rencana": "Lanjutkan."},
    )
    response = client.post(reverse("reports:run_issue", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.status == "issued" and run.number in response.content.decode()
    client.force_login(bkn_staf)  # the other party receives it
    pdf = client.get(reverse("reports:run_pdf", args=[run.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert run.number in text and "Tidak ada kendala." in text
    workbook = load_workbook(BytesIO(client.get(reverse("reports:run_xlsx", args=[run.pk])).content))
    cover = workbook.worksheets[0]
    assert cover["B2"].value == run.number
    assert any("Usulan perbaikan data" in name for name in workbook.sheetnames)


def test_a_draft_pdf_is_a_preview_without_a_number(client, first_due, kemendes_staf):
    run = drafted(kemendes_staf, first_due)
    client.force_login(kemendes_staf)
    text = "".join(
        p.extract_text()
        for p in PdfReader(BytesIO(client.get(reverse("reports:run_pdf", args=[run.pk])).content)).pages
    )
    assert "(konsep)" in text
    services.report_run_request(acting_user=kemendes_staf, due=first_due)
    assert client.get(reverse("reports:run_pdf", args=[run.pk])).status_code == 404  # being computed again
