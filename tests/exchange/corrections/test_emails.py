"""Mail about proposals: to the other party's liaison officers, one thread per proposal, no internal note
and no personal data ever in it.
"""

from datetime import date
from email import message_from_bytes, policy

import pytest

from exchange.corrections import services
from portal.models import Notification, OutboxMail
from portal.services import _build_message
from tests.exchange.corrections.conftest import at


@pytest.fixture
def flow(make_proposal, kemendes_penghubung, bkn_penghubung, django_capture_on_commit_callbacks):
    """A proposal taken from draft to closed, with both kinds of comment on both sides."""
    with django_capture_on_commit_callbacks(execute=True):
        proposal = make_proposal(now=at(date(2025, 3, 27)))
        services.proposal_submit(
            acting_user=kemendes_penghubung, proposal=proposal, now=at(date(2025, 3, 28))
        )
    steps = [
        lambda: services.proposal_take(acting_user=bkn_penghubung, proposal=proposal),
        lambda: services.proposal_start_review(acting_user=bkn_penghubung, proposal=proposal),
        lambda: services.comment_add(
            acting_user=kemendes_penghubung, proposal=proposal, body="RAHASIA-KEMENDES", visibility="internal"
        ),
        lambda: services.comment_add(
            acting_user=bkn_penghubung, proposal=proposal, body="RAHASIA-BKN", visibility="internal"
        ),
        lambda: services.proposal_request_info(
            acting_user=bkn_penghubung, proposal=proposal, message="Mohon SK."
        ),
        lambda: services.proposal_provide_info(
            acting_user=kemendes_penghubung, proposal=proposal, message="SK terlampir."
        ),
        lambda: services.comment_add(acting_user=bkn_penghubung, proposal=proposal, body="Terima kasih."),
        lambda: services.proposal_accept(acting_user=bkn_penghubung, proposal=proposal),
        lambda: services.proposal_mark_applied(
            acting_user=bkn_penghubung, proposal=proposal, applied_on=date.today(), reference="SIASN-PD/7"
        ),
        lambda: services.proposal_close(
            acting_user=kemendes_penghubung, proposal=proposal, note="Sudah kami periksa di SIASN."
        ),
    ]
    for step in steps:
        with django_capture_on_commit_callbacks(execute=True):
            step()
    proposal.refresh_from_db()
    return proposal


def parsed(mail):
    return message_from_bytes(_build_message(mail, None).message().as_bytes(), policy=policy.default)


def test_each_shared_step_mails_the_other_partys_liaison_officers(flow, kemendes_penghubung, bkn_penghubung):
    mails = list(OutboxMail.objects.order_by("pk"))
    assert [(m.kind, m.to) for m in mails] == [
        ("proposal_submitted", [bkn_penghubung.email]),
        ("proposal_taken", [kemendes_penghubung.email]),
        ("proposal_review_started", [kemendes_penghubung.email]),
        ("proposal_info_requested", [kemendes_penghubung.email]),
        ("proposal_info_provided", [bkn_penghubung.email]),
        ("proposal_commented", [kemendes_penghubung.email]),
        ("proposal_accepted", [kemendes_penghubung.email]),
        ("proposal_applied", [kemendes_penghubung.email]),
        ("proposal_closed", [bkn_penghubung.email]),
    ]


def test_all_mails_of_a_proposal_thread_on_its_first_message_id(flow):
    messages = [parsed(m) for m in OutboxMail.objects.order_by("pk")]
    root = messages[0]["Message-ID"]
    assert root == flow.message_id
    assert messages[0]["In-Reply-To"] is None and messages[0]["References"] is None
    ids = {root}
    for message in messages[1:]:
        assert message["In-Reply-To"] == root
        assert message["References"] == root
        assert message["Message-ID"] not in ids
        ids.add(message["Message-ID"])
    subjects = {m["Subject"].removeprefix("Re: ") for m in messages}
    assert subjects == {f"Usulan perbaikan data {flow.reference} (Kemendes PDTT kepada BKN)"}
    assert messages[0]["Subject"].startswith("Usulan") and messages[1]["Subject"].startswith("Re: ")


def test_no_mail_ever_carries_an_internal_note(flow):
    for mail in OutboxMail.objects.all():
        text = parsed(mail).as_string()
        assert "RAHASIA" not in text
        assert "RAHASIA" not in mail.body_text + mail.body_html + mail.subject


def test_no_mail_carries_the_nip_the_name_or_the_birth_date(flow):
    for mail in OutboxMail.objects.all():
        text = mail.subject + mail.body_text + mail.body_html
        assert flow.nip not in text and flow.nip[:8] not in text
        assert "Andi Contoh" not in text
    assert "Penggerak" not in "".join(m.body_text for m in OutboxMail.objects.all())


def test_a_mail_quotes_the_shared_message_it_announces(flow):
    mail = OutboxMail.objects.get(kind="proposal_info_requested")
    assert "Mohon SK." in mail.body_text and "Mohon SK." in mail.body_html
    assert "Tenggat penanganan dihentikan sementara" in mail.body_text
    assert f"/pertukaran/usulan/{flow.pk}/" in mail.body_text


def test_the_submission_mail_names_the_due_date_in_indonesian(flow):
    body = OutboxMail.objects.get(kind="proposal_submitted").body_text
    assert "paling lambat Selasa, 22 April 2025 (10 hari kerja)" in body
    assert "Yth. Petugas Penghubung Badan Kepegawaian Negara," in body


def test_the_bell_rings_for_the_other_party_and_an_internal_note_only_for_ones_own_assignee(
    flow, kemendes_penghubung, bkn_penghubung
):
    bkn_titles = list(Notification.objects.filter(user=bkn_penghubung).values_list("title", flat=True))
    kemendes_titles = list(
        Notification.objects.filter(user=kemendes_penghubung).values_list("title", flat=True)
    )
    assert len(kemendes_titles) == 6 and len(bkn_titles) == 3
    assert all("Andi" not in t for t in bkn_titles + kemendes_titles)


def test_an_internal_note_of_the_assignees_colleague_reaches_the_assignee_in_the_portal_only(
    in_review, bkn_penghubung, bkn_staf, django_capture_on_commit_callbacks
):
    # The submission and the start of the review wrote their own mails and bell lines already.
    mails_before = OutboxMail.objects.count()
    bells_before = list(Notification.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(
            acting_user=bkn_staf, proposal=in_review, body="Cek arsip", visibility="internal"
        )
    assert OutboxMail.objects.count() == mails_before
    assert Notification.objects.exclude(pk__in=bells_before).get().user == bkn_penghubung


def test_an_assignment_tells_the_assignee(
    submitted, bkn_penghubung, bkn_staf, agreement, django_capture_on_commit_callbacks
):
    from tests.exchange.corrections.conftest import grant

    grant(bkn_staf, agreement, "handle_proposals")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_assign(acting_user=bkn_penghubung, proposal=submitted, assignee=bkn_staf)
    assert Notification.objects.filter(user=bkn_staf, title__contains="ditugaskan kepada Anda").exists()


def test_a_step_announced_twice_mails_once(in_review, django_capture_on_commit_callbacks):
    from exchange.corrections import emails

    event = in_review.events.get(kind="review_started")
    emails.announce(event.pk)
    emails.announce(event.pk)
    assert OutboxMail.objects.filter(kind="proposal_review_started").count() == 1


def test_a_draft_never_mails_the_other_party(
    make_proposal, kemendes_penghubung, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_proposal()
        services.comment_add(acting_user=kemendes_penghubung, proposal=draft, body="x", visibility="internal")
        services.proposal_withdraw(acting_user=kemendes_penghubung, proposal=draft)
    assert not OutboxMail.objects.exists()


def test_the_closing_note_travels_with_the_closing_mail(flow):
    assert "Sudah kami periksa di SIASN." in OutboxMail.objects.get(kind="proposal_closed").body_text


@pytest.mark.django_db(transaction=True)
def test_a_mail_that_cannot_be_written_is_logged_and_does_not_undo_the_step(
    in_review, bkn_penghubung, monkeypatch, caplog
):
    from exchange.corrections import emails

    def broken(event_id):
        raise RuntimeError("template missing")

    monkeypatch.setattr(emails, "announce", broken)
    services.proposal_accept(acting_user=bkn_penghubung, proposal=in_review)
    in_review.refresh_from_db()
    assert in_review.status == "accepted"
    assert "announce_proposal_event" in caplog.text and "template missing" in caplog.text


def test_mail_is_written_in_indonesian_whatever_the_actors_language(
    draft, kemendes_penghubung, django_capture_on_commit_callbacks
):
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(acting_user=kemendes_penghubung, proposal=draft)
    mail = OutboxMail.objects.get()
    assert mail.subject.startswith("Usulan perbaikan data")
    assert "Yth. Petugas Penghubung" in mail.body_text
