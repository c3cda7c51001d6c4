"""Ring again for match runs left queued or held past their lease (the beat runs the same every minute)."""

from django.core.management.base import BaseCommand

from exchange.matching.services import match_runs_sweep


class Command(BaseCommand):
    help = "Antrekan ulang pemadanan yang tertinggal (doorbell hilang atau pekerja mati)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{match_runs_sweep()} pemadanan diantrekan ulang.")
