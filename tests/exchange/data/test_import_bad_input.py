"""Hostile and broken roster workbooks through the data-set import's services (the page's and the command's):
bombs refused before anything is parsed, nothing stored; a dimension that lies loses no row; unicode or
full-width digits, over-long cells and Excel error cells are refused with their rows named, never stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from exchange.data import imports
from exchange.data.choices import ImportStatus
from exchange.data.models import DataImport, Record
from tests.exchange.data.conftest import people
from tests.exchange.data.files import CODES, SIASN_HEADINGS
from tests.exchange.data.test_import import check, nothing_stored, upload
from tests.exchange.hostile_xlsx import empty_row_bomb, shared_string_bomb, with_lying_dimension, workbook


def roster(rows: list[dict]) -> bytes:
    return workbook([list(SIASN_HEADINGS), *[[row.get(code) for code in CODES] for row in rows]], "Data")


def problems(data_import) -> list[tuple[int, str, str]]:
    return [(p["row"], p["column"], p["message"]) for p in data_import.problems]


def test_a_dimension_that_claims_fewer_rows_imports_every_row(dataset):
    rows = people(10)
    content = with_lying_dimension(roster(rows), "A1:I4")

    data_import = check(dataset, content, "roster.xlsx")

    assert (data_import.status, data_import.row_count) == (ImportStatus.CHECKED, 10), data_import.problems
    version = imports.import_store(data_import=data_import, acting_user=None).version
    assert Record.objects.filter(version=version).count() == 10


def test_a_shared_string_bomb_is_refused_at_upload_and_nothing_is_kept(dataset, tmp_path):
    content = shared_string_bomb(tmp_path / "bom.xlsx", list(SIASN_HEADINGS), megabytes=64).read_bytes()

    with pytest.raises(ValidationError, match="jauh lebih besar daripada berkasnya"):
        upload(dataset, content, "roster.xlsx")
    assert not DataImport.objects.exists()


def test_an_empty_row_bomb_is_refused_before_its_rows_are_read_and_nothing_is_stored(dataset, tmp_path):
    row = [people(1)[0][code] for code in CODES]
    content = empty_row_bomb(tmp_path / "bom.xlsx", list(SIASN_HEADINGS), row).read_bytes()

    data_import = check(dataset, content, "roster.xlsx")  # the upload reads the header only

    assert data_import.status == ImportStatus.REFUSED
    assert "Lembar kerja mencapai baris 200.000.000" in data_import.message
    assert nothing_stored()


def test_unicode_and_full_width_digits_are_refused_with_their_rows(dataset):
    rows = people(4)
    rows[1]["nipBaru"] = rows[1]["nipBaru"][:-1] + "²"
    rows[2]["nipBaru"] = rows[2]["nipBaru"].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows[3]["tmtJabatan"] = "２０２０-０１-０１"

    data_import = check(dataset, roster(rows), "roster.xlsx")

    assert data_import.status == ImportStatus.REFUSED
    assert [(row, column) for row, column, _message in problems(data_import)] == [
        (3, "NIP_BARU"),
        (4, "NIP_BARU"),
        (5, "TMT_JABATAN"),
    ]
    assert nothing_stored()


def test_cells_longer_than_their_column_are_refused_with_their_rows(dataset):
    rows = people(3)
    rows[1]["nama"] = "N" * 501
    rows[2]["unorNama"] = "Direktorat " + "x" * 600

    data_import = check(dataset, roster(rows), "roster.xlsx")

    assert data_import.status == ImportStatus.REFUSED
    assert problems(data_import) == [
        (3, "NAMA", "Isian terlalu panjang."),
        (4, "UNOR_NAMA", "Isian terlalu panjang."),
    ]
    assert nothing_stored()


@pytest.mark.parametrize("error", ["#REF!", "#VALUE!", "#DIV/0!", "#NAME?"])
def test_error_cells_are_refused_with_their_rows_never_stored(dataset, error):
    rows = people(3)
    rows[1]["unorNama"] = error
    rows[2]["tmtJabatan"] = error

    data_import = check(dataset, roster(rows), "roster.xlsx")

    assert data_import.status == ImportStatus.REFUSED
    message = f"Sel berisi galat Excel {error}, bukan nilai; perbaiki selnya."
    assert problems(data_import) == [(3, "UNOR_NAMA", message), (4, "TMT_JABATAN", message)]
    assert nothing_stored()


def test_na_is_read_as_no_value_as_siasn_exports_write_it_never_stored_as_data(dataset):
    rows = people(2)
    rows[1]["unorNama"] = "#N/A"

    data_import = check(dataset, roster(rows), "roster.xlsx")

    assert data_import.status == ImportStatus.CHECKED, data_import.problems
    version = imports.import_store(data_import=data_import, acting_user=None).version
    assert Record.objects.get(version=version, nip=rows[1]["nipBaru"]).values.get("unorNama") is None
