"""Correction proposals in bulk: the list with 5,000 proposals, their XLSX export (time and peak memory) and
the XLSX import of 1,000 rows, each through django.test.Client as a liaison officer would use them (the
import's upload through the page, its work as the worker runs it).
"""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from exchange.corrections import tasks
from exchange.corrections.models import PersonalDataAccess, Proposal, ProposalImport, ProposalItem
from portal.models import OutboxMail
from tests.bench.data import exchange_agreement, import_sheet
from tests.bench.timing import get_ok, once, peak_memory, queries_of, repeat, report
from tests.exchange.corrections.conftest import ensure_catalogue
from tests.exchange.corrections.test_query_counts import bulk_proposals

pytestmark = pytest.mark.django_db

PROPOSALS = 5000
LIST_URL = reverse("exchange:proposal_list")
LIST_P95_MS = 400
LIST_QUERIES = 20  # pinned by the exchange app's query-count test
EXPORT_URL = reverse("exchange:proposal_export")
EXPORT_SECONDS = 10
EXPORT_PEAK_MB = 200
IMPORT_URL = reverse("exchange:proposal_import")
IMPORT_ROWS = 1000
IMPORT_SECONDS = 60
UPLOAD_SECONDS = 2  # the page stores the file and queues it; it never waits for the rows
# The proposal, its item, two events, history rows, the lock and two grant checks per row, and now the
# submission mail and bell line written in the same transaction (the liaison officers, the outbox row and
# the notification, each in a savepoint).
IMPORT_QUERIES_PER_ROW = 36


@pytest.fixture
def agreement(today, kemendes, bkn, kemendes_penghubung, bkn_penghubung):
    ensure_catalogue()
    return exchange_agreement(
        today=today, proposer=kemendes, receiver=bkn, handlers=[kemendes_penghubung, bkn_penghubung]
    )


@pytest.fixture
def proposals(agreement, kemendes_penghubung, bkn_penghubung):
    """5,000 submitted-or-later proposals from Kemendes to BKN, two fields and two comments each."""
    first, second = agreement.parties.order_by("order")
    return bulk_proposals(
        PROPOSALS,
        agreement=agreement,
        proposer=first,
        receiver=second,
        author=kemendes_penghubung,
        assignee=bkn_penghubung,
    )


def test_the_proposal_list_with_5000_proposals(client, proposals, bkn_penghubung, kemendes_penghubung):
    cases = {
        "receiver's inbox": (bkn_penghubung, {"tab": "inbox"}),
        "receiver's inbox, last page": (bkn_penghubung, {"tab": "inbox", "page": "last"}),
        "receiver, all, overdue and mine": (bkn_penghubung, {"tab": "all", "overdue": "1", "assignee": "me"}),
        "proposer's outbox": (kemendes_penghubung, {"tab": "outbox"}),
    }
    slow = []
    for label, (user, params) in cases.items():
        client.force_login(user)
        response = get_ok(client, LIST_URL, params)
        found = len(response.context["page"].object_list)
        assert found > 0, label
        queries, _response = queries_of(lambda params=params: get_ok(client, LIST_URL, params))
        timings = repeat(lambda params=params: get_ok(client, LIST_URL, params))
        report(f"proposal list, {label}", f"{timings.line()}, {queries} queries, {found} rows on the page")
        assert queries <= LIST_QUERIES, f"{label}: {queries} queries"
        if timings.p95_ms >= LIST_P95_MS:
            slow.append(f"{label}: p95 {timings.p95_ms:.0f} ms")
    assert not slow, f"proposal list over {LIST_P95_MS} ms: {slow}"


def test_the_xlsx_export_of_5000_proposals(client, proposals, bkn_penghubung):
    client.force_login(bkn_penghubung)
    params = {"tab": "inbox"}
    seconds, response = once(lambda: get_ok(client, EXPORT_URL, params))
    content = b"".join(response) if response.streaming else response.content
    peak, _response = peak_memory(lambda: get_ok(client, EXPORT_URL, params))
    queries, _response = queries_of(lambda: get_ok(client, EXPORT_URL, params))

    book = load_workbook(BytesIO(content), read_only=True)
    rows = {name: sum(1 for _row in book[name].iter_rows(values_only=True)) - 1 for name in book.sheetnames}
    book.close()
    report(
        "proposal export (XLSX)",
        f"{seconds:.2f} s, peak {peak:.0f} MB (tracemalloc), {queries} queries, "
        f"{len(content) / 1024 / 1024:.1f} MB file, rows per sheet {rows}",
    )
    assert rows["Usulan"] == PROPOSALS
    assert rows["Rincian"] == ProposalItem.objects.count()
    assert PersonalDataAccess.objects.filter(action="export").exists()
    assert seconds < EXPORT_SECONDS
    assert peak < EXPORT_PEAK_MB


def test_the_xlsx_import_of_1000_rows(client, agreement, kemendes_penghubung):
    receiving = agreement.parties.get(order=2)
    content = import_sheet(IMPORT_ROWS)
    client.force_login(kemendes_penghubung)
    get_ok(client, IMPORT_URL)  # the form, once: per-process caches

    def post():
        upload = SimpleUploadedFile("impor.xlsx", content)
        return client.post(IMPORT_URL, {"receiving_party": receiving.pk, "file": upload, "submit": "on"})

    upload_seconds, response = once(post)
    assert response.status_code == 302, response.content.decode()[-2000:]
    job = ProposalImport.objects.get()
    with_queries = {}

    def run():
        queries, outcome = queries_of(lambda: tasks.run_proposal_import(job.pk))
        with_queries["n"] = queries
        return outcome

    seconds, outcome = once(run)
    assert outcome == "done"
    created = Proposal.objects.filter(agreement=agreement)
    report(
        "proposal import (XLSX)",
        f"upload answered in {upload_seconds * 1000:.0f} ms; {IMPORT_ROWS} rows in {seconds:.2f} s "
        f"({IMPORT_ROWS / seconds:.0f} rows/s) in the worker, {with_queries['n']} queries "
        f"({with_queries['n'] / IMPORT_ROWS:.1f} per row), {len(content) // 1024} KB file",
    )
    assert created.count() == IMPORT_ROWS
    assert set(created.values_list("status", flat=True)) == {"submitted"}
    assert OutboxMail.objects.filter(kind="proposal_submitted").count() == IMPORT_ROWS
    assert upload_seconds < UPLOAD_SECONDS
    assert seconds < IMPORT_SECONDS
    assert with_queries["n"] <= IMPORT_QUERIES_PER_ROW * IMPORT_ROWS
