"""Events, bell lines and mail subjects kept as messages: each reader sees them in their own language."""

from datetime import date

from django.urls import reverse
from django.utils import translation

from agreements.models import AgreementEvent
from portal.lib.stored_text import day_of, keyed, term
from portal.models import Notification, OutboxMail
from portal.services import mail_enqueue, notification_create


def test_an_event_reads_in_the_language_of_whoever_reads_it(agreement, parties, kemendes_staf):
    event = agreement.events.get(kind="created")
    assert event.summary == "Perjanjian dibuat: PKS Uji Pertukaran Data"
    with translation.override("en"):
        assert event.summary_text == "Agreement created: PKS Uji Pertukaran Data"
    signed = agreement.events.get(kind="signed")
    with translation.override("en"):
        assert signed.summary_text.startswith("Signed on 9 October 2023")
    with translation.override("id"):
        assert signed.summary_text.startswith("Ditandatangani 9 Oktober 2023 di Jakarta")


def test_the_history_tab_in_english_shows_english_events(client, agreement, kemendes_staf):
    client.force_login(kemendes_staf)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("agreements:agreement_detail", args=[agreement.pk])).content.decode()
    assert "Agreement created: PKS Uji Pertukaran Data" in page
    assert "Perjanjian dibuat:" not in page


def test_a_row_written_as_a_sentence_keeps_showing_it(agreement):
    row = AgreementEvent.objects.create(agreement=agreement, kind="updated", summary="Catatan lama")
    with translation.override("en"):
        assert row.summary_text == "Catatan lama"
    row.message = {"msgid": "Pesan %(hilang)s", "params": {}}
    with translation.override("en"):
        assert row.summary_text == "Catatan lama"


def test_a_bell_line_and_a_mail_subject_render_per_reader(kemendes_staf):
    title = keyed("Perjanjian baru: %(title)s", title="PKS Contoh")
    notification_create(users=[kemendes_staf], key="uji-1", title=title, body="isi")
    line = Notification.objects.get(key="uji-1")
    assert line.title == "Perjanjian baru: PKS Contoh"
    with translation.override("en"):
        assert (line.title_text, line.body_text) == ("New agreement: PKS Contoh", "isi")
    with translation.override("id"):  # the mail goes out in the language of the one who caused it
        mail = mail_enqueue(
            to=["a@b.go.id"],
            subject=keyed(
                "Kontak korespondensi %(party)s %(unit)s berakhir %(day)s",
                party=term("PIHAK KESATU"),
                unit="Biro Humas",
                day=day_of(date(2025, 3, 31)),
            ),
            body_text="isi",
        )
    mail = OutboxMail.objects.get(pk=mail.pk)
    assert mail.subject == "Kontak korespondensi PIHAK KESATU Biro Humas berakhir 31 Maret 2025"
    with translation.override("en"):
        assert mail.subject_text == "Correspondence contact of FIRST PARTY Biro Humas ends 31 March 2025"
