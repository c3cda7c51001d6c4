"""Acceptance: the subject access report for a demo NIP lists every read made of it, through a page, an export
(the receiving party's download of the roster file) and the web service; the request is a deadline that
reminds its handler; bad input is refused with a message and records nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from agreements.demo import SEED_NUMBERS
from agreements.models import Agreement
from exchange.api import services as api_services
from exchange.data.models import DataSetVersion, Record
from exchange.privacy import services
from exchange.privacy.models import SubjectAccessRequest
from portal.deadlines import deadlines_all, deadlines_for
from tests.exchange.api.conftest import Api, get_token
from tests.helpers import acknowledge

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), JAKARTA)


@pytest.fixture
def demo(cast):
    call_command("load_demo", today=date(2024, 3, 1), stdout=open("/dev/null", "w"))  # noqa: SIM115
    seed = Agreement.objects.filter(is_example=False, parties__number=SEED_NUMBERS[0]).distinct().get()
    roster = DataSetVersion.objects.filter(dataset__agreement=seed, dataset__provider__order=1).latest()
    return seed, roster


def test_the_report_lists_the_page_the_export_and_the_web_service_reads(demo, cast):
    seed, roster = demo
    record = Record.objects.filter(version=roster).order_by("id").first()
    other = Record.objects.filter(version=roster).order_by("id")[1]
    kemendes, bkn = cast["kemendes.penghubung"], cast["bkn.penghubung"]
    for user in (kemendes, bkn):
        acknowledge(user, seed)
    with time_machine.travel(at(date(2024, 3, 4)), tick=False):
        http = Client()
        http.force_login(kemendes)
        page = http.get(reverse("data:record_detail", args=[record.pk]))
        assert page.status_code == 200 and record.nip in page.content.decode()
        assert http.get(reverse("data:record_detail", args=[other.pk])).status_code == 200  # someone else
        http.force_login(bkn)
        export = http.get(reverse("data:version_download", args=[roster.pk]))
        assert export.status_code == 200 and record.nip in b"".join(export.streaming_content).decode(
            "utf-8-sig"
        )
        parties = {p.order: p for p in seed.parties.all()}
        issued = api_services.api_client_issue(
            agreement=seed,
            provider=parties[1],
            receiver=parties[2],
            acting_user=cast["bkn.pimpinan"],
            name="SIASN",
        )
        machine = Client()
        api = Api(machine, get_token(machine, issued.client.client_id, issued.secret))
        served = api.post("/api/v1/records/query", {"nips": [record.nip]})
        assert served.status_code == 200 and served.json()["results"][0]["found"]

    with time_machine.travel(at(date(2024, 3, 5), 9), tick=False):
        request = services.subject_access_request_record(
            acting_user=kemendes,
            agreement=seed,
            nip=record.nip,
            requester="Yang bersangkutan",
            received_at=at(date(2024, 3, 5), 8),
        )
        assert request.due_at == at(date(2024, 3, 8), 8)
        answered = services.subject_access_answer(acting_user=kemendes, request=request)
    with answered.document.file.open("rb") as handle:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(handle.read())).pages).split())
    assert answered.number in text and record.nip in text
    assert "Halaman portal" in text and "Berkas himpunan data" in text and "Layanan web" in text
    assert "Agus Santoso" in text and "Sari Rahmawati" in text and "SIASN" in text
    assert "Jumlah akses dan penyerahan tercatat: 3." in text  # the other person's page is not among them


def test_the_request_is_a_deadline_that_reminds_its_handler_until_answered(demo, cast):
    seed, roster = demo
    kemendes = cast["kemendes.penghubung"]
    acknowledge(kemendes, seed)
    nip = Record.objects.filter(version=roster).values_list("nip", flat=True).first()
    with time_machine.travel(at(date(2024, 3, 5), 9), tick=False):
        request = services.subject_access_request_record(
            acting_user=kemendes,
            agreement=seed,
            nip=nip,
            requester="Kuasa",
            received_at=at(date(2024, 3, 5), 8),
        )

    def found_for(read):
        return [
            d
            for d in read(date(2024, 3, 1), date(2024, 3, 31), today=date(2024, 3, 6))
            if d.kind == "subject_access"
        ]

    found = found_for(deadlines_all)
    assert len(found_for(lambda *a, **k: deadlines_for(kemendes, *a, **k))) == 1
    assert not found_for(lambda *a, **k: deadlines_for(cast["bkn.penghubung"], *a, **k))
    assert [(d.date, d.assignee_ids) for d in found] == [(date(2024, 3, 8), (kemendes.pk,))]
    assert nip not in found[0].title and nip not in found[0].url
    services.subject_access_answer(acting_user=kemendes, request=request, now=at(date(2024, 3, 6)))
    assert not found_for(deadlines_all)
    with pytest.raises(ValidationError):
        services.subject_access_answer(acting_user=kemendes, request=request)


def test_a_bad_nip_or_a_future_receipt_is_refused_and_records_nothing(demo, cast, client):
    seed, _roster = demo
    kemendes = cast["kemendes.penghubung"]
    acknowledge(kemendes, seed)
    with pytest.raises(ValidationError) as caught:
        services.subject_access_request_record(
            acting_user=kemendes,
            agreement=seed,
            nip="1234",
            requester="",
            received_at=at(date.today() + timedelta(days=2)),
        )
    assert set(caught.value.message_dict) == {"nip", "requester", "received_at"}
    client.force_login(kemendes)
    page = client.post(
        reverse("privacy:subject_access_create", args=[seed.pk]),
        {"nip": "1234", "requester": "A", "received_at": "2024-03-05T08:00"},
    ).content.decode()
    assert "NIP harus 18 angka" in page
    assert not SubjectAccessRequest.objects.exists()
