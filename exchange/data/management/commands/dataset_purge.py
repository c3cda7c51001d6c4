"""The periodic care of the data sets, as a command: purge the records of versions beyond the retention
policy (DATASET_KEEP_VERSIONS, default 5), and sweep the imports (ring again for queued ones, requeue
claims whose worker went away, drop the files of imports left unfinished)."""

from django.core.management.base import BaseCommand

from exchange.data import imports, services


class Command(BaseCommand):
    help = "Hapus rekaman versi himpunan data di luar kebijakan retensi dan rapikan impor yang tertinggal."

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, help="Jumlah versi siap yang disimpan per himpunan data.")

    def handle(self, *args, **options):
        purged = services.versions_purge(keep=options["keep"])
        swept = imports.imports_sweep()
        self.stdout.write(
            f"Versi dihapus: {purged}. Impor: " + ", ".join(f"{k}={v}" for k, v in sorted(swept.items()))
        )
