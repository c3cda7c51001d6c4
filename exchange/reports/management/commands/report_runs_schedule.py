"""Open the report run of every period that has closed (the beat runs the same each night)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from exchange.reports.services import report_runs_schedule, report_runs_sweep


class Command(BaseCommand):
    help = (
        "Susun laporan berkala untuk setiap periode yang telah berakhir, dan antrekan ulang yang tertinggal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Tanggal acuan (YYYY-MM-DD).")

    def handle(self, *args, **options) -> None:
        today = options["today"] or timezone.localdate()
        opened = report_runs_schedule(today=today)
        rung = report_runs_sweep()
        self.stdout.write(f"{opened} laporan disusun, {rung} diantrekan ulang.")
