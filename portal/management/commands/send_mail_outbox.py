from django.core.management.base import BaseCommand

from portal.services import outbox_send_due


class Command(BaseCommand):
    help = "Kirim semua surel di kotak keluar yang sudah waktunya (sama dengan tugas latar belakang)."

    def handle(self, *args, **options):
        counts = outbox_send_due()
        if not counts:
            self.stdout.write("Tidak ada surel yang perlu dikirim.")
            return
        labels = {
            "sent": "terkirim",
            "kept": "disimpan (tanpa SMTP)",
            "retry": "dicoba lagi nanti",
            "failed": "gagal",
            "skipped": "dilewati",
        }
        for outcome, count in sorted(counts.items()):
            self.stdout.write(f"{labels.get(outcome, outcome)}: {count}")
