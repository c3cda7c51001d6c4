"""A walk through the life of the seed agreement, one day at a time, with the reminder job run each morning.

From the signing (9 October 2023) to a month after the last day in force (8 November 2025), with PIHAK
KESATU's first report met twelve days late, the second three days early, a force majeure of PIHAK KESATU
from 20 March to 15 April 2025 (notified on 28 March) that suspends the third report, and the fourth report
never met. Every mail that goes out is listed below: the day, the recipient, the subject.
"""

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from agreements.models import ObligationDue
from portal.models import Notification, OutboxMail, SentReminder
from tests.reminders.conftest import force_majeure

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
KEMENDES_PIMPINAN = "kemendes.pimpinan@demo.portal-pks.go.id"
BKN_PIMPINAN = "bkn.pimpinan@demo.portal-pks.go.id"
HUMAS = "humas@kemendes.go.id"
PDPIK = "pdpik@bkn.go.id"

NOTICE = "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS — 8 September 2025"
END = "Hari terakhir berlakunya PKS — 8 Oktober 2025"
FM_NOTICE = "Batas pemberitahuan keadaan kahar PIHAK KESATU — 3 April 2025"
REPORT = "Laporan hasil pemanfaatan dan pertukaran data (periode {n}) — {date}"
REPORT_1 = REPORT.format(n=1, date="8 April 2024")
REPORT_2 = REPORT.format(n=2, date="8 Oktober 2024")
REPORT_3 = REPORT.format(n=3, date="8 April 2025")
REPORT_4 = REPORT.format(n=4, date="8 Oktober 2025")


def remind(what: str, when: str) -> str:
    return f"Pengingat PKS 26/HKM.07.01/X/2023: {what} ({when})"


def late(what: str, when: str) -> str:
    return f"Terlambat PKS 26/HKM.07.01/X/2023: {what} ({when})"


def daily(n: int, title: str, day: str, when: str, word: str = "Pengingat") -> str:
    return f"{word} {n} tenggat: {title} — PKS 26/HKM.07.01/X/2023, {day} ({when})"


def daily_late(n: int, title: str, day: str, when: str) -> str:
    return daily(n, title, day, when, "Terlambat")


def digest(day: str, n: int) -> str:
    return f"Ringkasan mingguan Portal PKS {day}: {n} tenggat"


# A recipient gets one mail a day: the deadline's own reminder when it is the only one, else the day's list
# (its subject names how many and the most urgent); Kemendes's manager gets the weekly digest too, in the
# day's mail or alone on the first run of a week with something open in the next 30 days.
EXPECTED = [
    ("2024-02-08", HUMAS, remind(REPORT_1, "60 hari lagi")),
    ("2024-02-08", KEMENDES_PIMPINAN, remind(REPORT_1, "60 hari lagi")),
    ("2024-03-09", HUMAS, remind(REPORT_1, "30 hari lagi")),
    (
        "2024-03-09",
        KEMENDES_PIMPINAN,
        daily(1, "Laporan hasil pemanfaatan dan pertukaran data (periode 1)", "8 April 2024", "30 hari lagi"),
    ),
    ("2024-03-11", KEMENDES_PIMPINAN, digest("11 Maret 2024", 1)),
    ("2024-03-18", KEMENDES_PIMPINAN, digest("18 Maret 2024", 1)),
    ("2024-03-25", HUMAS, remind(REPORT_1, "14 hari lagi")),
    (
        "2024-03-25",
        KEMENDES_PIMPINAN,
        daily(1, "Laporan hasil pemanfaatan dan pertukaran data (periode 1)", "8 April 2024", "14 hari lagi"),
    ),
    ("2024-04-01", HUMAS, remind(REPORT_1, "7 hari lagi")),
    (
        "2024-04-01",
        KEMENDES_PIMPINAN,
        daily(1, "Laporan hasil pemanfaatan dan pertukaran data (periode 1)", "8 April 2024", "7 hari lagi"),
    ),
    ("2024-04-07", HUMAS, remind(REPORT_1, "besok")),
    ("2024-04-07", KEMENDES_PIMPINAN, remind(REPORT_1, "besok")),
    ("2024-04-08", HUMAS, remind(REPORT_1, "hari ini")),
    (
        "2024-04-08",
        KEMENDES_PIMPINAN,
        daily(1, "Laporan hasil pemanfaatan dan pertukaran data (periode 1)", "8 April 2024", "hari ini"),
    ),
    ("2024-04-15", HUMAS, late(REPORT_1, "terlambat 7 hari")),
    (
        "2024-04-15",
        KEMENDES_PIMPINAN,
        daily_late(
            1, "Laporan hasil pemanfaatan dan pertukaran data (periode 1)", "8 April 2024", "terlambat 7 hari"
        ),
    ),
    ("2024-08-09", HUMAS, remind(REPORT_2, "60 hari lagi")),
    ("2024-08-09", KEMENDES_PIMPINAN, remind(REPORT_2, "60 hari lagi")),
    ("2024-09-08", HUMAS, remind(REPORT_2, "30 hari lagi")),
    (
        "2024-09-08",
        KEMENDES_PIMPINAN,
        daily(
            1, "Laporan hasil pemanfaatan dan pertukaran data (periode 2)", "8 Oktober 2024", "30 hari lagi"
        ),
    ),
    ("2024-09-09", KEMENDES_PIMPINAN, digest("9 September 2024", 1)),
    ("2024-09-16", KEMENDES_PIMPINAN, digest("16 September 2024", 1)),
    ("2024-09-23", KEMENDES_PIMPINAN, digest("23 September 2024", 1)),
    ("2024-09-24", HUMAS, remind(REPORT_2, "14 hari lagi")),
    ("2024-09-24", KEMENDES_PIMPINAN, remind(REPORT_2, "14 hari lagi")),
    ("2024-09-30", KEMENDES_PIMPINAN, digest("30 September 2024", 1)),
    ("2024-10-01", HUMAS, remind(REPORT_2, "7 hari lagi")),
    ("2024-10-01", KEMENDES_PIMPINAN, remind(REPORT_2, "7 hari lagi")),
    ("2025-02-07", HUMAS, remind(REPORT_3, "60 hari lagi")),
    ("2025-02-07", KEMENDES_PIMPINAN, remind(REPORT_3, "60 hari lagi")),
    ("2025-03-09", HUMAS, remind(REPORT_3, "30 hari lagi")),
    (
        "2025-03-09",
        KEMENDES_PIMPINAN,
        daily(1, "Laporan hasil pemanfaatan dan pertukaran data (periode 3)", "8 April 2025", "30 hari lagi"),
    ),
    ("2025-03-10", KEMENDES_PIMPINAN, digest("10 Maret 2025", 1)),
    ("2025-03-17", KEMENDES_PIMPINAN, digest("17 Maret 2025", 1)),
    ("2025-03-20", HUMAS, remind(FM_NOTICE, "14 hari lagi")),
    ("2025-03-20", KEMENDES_PIMPINAN, remind(FM_NOTICE, "14 hari lagi")),
    ("2025-03-24", KEMENDES_PIMPINAN, digest("24 Maret 2025", 1)),
    ("2025-03-27", HUMAS, remind(FM_NOTICE, "7 hari lagi")),
    ("2025-03-27", KEMENDES_PIMPINAN, remind(FM_NOTICE, "7 hari lagi")),
    ("2025-07-10", BKN_PIMPINAN, remind(NOTICE, "60 hari lagi")),
    ("2025-07-10", HUMAS, remind(NOTICE, "60 hari lagi")),
    ("2025-07-10", KEMENDES_PIMPINAN, remind(NOTICE, "60 hari lagi")),
    ("2025-07-10", PDPIK, remind(NOTICE, "60 hari lagi")),
    (
        "2025-08-09",
        BKN_PIMPINAN,
        daily(
            2,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "30 hari lagi",
        ),
    ),
    (
        "2025-08-09",
        HUMAS,
        daily(
            3,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "30 hari lagi",
        ),
    ),
    (
        "2025-08-09",
        KEMENDES_PIMPINAN,
        daily(
            3,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "30 hari lagi",
        ),
    ),
    (
        "2025-08-09",
        PDPIK,
        daily(
            2,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "30 hari lagi",
        ),
    ),
    ("2025-08-11", BKN_PIMPINAN, digest("11 Agustus 2025", 1)),
    ("2025-08-11", KEMENDES_PIMPINAN, digest("11 Agustus 2025", 1)),
    ("2025-08-18", BKN_PIMPINAN, digest("18 Agustus 2025", 1)),
    ("2025-08-18", KEMENDES_PIMPINAN, digest("18 Agustus 2025", 1)),
    (
        "2025-08-25",
        BKN_PIMPINAN,
        daily(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "14 hari lagi",
        ),
    ),
    ("2025-08-25", HUMAS, remind(NOTICE, "14 hari lagi")),
    (
        "2025-08-25",
        KEMENDES_PIMPINAN,
        daily(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "14 hari lagi",
        ),
    ),
    ("2025-08-25", PDPIK, remind(NOTICE, "14 hari lagi")),
    (
        "2025-09-01",
        BKN_PIMPINAN,
        daily(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "7 hari lagi",
        ),
    ),
    ("2025-09-01", HUMAS, remind(NOTICE, "7 hari lagi")),
    (
        "2025-09-01",
        KEMENDES_PIMPINAN,
        daily(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "7 hari lagi",
        ),
    ),
    ("2025-09-01", PDPIK, remind(NOTICE, "7 hari lagi")),
    ("2025-09-07", BKN_PIMPINAN, remind(NOTICE, "besok")),
    ("2025-09-07", HUMAS, remind(NOTICE, "besok")),
    ("2025-09-07", KEMENDES_PIMPINAN, remind(NOTICE, "besok")),
    ("2025-09-07", PDPIK, remind(NOTICE, "besok")),
    (
        "2025-09-08",
        BKN_PIMPINAN,
        daily(
            2,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "hari ini",
        ),
    ),
    (
        "2025-09-08",
        HUMAS,
        daily(
            3,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "hari ini",
        ),
    ),
    (
        "2025-09-08",
        KEMENDES_PIMPINAN,
        daily(
            3,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "hari ini",
        ),
    ),
    (
        "2025-09-08",
        PDPIK,
        daily(
            2,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "hari ini",
        ),
    ),
    (
        "2025-09-15",
        BKN_PIMPINAN,
        daily_late(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "terlambat 7 hari",
        ),
    ),
    ("2025-09-15", HUMAS, late(NOTICE, "terlambat 7 hari")),
    (
        "2025-09-15",
        KEMENDES_PIMPINAN,
        daily_late(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "terlambat 7 hari",
        ),
    ),
    ("2025-09-15", PDPIK, late(NOTICE, "terlambat 7 hari")),
    (
        "2025-09-22",
        BKN_PIMPINAN,
        daily_late(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "terlambat 14 hari",
        ),
    ),
    ("2025-09-22", HUMAS, late(NOTICE, "terlambat 14 hari")),
    (
        "2025-09-22",
        KEMENDES_PIMPINAN,
        daily_late(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "terlambat 14 hari",
        ),
    ),
    ("2025-09-22", PDPIK, late(NOTICE, "terlambat 14 hari")),
    ("2025-09-24", BKN_PIMPINAN, remind(END, "14 hari lagi")),
    ("2025-09-24", HUMAS, daily(2, "Hari terakhir berlakunya PKS", "8 Oktober 2025", "14 hari lagi")),
    (
        "2025-09-24",
        KEMENDES_PIMPINAN,
        daily(2, "Hari terakhir berlakunya PKS", "8 Oktober 2025", "14 hari lagi"),
    ),
    ("2025-09-24", PDPIK, remind(END, "14 hari lagi")),
    (
        "2025-09-29",
        BKN_PIMPINAN,
        daily_late(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "terlambat 21 hari",
        ),
    ),
    ("2025-09-29", HUMAS, late(NOTICE, "terlambat 21 hari")),
    (
        "2025-09-29",
        KEMENDES_PIMPINAN,
        daily_late(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "terlambat 21 hari",
        ),
    ),
    ("2025-09-29", PDPIK, late(NOTICE, "terlambat 21 hari")),
    ("2025-10-01", BKN_PIMPINAN, remind(END, "7 hari lagi")),
    ("2025-10-01", HUMAS, daily(2, "Hari terakhir berlakunya PKS", "8 Oktober 2025", "7 hari lagi")),
    (
        "2025-10-01",
        KEMENDES_PIMPINAN,
        daily(2, "Hari terakhir berlakunya PKS", "8 Oktober 2025", "7 hari lagi"),
    ),
    ("2025-10-01", PDPIK, remind(END, "7 hari lagi")),
    (
        "2025-10-06",
        BKN_PIMPINAN,
        daily_late(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "terlambat 28 hari",
        ),
    ),
    ("2025-10-06", HUMAS, late(NOTICE, "terlambat 28 hari")),
    (
        "2025-10-06",
        KEMENDES_PIMPINAN,
        daily_late(
            1,
            "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS",
            "8 September 2025",
            "terlambat 28 hari",
        ),
    ),
    ("2025-10-06", PDPIK, late(NOTICE, "terlambat 28 hari")),
    ("2025-10-07", BKN_PIMPINAN, remind(END, "besok")),
    ("2025-10-07", HUMAS, daily(2, "Hari terakhir berlakunya PKS", "8 Oktober 2025", "besok")),
    ("2025-10-07", KEMENDES_PIMPINAN, daily(2, "Hari terakhir berlakunya PKS", "8 Oktober 2025", "besok")),
    ("2025-10-07", PDPIK, remind(END, "besok")),
    ("2025-10-08", BKN_PIMPINAN, remind(END, "hari ini")),
    ("2025-10-08", HUMAS, daily(2, "Hari terakhir berlakunya PKS", "8 Oktober 2025", "hari ini")),
    ("2025-10-08", KEMENDES_PIMPINAN, daily(2, "Hari terakhir berlakunya PKS", "8 Oktober 2025", "hari ini")),
    ("2025-10-08", PDPIK, remind(END, "hari ini")),
    ("2025-10-13", KEMENDES_PIMPINAN, digest("13 Oktober 2025", 1)),
    ("2025-10-15", HUMAS, late(REPORT_4, "terlambat 7 hari")),
    ("2025-10-15", KEMENDES_PIMPINAN, late(REPORT_4, "terlambat 7 hari")),
    ("2025-10-20", KEMENDES_PIMPINAN, digest("20 Oktober 2025", 1)),
    ("2025-10-22", HUMAS, late(REPORT_4, "terlambat 14 hari")),
    ("2025-10-22", KEMENDES_PIMPINAN, late(REPORT_4, "terlambat 14 hari")),
    ("2025-10-27", KEMENDES_PIMPINAN, digest("27 Oktober 2025", 1)),
    ("2025-10-29", HUMAS, late(REPORT_4, "terlambat 21 hari")),
    ("2025-10-29", KEMENDES_PIMPINAN, late(REPORT_4, "terlambat 21 hari")),
    ("2025-11-03", KEMENDES_PIMPINAN, digest("3 November 2025", 1)),
    ("2025-11-05", HUMAS, late(REPORT_4, "terlambat 28 hari")),
    ("2025-11-05", KEMENDES_PIMPINAN, late(REPORT_4, "terlambat 28 hari")),
]


def run_each_morning(first: date, last: date) -> None:
    day = first
    while day <= last:
        with time_machine.travel(datetime.combine(day, time(7), JAKARTA), tick=False):
            call_command("send_reminders", "--today", day.isoformat(), stdout=io.StringIO())
            if OutboxMail.objects.filter(created_at__date=day).exists():
                # A second run the same morning (a redelivered task, a manual rerun) sends nothing more.
                before = OutboxMail.objects.count()
                call_command("send_reminders", "--today", day.isoformat(), stdout=io.StringIO())
                assert OutboxMail.objects.count() == before, f"a rerun on {day} sent more mail"
        day += timedelta(days=1)


def test_the_seed_agreement_from_signing_to_a_month_after_its_end_sends_exactly_these_mails(
    seed, kemendes_staf
):
    first, second, third, fourth = ObligationDue.objects.order_by("due_on")
    ObligationDue.objects.filter(pk=first.pk).update(met_on=date(2024, 4, 20))
    ObligationDue.objects.filter(pk=second.pk).update(met_on=date(2024, 10, 5))
    force_majeure(
        seed, 1, date(2025, 3, 20), kemendes_staf, notified_on=date(2025, 3, 28), ended_on=date(2025, 4, 15)
    )

    run_each_morning(date(2023, 10, 9), date(2025, 11, 8))

    sent = sorted(
        (timezone.localtime(mail.created_at).date().isoformat(), recipient, mail.subject)
        for mail in OutboxMail.objects.all()
        for recipient in mail.to
    )
    assert sent == sorted(EXPECTED)
    reminders = SentReminder.objects.exclude(kind="digest")
    assert reminders.count() == 114
    assert SentReminder.objects.filter(kind="digest").count() == 40
    assert reminders.filter(mail__isnull=True).count() == 0
    # The managers are portal users: each reminder is a bell line too; the Pasal 8 addresses are not users.
    for username, email in (("kemendes.pimpinan", KEMENDES_PIMPINAN), ("bkn.pimpinan", BKN_PIMPINAN)):
        assert Notification.objects.filter(user__username=username).count() == (
            reminders.filter(recipient=email).count()
        )
