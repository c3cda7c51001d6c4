"""Background work of the data sets. Thin: a primary key in, a service call, a short string out."""

from celery import shared_task

from exchange.data import imports, services
from exchange.data.models import DataSet, DataSetVersion


@shared_task
def count_differences(version_id: int) -> str:
    version = DataSetVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "gone"
    version = services.version_diff_count(version=version)
    return f"+{version.added_count} -{version.removed_count} ~{version.changed_count}"


@shared_task
def purge_versions(dataset_id: int | None = None) -> str:
    dataset = DataSet.objects.filter(pk=dataset_id).first() if dataset_id else None
    if dataset_id and dataset is None:
        return "gone"
    return f"purged={services.versions_purge(dataset=dataset)}"


@shared_task
def run_import(import_id: int) -> str:
    return imports.import_run(import_id=import_id)


@shared_task
def sweep_imports() -> str:
    counts = imports.imports_sweep()
    return ", ".join(f"{key}={value}" for key, value in sorted(counts.items()))
