"""End of term: revoke what ended agreements still allow and purge what their retention no longer covers
(the beat runs the same each night)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from exchange.privacy.term import term_ends_sweep


class Command(BaseCommand):
    help = "Cabut kredensial perjanjian yang berakhir dan hapus data setelah masa retensi."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Tanggal acuan (YYYY-MM-DD).")

    def handle(self, *args, **options) -> None:
        self.stdout.write(term_ends_sweep(today=options["today"] or timezone.localdate()))
