"""Issue web-service credentials from the command line; the secret is printed once and never again.

The direction is named by the id of the providing party (AgreementParty) of the agreement; the receiving
party is the other one (with more than two parties, name it with --receiver). Without a valid direction
the command lists the directions of the agreement's Lampiran.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from exchange.api import services
from exchange.data.models import AnnexField


class Command(BaseCommand):
    help = "Terbitkan kredensial layanan web untuk satu perjanjian dan arah; secret ditampilkan sekali."

    def add_arguments(self, parser):
        parser.add_argument("--agreement", type=int, required=True, help="id perjanjian")
        parser.add_argument(
            "--direction", type=int, required=True, help="id pihak pemberi data (AgreementParty)"
        )
        parser.add_argument("--receiver", type=int, help="id pihak penerima (bila pihak lebih dari dua)")
        parser.add_argument("--name", default="Sistem mitra", help="nama sistem/aplikasi penerima")
        parser.add_argument("--expires", type=date.fromisoformat, help="berlaku sampai (TTTT-BB-HH)")
        parser.add_argument("--quota", type=int, help="kuota rekaman per hari")

    def directions(self, agreement: Agreement) -> str:
        lines = {
            f"  --direction {line.provider_id} --receiver {line.receiver_id}: "
            f"{line.provider.institution} -> {line.receiver.institution}"
            for line in AnnexField.objects.filter(agreement=agreement).select_related(
                "provider__institution", "receiver__institution"
            )
        }
        return "\n".join(sorted(lines)) or "  (Lampiran kosong)"

    def handle(self, *args, **options):
        agreement = Agreement.objects.filter(pk=options["agreement"]).first()
        if agreement is None:
            raise CommandError(f"Perjanjian {options['agreement']} tidak ada.")
        parties = {party.pk: party for party in agreement.parties.select_related("institution")}
        provider = parties.get(options["direction"])
        others = [party for pk, party in parties.items() if pk != options["direction"]]
        receiver = parties.get(options["receiver"]) if options["receiver"] else None
        if receiver is None and len(others) == 1:
            receiver = others[0]
        if provider is None or receiver is None:
            raise CommandError("Arah tidak dikenal. Arah dalam Lampiran:\n" + self.directions(agreement))
        try:
            issued = services.api_client_issue(
                agreement=agreement,
                provider=provider,
                receiver=receiver,
                acting_user=None,
                name=options["name"],
                expires_on=options["expires"],
                daily_record_quota=options["quota"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        client = issued.client
        self.stdout.write(
            f"{provider.institution} -> {receiver.institution}, "
            f"berlaku sampai {client.expires_at:%Y-%m-%d %H:%M %Z}"
        )
        self.stdout.write(f"client_id:     {client.client_id}")
        self.stdout.write(f"client_secret: {issued.secret}")
        self.stdout.write(
            "Simpan secret ini sekarang: portal hanya menyimpan hash-nya. / Store the secret now."
        )
