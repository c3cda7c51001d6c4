"""`manage.py send_reminders` with a real SMTP server: the seed's notice deadline, 30 days ahead."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from icalendar import Calendar

from portal.models import OutboxMail

pytestmark = pytest.mark.django_db

NOTICE_FIRST = (
    "Pengingat 2 tenggat: Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS "
    "— PKS 26/HKM.07.01/X/2023, 8 September 2025 (30 hari lagi)"
)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_delivers_one_mail_to_each_recipient_naming_the_notice_and_a_second_run_sends_nothing(
    seed, smtp_server
):
    assert run("send_reminders", "--today", "2025-08-09").startswith(
        "2025-08-09: 10 pengingat baru dalam 4 surel"
    )
    assert "terkirim: 4" in run("send_mail_outbox")

    received = {
        envelope.rcpt_tos[0]: message
        for envelope, message in zip(smtp_server.envelopes, smtp_server.messages, strict=True)
    }
    assert sorted(received) == sorted(
        [
            "kemendes.pimpinan@demo.portal-pks.go.id",
            "bkn.pimpinan@demo.portal-pks.go.id",
            "humas@kemendes.go.id",
            "pdpik@bkn.go.id",
        ]
    )
    message = received["bkn.pimpinan@demo.portal-pks.go.id"]
    # A long encoded subject is folded; readers drop the whitespace the folding leaves.
    assert " ".join(message["Subject"].split()) == NOTICE_FIRST
    text = message.get_body(("plain",)).get_content()
    assert "Yth. Hendra Gunawan" in text
    assert "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS" in text
    assert "Senin, 8 September 2025 (30 hari lagi)" in text
    assert "RINGKASAN MINGGUAN" in text  # the manager's weekly digest rides in the same mail
    assert "Pasal 6" in message.get_body(("html",)).get_content()
    [ics] = [part for part in message.iter_attachments() if part.get_filename().endswith(".ics")]
    starts = sorted(
        e.decoded("dtstart") for e in Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
    )
    assert date(2025, 9, 8) in starts

    delivered = len(smtp_server.envelopes)
    assert run("send_reminders", "--today", "2025-08-09").startswith("2025-08-09: 0 pengingat baru")
    assert run("send_mail_outbox") == "Tidak ada surel yang perlu dikirim.\n"
    assert len(smtp_server.envelopes) == delivered == OutboxMail.objects.count()


def test_it_refuses_a_day_that_is_not_a_date(seed):
    with pytest.raises(CommandError, match="tanggal tidak valid"):
        run("send_reminders", "--today", "9-8-2025")
    assert not OutboxMail.objects.exists()


def test_with_the_demo_loaded_nobody_gets_more_than_one_mail_and_each_manager_reads_the_notice_deadline(
    smtp_server, settings, tmp_path
):
    settings.VAR_DIR = tmp_path  # the demo writes its password file there
    run("load_demo", "--today", "2025-08-09")
    run("send_reminders", "--today", "2025-08-09")
    run("send_mail_outbox")

    # The demo's own traffic (proposal announcements) goes out too; the reminder mails carry their kind.
    reminder_mails = [
        (envelope.rcpt_tos[0], message)
        for envelope, message in zip(smtp_server.envelopes, smtp_server.messages, strict=True)
        if message["X-Portal-Kind"] in ("reminder-daily", "digest")
    ]
    recipients = [to for to, _message in reminder_mails]
    assert recipients and len(recipients) == len(set(recipients)), recipients
    by_recipient = dict(reminder_mails)
    for manager in ("kemendes.pimpinan@demo.portal-pks.go.id", "bkn.pimpinan@demo.portal-pks.go.id"):
        message = by_recipient[manager]
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        for body in (text, html):
            assert "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS" in body
            assert "8 September 2025" in body
            assert "26/HKM.07.01/X/2023" in body
        assert "Pasal 6" in text  # the seed's clause on notice, tagged in the demo
    # Dues of the seed that had passed when the demo entered it are recorded late: no "overdue" mail.
    assert all("2024" not in " ".join(m["Subject"].split()) for _to, m in reminder_mails)
    assert all("Terlambat" not in m.get_body(("plain",)).get_content()[:400] for _to, m in reminder_mails)

    delivered = len(smtp_server.envelopes)
    run("send_reminders", "--today", "2025-08-09")
    run("send_mail_outbox")
    assert len(smtp_server.envelopes) == delivered
