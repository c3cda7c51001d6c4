"""The roster import: what agencies' files look like, what is refused (row by row, nothing stored) and what
is accepted; through the same services the page and the command use."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from exchange.data import imports
from exchange.data.choices import ImportStatus
from exchange.data.models import ColumnMapping, DataImport, DataSetVersion, Record
from tests.exchange.data.conftest import TO_KEMENDES, grant, make_nip, people
from tests.exchange.data.files import CODES, roster_xlsx, siasn_csv, zip_bomb

pytestmark = pytest.mark.django_db


def upload(dataset, content: bytes, name="roster.csv", user=None):
    return imports.import_upload(
        dataset=dataset, file=ContentFile(content, name=name), file_name=name, acting_user=user
    )


def check(dataset, content: bytes, name="roster.csv", columns=None):
    data_import = upload(dataset, content, name)
    return imports.import_map(
        data_import=data_import, columns=columns or data_import.mapping["columns"], acting_user=None
    )


def nothing_stored():
    return not DataSetVersion.objects.exists() and not Record.objects.exists()


def test_it_accepts_a_siasn_export_with_its_quirks(dataset):
    rows = people(3)
    rows[1]["lokasiKerja"] = None
    rows[2]["tmtJabatan"] = None
    content = siasn_csv(rows).replace(b"01-01-2020", b"01-01-0001", 1)
    assert content.startswith(b"\xef\xbb\xbfNIP_BARU;") and b";null" in content and b"'" in content
    data_import = check(dataset, content)
    assert data_import.mapping["columns"] == list(CODES)
    assert data_import.status == ImportStatus.CHECKED, data_import.problems
    assert [row["row"] for row in data_import.preview] == [2, 3, 4]
    data_import = imports.import_store(data_import=data_import, acting_user=None)
    assert data_import.status == ImportStatus.DONE
    version = data_import.version
    assert version.row_count == 3 and version.source_name == "roster.csv"
    first = Record.objects.get(version=version, nip=rows[0]["nipBaru"])
    assert first.values["tmtJabatan"] is None  # 01-01-0001 is SIASN's "no date"
    assert Record.objects.get(version=version, nip=rows[1]["nipBaru"]).values["lokasiKerja"] is None


def test_it_accepts_an_xlsx_with_serial_dates_a_merged_header_and_blank_rows(dataset):
    rows = people(4)
    rows[0]["nama"] = "Drs. H. Ahmad Contoh, M.Si"
    rows[1]["golRuangAkhir"] = "3B"
    data_import = check(dataset, roster_xlsx(rows), "roster.xlsx")
    assert data_import.headers[2:4] == ["Jabatan Fungsional ID", "Jabatan Fungsional Nama"]
    assert data_import.status == ImportStatus.CHECKED, data_import.problems
    assert data_import.row_count == 4
    version = imports.import_store(data_import=data_import, acting_user=None).version
    first = Record.objects.get(version=version, nip=rows[0]["nipBaru"])
    assert first.values["nama"] == "Ahmad Contoh"
    assert first.values["tmtJabatan"] == "2020-01-01"
    assert Record.objects.get(version=version, nip=rows[1]["nipBaru"]).values["golRuangAkhir"] == "III/b"


def test_a_nip_stored_as_a_number_is_refused_with_its_row(dataset):
    data_import = check(dataset, roster_xlsx(people(2), nip_as_number=True), "roster.xlsx")
    assert data_import.status == ImportStatus.REFUSED
    assert [(p["row"], p["column"]) for p in data_import.problems] == [(4, "NIP"), (5, "NIP")]
    assert "tersimpan sebagai angka" in data_import.problems[0]["message"]
    assert nothing_stored()


def test_a_float_nip_in_a_csv_is_refused(dataset):
    rows = people(2)
    content = siasn_csv(rows).replace(("'" + rows[1]["nipBaru"]).encode(), b"1.98001E+17")
    data_import = check(dataset, content)
    assert data_import.status == ImportStatus.REFUSED
    assert [(p["row"], p["column"]) for p in data_import.problems] == [(3, "NIP_BARU")]


def test_a_nip_whose_birth_date_disagrees_with_the_column_is_refused(asn_dataset):
    born = date(1985, 3, 12)
    good = make_nip(born, (2010, 1), 2, 5)
    headings = ["NIP", "Nama", "Tanggal Lahir", "Jenis Kelamin", "TMT CPNS"]
    lines = [
        ",".join(headings),
        f"{good},Siti Contoh,12-03-1985,P,01-01-2010",
        f"{make_nip(born, (2010, 1), 1, 6)},Budi Contoh,13-03-1985,L,01-01-2010",
        f"{make_nip(born, (2010, 1), 1, 7)},Eko Contoh,12-03-1985,P,01-02-2010",
    ]
    data_import = check(asn_dataset, "\n".join(lines).encode())
    assert data_import.status == ImportStatus.REFUSED
    problems = [(p["row"], p["column"]) for p in data_import.problems]
    assert problems == [(3, "Tanggal Lahir"), (4, "TMT CPNS"), (4, "Jenis Kelamin")]
    assert "tidak sama dengan kolom tanggal lahir" in data_import.problems[0]["message"]
    assert nothing_stored()


def test_duplicate_nips_are_refused_naming_both_rows(dataset):
    rows = people(3)
    rows.append(dict(rows[0]))
    data_import = check(dataset, siasn_csv(rows))
    assert data_import.status == ImportStatus.REFUSED
    assert data_import.problems == [{"row": 5, "column": "NIP_BARU", "message": "NIP sama dengan baris 2."}]
    assert nothing_stored()


def test_every_bad_row_is_named(dataset):
    rows = people(5)
    rows[1]["golRuangAkhir"] = "Z9"
    rows[3]["tmtJabatan"] = "2020-13-45"
    rows[4]["nipBaru"] = rows[4]["nipBaru"][:17]
    data_import = check(dataset, siasn_csv(rows))
    assert data_import.problem_count == 3
    assert [(p["row"], p["column"]) for p in data_import.problems] == [
        (3, "GOL_AKHIR_NAMA"), (5, "TMT_JABATAN"), (6, "NIP_BARU")
    ]  # fmt: skip
    assert data_import.problems[2]["message"] == "NIP harus 18 digit, yang diisi 17 digit."


def test_an_unknown_column_is_refused_with_its_name(dataset):
    headings, codes = ("NIP_BARU", "NAMA", "AGAMA_NAMA"), ("nipBaru", "nama", "agama")
    content = siasn_csv(people(2), headings=headings, codes=codes)
    data_import = upload(dataset, content)
    assert data_import.mapping["columns"] == ["nipBaru", "nama", ""]
    with pytest.raises(ValidationError) as caught:
        imports.import_map(data_import=data_import, columns=data_import.mapping["columns"], acting_user=None)
    message = " ".join(caught.value.messages)
    assert "“AGAMA_NAMA”" in message and "tidak disebut dalam Lampiran" in message
    with pytest.raises(ValidationError, match="tidak ada dalam Lampiran"):
        imports.import_map(data_import=data_import, columns=["nipBaru", "nama", "agama"], acting_user=None)
    data_import.refresh_from_db()
    assert data_import.status == ImportStatus.UPLOADED and nothing_stored()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "bukan lembar kerja"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        (b"", "kosong"),
        (b"PK\x03\x04 not really a zip", "rusak"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(dataset, content, message):
    with pytest.raises(ValidationError, match=message):
        upload(dataset, content, "roster.xlsx")
    assert not DataImport.objects.exists()


def test_a_zip_bomb_renamed_xlsx_is_refused_unopened(dataset):
    with pytest.raises(ValidationError, match="jauh lebih besar"):
        upload(dataset, zip_bomb(), "roster.xlsx")
    assert not DataImport.objects.exists()


def test_a_windows_1252_csv_with_commas(dataset):
    rows = people(2)
    rows[0]["unorNama"] = "Direktorat Pemberdayaan Masyarakat Désa"
    content = siasn_csv(rows, bom=False).decode("utf-8").replace(";", ",").encode("cp1252")
    data_import = check(dataset, content)
    assert data_import.status == ImportStatus.CHECKED, data_import.problems
    version = imports.import_store(data_import=data_import, acting_user=None).version
    assert Record.objects.get(version=version, nip=rows[0]["nipBaru"]).values["unorNama"].endswith("Désa")


def test_the_confirmed_mapping_is_remembered_for_the_institution(dataset):
    content = siasn_csv(people(2), headings=("Nomor Pegawai", "NAMA"), codes=("nipBaru", "nama"))
    data_import = upload(dataset, content)
    assert data_import.mapping["columns"] == ["", "nama"]
    imports.import_map(data_import=data_import, columns=["nipBaru", "nama"], acting_user=None)
    assert ColumnMapping.objects.filter(heading="nomorpegawai", field__code="nipBaru").exists()
    again = upload(dataset, content)
    assert again.mapping["columns"] == ["nipBaru", "nama"]


def test_only_the_providing_party_with_the_edit_grant_may_import(dataset, agreement, kemendes_staf, bkn_staf):
    with pytest.raises(PermissionDenied):
        upload(dataset, siasn_csv(), user=kemendes_staf)
    grant(bkn_staf, agreement, "change_agreement")
    with pytest.raises(PermissionDenied):
        upload(dataset, siasn_csv(), user=bkn_staf)
    grant(kemendes_staf, agreement, "change_agreement")
    assert upload(dataset, siasn_csv(), user=kemendes_staf).created_by == kemendes_staf


def test_a_queued_import_runs_once_however_often_it_is_rung(dataset):
    data_import = upload(dataset, siasn_csv())
    data_import = imports.import_map(
        data_import=data_import, columns=data_import.mapping["columns"], acting_user=None, inline=False
    )
    assert data_import.status == ImportStatus.CHECK_QUEUED
    assert imports.import_run(import_id=data_import.pk) == "checked 3 rows"
    assert imports.import_run(import_id=data_import.pk) == "claimed elsewhere or nothing to do"
    data_import = imports.import_store(
        data_import=DataImport.objects.get(pk=data_import.pk), acting_user=None, inline=False
    )
    assert data_import.status == ImportStatus.STORE_QUEUED
    assert imports.import_run(import_id=data_import.pk) == "stored version 1"
    assert imports.import_run(import_id=data_import.pk) == "claimed elsewhere or nothing to do"
    assert DataSetVersion.objects.count() == 1 and Record.objects.count() == 3


def test_the_asn_direction_keeps_titles_apart(asn_dataset):
    born = date(1980, 5, 17)
    headings = ["NIP", "Nama", "Tgl. Lahir", "L/P", "TMT CPNS"]
    lines = [
        ",".join(headings),
        f'{make_nip(born, (2005, 3), 1, 9)},"Dr. Ir. Joko Contoh, M.M",17 Mei 1980,L,01-03-2005',
    ]
    data_import = check(asn_dataset, "\n".join(lines).encode())
    assert data_import.status == ImportStatus.CHECKED, data_import.problems
    version = imports.import_store(data_import=data_import, acting_user=None).version
    values = Record.objects.get(version=version).values
    assert (
        values["nama"] == "Joko Contoh"
        and values["gelarDepan"] == "Dr. Ir."
        and values["gelarBelakang"] == "M.M"
    )
    assert values["tglLahir"] == "1980-05-17" and values["jenisKelamin"] == "L"
    assert set(version.fields) == set(TO_KEMENDES)
