"""How fast the outbox drains into a real SMTP server, and that each mail costs a fixed number of queries."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.choices import MailStatus
from portal.models import OutboxMail
from portal.services import Attachment, mail_enqueue, outbox_send_due

MAILS = 500
QUERIES_PER_MAIL = 5  # claim, read, attachments, mark sent, and one spare


@pytest.mark.django_db
def test_the_sweeper_drains_the_outbox_with_a_fixed_number_of_queries_per_mail(smtp_server):
    started = time.perf_counter()
    for n in range(MAILS):
        mail_enqueue(
            to=[f"penerima{n}@bkn.go.id"],
            subject=f"Pengingat tenggat {n}",
            body_text="Tenggat laporan semester.",
            body_html="<p>Tenggat laporan semester.</p>",
            attachments=[Attachment("tenggat.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
            key=f"bench:{n}",
        )
    enqueued = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        counts = outbox_send_due()
    drained = time.perf_counter()

    print(
        f"\noutbox: {MAILS} mails enqueued in {enqueued - started:.2f}s "
        f"({MAILS / (enqueued - started):.0f}/s), sent in {drained - enqueued:.2f}s "
        f"({MAILS / (drained - enqueued):.0f}/s), {len(queries) / MAILS:.1f} queries per mail"
    )
    assert counts == {"sent": MAILS}
    assert len(smtp_server.envelopes) == MAILS
    assert OutboxMail.objects.filter(status=MailStatus.SENT).count() == MAILS
    assert len(queries) <= QUERIES_PER_MAIL * MAILS + 5
