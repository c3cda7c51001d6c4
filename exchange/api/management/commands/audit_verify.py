"""Walk the hash chains of the append-only logs and name the first broken row.

The exchange log of the web service (exchange.api) and the personal-data access log of the data sets
(exchange.data). Exits with status 1 when a chain does not hold.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from exchange.api import chain


class Command(BaseCommand):
    help = "Periksa rantai hash log pertukaran dan log akses; sebutkan baris pertama yang rusak."

    def handle(self, *args, **options):
        broken = []
        report = chain.verify()
        if report.ok:
            self.stdout.write(
                f"Log pertukaran data: {report.checked} baris dalam {report.chains} rantai, rantai utuh."
            )
        else:
            broken.append(self.describe(report))
        broken += self.data_access_log()
        if broken:
            for line in broken:
                self.stderr.write(line)
            raise CommandError("Rantai log rusak. / A log chain is broken.")

    @staticmethod
    def describe(report: chain.ChainReport) -> str:
        if report.problem == "row":
            return (
                f"Log pertukaran data: baris #{report.broken_id} rusak "
                "(diubah, atau baris sebelumnya dihapus). "
                f"/ exchange log row #{report.broken_id} is broken."
            )
        return (
            f"Log pertukaran data: ujung rantai {report.chain} tidak cocok "
            f"(baris terakhir #{report.broken_id} dihapus?). "
            f"/ the end of exchange log chain {report.chain} does not match its head."
        )

    def data_access_log(self) -> list[str]:
        try:
            from exchange.data.services import access_log_verify
        except ImportError:
            return []
        broken_id = access_log_verify()
        if broken_id is None:
            self.stdout.write("Log akses data pribadi (himpunan data): rantai utuh.")
            return []
        return [
            f"Log akses data pribadi (himpunan data): baris #{broken_id} rusak. "
            f"/ access log row #{broken_id} is broken."
        ]
