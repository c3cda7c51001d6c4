"""The data-set pages: who sees what (anonymous, another institution, own institution without and with the
personal-data grant), the import through the pages, the search kept out of the URL, the logged reads."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.data import imports, services
from exchange.data.choices import AccessAction, ImportStatus
from exchange.data.models import DataAccess, DataImport, Record
from tests.exchange.data.conftest import grant, login, people
from tests.exchange.data.files import siasn_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(dataset):
    return services.version_create(dataset=dataset, rows=people(10), source_kind="sync", source_name="run 1")


@pytest.fixture
def record(version):
    return Record.objects.filter(version=version).order_by("nip").first()


def pages(dataset, version, record):
    return [
        reverse("data:dataset_detail", args=[dataset.pk]),
        reverse("data:version_detail", args=[version.pk]),
        reverse("data:record_detail", args=[record.pk]),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, dataset, version, record):
    for url in [reverse("data:dataset_list"), *pages(dataset, version, record)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_another_institution_gets_404(client, lain_staf, dataset, version, record):
    login(client, lain_staf)
    for url in pages(dataset, version, record):
        assert client.get(url).status_code == 404
    assert client.get(reverse("data:version_download", args=[version.pk])).status_code == 404
    assert "Himpunan" in client.get(reverse("data:dataset_list")).content.decode()


def test_without_the_grant_personal_data_is_masked_and_nothing_is_logged(client, bkn_staf, version, record):
    login(client, bkn_staf)
    page = client.get(reverse("data:version_detail", args=[version.pk])).content.decode()
    assert record.nip not in page and record.values["nama"] not in page
    assert "P*** C***" in page and record.nip[-3:] in page
    detail = client.get(reverse("data:record_detail", args=[record.pk])).content.decode()
    assert record.nip not in detail
    assert client.get(reverse("data:version_download", args=[version.pk])).status_code == 403
    assert not DataAccess.objects.exists()


def test_with_the_grant_every_read_is_logged_in_the_chain(client, agreement, bkn_penghubung, version, record):
    grant(bkn_penghubung, agreement)
    login(client, bkn_penghubung)
    page = client.get(reverse("data:version_detail", args=[version.pk])).content.decode()
    assert record.nip in page and record.values["nama"] in page
    assert record.nip in client.get(reverse("data:record_detail", args=[record.pk])).content.decode()
    actions = list(DataAccess.objects.order_by("pk").values_list("action", "row_count"))
    assert actions == [(AccessAction.LIST, 10), (AccessAction.RECORD, 1)]
    assert services.access_log_verify() is None
    first = DataAccess.objects.order_by("pk").first()
    DataAccess.objects.filter(pk=first.pk).update(row_count=3)
    assert services.access_log_verify() == first.pk


def test_the_receiving_party_downloads_only_the_lampiran_fields(client, agreement, bkn_penghubung, version):
    grant(bkn_penghubung, agreement)
    login(client, bkn_penghubung)
    with_time = pytest.importorskip("time_machine")
    with with_time.travel("2024-06-01 10:00 +07:00"):
        response = client.get(reverse("data:version_download", args=[version.pk]), {"format": "csv"})
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert text.splitlines()[0].split(",") == version.fields
        assert len(text.splitlines()) == 11
        xlsx = client.get(reverse("data:version_download", args=[version.pk]), {"format": "xlsx"})
        assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    with with_time.travel("2026-01-01 10:00 +07:00"):
        assert client.get(reverse("data:version_download", args=[version.pk])).status_code == 403
    assert DataAccess.objects.filter(action=AccessAction.DOWNLOAD, row_count=10).count() == 2


def test_the_search_is_posted_and_kept_in_the_session(
    client, agreement, kemendes_penghubung, dataset, version
):
    grant(kemendes_penghubung, agreement)
    login(client, kemendes_penghubung)
    target = Record.objects.filter(version=version).order_by("nip")[3]
    response = client.post(reverse("data:dataset_search", args=[dataset.pk]), {"query": target.nip})
    assert response.status_code == 302 and target.nip not in response.url
    page = client.get(response.url).content.decode()
    assert target.values["nama"] in page
    by_name = client.post(
        reverse("data:dataset_search", args=[dataset.pk]), {"query": target.values["nama"]}, follow=True
    )
    assert target.nip in by_name.content.decode()
    assert DataAccess.objects.filter(action=AccessAction.SEARCH).count() == 2


def test_the_search_needs_the_grant(client, kemendes_staf, dataset, version):
    login(client, kemendes_staf)
    target = Record.objects.filter(version=version).first()
    page = client.post(reverse("data:dataset_search", args=[dataset.pk]), {"query": target.nip}, follow=True)
    assert "memerlukan hak akses data pribadi" in page.content.decode()
    assert not DataAccess.objects.exists()


def test_an_import_through_the_pages(client, agreement, kemendes_staf, dataset):
    grant(kemendes_staf, agreement, "change_agreement")
    login(client, kemendes_staf)
    start = reverse("data:import_start", args=[agreement.pk, dataset.provider_id, dataset.receiver_id])
    assert client.get(start).status_code == 200
    upload = SimpleUploadedFile("export.csv", siasn_csv(people(4)), content_type="text/csv")
    response = client.post(start, {"file": upload})
    data_import = DataImport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "data:import_detail", args=[data_import.pk]
    )
    page = client.get(response.url).content.decode()
    assert "Pemetaan kolom" in page and "NIP_BARU" in page
    columns = {f"col{i}": code for i, code in enumerate(data_import.mapping["columns"])}
    client.post(reverse("data:import_map", args=[data_import.pk]), columns)
    data_import.refresh_from_db()
    assert data_import.status == ImportStatus.CHECKED
    page = client.get(reverse("data:import_detail", args=[data_import.pk])).content.decode()
    assert "4 baris lolos pemeriksaan" in page and "Pratinjau" in page
    response = client.post(reverse("data:import_store", args=[data_import.pk]))
    data_import.refresh_from_db()
    assert data_import.status == ImportStatus.DONE
    assert response.url == reverse("data:version_detail", args=[data_import.version_id])


def test_a_bad_upload_is_refused_with_a_message(client, agreement, kemendes_staf, dataset):
    grant(kemendes_staf, agreement, "change_agreement")
    login(client, kemendes_staf)
    start = reverse("data:import_start", args=[agreement.pk, dataset.provider_id, dataset.receiver_id])
    page = client.post(start, {"file": SimpleUploadedFile("roster.xlsx", b"%PDF-1.4 \x00\x01")})
    assert page.status_code == 200 and "bukan lembar kerja" in page.content.decode()
    assert not DataImport.objects.exists()


def test_the_receiving_party_may_not_import(client, agreement, bkn_staf, dataset):
    grant(bkn_staf, agreement, "change_agreement")
    login(client, bkn_staf)
    start = reverse("data:import_start", args=[agreement.pk, dataset.provider_id, dataset.receiver_id])
    assert client.get(start).status_code == 404


def test_refused_rows_are_listed_on_the_import_page(client, agreement, kemendes_staf, dataset):
    grant(kemendes_staf, agreement, "change_agreement")
    login(client, kemendes_staf)
    rows = people(3)
    rows.append(dict(rows[0]))
    start = reverse("data:import_start", args=[agreement.pk, dataset.provider_id, dataset.receiver_id])
    client.post(start, {"file": SimpleUploadedFile("export.csv", siasn_csv(rows))})
    data_import = DataImport.objects.get()
    columns = {f"col{i}": code for i, code in enumerate(data_import.mapping["columns"])}
    page = client.post(
        reverse("data:import_map", args=[data_import.pk]), columns, follow=True
    ).content.decode()
    assert "1 masalah ditemukan; tidak ada yang disimpan" in page and "NIP sama dengan baris 2." in page
    assert not Record.objects.exists()


def test_the_catalogue_page_links_the_data_sets(client, kemendes_staf, dataset):
    login(client, kemendes_staf)
    page = client.get(reverse("exchange:exchange_home")).content.decode()
    assert reverse("data:dataset_list") in page
    listing = client.get(reverse("data:dataset_list")).content.decode()
    assert reverse("data:dataset_detail", args=[dataset.pk]) in listing


def test_the_same_file_uploaded_again_is_recognised_and_imported_only_when_confirmed(
    client, agreement, kemendes_staf, dataset
):
    grant(kemendes_staf, agreement, "change_agreement")
    login(client, kemendes_staf)
    content = siasn_csv(people(3))
    start = reverse("data:import_start", args=[agreement.pk, dataset.provider_id, dataset.receiver_id])
    first = imports.import_upload(
        dataset=dataset,
        file=ContentFile(content, name="export.csv"),
        file_name="export.csv",
        acting_user=None,
    )
    first = imports.import_map(data_import=first, columns=first.mapping["columns"], acting_user=None)
    imports.import_store(data_import=first, acting_user=None)

    page = client.post(start, {"file": SimpleUploadedFile("lagi.csv", content)})

    text = page.content.decode()
    assert page.status_code == 200
    assert "Berkas yang sama sudah diimpor ke himpunan data ini" in text and "(versi 1)" in text
    assert 'name="confirm_duplicate"' in text
    assert DataImport.objects.count() == 1
    confirmed = client.post(
        start, {"file": SimpleUploadedFile("lagi.csv", content), "confirm_duplicate": "on"}
    )
    assert confirmed.status_code == 302
    assert DataImport.objects.count() == 2
    # Another file, or the same file for a data set it never went into, is not held up.
    other = client.post(start, {"file": SimpleUploadedFile("baru.csv", siasn_csv(people(4)))})
    assert other.status_code == 302
