"""Acceptance: on the demo, the report of the seed agreement's first period (2023-10-09..2024-04-08) is
generated, completed and issued; its PDF, read back, holds the number, the period and figures equal to counts
taken independently from the database, and the report due is met with that PDF as its evidence.

Traffic inside the period is made as users and partners make it: a partner system calls the web service
(granted and refused), a liaison officer reads records of the roster; the demo's proposals fall in it too.
"""

from __future__ import annotations

from datetime import date, datetime, time
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from agreements.choices import ObligationKind
from agreements.demo import SEED_NUMBERS
from agreements.models import Agreement, ObligationDue
from exchange.api import services as api_services
from exchange.api.models import ExchangeLog
from exchange.corrections.models import Proposal
from exchange.data.choices import AccessAction
from exchange.data.models import DataAccess, DataSetVersion, Record
from exchange.data.services import access_record
from exchange.reports import services
from exchange.reports.models import ReportRun
from tests.exchange.api.conftest import Api, get_token

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
START, END = date(2023, 10, 9), date(2024, 4, 8)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), JAKARTA)


def figure_after(lines: list[str], label: str, start: str = "") -> str:
    """The value printed on the line after `label` (after the heading `start`, when given)."""
    index = lines.index(start) if start else 0
    return lines[lines.index(label, index) + 1]


@pytest.fixture
def demo(cast):
    call_command("load_demo", today=date(2024, 4, 20), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Agreement.objects.filter(is_example=False, parties__number=SEED_NUMBERS[0]).distinct().get()


def _traffic(seed: Agreement, cast) -> None:
    """BKN's system queries the roster through the web service twice and is refused once; Kemendes's liaison
    officer opens two records of the roster."""
    roster = DataSetVersion.objects.filter(dataset__agreement=seed, dataset__provider__order=1).latest()
    parties = {p.order: p for p in seed.parties.all()}
    nips = list(Record.objects.filter(version=roster).order_by("id").values_list("nip", flat=True)[:5])
    with time_machine.travel(at(date(2024, 1, 15)), tick=False):
        issued = api_services.api_client_issue(
            agreement=seed,
            provider=parties[1],
            receiver=parties[2],
            acting_user=cast["bkn.pimpinan"],
            name="SIASN uji laporan",
        )
        http = Client()
        api = Api(http, get_token(http, issued.client.client_id, issued.secret))
        assert api.post("/api/v1/records/query", {"nips": nips[:3]}).status_code == 200
        assert api.post("/api/v1/records/query", {"nips": nips[3:5]}).status_code == 200
        api.purpose = "z"  # no such scope item: refused
        assert api.post("/api/v1/records/query", {"nips": nips[:1]}).status_code >= 400
    with time_machine.travel(at(date(2024, 2, 1)), tick=False):
        records = list(Record.objects.filter(version=roster).order_by("id")[:2])
        for record in records:
            access_record(
                user=cast["kemendes.penghubung"],
                action=AccessAction.RECORD,
                version=roster,
                record_ids=[record.pk],
            )


def test_the_first_period_report_of_the_seed_agreement_holds_the_database_figures(demo, cast):
    seed = demo
    _traffic(seed, cast)
    due = ObligationDue.objects.get(
        obligation__agreement=seed, obligation__kind=ObligationKind.REPORT, period_number=1
    )
    assert (due.period_start, due.period_end) == (START, END)
    staf = cast["kemendes.staf"]

    run = services.report_run_request(acting_user=staf, due=due)
    assert services.report_run_execute(run_id=run.pk) == "draft"
    assert services.report_run_execute(run_id=run.pk) == "not claimed"  # runs twice, one effect
    run.refresh_from_db()
    services.report_run_complete(
        acting_user=staf,
        run=run,
        kendala="Sinkronisasi sempat tertahan karena token SSO kedaluwarsa.",
        rencana="Menjadwalkan pembaruan token SSO sebelum kedaluwarsa.",
    )
    run = services.report_run_issue(acting_user=staf, run=run, now=at(date(2024, 4, 22)))

    # The counts, taken independently of the report's own queries.
    since, until = at(START, 0), at(date(2024, 4, 9), 0)
    log = ExchangeLog.objects.filter(agreement=seed, occurred_at__gte=since, occurred_at__lt=until)
    granted = log.filter(outcome="granted")
    proposals = Proposal.objects.filter(agreement=seed)
    raised = proposals.filter(submitted_on__gte=START, submitted_on__lte=END).count()
    closed = proposals.filter(closed_on__gte=START, closed_on__lte=END).count()
    reads = DataAccess.objects.filter(
        version__dataset__agreement=seed, occurred_at__gte=since, occurred_at__lt=until
    ).count()
    assert granted.count() >= 3 and log.filter(outcome="refused").count() >= 1  # the traffic is there
    assert raised > 0 and reads >= 2

    document = ObligationDue.objects.get(pk=due.pk).evidence
    with document.file.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(handle.read())).pages)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert run.number and run.number in text
    assert run.number.endswith("/IV/2024")
    assert "ke-1, 9 Oktober 2023 s.d. 8 April 2024" in text
    assert "22 April 2024" in text
    web = "1. Penggunaan layanan web"
    assert figure_after(lines, "Permintaan", web) == str(log.count())
    assert figure_after(lines, "Dilayani", web) == str(granted.count())
    assert figure_after(lines, "Ditolak", web) == str(log.count() - granted.count())
    assert figure_after(lines, "Rekaman yang dilayani", web) == str(
        sum(granted.values_list("record_count", flat=True))
    )
    assert figure_after(lines, "Diajukan", "5. Usulan perbaikan data") == str(raised)
    assert figure_after(lines, "Ditutup", "5. Usulan perbaikan data") == str(closed)
    assert figure_after(lines, "Pembacaan", "6. Akses data pribadi") == str(reads)
    assert "Sinkronisasi sempat tertahan" in text and "Menjadwalkan pembaruan token SSO" in text
    assert "RINA WULANDARI" in text  # the signature block of who issued it

    met = ObligationDue.objects.get(pk=due.pk)
    assert met.met_on == date(2024, 4, 22) and met.evidence_id == run.document_id
    assert ReportRun.objects.get(pk=run.pk).status == "issued"
