"""Hostile and broken import files, uploaded through the page and run by the import job as the worker runs
it: refused with their rows named, never a 500, nothing stored; a dimension that lies loses no row."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.corrections import tasks
from exchange.corrections.choices import ImportStatus
from exchange.corrections.models import Proposal, ProposalImport
from tests.exchange.corrections.conftest import NIP, NIP_2
from tests.exchange.hostile_xlsx import empty_row_bomb, shared_string_bomb, with_lying_dimension, workbook

URL = reverse("exchange:proposal_import")
HEADER = ["NIP", "Nama ASN", "Kode elemen data", "Nilai saat ini", "Nilai usulan", "Alasan"]


def nip(n: int) -> str:
    return f"199001012015031{n + 1:03d}"


def ten_rows() -> list[list[str]]:
    return [
        [nip(n), f"Pegawai {n}", "golRuangAkhir", "III/a", "III/b", "SK kenaikan pangkat."] for n in range(10)
    ]


def import_job(client, user, party, content: bytes) -> ProposalImport:
    client.force_login(user)
    response = client.post(
        URL, {"receiving_party": party.pk, "file": SimpleUploadedFile("impor.xlsx", content)}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    job = ProposalImport.objects.latest("pk")
    tasks.run_proposal_import(job.pk)
    job.refresh_from_db()
    return job


def refused_with(client, job: ProposalImport) -> str:
    assert job.status == ImportStatus.REFUSED, (job.status, job.problems)
    assert not Proposal.objects.exists()
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    return page.content.decode()


def test_a_dimension_that_claims_fewer_rows_imports_every_row(
    client, granted, bkn_party, kemendes_penghubung
):
    content = with_lying_dimension(workbook([HEADER, *ten_rows()]), "A1:F4")

    job = import_job(client, kemendes_penghubung, bkn_party, content)

    assert (job.status, job.row_count, job.created_count) == (ImportStatus.DONE, 10, 10), job.problems
    assert Proposal.objects.count() == 10


def test_a_dimension_that_claims_a_million_rows_changes_nothing(
    client, granted, bkn_party, kemendes_penghubung
):
    content = with_lying_dimension(workbook([HEADER, *ten_rows()]), "A1:F1000000")

    job = import_job(client, kemendes_penghubung, bkn_party, content)

    assert (job.status, job.created_count) == (ImportStatus.DONE, 10), job.problems


def test_a_shared_string_bomb_is_refused(client, granted, bkn_party, kemendes_penghubung, tmp_path):
    content = shared_string_bomb(tmp_path / "bom.xlsx", HEADER, megabytes=64).read_bytes()

    job = import_job(client, kemendes_penghubung, bkn_party, content)

    assert "jauh lebih besar daripada berkasnya" in refused_with(client, job)


def test_an_empty_row_bomb_is_refused(client, granted, bkn_party, kemendes_penghubung, tmp_path):
    row = [NIP, "Andi Contoh", "golRuangAkhir", "III/a", "III/b", "SK"]
    content = empty_row_bomb(tmp_path / "bom.xlsx", HEADER, row).read_bytes()

    job = import_job(client, kemendes_penghubung, bkn_party, content)

    assert "Lembar kerja mencapai baris 200.000.000; paling banyak 20.000 baris" in refused_with(client, job)


def test_unicode_and_full_width_digits_in_a_nip_are_refused_with_their_rows(
    client, granted, bkn_party, kemendes_penghubung
):
    rows = [
        [NIP, "Andi Contoh", "golRuangAkhir", "III/a", "III/b", "SK"],
        [NIP_2[:-1] + "²", "Budi Fiktif", "golRuangAkhir", "III/a", "III/b", "SK"],
        ["１９９００１０１２０１５０３１００９", "Cici Contoh", "golRuangAkhir", "III/a", "III/b", "SK"],
        ["١٩٩٠٠١٠١٢٠١٥٠٣١٠١٠", "Dedi Contoh", "golRuangAkhir", "III/a", "III/b", "SK"],
    ]

    job = import_job(client, kemendes_penghubung, bkn_party, workbook([HEADER, *rows]))

    page = refused_with(client, job)
    assert job.problems == [
        "Baris 3: NIP hanya boleh berisi angka.",
        "Baris 4: NIP hanya boleh berisi angka.",
        "Baris 5: NIP hanya boleh berisi angka.",
    ]
    assert "Baris 3: NIP hanya boleh berisi angka." in page


def test_cells_longer_than_their_columns_are_refused_with_their_rows(
    client, granted, bkn_party, kemendes_penghubung
):
    rows = [
        [NIP, "A" * 201, "golRuangAkhir", "III/a", "III/b", "SK"],
        [NIP_2, "Budi Fiktif", "unorNama", "", "Direktorat " + "x" * 500, "SK"],
        [nip(3), "Cici", "x" * 61, "", "III/b", "SK"],
    ]

    job = import_job(client, kemendes_penghubung, bkn_party, workbook([HEADER, *rows]))

    refused_with(client, job)
    assert job.problems == [
        "Baris 2: kolom “Nama ASN” berisi 201 karakter; paling banyak 200.",
        "Baris 3: kolom “Nilai usulan” berisi 511 karakter; paling banyak 500.",
        "Baris 4: kolom “Kode elemen data” berisi 61 karakter; paling banyak 60.",
    ]


@pytest.mark.parametrize("error", ["#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?"])
def test_error_cells_are_refused_with_their_rows_never_stored(
    client, granted, bkn_party, kemendes_penghubung, error
):
    rows = [
        [NIP, "Andi Contoh", "golRuangAkhir", "III/a", "III/b", "SK"],
        [NIP_2, "Budi Fiktif", "golRuangAkhir", "III/a", error, "SK"],
    ]

    job = import_job(client, kemendes_penghubung, bkn_party, workbook([HEADER, *rows]))

    refused_with(client, job)
    assert job.problems == [
        f"Baris 3: kolom “Nilai usulan” berisi galat Excel {error}, bukan nilai; perbaiki selnya."
    ]
