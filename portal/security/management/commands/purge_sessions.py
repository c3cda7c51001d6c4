"""Delete expired sessions and stale rate-limit counters (Celery beat runs the same every hour)."""

from django.core.management.base import BaseCommand

from portal.security import purge


class Command(BaseCommand):
    help = "Hapus sesi yang kedaluwarsa dan hitungan batas permintaan yang sudah lewat."

    def handle(self, *args, **options):
        counts = purge.purge_expired()
        self.stdout.write(f"Sesi dihapus: {counts['sessions']}; hitungan dihapus: {counts['counters']}.")
