"""Versions against the one before (added, removed, changed) and the retention policy."""

import pytest
from django.core.management import call_command

from exchange.data import services
from exchange.data.choices import VersionStatus
from exchange.data.models import DataSetVersion, Record
from tests.exchange.data.conftest import people

pytestmark = pytest.mark.django_db


def make(dataset, rows, name="run"):
    return services.version_create(dataset=dataset, rows=rows, source_kind="sync", source_name=name)


def test_a_new_version_counts_what_was_added_removed_and_changed(dataset):
    rows = people(5)
    first = make(dataset, rows)
    changed = [dict(row) for row in rows[1:]]
    changed[0]["golRuangAkhir"] = "III/b"
    changed[1]["lokasiKerja"] = "Kabupaten Lain"
    changed += people(2, start=100)
    second = make(dataset, changed)
    assert second.previous == first
    second = services.version_diff_count(version=second)
    assert (second.added_count, second.removed_count, second.changed_count) == (2, 1, 2)
    assert set(services.removed_records(second).values_list("nip", flat=True)) == {rows[0]["nipBaru"]}
    assert set(services.changed_records(second).values_list("nip", flat=True)) == {
        rows[1]["nipBaru"], rows[2]["nipBaru"]
    }  # fmt: skip
    first = services.version_diff_count(version=first)
    assert (first.added_count, first.removed_count, first.changed_count) == (5, 0, 0)


def test_an_unchanged_version_has_nothing_to_show(dataset):
    rows = people(3)
    make(dataset, rows)
    again = services.version_diff_count(version=make(dataset, rows))
    assert (again.added_count, again.removed_count, again.changed_count) == (0, 0, 0)


def test_only_the_last_versions_keep_their_records(dataset, settings):
    settings.DATASET_KEEP_VERSIONS = 2
    versions = [make(dataset, people(2, start=10 * n), name=f"run {n}") for n in range(4)]
    assert services.versions_purge() == 2
    statuses = dict(DataSetVersion.objects.values_list("number", "status"))
    assert statuses == {
        1: VersionStatus.PURGED,
        2: VersionStatus.PURGED,
        3: VersionStatus.READY,
        4: VersionStatus.READY,
    }
    assert set(Record.objects.values_list("version_id", flat=True)) == {versions[2].pk, versions[3].pk}
    assert services.versions_purge() == 0  # a second run finds nothing to do


def test_the_purge_command_applies_the_default_of_five(dataset, capsys):
    for n in range(6):
        make(dataset, people(1, start=n), name=f"run {n}")
    call_command("dataset_purge")
    assert "Versi dihapus: 1." in capsys.readouterr().out
    assert DataSetVersion.objects.get(number=1).status == VersionStatus.PURGED
