"""Import a roster file (CSV or XLSX) into the data set of one agreement direction, through the same
services as the import page: the file is recognised, mapped (guessed, or --map), checked row by row and
stored all or nothing."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from exchange.data import imports, services
from exchange.data.choices import ImportStatus
from exchange.data.mapping import heading_key

HELP = """Impor berkas roster (CSV/XLSX) ke himpunan data satu arah Lampiran.

--direction ialah ID pihak pemberi data (AgreementParty.id) pada perjanjian itu; penerimanya ialah pihak
lain pada Lampiran arah tersebut (bila lebih dari satu, sebutkan --receiver dengan ID pihak penerima).
Semua baris disimpan, atau tidak satu pun: masalah disebut baris demi baris."""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Berkas CSV atau XLSX.")
        parser.add_argument("--agreement", type=int, required=True, help="ID perjanjian.")
        parser.add_argument(
            "--direction", type=int, required=True, help="ID pihak pemberi data (AgreementParty)."
        )
        parser.add_argument("--receiver", type=int, help="ID pihak penerima data, bila arah tidak tunggal.")
        parser.add_argument(
            "--map", action="append", default=[], metavar="JUDUL=kode",
            help="Pemetaan satu kolom ke kode katalog (boleh berulang), mengganti tebakan.",
        )  # fmt: skip
        parser.add_argument("--check-only", action="store_true", help="Periksa saja, jangan simpan.")
        parser.add_argument(
            "--confirm-duplicate",
            action="store_true",
            help="Impor juga berkas yang sudah pernah diimpor ke himpunan data ini.",
        )

    def handle(self, *args, **options):
        dataset = self._dataset(options)
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        with open(path, "rb") as handle:
            try:
                data_import = imports.import_upload(
                    dataset=dataset,
                    file=File(handle, name=path.name),
                    file_name=path.name,
                    acting_user=None,
                    confirm_duplicate=options["confirm_duplicate"],
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        columns = list(data_import.mapping["columns"])
        overrides = dict(self._override(item) for item in options["map"])
        for index, heading in enumerate(data_import.headers):
            if heading_key(heading) in overrides:
                columns[index] = overrides[heading_key(heading)]
        for heading, code in zip(data_import.headers, columns, strict=True):
            self.stdout.write(f"  {heading or '(tanpa judul)'} -> {code or '(tidak dipetakan)'}")
        try:
            data_import = imports.import_map(
                data_import=data_import, columns=columns, acting_user=None, inline=True
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if data_import.status != ImportStatus.CHECKED:
            self._problems(data_import)
            raise CommandError(
                f"Berkas ditolak: {data_import.problem_count} masalah; tidak ada yang disimpan."
            )
        self.stdout.write(f"Lolos pemeriksaan: {data_import.row_count} baris.")
        if options["check_only"]:
            return
        data_import = imports.import_store(data_import=data_import, acting_user=None, inline=True)
        if data_import.status != ImportStatus.DONE:
            raise CommandError(f"Penyimpanan gagal: {data_import.message}")
        version = data_import.version
        self.stdout.write(
            self.style.SUCCESS(
                f"Tersimpan: {dataset.name}, versi {version.number}, {version.row_count} rekaman."
            )
        )

    def _dataset(self, options):
        agreement = Agreement.objects.filter(pk=options["agreement"]).first()
        if agreement is None:
            raise CommandError("Perjanjian tidak ditemukan.")
        provider = agreement.parties.filter(pk=options["direction"]).first()
        if provider is None:
            raise CommandError("Pihak pemberi data (--direction) bukan pihak pada perjanjian ini.")
        receivers = agreement.parties.filter(
            pk__in=agreement.annex_fields.filter(provider=provider).values("receiver")
        )
        if options["receiver"]:
            receivers = receivers.filter(pk=options["receiver"])
        if receivers.count() != 1:
            raise CommandError("Arah Lampiran tidak tunggal atau tidak ada; sebutkan --receiver yang benar.")
        try:
            return services.dataset_for_direction(
                agreement=agreement, provider=provider, receiver=receivers.get()
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    @staticmethod
    def _override(item: str) -> tuple[str, str]:
        heading, separator, code = item.partition("=")
        if not separator:
            raise CommandError(f"--map harus berbentuk JUDUL=kode: {item}")
        return heading_key(heading), code.strip()

    def _problems(self, data_import):
        if data_import.message:
            self.stderr.write(data_import.message)
        for problem in data_import.problems:
            self.stderr.write(f"Baris {problem['row']}, {problem['column']}: {problem['message']}")
        if data_import.problem_count > len(data_import.problems):
            self.stderr.write(
                f"... dan {data_import.problem_count - len(data_import.problems)} masalah lain."
            )
