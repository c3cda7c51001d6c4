"""The whole portal under load, page by page: 20 concurrent clients from wrk against gunicorn (2 workers of 4
threads, as `make run` serves it, DEBUG=0), first on the demo data ("small"), then again once 10,000
agreements (two parties, contacts and three obligations with their dues each) and 1,000,000 proposals (two
items and one comment each) are added ("large"), each page beside the login page at the same size, in one
run; and each page's query count at both sizes, through django.test.Client.

What is asserted is the scale's acceptance: at the large size a page's p95 within 1.5 times its p95 at the
small one, its requests per second at least a fifth of the login page's, and the same queries at both sizes.
The table is printed before anything is asserted.

PostgreSQL only. PORTAL_BENCH_AGREEMENTS and PORTAL_BENCH_PROPOSALS set the large size,
PORTAL_BENCH_LOAD_SECONDS the seconds of load a page (default 10).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from dataclasses import dataclass
from io import StringIO

import httpx
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from agreements.models import AgreementParty
from exchange.corrections.choices import ProposalStatus
from exchange.corrections.selectors import proposals_visible_to
from portal.calendar_feed import feed_token_issue
from tests.bench.data import agreements_bulk, exchange_agreement, proposals_at_scale
from tests.bench.load import Load, wrk
from tests.bench.load import gunicorn as portal_server
from tests.bench.timing import get_ok, queries_of, report
from tests.conftest import require
from tests.exchange.corrections.conftest import ensure_catalogue

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AGREEMENTS = int(os.getenv("PORTAL_BENCH_AGREEMENTS", "10000"))
PROPOSALS = int(os.getenv("PORTAL_BENCH_PROPOSALS", "1000000"))
SECONDS = int(os.getenv("PORTAL_BENCH_LOAD_SECONDS", "10"))
CLIENTS = 20
WAIT = 60  # seconds wrk waits for one answer: gunicorn's own timeout, as `make run` sets it
P95_GROWTH = 1.5
LOGIN_SHARE = 5
SEED_NUMBER = "26/HKM.07.01/X/2023"


@dataclass(frozen=True)
class Page:
    label: str
    user: str | None  # a username of the demo cast; None: not signed in
    path: str
    search: str = ""  # a proposal search, kept in the session (never in the URL)


def _pages(cast) -> list[Page]:
    seed = AgreementParty.objects.get(number=SEED_NUMBER).agreement
    handler = cast["bkn.penghubung"]
    proposal = (
        proposals_visible_to(handler)
        .filter(agreement=seed)
        .exclude(status=ProposalStatus.DRAFT)
        .order_by("pk")
        .first()
    )
    assert proposal is not None, "the demo has no proposal on the seed agreement"
    feed = feed_token_issue(acting_user=cast["kemendes.staf"]).token
    lists = reverse("exchange:proposal_list")
    staff = "kemendes.staf"
    return [
        Page("login page (the floor)", None, reverse("login")),
        Page("static file", None, django_settings.STATIC_URL + "css/portal.css"),
        Page("Beranda", staff, reverse("portal:dashboard")),
        Page("agreement list", staff, reverse("agreements:agreement_list")),
        Page("agreement list, search", staff, reverse("agreements:agreement_list") + "?q=Kepegawaian"),
        Page(
            "seed agreement detail (staff with edit rights)",
            staff,
            reverse("agreements:agreement_detail", args=[seed.pk]),
        ),
        Page("proposal inbox", handler.username, lists + "?tab=inbox"),
        Page("proposal list, last page", handler.username, lists + "?tab=inbox&page=last"),
        Page("proposal list, filtered", handler.username, lists + "?tab=all&status=review&assignee=me"),
        Page("proposal search by NIP", handler.username, lists + "?tab=inbox", search=proposal.nip),
        Page("proposal detail", handler.username, reverse("exchange:proposal_detail", args=[proposal.pk])),
        Page("calendar", staff, reverse("portal:calendar")),
        Page("iCalendar feed", None, reverse("portal:calendar_feed", args=[feed])),
        Page(
            "XLSX export (filtered)",
            handler.username,
            reverse("exchange:proposal_export") + "?tab=inbox&status=review&assignee=me",
        ),
    ]


def _client_of(cast, page: Page) -> Client:
    """A test client signed in as the page's user, with the page's search in its session."""
    client = Client()
    if page.user is not None:
        client.force_login(cast[page.user])
        if page.search:
            client.post(reverse("exchange:proposal_list"), {"q": page.search})
    return client


@dataclass(frozen=True)
class Measured:
    load: Load
    queries: int | None


def _measure(cast, url: str, pages: list[Page], tmp_path) -> dict[str, Measured]:
    measured = {}
    for page in pages:
        client = _client_of(cast, page)
        path = page.path
        queries = None
        if page.label != "static file":
            get_ok(client, path)  # warm, and it must answer 200
            queries, _response = queries_of(lambda path=path, client=client: get_ok(client, path))
        cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
        headers = [{"Cookie": f"{django_settings.SESSION_COOKIE_NAME}={cookie.value}"} if cookie else {}]
        load = wrk(
            url, path, headers=headers, connections=CLIENTS, seconds=SECONDS, tmp=tmp_path, timeout=WAIT
        )
        report(page.label, f"{load.line()}; {queries} queries")
        measured[page.label] = Measured(load, queries)
        _drained(url)
    return measured


def _drained(url: str) -> None:
    """Wait until the server has worked off what the last load left queued (wrk hangs up when its time is
    over; gunicorn still answers every request it took): the next page is measured on an idle server."""
    deadline = time.monotonic() + 5 * WAIT
    while time.monotonic() < deadline:
        began = time.monotonic()
        with contextlib.suppress(httpx.TransportError):
            httpx.get(url + reverse("login"), timeout=WAIT)
        if time.monotonic() - began < 0.5:
            return
    pytest.fail("the server did not work off the last page's load")


def _large(cast, today) -> None:
    kemendes, bkn, lain = (cast[name].institution for name in ("kemendes.staf", "bkn.staf", "lain.staf"))
    agreements_bulk(
        AGREEMENTS, today=today, own=kemendes, partners=[bkn, lain], creator=cast["kemendes.staf"]
    )
    from exchange.data.models import DataField

    handlers = [cast["kemendes.penghubung"], cast["bkn.penghubung"]]
    main = exchange_agreement(today=today, proposer=kemendes, receiver=bkn, handlers=handlers)
    kemendes_party, bkn_party = main.parties.order_by("order")
    lanes = [(main, kemendes_party, bkn_party, 9), (main, bkn_party, kemendes_party, 1)]
    fields = list(DataField.objects.filter(code__in=["golRuangAkhir", "pangkatAkhir"]).order_by("code"))
    proposals_at_scale(
        PROPOSALS,
        lanes=lanes,
        author=cast["kemendes.penghubung"],
        assignee=cast["bkn.penghubung"],
        fields=fields,
        today=today,
        tag="load",
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _cell(load: Load) -> str:
    return f"{load.p95_ms:,.0f} ms" if load.answered else "no answer"


def test_every_page_at_a_ministrys_scale_beside_the_login_page(cast, today, tmp_path, settings):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://...)")
    settings.SECRET_KEY = secrets.token_urlsafe(48)  # the server's too: it reads the sessions signed here
    ensure_catalogue()
    call_command("load_demo", today=today, stdout=StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    pages = _pages(cast)
    log = tmp_path / "gunicorn.log"
    server = {
        "workers": 2,
        "threads": 4,
        "timeout": WAIT,
        "ready_path": reverse("login"),
        "ready_status": 200,
        "secret_key": settings.SECRET_KEY,
    }

    with portal_server(log=log, **server) as url:
        small = _measure(cast, url, pages, tmp_path)
    _large(cast, today)
    with portal_server(log=log, **server) as url:
        large = _measure(cast, url, pages, tmp_path)

    floor = {size: measured[pages[0].label].load for size, measured in (("small", small), ("large", large))}
    lines = [
        f"demo data against +{AGREEMENTS:,} agreements and +{PROPOSALS:,} proposals, {CLIENTS} clients, "
        f"{SECONDS} s a page",
        "| page | small p95 | large p95 | large req/s | queries small / large |",
        "|---|---|---|---|---|",
    ]
    failures = []
    for page in pages:
        before, after = small[page.label], large[page.label]
        lines.append(
            f"| {page.label} | {_cell(before.load)} | {_cell(after.load)} | {after.load.rate:,.1f} | "
            f"{before.queries} / {after.queries} |"
        )
        if page is pages[0]:
            continue
        if not (before.load.answered and after.load.answered):
            failures.append(f"{page.label}: no answer")
            continue
        if after.load.p95_ms > P95_GROWTH * before.load.p95_ms:
            failures.append(f"{page.label}: p95 {before.load.p95_ms:.0f} -> {after.load.p95_ms:.0f} ms")
        if after.load.rate < floor["large"].rate / LOGIN_SHARE:
            failures.append(
                f"{page.label}: {after.load.rate:.1f} req/s, the login page {floor['large'].rate:.0f}"
            )
        if before.queries != after.queries:
            failures.append(f"{page.label}: {before.queries} -> {after.queries} queries")
    report("the portal at a ministry's scale", "\n" + "\n".join(lines))
    wrong = [
        f"{size} {label}: {m.load.unexpected} answers not 200"
        for size, measured in (("small", small), ("large", large))
        for label, m in measured.items()
        if m.load.unexpected
    ]
    assert not wrong, wrong
    assert not failures, failures
