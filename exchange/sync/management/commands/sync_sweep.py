"""Ring due sync runs, unblock runs whose credentials changed, start scheduled runs (as the beat does)."""

from django.core.management.base import BaseCommand

from exchange.sync import services


class Command(BaseCommand):
    help = "Sapu sinkronisasi: bunyikan yang jatuh tempo, lepaskan yang tertahan, mulai yang terjadwal."

    def handle(self, *args, **options):
        counts = services.sync_sweep()
        self.stdout.write(", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
