"""Spreadsheet bombs against both imports, each in a process of its own whose memory is measured: a shared
string of a gigabyte in a file of about a megabyte, and an empty row numbered 200,000,000 (with a dimension
claiming as much) are refused in under 2 s with under 200 MB of memory growth.

The process reads the file as the import's worker does (the proposals' `xlsx.read_import`, the data sets'
`reading.open_table`) and reports its time, its peak memory before and after, and the refusal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.exchange.hostile_xlsx import empty_row_bomb, shared_string_bomb

HEADER = ["NIP", "Nama ASN", "Kode elemen data", "Nilai saat ini", "Nilai usulan", "Alasan"]
ROW = ["199001012015031001", "Andi Contoh", "golRuangAkhir", "III/a", "III/b", "SK"]

READER = textwrap.dedent(
    """
    import json, resource, sys, time
    import django
    django.setup()
    from pathlib import Path
    from exchange.corrections import xlsx
    from exchange.data import reading

    def peak_kib():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

    which, path = sys.argv[1], Path(sys.argv[2])
    before = peak_kib()
    started = time.monotonic()
    try:
        if which == "proposals":
            from django.core.files.uploadedfile import SimpleUploadedFile
            xlsx.read_import(SimpleUploadedFile("impor.xlsx", path.read_bytes()))
        else:
            table = reading.open_table(path, reading.sniff_kind(path), lambda headings: 1)
            for _frame in table.frames():  # the check step reads every row
                pass
            table.close()
        outcome = "accepted"
    except (xlsx.ImportFileError, reading.FileRefused) as refused:
        outcome = "refused: " + str(refused)
    elapsed = time.monotonic() - started
    print(json.dumps({"outcome": outcome, "seconds": elapsed, "growth_mb": (peak_kib() - before) / 1024}))
    """
)


def read_in_a_process(which: str, path: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", READER, which, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "shared string": shared_string_bomb(folder / "strings.xlsx", HEADER, megabytes=1024),
        "empty rows": empty_row_bomb(folder / "rows.xlsx", HEADER, ROW),
    }


def test_the_bombs_are_small_files(bombs):
    assert bombs["shared string"].stat().st_size < 3 * 1024 * 1024
    assert bombs["empty rows"].stat().st_size < 10 * 1024


@pytest.mark.parametrize("which", ["proposals", "data sets"])
@pytest.mark.parametrize(
    ("bomb", "message"),
    [("shared string", "jauh lebih besar daripada berkasnya"), ("empty rows", "mencapai baris 200.000.000")],
)
def test_a_bomb_is_refused_quickly_in_little_memory(bombs, which, bomb, message):
    report = read_in_a_process(which, bombs[bomb])
    print(which, bomb, report)  # the measurement, shown with -s

    assert report["outcome"].startswith("refused: "), report
    assert message in report["outcome"]
    assert report["seconds"] < 2, report
    assert report["growth_mb"] < 200, report
