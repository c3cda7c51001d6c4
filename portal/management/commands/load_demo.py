"""Load the demo: people, the seed agreement exactly as signed, example agreements and their traffic.

Idempotent: running it again updates what is there and adds nothing twice.
"""

import os
from datetime import date
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal import demo

# Each app that has demo data offers `<app>.demo.load(today=..., users=..., stdout=...)`.
# A module that does not exist (yet) is skipped; the order is the layers' order.
DEMO_MODULES = (
    "agreements.demo",
    "exchange.data.demo",
    "exchange.partners.demo",
    "exchange.corrections.demo",
    "exchange.sync.demo",
    "exchange.matching.demo",
    "exchange.api.demo",
    "exchange.privacy.demo",
    "exchange.reports.demo",
)


class Command(BaseCommand):
    help = "Muat data demo (instansi, pengguna, perjanjian contoh). Aman dijalankan berulang kali."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Tanggal acuan contoh (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        password = os.getenv("DEMO_PASSWORD") or None
        with transaction.atomic():
            users, new_password = demo.load_users(password)
            for module_name in DEMO_MODULES:
                try:
                    module = import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                module.load(today=today, users=users, stdout=self.stdout)
        password_file = settings.VAR_DIR / "demo-password.txt"
        if new_password:
            password_file.write_text(new_password + "\n")
            password_file.chmod(0o600)
        self.stdout.write(self.style.SUCCESS("Data demo dimuat."))
        self.stdout.write("Pengguna demo: " + ", ".join(users))
        if new_password and not password:
            self.stdout.write(
                f"Kata sandi semua pengguna demo (dibuat acak, disimpan di {password_file}): {new_password}"
            )
        elif password:
            self.stdout.write("Kata sandi semua pengguna demo: nilai DEMO_PASSWORD.")
        else:
            self.stdout.write(f"Kata sandi tidak diubah; lihat {password_file}.")
