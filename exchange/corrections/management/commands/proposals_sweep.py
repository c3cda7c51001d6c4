"""The periodic care of the correction proposals, by hand: `manage.py proposals_sweep`."""

from django.core.management.base import BaseCommand

from exchange.corrections import tasks


class Command(BaseCommand):
    help = (
        "Requeue XLSX imports of proposals whose worker died, ring for queued ones, and write the mails of "
        "steps whose announcement is still pending."
    )

    def handle(self, *args, **options):
        self.stdout.write(tasks.sweep_proposals())
