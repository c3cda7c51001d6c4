"""The deadline views and the reminder job over 500 agreements: the dashboard (Beranda), the month calendar,
and `send_reminders` on one day, with the time it takes and the queries it runs.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from portal.models import OutboxMail, ReminderPreference, SentReminder
from portal.reminders import reminders_send_daily
from tests.bench.timing import get_ok, once, queries_of, repeat, report

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("portal:dashboard")
DASHBOARD_P95_MS = 800
CALENDAR_URL = reverse("portal:calendar")
CALENDAR_P95_MS = 600
PAGE_QUERIES = 25
# A day's run: the deadlines, the ledger and the recipients in a fixed number of queries, then a bounded
# number per reminder written (ledger row, mail, attachment, bell line, each in its savepoint).
REMINDER_SECONDS = 30
REMINDER_BASE_QUERIES = 40
QUERIES_PER_REMINDER = 12


def test_the_dashboard_and_the_calendar_with_500_agreements(client, portfolio, kemendes_pimpinan, today):
    client.force_login(kemendes_pimpinan)
    busiest = today + timedelta(days=30)
    cases = {
        "dashboard": (DASHBOARD_URL, {}, DASHBOARD_P95_MS),
        "calendar, this month": (CALENDAR_URL, {}, CALENDAR_P95_MS),
        "calendar, next month": (CALENDAR_URL, {"bulan": f"{busiest:%Y-%m}"}, CALENDAR_P95_MS),
    }
    slow = []
    for label, (url, params, target) in cases.items():
        response = get_ok(client, url, params)
        if url == DASHBOARD_URL:
            shown = sum(len(bucket.deadlines) for bucket in response.context["buckets"])
            assert response.context["agreement_total"] == len(portfolio)
        else:
            shown = len(response.context["month_deadlines"])
        assert shown > 0, f"{label}: no deadline shown, the benchmark would measure an empty page"
        queries, _response = queries_of(lambda url=url, params=params: get_ok(client, url, params))
        timings = repeat(lambda url=url, params=params: get_ok(client, url, params))
        report(label, f"{timings.line()}, {queries} queries, {shown} deadlines shown")
        assert queries <= PAGE_QUERIES, f"{label}: {queries} queries"
        if timings.p95_ms >= target:
            slow.append(f"{label}: p95 {timings.p95_ms:.0f} ms, target {target} ms")
    assert not slow, slow


def test_send_reminders_over_500_agreements(portfolio, kemendes_pimpinan, bkn_pimpinan, today):
    for manager in (kemendes_pimpinan, bkn_pimpinan):
        ReminderPreference.objects.create(user=manager, weekly_digest=True)
    runs = {}
    # The first run catches up on every deadline whose milestone has come; the same day again sends
    # nothing; the next day sends only the milestones reached overnight (the steady daily run).
    for label, day in (("first run", today), ("same day again", today), ("next day", today + timedelta(1))):
        seconds, (queries, result) = once(lambda day=day: queries_of(lambda: reminders_send_daily(today=day)))
        runs[label] = (seconds, queries, result)
        written = result.sent + result.digests
        per_mail = f" ({queries / written:.1f} per mail)" if written else ""
        report(
            f"send_reminders, {label}",
            f"{seconds:.2f} s, {queries} queries{per_mail}, "
            f"{result.deadlines} open deadlines, {result.due} reached a milestone, {result.sent} reminders "
            f"and {result.digests} digests written, {result.already} already sent",
        )
        assert seconds < REMINDER_SECONDS, label
        assert queries <= REMINDER_BASE_QUERIES + QUERIES_PER_REMINDER * written, label

    first, again, _next_day = runs["first run"][2], runs["same day again"][2], runs["next day"][2]
    assert first.sent > 100 and first.digests == 2
    assert again.sent == 0 and again.already == first.sent
    assert runs["same day again"][1] <= REMINDER_BASE_QUERIES
    assert SentReminder.objects.count() == OutboxMail.objects.filter(kind="reminder").count()
