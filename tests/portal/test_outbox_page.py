"""The administrators' outbox page: filter by recipient, kept mail never called sent, times in WIB."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.choices import MailStatus
from portal.models import OutboxMail


@pytest.fixture
def mails(db):
    now = timezone.now()
    kept = OutboxMail.objects.create(
        from_email="portal@pks.go.id",
        to=["rina@kemendesa.go.id"],
        subject="Pengingat batas pemberitahuan",
        body_text="isi",
        status=MailStatus.KEPT,
        sent_at=now,
    )
    sent = OutboxMail.objects.create(
        from_email="portal@pks.go.id",
        to=["budi@bkn.go.id"],
        cc=["sari@bkn.go.id"],
        subject="Usulan diajukan",
        body_text="isi",
        status=MailStatus.SENT,
        sent_at=now,
    )
    return kept, sent


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def test_the_recipient_filter_finds_mail_by_to_and_by_cc(client, admin_user, mails):
    kept, sent = mails
    login(client, admin_user)
    url = reverse("portal:outbox_list")
    for address, expected in (("kemendesa", kept), ("SARI@bkn", sent), ("budi@bkn.go.id", sent)):
        page = client.get(url, {"kepada": address}).context["page"]
        assert [mail.pk for mail in page.object_list] == [expected.pk], address
    assert not client.get(url, {"kepada": "tidak-ada@contoh.id"}).context["page"].object_list


def test_the_list_shows_times_in_wib_and_runs_a_bounded_number_of_queries(
    client, admin_user, mails, django_assert_max_num_queries
):
    login(client, admin_user)
    with django_assert_max_num_queries(8):
        body = client.get(reverse("portal:outbox_list")).content.decode()
    assert body.count(" WIB</td>") == 2
    assert 'name="kepada"' in body


def test_a_kept_mail_is_not_said_to_be_sent(client, admin_user, mails):
    kept, sent = mails
    login(client, admin_user)
    kept_page = client.get(reverse("portal:outbox_detail", args=[kept.pk])).content.decode()
    assert "<dt>Dikirim</dt>" not in kept_page and "<dt>Disimpan</dt>" in kept_page
    assert "WIB" in kept_page
    sent_page = client.get(reverse("portal:outbox_detail", args=[sent.pk])).content.decode()
    assert "<dt>Dikirim</dt>" in sent_page


def test_the_outbox_is_for_administrators_only(client, cast):
    login(client, cast["kemendes.pimpinan"])
    assert client.get(reverse("portal:outbox_list"), {"kepada": "x"}).status_code == 403
