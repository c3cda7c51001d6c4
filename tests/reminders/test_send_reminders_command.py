"""`manage.py send_reminders` with a real SMTP server: the seed's notice deadline, 30 days ahead."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from icalendar import Calendar

from portal.models import OutboxMail

pytestmark = pytest.mark.django_db

NOTICE_30 = (
    "Pengingat PKS 26/HKM.07.01/X/2023: Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS "
    "— 8 September 2025 (30 hari lagi)"
)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_delivers_the_notice_reminders_to_both_managers_and_a_second_run_sends_nothing(seed, smtp_server):
    assert run("send_reminders", "--today", "2025-08-09").startswith("2025-08-09: 16 pengingat baru")
    assert "terkirim: 16" in run("send_mail_outbox")

    notice = {
        envelope.rcpt_tos[0]: message
        for envelope, message in zip(smtp_server.envelopes, smtp_server.messages, strict=True)
        if "Batas pemberitahuan tertulis" in message["Subject"]
    }
    assert set(notice) == {
        "kemendes.pimpinan@demo.portal-pks.go.id",
        "bkn.pimpinan@demo.portal-pks.go.id",
        "humas@kemendes.go.id",
        "pdpik@bkn.go.id",
    }
    message = notice["bkn.pimpinan@demo.portal-pks.go.id"]
    # A long encoded subject is folded; readers drop the whitespace the folding leaves.
    assert " ".join(message["Subject"].split()) == NOTICE_30
    assert "Yth. Hendra Gunawan" in message.get_body(("plain",)).get_content()
    assert "Pasal 6" in message.get_body(("html",)).get_content()
    [ics] = [part for part in message.iter_attachments() if part.get_filename().endswith(".ics")]
    [event] = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
    assert event.decoded("dtstart") == date(2025, 9, 8)

    delivered = len(smtp_server.envelopes)
    assert run("send_reminders", "--today", "2025-08-09").startswith("2025-08-09: 0 pengingat baru")
    assert run("send_mail_outbox") == "Tidak ada surel yang perlu dikirim.\n"
    assert len(smtp_server.envelopes) == delivered == OutboxMail.objects.count()


def test_it_refuses_a_day_that_is_not_a_date(seed):
    with pytest.raises(CommandError, match="tanggal tidak valid"):
        run("send_reminders", "--today", "9-8-2025")
    assert not OutboxMail.objects.exists()


def test_with_the_demo_loaded_the_managers_of_both_parties_get_the_seeds_notice_reminder_once(
    smtp_server, settings, tmp_path
):
    settings.VAR_DIR = tmp_path  # the demo writes its password file there
    run("load_demo", "--today", "2025-08-09")
    run("send_reminders", "--today", "2025-08-09")
    run("send_mail_outbox")

    def notice_recipients():
        return sorted(
            envelope.rcpt_tos[0]
            for envelope, message in zip(smtp_server.envelopes, smtp_server.messages, strict=True)
            if " ".join(message["Subject"].split()) == NOTICE_30
        )

    assert {"kemendes.pimpinan@demo.portal-pks.go.id", "bkn.pimpinan@demo.portal-pks.go.id"} <= set(
        notice_recipients()
    )
    delivered = len(smtp_server.envelopes)
    run("send_reminders", "--today", "2025-08-09")
    run("send_mail_outbox")
    assert len(smtp_server.envelopes) == delivered
    assert len(notice_recipients()) == len(set(notice_recipients()))
