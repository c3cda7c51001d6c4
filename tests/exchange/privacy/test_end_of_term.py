"""End of term (Pasal 6 ayat (3), 9 ayat (6)): on the first day an agreement is no longer in force its web
service clients are revoked, its SIASN credentials wiped and its sync stopped; once the parties' retention has
run out the data sets the parties received are purged and each receiving party gets a deletion certificate.
Days pass with time-machine; the daily job runs as the beat rings it."""

from __future__ import annotations

from datetime import date, datetime, time
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from agreements.models import Agreement, ScopeItem
from exchange.api import services as api_services
from exchange.data import services as data_services
from exchange.data.models import Record
from exchange.partners.models import SiasnCredential
from exchange.privacy import services, tasks
from exchange.privacy.models import DeletionCertificate, TermEnd
from exchange.sync.models import SyncSchedule
from tests.exchange.api.conftest import Api, get_token
from tests.exchange.sync import setup

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def at(day: date, hour: int = 1, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), JAKARTA)


@pytest.fixture
def ending(kemendes, bkn, bkn_pimpinan):
    """The test agreement (last day in force 2025-10-08) with data both ways, a client, a credential and a
    sync schedule, as of 2025-09-01."""
    agreement = setup.agreement_with_lampiran(kemendes, bkn)
    # The sync fixture runs for ten years; this one ends on 8 October 2025, a two-year term.
    Agreement.objects.filter(pk=agreement.pk).update(
        term_months=24, ends_on=date(2025, 10, 8), notice_deadline=date(2025, 9, 8)
    )
    agreement.refresh_from_db()
    ScopeItem.objects.create(agreement=agreement, order=1, text="Data Penggerak Swadaya Masyarakat (PSM)")
    first, second = agreement.parties.order_by("order")
    with time_machine.travel(at(date(2025, 9, 1), 10), tick=False):
        roster = setup.roster_version(agreement, setup.roster(6))
        siasn_set = data_services.dataset_for_direction(agreement=agreement, provider=second, receiver=first)
        siasn = data_services.version_create(
            dataset=siasn_set, rows=setup.roster(4, seed=5), source_kind="sync", source_name="sync"
        )
        setup.credential(agreement, "http://127.0.0.1:9/")
        SyncSchedule.objects.create(agreement=agreement, provider=second, receiver=first)
        issued = api_services.api_client_issue(
            agreement=agreement, provider=first, receiver=second, acting_user=bkn_pimpinan, name="SIASN"
        )
        http = Client()
        api = Api(http, get_token(http, issued.client.client_id, issued.secret))
        nip = roster.records.values_list("nip", flat=True).first()
        assert api.post("/api/v1/records/query", {"nips": [nip]}).status_code == 200

    def fresh_api() -> Api:
        http = Client()
        return Api(http, get_token(http, issued.client.client_id, issued.secret))

    return agreement, fresh_api, nip, (roster, siasn)


def sweep(day: date, hour: int = 1) -> str:
    with time_machine.travel(at(day, hour), tick=False):
        return tasks.sweep_term_ends()


def test_the_end_day_revokes_and_stops_and_the_purge_after_retention_is_certified(
    ending, client, kemendes_staf
):
    agreement, fresh_api, nip, (roster, siasn) = ending
    sweep(date(2025, 10, 8), 23)  # the last day in force: nothing happens yet
    assert not TermEnd.objects.exists()
    with time_machine.travel(at(date(2025, 10, 8), 23, 30), tick=False):
        api = fresh_api()
        assert api.post("/api/v1/records/query", {"nips": [nip]}).status_code == 200

    with time_machine.travel(at(date(2025, 10, 8), 23, 50), tick=False):
        api = fresh_api()  # a token taken on the last day, still unexpired after midnight
    with time_machine.travel(at(date(2025, 10, 9), 0, 20), tick=False):
        assert tasks.sweep_term_ends().startswith("2025-10-09: closed=1")
        assert api.post("/api/v1/records/query", {"nips": [nip]}).status_code == 401
    credential = SiasnCredential.objects.get(agreement=agreement)
    assert credential.consumer_key_sealed == "" and credential.sso_password_sealed == ""
    assert not SyncSchedule.objects.filter(agreement=agreement, enabled=True).exists()
    term_end = TermEnd.objects.get(agreement=agreement)
    assert term_end.revoked == {"api_clients": 1, "credentials": 1, "schedules": 1, "sync_runs": 0}
    assert term_end.purge_on == date(2025, 11, 8)  # the default 30 days of retention, then the purge

    sweep(date(2025, 11, 7))
    assert (
        Record.objects.filter(version__in=[roster, siasn]).count() == 10
        and not DeletionCertificate.objects.exists()
    )

    assert "purged=1" in sweep(date(2025, 11, 8))
    assert not Record.objects.filter(version__in=[roster, siasn]).exists()
    roster.refresh_from_db()
    assert roster.status == "purged" and roster.purged_at is not None
    certificates = {c.party.order: c for c in DeletionCertificate.objects.select_related("party")}
    assert set(certificates) == {1, 2}  # Kemendes received the SIASN data, BKN the roster
    bkn_certificate = certificates[2]
    client.force_login(kemendes_staf)  # the other party may read BKN's certificate too
    download = client.get(bkn_certificate.get_absolute_url())
    assert download["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(download.content)).pages).split())
    assert "SERTIFIKAT PENGHAPUSAN DATA" in text and bkn_certificate.number in text
    assert roster.checksum in text.replace(" ", "") and "8 November 2025" in text
    assert "tetap berlaku setelah Perjanjian Kerja Sama berakhir" in text

    call_command("term_ends_sweep", today=date(2025, 11, 9), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert DeletionCertificate.objects.count() == 2  # runs twice, one effect

    with time_machine.travel(at(date(2025, 11, 9), 9), tick=False):
        page = client.get(reverse("privacy:agreement_privacy", args=[agreement.pk])).content.decode()
    assert "Kewajiban kerahasiaan Pasal 9 tetap berlaku" in page
    assert certificates[1].number in page and bkn_certificate.number in page


def test_the_parties_retention_moves_the_purge(ending, kemendes_staf, bkn_staf):
    agreement, *_rest = ending
    setup.grant_change(kemendes_staf, agreement)
    with pytest.raises(Exception, match="hak mengelola"):
        services.retention_set(acting_user=bkn_staf, agreement=agreement, days=90)
    services.retention_set(acting_user=kemendes_staf, agreement=agreement, days=90)
    sweep(date(2025, 10, 9))
    assert TermEnd.objects.get().purge_on == date(2026, 1, 7)
    sweep(date(2025, 11, 8))
    assert not DeletionCertificate.objects.exists()
