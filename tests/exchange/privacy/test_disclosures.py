"""Pasal 9 ayat (3): the disclosure register, its bases, and its section of the semester report."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from exchange.privacy import report, services
from exchange.privacy.models import Disclosure
from tests.helpers import acknowledge

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def record(user, agreement, **changes):
    values = {
        "basis": "court",
        "basis_reference": "Penetapan PN Jakarta Selatan Nomor 12/Pen.Pid/2024",
        "what": "NIP, nama dan jabatan 3 ASN",
        "recipient": "Pengadilan Negeri Jakarta Selatan",
        "approved_by": "Kepala Biro Hukum",
        "disclosed_on": date(2024, 2, 1),
    }
    values.update(changes)
    return services.disclosure_record(acting_user=user, agreement=agreement, **values)


def test_only_who_may_see_the_personal_data_records_a_disclosure(seed, kemendes_penghubung, kemendes_staf):
    with pytest.raises(PermissionDenied):
        record(kemendes_penghubung, seed)  # the grant, not yet acknowledged
    with pytest.raises(PermissionDenied):
        record(kemendes_staf, seed)
    assert not Disclosure.objects.exists()
    acknowledge(kemendes_penghubung, seed)
    disclosure = record(kemendes_penghubung, seed)
    assert disclosure.party.institution_id == kemendes_penghubung.institution_id


def test_a_consent_needs_its_document_and_a_future_day_is_refused(seed, kemendes_penghubung):
    acknowledge(kemendes_penghubung, seed)
    with pytest.raises(ValidationError) as caught:
        record(
            kemendes_penghubung, seed, basis="consent", disclosed_on=timezone.localdate() + timedelta(days=1)
        )
    assert set(caught.value.message_dict) == {"file", "disclosed_on"}
    assert not Disclosure.objects.exists()
    letter = SimpleUploadedFile("persetujuan.pdf", PDF, "application/pdf")
    disclosure = record(kemendes_penghubung, seed, basis="consent", basis_reference="B-1/2024", file=letter)
    assert disclosure.document.kind == "statement" and disclosure.document.sha256


def test_the_register_page_and_its_form(client, seed, kemendes_penghubung, bkn_staf):
    acknowledge(kemendes_penghubung, seed)
    client.force_login(kemendes_penghubung)
    url = reverse("privacy:disclosure_create", args=[seed.pk])
    page = client.post(url, {"basis": "law", "what": ""}).content.decode()
    assert "Bidang ini tidak boleh kosong." in page and not Disclosure.objects.exists()
    response = client.post(
        url,
        {
            "basis": "law",
            "basis_reference": "UU 27/2022 Pasal 50",
            "what": "Jumlah ASN per unit",
            "recipient": "Badan Siber dan Sandi Negara",
            "disclosed_on": "2024-03-01",
            "approved_by": "Sekretaris Jenderal",
        },
        follow=True,
    )
    assert "Pengungkapan data dicatat pada register." in response.content.decode()
    client.force_login(bkn_staf)  # the other party sees the register, without the form
    page = client.get(reverse("privacy:agreement_privacy", args=[seed.pk])).content.decode()
    assert "Badan Siber dan Sandi Negara" in page and 'id="disclosure-form"' not in page


def test_the_report_section_counts_the_period_s_disclosures(seed, kemendes_penghubung):
    acknowledge(kemendes_penghubung, seed)
    record(kemendes_penghubung, seed, disclosed_on=date(2024, 2, 1))
    record(kemendes_penghubung, seed, disclosed_on=date(2024, 5, 1))
    figures = report.collect(seed.pk, date(2023, 10, 9), date(2024, 4, 8))
    section = report.present(figures)
    assert section.summary[0][1] == 1 and "Pengadilan Negeri Jakarta Selatan" in section.tables[0].rows[0]


def test_the_record_of_processing_activities_exports_purposes_fields_systems_and_the_dpia(
    client, seed, kemendes_staf, lain_staf
):
    from openpyxl import load_workbook

    from exchange.corrections.demo import load_annex

    load_annex(seed)
    url = reverse("privacy:ropa_export", args=[seed.pk])
    client.force_login(lain_staf)
    assert client.get(url).status_code == 404
    client.force_login(kemendes_staf)
    book = load_workbook(BytesIO(client.get(url).content))
    assert book.sheetnames == ["Kegiatan pemrosesan", "Tujuan", "Elemen data", "Sistem", "DPIA pemadanan"]
    purposes = [row[1] for row in book["Tujuan"].iter_rows(min_row=2, values_only=True)]
    assert purposes == list(seed.scope_items.order_by("order").values_list("text", flat=True))
    fields = {row[2] for row in book["Elemen data"].iter_rows(min_row=2, values_only=True)}
    assert {"nipBaru", "nama"} <= fields
