"""`manage.py dataset_import`: the same import as the page, from a shell."""

import pytest
from django.core.management import CommandError, call_command

from exchange.data.models import DataImport, Record
from tests.exchange.data.conftest import people
from tests.exchange.data.files import siasn_csv

pytestmark = pytest.mark.django_db


def test_it_imports_a_file_into_the_direction_of_the_providing_party(
    tmp_path, agreement, kemendes_party, capsys
):
    path = tmp_path / "export.csv"
    path.write_bytes(siasn_csv(people(4)))
    call_command("dataset_import", str(path), agreement=agreement.pk, direction=kemendes_party.pk)
    out = capsys.readouterr().out
    assert "Tersimpan" in out and "versi 1, 4 rekaman" in out
    assert Record.objects.count() == 4
    assert DataImport.objects.get().created_by is None


def test_it_names_every_bad_row_and_stores_nothing(tmp_path, agreement, kemendes_party, capsys):
    rows = people(3)
    rows.append(dict(rows[1]))
    path = tmp_path / "export.csv"
    path.write_bytes(siasn_csv(rows))
    with pytest.raises(CommandError, match="1 masalah"):
        call_command("dataset_import", str(path), agreement=agreement.pk, direction=kemendes_party.pk)
    assert "Baris 5, NIP_BARU: NIP sama dengan baris 3." in capsys.readouterr().err
    assert not Record.objects.exists()


def test_a_mapping_can_be_given(tmp_path, agreement, kemendes_party):
    path = tmp_path / "export.csv"
    path.write_bytes(siasn_csv(people(2), headings=("Nomor Pegawai", "NAMA"), codes=("nipBaru", "nama")))
    call_command(
        "dataset_import",
        str(path),
        agreement=agreement.pk,
        direction=kemendes_party.pk,
        map=["Nomor Pegawai=nipBaru"],
    )
    assert Record.objects.count() == 2


def test_a_party_that_gives_nothing_has_no_direction(tmp_path, agreement, kemendes_party):
    agreement.annex_fields.filter(provider=kemendes_party).delete()
    path = tmp_path / "export.csv"
    path.write_bytes(siasn_csv(people(1)))
    with pytest.raises(CommandError, match="Arah Lampiran"):
        call_command("dataset_import", str(path), agreement=agreement.pk, direction=kemendes_party.pk)
