"""Serve the SIASN SIMULATOR (not BKN's SIASN) on a port until interrupted."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from exchange.partners import people, simulator


class Command(BaseCommand):
    help = "Jalankan SIMULATOR SIASN (bukan SIASN BKN) untuk demo dan pengujian."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8243)
        parser.add_argument("--people", type=int, default=None, help="Jumlah orang dari roster demo.")
        parser.add_argument(
            "--people-file", type=Path, help="Berkas JSON: daftar baris roster (kode katalog)."
        )
        parser.add_argument("--seed", type=int, default=2023, help="Benih roster cadangan.")
        for name, default in (
            ("latency-ms", 0.0),
            ("error-rate", 0.0),
            ("timeout-rate", 0.0),
            ("timeout-seconds", 30.0),
            ("garbage-rate", 0.0),
            ("throttle-rate", 0.0),
            ("throttle-seconds", 1.0),
            ("gateway-ttl", 3600.0),
            ("sso-ttl", 12 * 3600.0),
        ):
            parser.add_argument(f"--{name}", type=float, default=default)
        parser.add_argument("--fault-seed", type=int, default=13)
        parser.add_argument("--consumer-key", default=simulator.Account.consumer_key)
        parser.add_argument("--consumer-secret", default=simulator.Account.consumer_secret)
        parser.add_argument("--username", default=simulator.Account.username)
        parser.add_argument("--password", default=simulator.Account.password)

    def handle(self, *args, **options):
        if options["people_file"]:
            rows = json.loads(options["people_file"].read_text())
        elif options["people"] is not None and options["seed"] != 2023:
            rows = people.roster(options["people"], seed=options["seed"])
        else:
            rows = people.demo_roster(options["people"])
        faults = simulator.Faults(
            latency_ms=options["latency_ms"],
            error_rate=options["error_rate"],
            timeout_rate=options["timeout_rate"],
            timeout_seconds=options["timeout_seconds"],
            garbage_rate=options["garbage_rate"],
            throttle_rate=options["throttle_rate"],
            throttle_seconds=options["throttle_seconds"],
            gateway_ttl=options["gateway_ttl"],
            sso_ttl=options["sso_ttl"],
            seed=options["fault_seed"],
        )
        account = simulator.Account(
            options["consumer_key"], options["consumer_secret"], options["username"], options["password"]
        )
        server = simulator.build(
            host=options["host"], port=options["port"], rows=rows, faults=faults, account=account
        )
        self.stdout.write(
            f"{simulator.BANNER}: http://{options['host']}:{options['port']}/ "
            f"({len(server.state.people)} orang) siap."
        )
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
