"""Import of many proposals from XLSX: all rows or none, each bad row named with its reason."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from exchange.corrections import services, tasks, xlsx
from exchange.corrections.choices import ProposalStatus
from exchange.corrections.models import Proposal, ProposalImport
from tests.exchange.corrections.conftest import NIP, NIP_2
from tests.helpers import assert_permission_matrix

HEADER = ["NIP", "Nama ASN", "Kode elemen data", "Nilai saat ini", "Nilai usulan", "Alasan"]
GOOD = [
    [NIP, "Andi Contoh", "golRuangAkhir", "III/a", "III/b", "SK kenaikan pangkat."],
    [NIP, "Andi Contoh", "pangkatAkhir", "Penata Muda", "Penata Muda Tingkat I", "SK kenaikan pangkat."],
    [NIP_2, "Budi Fiktif", "tmtJabatan", "2022-02-01", "2022-03-01", "Tanggal pelantikan."],
]


def sheet(rows, header=HEADER, name="import.xlsx"):
    book = Workbook()
    ws = book.active
    ws.title = "Usulan"
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def run(rows, user, party, submit=False):
    return services.proposal_import(
        acting_user=user, receiving_party=party, rows=xlsx.read_import(sheet(rows)), submit=submit
    )


def test_rows_of_one_nip_become_one_proposal_with_several_fields(granted, bkn_party, kemendes_penghubung):
    created = run(GOOD, kemendes_penghubung, bkn_party)
    assert len(created) == 2
    first = Proposal.objects.get(nip=NIP)
    assert [i.field.code for i in first.items.all()] == ["golRuangAkhir", "pangkatAkhir"]
    assert first.reason == "SK kenaikan pangkat."
    assert first.status == ProposalStatus.DRAFT


def test_imported_proposals_can_be_submitted_at_once(granted, bkn_party, kemendes_penghubung):
    run(GOOD, kemendes_penghubung, bkn_party, submit=True)
    assert set(Proposal.objects.values_list("status", flat=True)) == {ProposalStatus.SUBMITTED}


def test_one_bad_row_saves_nothing_and_every_bad_row_is_named_with_its_reason(
    granted, bkn_party, kemendes_penghubung
):
    rows = [
        *GOOD,
        ["19900101201503190", "Cici", "golRuangAkhir", "", "III/b", "x"],
        ["199001012015032905", "Dedi", "pangkatTerakhir", "", "III/b", "x"],
        ["199001012015032906", "", "golRuangAkhir", "", "III/b", "x"],
        [NIP, "Andi Contoh", "golRuangAkhir", "III/a", "III/c", "dobel"],
        [NIP_2, "Budi Lain", "unorNama", "", "Direktorat", "x"],
        ["199001012015032907", "Eka", "tglLahir", "", "14/02/1990", "x"],
        ["199001012015032908", "Fani", "golRuangAkhir", "III/b", "III/b", "x"],
        ["199001012015032909", "Gani", "golRuangAkhir", "", "III/b", ""],
    ]
    with pytest.raises(ValidationError) as caught:
        run(rows, kemendes_penghubung, bkn_party)
    assert caught.value.messages == [
        "Baris 5: NIP harus 18 digit, yang diisi 17 digit.",
        "Baris 6: kode elemen data “pangkatTerakhir” tidak dikenal.",
        "Baris 7: Nama ASN wajib diisi.",
        "Baris 8: elemen data golRuangAkhir untuk NIP ini sudah ada di baris lain.",
        "Baris 9: nama ASN berbeda dari baris lain dengan NIP yang sama.",
        "Baris 10: Tanggal lahir harus berupa tanggal TTTT-BB-HH.",
        "Baris 11: Nilai usulan untuk Golongan/ruang akhir sama dengan nilai saat ini.",
        "Baris 12: Alasan perbaikan wajib diisi.",
    ]
    assert not Proposal.objects.exists()


def test_a_nip_that_excel_turned_into_a_number_is_refused_and_explained(
    granted, bkn_party, kemendes_penghubung
):
    rows = [
        [1.99001012015031e17, "Andi Contoh", "golRuangAkhir", "III/a", "III/b", "x"],
        [199001012015031901, "Andi Contoh", "pangkatAkhir", "Penata Muda", "Penata Muda Tingkat I", "x"],
    ]
    with pytest.raises(ValidationError) as caught:
        run(rows, kemendes_penghubung, bkn_party)
    assert caught.value.messages == [
        "Baris 2: Kolom NIP harus berformat teks; Excel mengubah angka sepanjang 18 digit.",
        "Baris 3: Kolom NIP harus berformat teks; Excel mengubah angka sepanjang 18 digit.",
    ]


def test_empty_rows_are_skipped_and_an_empty_sheet_is_refused(granted, bkn_party, kemendes_penghubung):
    assert len(run([GOOD[0], [None] * 6, GOOD[2]], kemendes_penghubung, bkn_party)) == 2
    with pytest.raises(ValidationError, match="tidak memuat baris usulan"):
        run([], kemendes_penghubung, bkn_party)


def test_a_missing_column_or_a_file_that_is_not_xlsx_is_refused_before_any_row(granted):
    with pytest.raises(
        xlsx.ImportFileError, match="Kolom wajib tidak ditemukan pada baris 1: Kode elemen data"
    ):
        xlsx.read_import(
            sheet(GOOD, header=["NIP", "Nama ASN", "Elemen", "Nilai saat ini", "Nilai usulan", "Alasan"])
        )
    with pytest.raises(xlsx.ImportFileError, match="tidak dapat dibaca sebagai XLSX"):
        xlsx.read_import(SimpleUploadedFile("x.xlsx", b"NIP,Nama\n1,2\n"))


def test_importing_needs_the_grant_to_propose_to_that_party(
    granted, bkn_party, kemendes_party, kemendes_staf, kemendes_penghubung
):
    with pytest.raises(PermissionDenied):
        run(GOOD, kemendes_staf, bkn_party)
    with pytest.raises(PermissionDenied):
        run(GOOD, kemendes_penghubung, kemendes_party)


def test_a_failure_while_creating_rolls_back_the_proposals_already_made(
    granted, bkn_party, kemendes_penghubung
):
    granted.signed_on = None
    granted.save()
    with pytest.raises(ValidationError, match="Baris 2, 3: Perjanjian belum ditandatangani"):
        run(GOOD, kemendes_penghubung, bkn_party)
    assert not Proposal.objects.exists()


# --- The page ---------------------------------------------------------------------------------------------

URL = reverse("exchange:proposal_import")
TEMPLATE = reverse("exchange:proposal_import_template")


@pytest.mark.parametrize("url", [URL, TEMPLATE])
def test_the_permission_matrix(client, granted, lain_staf, kemendes_staf, kemendes_penghubung, url):
    assert_permission_matrix(
        client,
        url,
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 403),
            "no grant": (kemendes_staf, 403),
            "granted": (kemendes_penghubung, 200),
        },
    )


def test_the_template_has_the_columns_a_text_nip_column_and_the_catalogue(
    client, granted, kemendes_penghubung
):
    client.force_login(kemendes_penghubung)
    book = load_workbook(BytesIO(client.get(TEMPLATE).content))
    assert [c.value for c in book["Usulan"][1]] == HEADER
    assert book["Usulan"]["A2"].number_format == "@"
    codes = [row[0] for row in book["Elemen data"].iter_rows(min_row=2, values_only=True)]
    assert "nipBaru" in codes and "jabatanFungsionalNama" in codes


def test_the_page_queues_the_file_and_its_page_shows_the_outcome(
    client, granted, bkn_party, kemendes_penghubung
):
    client.force_login(kemendes_penghubung)
    response = client.post(URL, {"receiving_party": bkn_party.pk, "file": sheet(GOOD), "submit": "on"})
    job = ProposalImport.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert not Proposal.objects.exists()  # the request only stored the file
    page = client.get(job.get_absolute_url()).content.decode()
    assert "data-job-status" in page and "js/proposal_import.js" in page
    tasks.run_proposal_import(job.pk)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "2 usulan diimpor dari 3 baris." in page and "?tab=outbox" in page
    assert "data-job-status" not in page
    assert Proposal.objects.filter(status=ProposalStatus.SUBMITTED).count() == 2


def test_the_import_page_lists_every_bad_row_and_saves_nothing(
    client, granted, bkn_party, kemendes_penghubung
):
    client.force_login(kemendes_penghubung)
    rows = [*GOOD, ["123", "Cici", "golRuangAkhir", "", "III/b", "x"]]
    client.post(URL, {"receiving_party": bkn_party.pk, "file": sheet(rows)})
    job = ProposalImport.objects.get()
    assert tasks.run_proposal_import(job.pk) == "refused"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "1 masalah ditemukan; tidak ada yang disimpan" in page
    assert "Baris 5: NIP harus 18 digit, yang diisi 3 digit." in page
    assert not Proposal.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused_on_the_page(client, granted, bkn_party, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    response = client.post(
        URL, {"receiving_party": bkn_party.pk, "file": SimpleUploadedFile("data.csv", b"NIP\n")}
    )
    assert "Berkas harus berformat XLSX (Excel)." in response.content.decode()
    response = client.post(
        URL, {"receiving_party": bkn_party.pk, "file": SimpleUploadedFile("palsu.xlsx", b"bukan")}
    )
    assert "Berkas tidak dapat dibaca sebagai XLSX." in response.content.decode()
    assert response.status_code == 400
    assert not Proposal.objects.exists() and not ProposalImport.objects.exists()
