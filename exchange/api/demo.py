"""Demo data of the web service: one example client of BKN's system on the seed agreement, so that the
pages have a row to show. Its secret is thrown away unseen (nothing secret is printed); issue a usable one
with `manage.py api_client_create` or from the page.

The example is issued as of a day within the seed's term: on a demo dated after its last day in force it
shows as expired, since the web service serves no agreement that is no longer in force.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from agreements.demo import seed_agreement
from exchange.api import services
from exchange.api.models import ApiClient
from portal.models import User

NAME = "Contoh: SIASN BKN (demo)"


def load(*, today: date, users: dict[str, User], stdout) -> None:
    agreement = seed_agreement()
    if agreement is None:
        stdout.write("Perjanjian seed belum ada; klien layanan web contoh dilewati.")
        return
    if ApiClient.objects.filter(agreement=agreement, name=NAME).exists():
        stdout.write("Klien layanan web contoh sudah ada.")
        return
    parties = {party.order: party for party in agreement.parties.all()}
    issued_on = min(today, agreement.last_day_in_force or today)
    try:
        services.api_client_issue(
            agreement=agreement,
            provider=parties[1],
            receiver=parties[2],
            acting_user=users.get("bkn.pimpinan"),
            name=NAME,
            today=max(issued_on, agreement.starts_on or issued_on),
        )
    except ValidationError as error:
        stdout.write("Klien layanan web contoh dilewati: " + " ".join(error.messages))
        return
    stdout.write("Klien layanan web contoh: 1 dibuat (secret tidak disimpan dan tidak ditampilkan).")
