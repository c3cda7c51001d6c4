from argparse import ArgumentTypeError
from datetime import date

from django.core.management.base import BaseCommand

from portal.reminders import reminders_send_daily


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ArgumentTypeError(f"tanggal tidak valid: {value!r} (gunakan YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = (
        "Kirim pengingat tenggat yang jatuh hari ini dan ringkasan mingguan "
        "(sama dengan tugas harian 07.00). "
        "Aman dijalankan berulang: setiap pengingat terkirim sekali per tenggat, tahap, dan penerima."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, help="Hari yang dianggap hari ini (YYYY-MM-DD).")

    def handle(self, *args, **options):
        report = reminders_send_daily(today=options["today"])
        self.stdout.write(report.summary())
