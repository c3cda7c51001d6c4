"""Every kind of mail the portal writes, to people who read English, holds no Indonesian sentence of the
catalogue: reminders and the weekly digest, the mails of a correction proposal, the invitations (to set a
password, to join an agreement, and the news of it to the other parties), the cover note of a letter, and
the password reset. Each is written in its recipient's language, whoever caused it and in whatever language
they were working. Official letters stay Indonesian (their own subject is a letter's, not the portal's).
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from agreements import services as agreement_services
from agreements.models import Contact, PartyInvitation
from exchange.corrections import services
from portal import administration, reminders
from portal.choices import Role
from portal.models import Notification, OutboxMail, User
from tests.agreements.conftest import addendum, manager_of, party
from tests.english import indonesian_sentences
from tests.exchange.corrections.conftest import (  # noqa: F401 - fixtures
    agreement,
    at,
    bkn_party,
    field,
    granted,
    make_proposal,
)
from tests.reminders.conftest import seed  # noqa: F401 - fixture

# Days on which the seed's clocks reach milestones: 30 days before the notice deadline (one reminder), the
# notice deadline, and the last day in force with the semester report due (several in one mail).
REMINDER_DAYS = (date(2025, 8, 9), date(2025, 9, 8), date(2025, 10, 8))
# A week with no reminder: the managers' digest goes out alone.
DIGEST_DAY = date(2025, 8, 20)


def words_of_html(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(style|head)\b.*?</\1>", " ", text)))
    return " ".join(text.split())


def words(mail: OutboxMail) -> str:
    return words_of_html(" ".join((mail.subject, mail.body_text, mail.body_html)))


@pytest.fixture
def english(cast):
    """Everyone of the cast chose English; the people who act below work in Indonesian."""
    User.objects.update(language="en")
    translation.activate("id")
    yield
    translation.deactivate()


def walk_proposals(make_proposal, kemendes_penghubung, bkn_penghubung, bkn_staf, run):  # noqa: F811
    first = make_proposal(now=at(date(2025, 3, 27)))
    steps = [
        lambda: services.proposal_submit(acting_user=kemendes_penghubung, proposal=first),
        lambda: services.proposal_take(acting_user=bkn_penghubung, proposal=first),
        lambda: services.proposal_start_review(acting_user=bkn_penghubung, proposal=first),
        lambda: services.proposal_request_info(acting_user=bkn_penghubung, proposal=first, message="SK?"),
        lambda: services.proposal_provide_info(
            acting_user=kemendes_penghubung, proposal=first, message="Ada."
        ),
        lambda: services.comment_add(acting_user=bkn_penghubung, proposal=first, body="Terima kasih."),
        lambda: services.evidence_add(
            acting_user=kemendes_penghubung,
            proposal=first,
            files=[SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")],
        ),
        lambda: services.proposal_accept(acting_user=bkn_penghubung, proposal=first),
        lambda: services.proposal_mark_applied(
            acting_user=bkn_penghubung, proposal=first, applied_on=date.today(), reference="SIASN-PD/7"
        ),
        lambda: services.proposal_close(acting_user=kemendes_penghubung, proposal=first, note="Sudah."),
    ]
    second = make_proposal(nip="199002142019031002", name="Budi Contoh")
    steps += [
        lambda: services.proposal_submit(acting_user=kemendes_penghubung, proposal=second),
        lambda: services.proposal_assign(
            acting_user=bkn_penghubung, proposal=second, assignee=bkn_penghubung
        ),
        lambda: services.proposal_start_review(acting_user=bkn_penghubung, proposal=second),
        lambda: services.proposal_reject(
            acting_user=bkn_penghubung, proposal=second, reason="Tidak sesuai SK."
        ),
    ]
    third = make_proposal(nip="199103152020122003", name="Citra Contoh")
    steps += [
        lambda: services.proposal_submit(acting_user=kemendes_penghubung, proposal=third),
        lambda: services.proposal_withdraw(acting_user=kemendes_penghubung, proposal=third, reason="Keliru."),
    ]
    for step in steps:
        run(step)


def test_every_mail_to_a_reader_of_english_is_in_english(
    english,
    seed,  # noqa: F811
    make_proposal,  # noqa: F811
    granted,  # noqa: F811
    cast,
    kemendes,
    bkn,
    lain,
    kemendes_staf,
    kemendes_penghubung,
    bkn_penghubung,
    bkn_staf,
    admin_user,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    def run(step):
        with django_capture_on_commit_callbacks(execute=True):
            step()

    # Reminders, one and several in a mail, and the managers' weekly digest.
    for day in REMINDER_DAYS:
        reminders.reminders_send_daily(today=day)
    reminders.digests_send(today=DIGEST_DAY)
    # Correction proposals, every shared step.
    walk_proposals(make_proposal, kemendes_penghubung, bkn_penghubung, bkn_staf, run)
    # A new user invited to set a password, who reads English.
    run(
        lambda: administration.user_invite(
            acting_user=admin_user,
            spec=administration.UserInput(
                first_name="Dewi",
                last_name="Baru",
                email="dewi.baru@bkn.go.id",
                role=Role.STAF,
                institution=bkn,
                language="en",
            ),
        )
    )
    # A third institution invited to the seed agreement, and the other parties told.
    User.objects.filter(pk=manager_of(lain.pk).pk).update(language="en")
    parties = [party(kemendes, "1/UJI/2023"), party(bkn, "2/UJI/2023"), party(lain, "3/BPS/2023")]
    # On a signed agreement the parties' data changes on an addendum of PARA PIHAK (Pasal 12).
    signed_change = addendum(seed)
    run(
        lambda: agreement_services.agreement_update(
            agreement=seed, acting_user=kemendes_staf, fields={}, parties=parties, amendment=signed_change
        )
    )
    assert PartyInvitation.objects.filter(agreement=seed, institution=lain).exists()
    # A letter to BKN whose Pasal 8 contact is a portal user.
    Contact.objects.filter(party__agreement=seed, party__institution=bkn).update(email=bkn_staf.email)
    run(
        lambda: agreement_services.letter_issue(
            agreement=seed,
            acting_user=kemendes_staf,
            from_party=seed.parties.get(institution=kemendes),
            to_party=seed.parties.get(institution=bkn),
            dated_on=date(2025, 8, 1),
            subject="Undangan monev",
            body="Dengan hormat,",
        )
    )
    # A password reset asked for in Indonesian (the test settings keep Django's own mail in mailoutbox).
    client.post("/akun/lupa-sandi/", {"email": bkn_staf.email})
    assert len(mailoutbox) == 1
    reset = mailoutbox[0]
    reset_words = " ".join([reset.subject, reset.body, *(content for content, _type in reset.alternatives)])

    readers = set(User.objects.filter(language="en").exclude(email="").values_list("email", flat=True))
    mails = [m for m in OutboxMail.objects.order_by("pk") if set(m.to) <= readers]
    kinds = {m.kind for m in mails}
    expected = {
        "reminder",
        "digest",
        "invitation",
        "party_invitation",
        "party_invitation_news",
        "agreement_letter",
        *(
            f"proposal_{kind}"
            for kind in (
                "submitted",
                "taken",
                "assigned",
                "review_started",
                "info_requested",
                "info_provided",
                "commented",
                "evidence_added",
                "accepted",
                "applied",
                "closed",
                "rejected",
                "withdrawn",
            )
        ),
    }
    assert expected <= kinds, sorted(expected - kinds)
    several = [m for m in mails if "%(count)s" in m.subject_message.get("msgid", "")]
    assert several, "a mail of several reminders"
    # Reminder and digest subjects are kept as messages, shown in the outbox in its reader's language.
    assert all(m.subject_message for m in mails if m.kind in ("reminder", "digest"))
    with translation.override("id"):
        assert several[0].subject_text.startswith(("Pengingat", "Terlambat"))
        assert " tenggat" in several[0].subject_text
    sentences = indonesian_sentences()
    found = []
    for mail in mails:
        text = words(mail)
        if mail.kind == "agreement_letter":
            text = text.replace(mail.subject, "")  # the letter's own subject, Indonesian as the letter
        found += [f"{mail.kind} {mail.subject[:60]!r}: {s}" for s in sentences if s in text]
    found += [f"password reset: {s}" for s in sentences if s in words_of_html(reset_words)]
    assert not found, "\n".join(sorted(set(found)))


def test_bell_lines_of_those_mails_show_in_english_to_their_readers(
    english,
    seed,  # noqa: F811
    make_proposal,  # noqa: F811
    granted,  # noqa: F811
    kemendes_penghubung,
    bkn_penghubung,
    bkn_staf,
    django_capture_on_commit_callbacks,
):
    def run(step):
        with django_capture_on_commit_callbacks(execute=True):
            step()

    for day in REMINDER_DAYS:
        reminders.reminders_send_daily(today=day)
    walk_proposals(make_proposal, kemendes_penghubung, bkn_penghubung, bkn_staf, run)
    lines = list(Notification.objects.all())
    assert any(n.key.startswith("reminder:") for n in lines)
    assert any(n.key.startswith("proposal-event:") for n in lines)
    sentences = indonesian_sentences()
    found = []
    with translation.override("en"):
        for line in lines:
            text = f"{line.title_text} {line.body_text}"
            found += [f"{line.key}: {s}" for s in sentences if s in text]
            assert "Pengingat" not in line.title_text and "Dibagikan" not in line.body_text, text
    assert not found, "\n".join(sorted(set(found)))
    # And in Indonesian to whoever reads it so.
    with translation.override("id"):
        reminder = next(n for n in lines if n.key.startswith("reminder:"))
        assert reminder.title_text.startswith(("Pengingat", "Terlambat"))
