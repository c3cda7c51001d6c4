"""The agreement pages under load: the list with 500 agreements and its filters, and the detail page of an
agreement with years of letters, documents, dues and events. Each through django.test.Client, 20 runs.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from agreements.choices import AgreementStatus
from agreements.models import Agreement, ObligationDue
from tests.bench.data import rich_agreement
from tests.bench.timing import get_ok, queries_of, repeat, report

pytestmark = pytest.mark.django_db

LIST_URL = reverse("agreements:agreement_list")
LIST_P95_MS = 400
LIST_QUERIES = 12  # the list test of the app pins 9; a little room for the filters
DETAIL_EDITOR_P95_MS = 4000
DETAIL_READER_P95_MS = 1500
DETAIL_QUERIES = 56  # the detail test of the app pins 56 (a fixed number whatever the rows)
DETAIL_FORMS = 20  # one form per action: the app's detail test pins 17 for its agreement, whatever the rows


def test_the_agreement_list_with_500_agreements(client, portfolio, kemendes_staf, today):
    notice_within = 90
    expected = {
        "all": ({}, len(portfolio)),
        "status=notice": ({"status": AgreementStatus.NOTICE}, None),
        "status=expired": ({"status": AgreementStatus.EXPIRED}, None),
        f"notice deadline within {notice_within} days": (
            {"notice_within": str(notice_within)},
            Agreement.objects.filter(
                notice_deadline__gte=today,
                notice_deadline__lte=today + timedelta(days=notice_within),
                terminated_on__isnull=True,
            ).count(),
        ),
        "search 'Kepegawaian 1'": ({"q": "Kepegawaian 1"}, None),
        "page 10": ({"page": "10"}, len(portfolio)),
    }
    client.force_login(kemendes_staf)
    slow = []
    for label, (params, count) in expected.items():
        response = get_ok(client, LIST_URL, params)
        found = response.context["page"].paginator.count
        assert found > 0, f"{label}: the filter found nothing, the benchmark would measure an empty page"
        if count is not None:
            assert found == count, label
        queries, _response = queries_of(lambda params=params: get_ok(client, LIST_URL, params))
        timings = repeat(lambda params=params: get_ok(client, LIST_URL, params))
        report(
            f"agreement list, {label}",
            f"{timings.line()}, {queries} queries, {found} of {len(portfolio)} agreements match",
        )
        assert queries <= LIST_QUERIES, f"{label}: {queries} queries"
        if timings.p95_ms >= LIST_P95_MS:
            slow.append(f"{label}: p95 {timings.p95_ms:.0f} ms")
    assert not slow, f"agreement list over {LIST_P95_MS} ms: {slow}"


def test_the_detail_of_an_agreement_with_years_of_correspondence(
    client, portfolio, kemendes, bkn, kemendes_staf, bkn_staf, today
):
    agreement = rich_agreement(today=today, own=kemendes, partner=bkn, creator=kemendes_staf, rows=100)
    url = agreement.get_absolute_url()
    dues = ObligationDue.objects.filter(obligation__agreement=agreement).count()
    shape = (
        f"{dues} dues, {agreement.letters.count()} letters, {agreement.documents.count()} documents, "
        f"{agreement.events.count()} events"
    )
    slow = []
    # The creator holds the edit grant: every open due, document and contact offers its row actions (a link
    # per row to the one dialog form of each action), the heaviest page. The partner's staff reads the same
    # rows with fewer of them.
    for label, user, target in (
        ("with the edit grant", kemendes_staf, DETAIL_EDITOR_P95_MS),
        ("read only", bkn_staf, DETAIL_READER_P95_MS),
    ):
        client.force_login(user)
        page = get_ok(client, url).content.decode()
        assert "Surat 100" in page and "Dokumen 100" in page
        queries, _response = queries_of(lambda: get_ok(client, url))
        timings = repeat(lambda: get_ok(client, url))
        report(
            f"agreement detail, {label}",
            f"{timings.line()}, {queries} queries, {shape}, {page.count('<form')} forms, "
            f"{len(page) // 1024} KB",
        )
        assert queries <= DETAIL_QUERIES, f"{label}: {queries} queries"
        assert page.count("<form") <= DETAIL_FORMS, f"{label}: {page.count('<form')} forms"
        if timings.p95_ms >= target:
            slow.append(f"{label}: p95 {timings.p95_ms:.0f} ms, target {target} ms")
    assert not slow, slow
