"""The language a user picks with the switch is kept, and what is written to them follows it: one mail per
language among the recipients, each in its readers' language, written once however often it is asked."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext

from portal.models import OutboxMail, User
from portal.services import mail_enqueue_to_users


def test_the_switch_keeps_a_signed_in_users_choice(client, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    kemendes_staf.refresh_from_db()
    assert kemendes_staf.language == "en" and kemendes_staf.mail_language == "en"
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    kemendes_staf.refresh_from_db()
    assert kemendes_staf.mail_language == "id"


def test_the_switch_ignores_a_language_the_portal_does_not_speak(client, kemendes_staf):
    client.force_login(kemendes_staf)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    kemendes_staf.refresh_from_db()
    assert kemendes_staf.language == "" and kemendes_staf.mail_language == settings.LANGUAGE_CODE


def test_the_switch_still_works_before_logging_in(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_mail_to_readers_of_two_languages_goes_out_once_in_each(
    cast, kemendes_staf, bkn_staf, bkn_pimpinan
):
    User.objects.filter(pk__in=[bkn_staf.pk, bkn_pimpinan.pk]).update(language="en")
    users = list(User.objects.filter(pk__in=[kemendes_staf.pk, bkn_staf.pk, bkn_pimpinan.pk]))

    def render():
        return gettext("Pengingat"), gettext("Pengingat"), ""

    first = mail_enqueue_to_users(users=users, render=render, key="uji:1", kind="uji")
    again = mail_enqueue_to_users(users=users, render=render, key="uji:1", kind="uji")
    assert again == []
    mails = {m.key: m for m in first}
    assert set(mails) == {"uji:1", "uji:1:en"}
    assert mails["uji:1"].to == [kemendes_staf.email] and mails["uji:1"].subject == "Pengingat"
    assert sorted(mails["uji:1:en"].to) == sorted([bkn_staf.email, bkn_pimpinan.email])
    assert mails["uji:1:en"].subject == "Reminder"
    assert OutboxMail.objects.filter(kind="uji").count() == 2
