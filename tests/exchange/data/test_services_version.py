"""Data sets per Lampiran direction and versions made all or nothing (version_create)."""

import hashlib
import json

import pytest
from django.core.exceptions import ValidationError

from exchange.data import services
from exchange.data.choices import SourceKind, VersionStatus
from exchange.data.models import DataSet, DataSetVersion, Record
from exchange.data.selectors import lampiran_fields, version_frame
from tests.exchange.data.conftest import TO_BKN, people, person

pytestmark = pytest.mark.django_db


def test_a_direction_has_one_data_set(agreement, kemendes_party, bkn_party, dataset):
    again = services.dataset_for_direction(agreement=agreement, provider=kemendes_party, receiver=bkn_party)
    assert again == dataset
    assert DataSet.objects.count() == 1
    assert dataset.name == "Data Kemendes PDTT untuk BKN" or "untuk" in dataset.name


def test_a_direction_outside_the_lampiran_is_refused(agreement, kemendes_party, bkn_party):
    agreement.annex_fields.filter(provider=kemendes_party).delete()
    with pytest.raises(ValidationError, match="Lampiran"):
        services.dataset_for_direction(agreement=agreement, provider=kemendes_party, receiver=bkn_party)
    assert not DataSet.objects.exists()


def test_lampiran_fields_are_in_catalogue_order(agreement, kemendes_party, bkn_party):
    codes = lampiran_fields(agreement=agreement, provider=kemendes_party, receiver=bkn_party)
    assert sorted(codes) == sorted(TO_BKN)
    assert codes[0] == "nipBaru"


def test_it_keeps_only_the_lampiran_fields_and_normalises(dataset, kemendes_staf):
    rows = [
        person(1, nama="Drs. Ahmad Contoh, M.Si", golRuangAkhir="3B", tmtJabatan="01-07-2021", agama="Islam"),
        person(2, tmtJabatan="null"),
    ]
    version = services.version_create(
        dataset=dataset,
        rows=rows,
        source_kind=SourceKind.IMPORT,
        source_name="roster.csv",
        acting_user=kemendes_staf,
    )
    assert (version.number, version.status, version.row_count) == (1, VersionStatus.READY, 2)
    assert version.created_by == kemendes_staf
    first = Record.objects.get(version=version, nip=rows[0]["nipBaru"])
    assert "agama" not in first.values and "nipBaru" not in first.values
    assert first.values["nama"] == "Ahmad Contoh"
    assert first.values["golRuangAkhir"] == "III/b"
    assert first.values["tmtJabatan"] == "2021-07-01"
    second = Record.objects.get(version=version, nip=rows[1]["nipBaru"])
    assert second.values["tmtJabatan"] is None


def test_the_checksum_is_the_sha256_of_the_rows_as_loaded(dataset):
    rows = people(3)
    version = services.version_create(dataset=dataset, rows=rows, source_kind="sync", source_name="run 1")
    digest = hashlib.sha256()
    for record in Record.objects.filter(version=version).order_by("pk"):
        ordered = {code: record.values[code] for code in version.fields if code != "nipBaru"}
        values = json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))
        digest.update(f"{record.nip}\t{values}\n".encode())
    assert version.checksum == digest.hexdigest()
    again = services.version_create(dataset=dataset, rows=rows, source_kind="sync", source_name="run 2")
    assert again.checksum == version.checksum and again.number == 2 and again.previous == version


def test_a_repeated_or_missing_nip_refuses_every_row(dataset):
    rows = people(3)
    rows.append(dict(rows[0]))
    rows.append(person(9, nipBaru=""))
    with pytest.raises(ValidationError) as caught:
        services.version_create(dataset=dataset, rows=rows, source_kind="sync", source_name="run")
    text = " ".join(caught.value.messages)
    assert "Baris 4" in text and "NIP sama dengan baris 1" in text
    assert "Baris 5" in text and "NIP wajib diisi" in text
    assert not DataSetVersion.objects.exists() and not Record.objects.exists()


def test_the_frame_has_a_column_per_field(dataset):
    rows = people(5)
    version = services.version_create(dataset=dataset, rows=rows, source_kind="sync", source_name="run")
    frame = version_frame(version)
    assert frame.columns == ["nip", *version.fields]
    assert frame.height == 5
    assert frame["nip"].to_list() == sorted(row["nipBaru"] for row in rows)
    assert frame["nipBaru"].to_list() == frame["nip"].to_list()
    narrow = version_frame(version, ["nama", "lokasiKerja"])
    assert narrow.columns == ["nip", "nama", "lokasiKerja"]
    assert set(narrow["lokasiKerja"].to_list()) == {"Kabupaten Contoh"}
    assert all(dtype.is_(__import__("polars").Utf8) for dtype in narrow.dtypes)


def test_an_empty_version_has_an_empty_frame(dataset):
    with pytest.raises(ValidationError, match="tidak berisi"):
        services.version_create(dataset=dataset, rows=[], source_kind="sync", source_name="run")


def test_values_with_quotes_and_backslashes_come_back_intact(dataset):
    odd = 'Unit "Satu" \\ Dua \\N'
    version = services.version_create(
        dataset=dataset, rows=[person(1, unorNama=odd)], source_kind="sync", source_name="run"
    )
    assert Record.objects.get(version=version).values["unorNama"] == odd
    assert version_frame(version)["unorNama"].to_list() == [odd]
