"""The roster import at scale: 1,000,000 rows of a SIASN-style CSV into a data set on PostgreSQL, against a
raw `COPY` of the same file into a bare table, side by side in one run.

Target: the import (upload, mapping, every row checked and normalised, stored all or nothing) runs at no
less than a third of the raw COPY's rate, and the process's peak resident memory stays under 1 GB.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

import polars as pl
import pytest
from django.core.files import File
from django.db import connection

from exchange.data import imports, services
from exchange.data.choices import ImportStatus
from exchange.data.models import Record
from tests.bench.timing import report
from tests.conftest import require

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROWS = int(os.getenv("BENCH_DATASET_ROWS", "1000000"))
MIN_SHARE_OF_COPY = 1 / 3
PEAK_RSS_MB = 1024
HEADINGS = (
    "NIP_BARU", "NAMA", "JABATAN_FUNGSIONAL_ID", "JABATAN_FUNGSIONAL_NAMA", "TMT_JABATAN", "GOL_AKHIR_NAMA",
    "UNOR_NAMA", "INSTANSI_KERJA_NAMA", "LOKASI_KERJA_NAMA",
)  # fmt: skip
RANKS = ["3A", "III/b", "III/c", "III d", "Penata Muda", "IV/a", "II/c"]
UNITS = [f"Direktorat Contoh {n}" for n in range(40)]
PLACES = [f"Kabupaten Contoh {n}" for n in range(500)]


def write_roster(path: Path, rows: int, chunk: int = 200_000) -> None:
    """SIASN's export as Excel saves it in Indonesia (BOM, semicolons, apostrophes, null, dd-mm-yyyy), with
    valid distinct NIPs consistent with their structure; written in chunks, vectorised."""
    with open(path, "wb") as handle:
        handle.write(b"\xef\xbb\xbf" + ";".join(HEADINGS).encode() + b"\r\n")
        for start in range(0, rows, chunk):
            i = pl.int_range(start, min(start + chunk, rows), eager=True).alias("i")
            frame = pl.DataFrame(i).with_columns(
                birth=pl.date(1965, 1, 1) + pl.duration(days=pl.col("i") % 10_000),
                seq=(pl.col("i") // 10_000 % 999 + 1),
            )
            frame = frame.with_columns(
                nip=pl.concat_str(
                    pl.lit("'"),
                    pl.col("birth").dt.strftime("%Y%m%d"),
                    (pl.col("birth").dt.year() + 22 + pl.col("i") % 5).cast(pl.Utf8),
                    (pl.col("i") % 12 + 1).cast(pl.Utf8).str.zfill(2),
                    (pl.col("i") % 2 + 1).cast(pl.Utf8),
                    pl.col("seq").cast(pl.Utf8).str.zfill(3),
                ),
                name=pl.when(pl.col("i") % 10 == 0)
                .then(pl.format("Drs. Peserta Contoh {}, M.Si", pl.col("i")))
                .otherwise(pl.format("Peserta Contoh {}", pl.col("i"))),
                jf_id=pl.lit("JF-PSM-01"),
                jf=pl.lit("Penggerak Swadaya Masyarakat Ahli Pertama"),
                tmt=pl.when(pl.col("i") % 50 == 0)
                .then(pl.lit("01-01-0001"))
                .otherwise(pl.format("01-{}-20{}", (pl.col("i") % 12 + 1).cast(pl.Utf8).str.zfill(2),
                                     (pl.col("i") % 20 + 5).cast(pl.Utf8).str.zfill(2))),
                rank=pl.lit(pl.Series(RANKS)).gather(pl.col("i") % len(RANKS)),
                unit=pl.lit(pl.Series(UNITS)).gather(pl.col("i") % len(UNITS)),
                agency=pl.lit("Kementerian Desa PDTT"),
                place=pl.when(pl.col("i") % 97 == 0)
                .then(pl.lit("null"))
                .otherwise(pl.lit(pl.Series(PLACES)).gather(pl.col("i") % len(PLACES))),
            )  # fmt: skip
            columns = ["nip", "name", "jf_id", "jf", "tmt", "rank", "unit", "agency", "place"]
            frame.select(columns).write_csv(
                handle, include_header=False, separator=";", line_terminator="\r\n"
            )


def raw_copy_seconds(path: Path) -> float:
    """The floor: the same file streamed by COPY into a bare table of text columns, no checks at all."""
    columns = ", ".join(f"c{i} text" for i in range(len(HEADINGS)))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_raw_roster ({columns})")
        started = time.perf_counter()
        with (
            cursor.copy("COPY bench_raw_roster FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER)") as copy,
            open(path, "rb") as handle,
        ):
            handle.read(3)  # the BOM
            while block := handle.read(1024 * 1024):
                copy.write(block)
        seconds = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_raw_roster")
        assert cursor.fetchone()[0] == ROWS
        cursor.execute("DROP TABLE bench_raw_roster")
    return seconds


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def test_importing_a_million_rows_keeps_up_with_a_raw_copy(tmp_path, agreement_with_lampiran):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://...)")
    agreement, provider, receiver = agreement_with_lampiran
    dataset = services.dataset_for_direction(agreement=agreement, provider=provider, receiver=receiver)
    path = tmp_path / "export-data-asn.csv"
    write_roster(path, ROWS)
    size_mb = path.stat().st_size / 1024 / 1024

    copy_seconds = raw_copy_seconds(path)

    started = time.perf_counter()
    with open(path, "rb") as handle:
        data_import = imports.import_upload(
            dataset=dataset, file=File(handle, name=path.name), file_name=path.name, acting_user=None
        )
    uploaded = time.perf_counter()
    data_import = imports.import_map(
        data_import=data_import, columns=data_import.mapping["columns"], acting_user=None, inline=True
    )
    assert data_import.status == ImportStatus.CHECKED, data_import.problems[:5]
    checked = time.perf_counter()
    data_import = imports.import_store(data_import=data_import, acting_user=None, inline=True)
    import_seconds = time.perf_counter() - started
    assert data_import.status == ImportStatus.DONE, data_import.message
    assert Record.objects.filter(version=data_import.version).count() == ROWS

    copy_rate, import_rate = ROWS / copy_seconds, ROWS / import_seconds
    peak = peak_rss_mb()
    report(
        "dataset import 1,000,000 rows",
        f"file {size_mb:.0f} MB; raw COPY {copy_seconds:.1f} s ({copy_rate:,.0f} rows/s); import "
        f"{import_seconds:.1f} s ({import_rate:,.0f} rows/s: upload {uploaded - started:.1f} s, check "
        f"{checked - uploaded:.1f} s, store {time.perf_counter() - checked:.1f} s); "
        f"{import_rate / copy_rate:.0%} of COPY; peak RSS {peak:.0f} MB",
    )
    assert import_rate >= MIN_SHARE_OF_COPY * copy_rate
    assert peak < PEAK_RSS_MB


@pytest.fixture
def agreement_with_lampiran(kemendes, bkn):
    from datetime import date

    from agreements.models import Agreement, AgreementParty
    from exchange.data.models import AnnexField, DataField
    from tests.exchange.corrections.conftest import ensure_catalogue

    ensure_catalogue()  # a transactional test before this one may have emptied it
    agreement = Agreement.objects.create(
        title="Perjanjian Uji Beban Himpunan Data", signed_on=date(2023, 10, 9)
    )
    provider = AgreementParty.objects.create(agreement=agreement, institution=kemendes, order=1)
    receiver = AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2)
    codes = (
        "nipBaru", "nama", "jabatanFungsionalId", "jabatanFungsionalNama", "tmtJabatan", "golRuangAkhir",
        "unorNama", "instansiKerjaNama", "lokasiKerja",
    )  # fmt: skip
    for field in DataField.objects.filter(code__in=codes):
        AnnexField.objects.create(agreement=agreement, provider=provider, receiver=receiver, field=field)
    return agreement, provider, receiver
