"""The mail outbox: written once, sent once to a real SMTP server, retried with backoff, read by admins."""

import re
from datetime import timedelta
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.choices import MailStatus
from portal.models import OutboxMail
from portal.services import Attachment, mail_enqueue, outbox_mail_send, outbox_send_due
from tests.conftest import free_port
from tests.helpers import assert_permission_matrix

pytestmark = pytest.mark.django_db

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Portal PKS//ID\r\nEND:VCALENDAR\r\n"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def enqueue(**overrides) -> OutboxMail:
    fields = {
        "to": ["pimpinan@kemendes.go.id"],
        "subject": "Pengingat: pemberitahuan tertulis paling lambat 8 September 2025",
        "body_text": "Yth. Pimpinan,\n\nMasa berlaku PKS berakhir 8 Oktober 2025.",
        **overrides,
    }
    mail = mail_enqueue(**fields)
    assert mail is not None
    return mail


def test_it_delivers_a_mail_to_the_smtp_server_with_its_parts_and_attachments(smtp_server):
    mail = enqueue(
        to=["dewi.kartika@kemendes.go.id"],
        cc=["hendra.gunawan@bkn.go.id"],
        subject="Undangan monev — Pasal 7 PKS Kemendes PDTT dan BKN",
        body_text="Yth. Ibu Dewi,\n\nMonitoring dan evaluasi semester I dijadwalkan.",
        body_html="<p>Yth. Ibu Dewi,</p><p>Monitoring dan <strong>evaluasi</strong> semester I.</p>",
        headers={"X-Portal-Kind": "monev", "Reply-To": "kerja.sama@kemendes.go.id"},
        attachments=[
            Attachment("undangan-monev.ics", ICS, "text/calendar"),
            Attachment("surat-undangan.pdf", PDF, "application/pdf"),
        ],
    )

    assert outbox_mail_send(mail_id=mail.pk) == "sent"

    [envelope] = smtp_server.envelopes
    assert sorted(envelope.rcpt_tos) == ["dewi.kartika@kemendes.go.id", "hendra.gunawan@bkn.go.id"]
    [message] = smtp_server.messages
    # A long encoded subject is folded onto the next line; readers drop the space the folding leaves.
    assert message["Subject"].strip() == "Undangan monev — Pasal 7 PKS Kemendes PDTT dan BKN"
    assert message["To"] == "dewi.kartika@kemendes.go.id"
    assert message["Cc"] == "hendra.gunawan@bkn.go.id"
    assert message["From"] == "Portal PKS <noreply@portal-pks.localhost>"
    assert message["X-Portal-Kind"] == "monev"
    assert message["Reply-To"] == "kerja.sama@kemendes.go.id"
    assert message["Message-ID"]
    assert "Monitoring dan evaluasi semester I" in message.get_body(("plain",)).get_content()
    assert "<strong>evaluasi</strong>" in message.get_body(("html",)).get_content()
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(attachments) == {"undangan-monev.ics", "surat-undangan.pdf"}
    assert attachments["undangan-monev.ics"].get_content_type() == "text/calendar"
    assert attachments["undangan-monev.ics"].get_payload(decode=True) == ICS
    assert attachments["surat-undangan.pdf"].get_content_type() == "application/pdf"
    assert attachments["surat-undangan.pdf"].get_payload(decode=True) == PDF

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (MailStatus.SENT, 1, "")
    assert mail.sent_at is not None


def test_the_same_key_twice_gives_one_row():
    first = mail_enqueue(to=["a@bkn.go.id"], subject="Tenggat", body_text="x", key="deadline:7:h-30:a")
    second = mail_enqueue(to=["a@bkn.go.id"], subject="Tenggat", body_text="x", key="deadline:7:h-30:a")

    assert first is not None
    assert second is None
    assert OutboxMail.objects.filter(key="deadline:7:h-30:a").count() == 1


def test_a_mail_without_recipients_is_not_written():
    assert mail_enqueue(to=["", ""], subject="Tanpa penerima", body_text="x") is None
    assert not OutboxMail.objects.exists()


def test_sending_the_same_mail_twice_sends_it_once(smtp_server):
    mail = enqueue()

    assert outbox_mail_send(mail_id=mail.pk) == "sent"
    assert outbox_mail_send(mail_id=mail.pk) == "skipped"
    assert outbox_send_due() == {}

    assert len(smtp_server.envelopes) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 1)


def test_an_unreachable_server_leaves_the_mail_queued_with_a_backoff_then_failed(settings):
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there: the connection is refused
    settings.EMAIL_TIMEOUT = 2
    settings.OUTBOX_MAX_ATTEMPTS = 3
    mail = enqueue()
    now = timezone.now()

    assert outbox_mail_send(mail_id=mail.pk, now=now) == "retry"

    mail.refresh_from_db()
    assert mail.status == MailStatus.QUEUED
    assert mail.attempts == 1
    assert mail.next_attempt_at >= now + timedelta(minutes=1)
    assert "Connection" in mail.last_error or "refused" in mail.last_error.lower()
    # Not due again before its backoff has passed, neither for the doorbell nor for the sweeper.
    assert outbox_mail_send(mail_id=mail.pk, now=now) == "skipped"
    assert outbox_send_due(now=now) == {}

    assert outbox_send_due(now=mail.next_attempt_at) == {"retry": 1}
    mail.refresh_from_db()
    assert outbox_mail_send(mail_id=mail.pk, now=mail.next_attempt_at) == "failed"

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.FAILED, 3)
    assert mail.last_error
    assert outbox_send_due(now=mail.next_attempt_at + timedelta(days=1)) == {}


def test_without_email_host_the_mail_is_kept_in_the_outbox(smtp_server, settings):
    settings.EMAIL_HOST = ""
    mail = enqueue()

    assert outbox_mail_send(mail_id=mail.pk) == "kept"

    mail.refresh_from_db()
    assert mail.status == MailStatus.KEPT
    assert mail.sent_at is not None
    assert smtp_server.envelopes == []


def test_the_command_sends_what_is_queued(smtp_server):
    enqueue(to=["staf@kemendes.go.id"], subject="Satu")
    enqueue(to=["staf@bkn.go.id"], subject="Dua")
    out = StringIO()

    call_command("send_mail_outbox", stdout=out)

    assert "terkirim: 2" in out.getvalue()
    assert sorted(m["Subject"] for m in smtp_server.messages) == ["Dua", "Satu"]
    assert set(OutboxMail.objects.values_list("status", flat=True)) == {MailStatus.SENT}

    again = StringIO()
    call_command("send_mail_outbox", stdout=again)
    assert "Tidak ada surel" in again.getvalue()
    assert len(smtp_server.envelopes) == 2


def test_the_command_releases_a_claim_left_by_a_crashed_sender(smtp_server):
    mail = enqueue()
    OutboxMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )

    call_command("send_mail_outbox", stdout=StringIO())

    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT
    assert len(smtp_server.envelopes) == 1


def test_password_reset_puts_a_mail_with_a_working_link_in_the_outbox(
    client, kemendes_staf, smtp_server, settings
):
    # The test runner swaps EMAIL_BACKEND for its in-memory one; put back the portal's outbox backend.
    settings.EMAIL_BACKEND = "portal.mail_backend.OutboxBackend"
    response = client.post(reverse("password_reset"), {"email": kemendes_staf.email})
    assert response["Location"] == reverse("password_reset_done")

    [mail] = OutboxMail.objects.all()
    assert mail.to == [kemendes_staf.email]
    assert mail.subject == "Buat kata sandi baru Portal PKS"
    assert "kemendes.staf" in mail.body_text
    assert outbox_send_due() == {"sent": 1}
    [message] = smtp_server.messages
    text = message.get_body(("plain",)).get_content()
    links = re.findall(r"https?://\S+/akun/reset/\S+/", text)
    assert len(links) == 1
    assert links[0] in message.get_body(("html",)).get_content()
    assert kemendes_staf.email not in links[0]

    form_page = client.get(urlparse(links[0]).path, follow=True)
    assert form_page.status_code == 200
    assert "new_password1" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "sandi-baru-yang-panjang-7", "new_password2": "sandi-baru-yang-panjang-7"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert client.login(username="kemendes.staf", password="sandi-baru-yang-panjang-7")


def test_password_reset_for_an_unknown_address_writes_no_mail(client, cast, settings):
    settings.EMAIL_BACKEND = "portal.mail_backend.OutboxBackend"
    response = client.post(reverse("password_reset"), {"email": "tidak.ada@contoh.go.id"})
    assert response["Location"] == reverse("password_reset_done")
    assert not OutboxMail.objects.exists()


def matrix(cast, admin_status):
    return {
        "anonymous": (None, 302),
        "other institution": (cast["lain.staf"], 403),
        "staff": (cast["kemendes.staf"], 403),
        "pimpinan": (cast["bkn.pimpinan"], 403),
        "admin": (cast["admin"], admin_status),
    }


def test_the_outbox_pages_are_for_administrators_only(client, cast):
    mail = enqueue()
    assert_permission_matrix(client, reverse("portal:outbox_list"), matrix(cast, 200))
    assert_permission_matrix(client, reverse("portal:outbox_detail", args=[mail.pk]), matrix(cast, 200))
    assert_permission_matrix(
        client, reverse("portal:outbox_requeue", args=[mail.pk]), matrix(cast, 302), method="post"
    )


def test_an_administrator_reads_the_outbox_and_sends_a_failed_mail_again(client, admin_user):
    mail = enqueue(
        subject="Berita acara pemadanan data", attachments=[Attachment("ba.pdf", PDF, "application/pdf")]
    )
    OutboxMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED, attempts=6, last_error="SMTP down")
    client.force_login(admin_user)

    listing = client.get(reverse("portal:outbox_list"), {"status": "failed"}).content.decode()
    assert "Berita acara pemadanan data" in listing
    detail = client.get(reverse("portal:outbox_detail", args=[mail.pk])).content.decode()
    assert "ba.pdf" in detail
    assert "SMTP down" in detail

    response = client.post(reverse("portal:outbox_requeue", args=[mail.pk]), follow=True)

    assert "dijadwalkan untuk dikirim ulang" in response.content.decode()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (MailStatus.QUEUED, 0, "")


def test_the_outbox_list_runs_a_bounded_number_of_queries(client, admin_user, django_assert_max_num_queries):
    for n in range(40):
        enqueue(subject=f"Surel {n}", attachments=[Attachment(f"{n}.ics", ICS, "text/calendar")])
    client.force_login(admin_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("portal:outbox_list"))
    assert response.status_code == 200
    assert "Surel 39" in response.content.decode()
