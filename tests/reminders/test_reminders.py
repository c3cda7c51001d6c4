"""The reminder service: who is reminded, with what mail, once per (deadline, milestone, recipient)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from icalendar import Calendar

from agreements.models import AgreementEvent, Contact, ObligationDue
from exchange.corrections.deadlines import ProposalDeadlineKind
from portal import reminder_tasks
from portal.choices import DeadlineStatus
from portal.deadlines import Deadline
from portal.models import (
    Notification,
    OutboxMail,
    ReminderCursor,
    ReminderPolicy,
    ReminderPreference,
    SentReminder,
)
from portal.registry import registry
from portal.reminders import preference_update, reminders_send_daily, reminders_sweep_events
from tests.reminders.conftest import force_majeure

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
KEMENDES_PIMPINAN = "kemendes.pimpinan@demo.portal-pks.go.id"
BKN_PIMPINAN = "bkn.pimpinan@demo.portal-pks.go.id"
NOTICE_30 = (
    "Pengingat PKS 26/HKM.07.01/X/2023: Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS "
    "— 8 September 2025 (30 hari lagi)"
)


def mails(**filters):
    return sorted((mail.to[0], mail.subject) for mail in OutboxMail.objects.filter(**filters))


def notice_mails():
    """(recipient, subject) of the mails that name the notice deadline, in the subject or the body."""
    return sorted(
        (mail.to[0], mail.subject)
        for mail in OutboxMail.objects.filter(body_text__contains="Batas pemberitahuan tertulis")
    )


def reminded(prefix: str = "") -> list[tuple[str, str]]:
    """(recipient, milestone) of the ledger rows of deadlines whose key starts with `prefix`."""
    rows = SentReminder.objects.filter(deadline_key__startswith=prefix).exclude(kind="digest")
    return sorted(rows.values_list("recipient", "milestone"))


def mail_of(email: str) -> OutboxMail:
    """The one mail a recipient got (a test of one day)."""
    [mail] = OutboxMail.objects.filter(to=[email])
    return mail


def no_digests(*users):
    for user in users:
        preference_update(acting_user=user, muted_kinds=[], weekly_digest=False)


def test_it_reminds_the_managers_and_pasal_8_contacts_of_every_owing_party(seed):
    report = reminders_send_daily(today=date(2025, 8, 9))

    everyone = [KEMENDES_PIMPINAN, "humas@kemendes.go.id", BKN_PIMPINAN, "pdpik@bkn.go.id"]
    assert reminded("notice:") == sorted((to, "h-30") for to in everyone)
    assert sorted(to for to, _s in notice_mails()) == sorted(everyone)
    # One mail a day per recipient, whatever the number of deadlines (and the managers' weekly digest).
    assert sorted(m.to[0] for m in OutboxMail.objects.all()) == sorted(everyone)
    assert report.mails == 4 and report.digests == 2
    assert report.sent == SentReminder.objects.exclude(kind="digest").count()
    assert "pengingat baru dalam 4 surel" in report.summary()


def test_one_mail_lists_every_deadline_of_the_day_grouped_by_agreement_legal_clocks_first(seed):
    reminders_send_daily(today=date(2025, 8, 9))
    mail = mail_of("humas@kemendes.go.id")  # a contact: no weekly digest

    # The notice deadline (h-30), the last day (h-60) and the fourth report (h-60) reach a milestone today.
    assert mail.subject == (
        "Pengingat 3 tenggat: Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS — "
        "PKS 26/HKM.07.01/X/2023, 8 September 2025 (30 hari lagi)"
    )
    text = mail.body_text
    notice = text.index("Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS")
    end = text.index("Hari terakhir berlakunya PKS")
    report = text.index("Laporan hasil pemanfaatan dan pertukaran data (periode 4)")
    assert notice < end < report  # legal clocks first, then by date
    assert text.count("== Pertukaran dan Pemanfaatan Data") == 1  # one group for the one agreement
    assert "[TENGGAT HUKUM]" in text
    for body in (text, mail.body_html):
        assert "Senin, 8 September 2025" in body and "Rabu, 8 Oktober 2025" in body
    assert sorted(
        e.decoded("dtstart") for e in Calendar.from_ical(bytes(mail.attachments.get().content)).walk("VEVENT")
    ) == [date(2025, 9, 8), date(2025, 10, 8), date(2025, 10, 8)]


def test_the_mail_names_the_numbers_the_clause_the_date_what_to_do_and_links_with_an_ics(
    seed, settings, kemendes_pimpinan
):
    settings.SITE_URL = "https://pks.example.go.id"
    no_digests(kemendes_pimpinan)
    ObligationDue.objects.filter(due_on=date(2025, 10, 8)).update(met_on=date(2025, 8, 1))
    ReminderPolicy.objects.filter(kind="end").update(days_before=[30, 7, 1])
    reminders_send_daily(today=date(2025, 8, 9))
    mail = OutboxMail.objects.get(to=[KEMENDES_PIMPINAN], subject=NOTICE_30)

    for body in (mail.body_text, mail.body_html):
        assert "Yth. Dewi Kartika" in body
        assert "26/HKM.07.01/X/2023" in body and "35/HM.04.01/2023" in body
        assert "Pasal 6" in body
        assert "Senin, 8 September 2025" in body
        assert "sampaikan pemberitahuan tertulis kepada PIHAK lainnya paling lambat 8 September 2025" in body
        assert "https://pks.example.go.id/" in body
        assert "tidak dapat dibisukan" in body
    assert mail.body_html.startswith("<!DOCTYPE html>")
    assert mail.kind == "reminder"
    assert mail.key.startswith("reminders:2025-08-09:") and "@" not in mail.key

    [attachment] = mail.attachments.all()
    assert attachment.filename == "tenggat-20250908.ics"
    assert attachment.content_type.startswith("text/calendar")
    [event] = Calendar.from_ical(bytes(attachment.content)).walk("VEVENT")
    assert event.decoded("dtstart") == date(2025, 9, 8)
    assert str(event["summary"]) == (
        "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS — PKS 26/HKM.07.01/X/2023"
    )
    assert "Pasal 6" in str(event["description"])


def test_a_contact_reminder_greets_the_unit_and_says_why_it_came(seed):
    reminders_send_daily(today=date(2025, 8, 9))
    mail = mail_of("pdpik@bkn.go.id")
    assert "Yth. Direktur Pengelolaan Data dan Penyajian Informasi Kepegawaian," in mail.body_text
    assert "sebagai kontak korespondensi" in mail.body_text


def test_managers_get_a_bell_line_that_links_to_the_deadline(seed, kemendes_pimpinan):
    reminders_send_daily(today=date(2025, 8, 9))
    notification = Notification.objects.get(user=kemendes_pimpinan, title=NOTICE_30)
    assert notification.url
    assert "paling lambat 8 September 2025" in notification.body


def test_a_rerun_the_same_day_sends_nothing_more(seed):
    first = reminders_send_daily(today=date(2025, 8, 9))
    before = (OutboxMail.objects.count(), Notification.objects.count(), SentReminder.objects.count())
    second = reminders_send_daily(today=date(2025, 8, 9))

    assert (OutboxMail.objects.count(), Notification.objects.count(), SentReminder.objects.count()) == before
    assert (second.sent, second.already) == (0, first.sent)


def test_the_daily_task_delivered_twice_sends_each_reminder_once(seed):
    with time_machine.travel(datetime.combine(date(2025, 8, 9), time(7), JAKARTA), tick=False):
        first = reminder_tasks.send_reminders()
        second = reminder_tasks.send_reminders()
    assert first.startswith("2025-08-09: 2025-08-09: 10 pengingat baru dalam 4 surel")
    assert second == "nothing due"  # the day's run is recorded: the second delivery finds nothing to do
    assert OutboxMail.objects.count() == 4


def test_the_daily_task_makes_up_a_missed_morning_and_sends_the_overtaken_milestone(seed):
    # The run of 6 September was the last; the broker was away on the 7th: the day-before reminder (h-1)
    # of the notice deadline must still go out, in the 7th's mail, before the day's own (h) on the 8th.
    with time_machine.travel(datetime.combine(date(2025, 9, 6), time(7, 5), JAKARTA), tick=False):
        reminder_tasks.send_reminders()
    with time_machine.travel(datetime.combine(date(2025, 9, 8), time(7, 5), JAKARTA), tick=False):
        summary = reminder_tasks.send_reminders()
    assert summary.startswith("2025-09-07: 2025-09-07:") and "; 2025-09-08: 2025-09-08:" in summary
    assert ("humas@kemendes.go.id", "h-1") in reminded("notice:")
    assert ("humas@kemendes.go.id", "h") in reminded("notice:")
    sent_on = dict(
        SentReminder.objects.filter(
            deadline_key__startswith="notice:", recipient="humas@kemendes.go.id"
        ).values_list("milestone", "sent_on")
    )
    assert (sent_on["h-1"], sent_on["h"]) == (date(2025, 9, 7), date(2025, 9, 8))


def test_after_downtime_the_missed_milestones_collapse_into_one_reminder(seed):
    reminders_send_daily(today=date(2025, 7, 10))  # h-60 of the notice deadline
    OutboxMail.objects.all().delete()

    # Down from 11 July to 6 September: h-30, h-14 and h-7 were missed. One reminder, the latest milestone.
    reminders_send_daily(today=date(2025, 9, 7))
    everyone = [KEMENDES_PIMPINAN, "humas@kemendes.go.id", BKN_PIMPINAN, "pdpik@bkn.go.id"]
    assert sorted(to for to, _s in notice_mails()) == sorted(everyone)
    assert "8 September 2025 (besok)" in mail_of("pdpik@bkn.go.id").subject
    assert set(
        SentReminder.objects.filter(deadline_key__startswith="notice:").values_list("milestone", flat=True)
    ) == {
        "h-60",
        "h-1",
    }


def test_after_downtime_across_the_deadline_the_reminder_still_comes_late_rather_than_never(seed):
    reminders_send_daily(today=date(2025, 9, 10))
    assert "8 September 2025 (terlambat 2 hari)" in mail_of(KEMENDES_PIMPINAN).body_text
    assert mail_of("pdpik@bkn.go.id").subject.startswith("Terlambat")
    assert SentReminder.objects.filter(deadline_key__startswith="notice:", milestone="h").count() == 4


def test_a_manager_may_mute_obligation_reminders_but_the_contacts_still_get_them(seed, kemendes_pimpinan):
    preference_update(acting_user=kemendes_pimpinan, muted_kinds=["obligation"], weekly_digest=False)
    report = reminders_send_daily(today=date(2025, 8, 9))

    assert not [m for to, m in reminded("due:") if to == KEMENDES_PIMPINAN]
    assert (KEMENDES_PIMPINAN, "h-30") in reminded("notice:")
    assert "Batas pemberitahuan" in mail_of(KEMENDES_PIMPINAN).body_text
    assert "(periode 4)" in mail_of("humas@kemendes.go.id").body_text
    assert report.muted == 1  # the fourth report (h-60); the third's overdue reminders reached their limit


def test_legal_notices_can_never_be_muted(seed, kemendes_pimpinan):
    with pytest.raises(ValidationError):
        preference_update(acting_user=kemendes_pimpinan, muted_kinds=["notice"], weekly_digest=False)
    # Even a row written around the rules does not silence a legal notice.
    ReminderPreference.objects.update_or_create(
        user=kemendes_pimpinan, defaults={"muted_kinds": ["notice", "end"]}
    )
    reminders_send_daily(today=date(2025, 8, 9))
    assert (KEMENDES_PIMPINAN, "h-30") in reminded("notice:")
    assert (KEMENDES_PIMPINAN, "h-60") in reminded("end:")


def test_only_contacts_valid_that_day_are_reminded(seed):
    humas = Contact.objects.get(email="humas@kemendes.go.id")
    humas.valid_to = date(2025, 6, 30)
    humas.save()
    Contact.objects.create(
        agreement=seed,
        party=humas.party,
        unit="Kepala Biro Kerja Sama",
        email="kerjasama@kemendes.go.id",
        valid_from=date(2025, 7, 1),
    )
    Contact.objects.create(
        agreement=seed,
        party=humas.party,
        unit="Kepala Pusat Data",
        email="pusdatin@kemendes.go.id",
        valid_from=date(2025, 9, 1),
    )
    reminders_send_daily(today=date(2025, 8, 9))
    recipients = {to for to, _s in notice_mails()}
    assert recipients == {KEMENDES_PIMPINAN, BKN_PIMPINAN, "pdpik@bkn.go.id", "kerjasama@kemendes.go.id"}


def test_a_contact_address_of_a_portal_user_is_that_user_once(seed, kemendes_pimpinan):
    Contact.objects.filter(email="humas@kemendes.go.id").update(email=kemendes_pimpinan.email.upper())
    reminders_send_daily(today=date(2025, 8, 9))
    assert [to for to, _s in notice_mails()].count(KEMENDES_PIMPINAN) == 1
    assert Notification.objects.filter(user=kemendes_pimpinan, title=NOTICE_30).count() == 1


def test_inactive_managers_and_switched_off_kinds_get_nothing(seed, bkn_pimpinan):
    bkn_pimpinan.is_active = False
    bkn_pimpinan.save()
    ReminderPolicy.objects.filter(kind="obligation").update(is_active=False)
    reminders_send_daily(today=date(2025, 8, 9))
    assert mails(to=[BKN_PIMPINAN]) == []
    assert not reminded("due:")


def due_reminded(period: int) -> bool:
    due = ObligationDue.objects.get(period_number=period)
    return SentReminder.objects.filter(deadline_key__startswith=f"due:{due.pk}:").exists()


def test_a_met_due_is_not_reminded(seed):
    ReminderPolicy.objects.filter(kind="obligation").update(overdue_limit=0)  # overdue reminders unbounded
    ObligationDue.objects.filter(due_on=date(2025, 10, 8)).update(met_on=date(2025, 8, 1))
    reminders_send_daily(today=date(2025, 8, 9))
    assert not due_reminded(4)
    assert due_reminded(3)  # still overdue


def test_a_due_suspended_by_the_owing_partys_force_majeure_is_not_reminded(seed, kemendes_staf):
    ReminderPolicy.objects.filter(kind="obligation").update(overdue_limit=0)
    force_majeure(seed, 1, date(2025, 3, 1), kemendes_staf, notified_on=date(2025, 3, 5))
    reminders_send_daily(today=date(2025, 8, 9))
    assert not due_reminded(3)
    assert due_reminded(2)
    # The event goes on, but a due still ahead is pending as usual: it is suspended only once it falls due.
    assert due_reminded(4)


def test_a_due_entered_after_its_date_is_recorded_late_and_reminds_nobody(seed):
    ReminderPolicy.objects.filter(kind="obligation").update(overdue_limit=0)
    ObligationDue.objects.filter(period_number__in=[2, 3]).update(recorded_late=True)
    report = reminders_send_daily(today=date(2025, 8, 9))
    assert not due_reminded(2) and not due_reminded(3)
    assert due_reminded(4)
    assert report.recorded_late == 2


def test_overdue_reminders_stop_after_the_policys_limit(seed):
    ReminderPolicy.objects.filter(kind="obligation").update(overdue_every_days=7, overdue_limit=2)
    due = ObligationDue.objects.get(period_number=3)  # due 8 April 2025
    day = date(2025, 4, 8)
    while day <= date(2025, 6, 30):
        reminders_send_daily(today=day)
        day += timedelta(days=1)
    milestones = set(
        SentReminder.objects.filter(deadline_key__startswith=f"due:{due.pk}:").values_list(
            "milestone", flat=True
        )
    )
    assert {"h+7", "h+14"} <= milestones
    assert not {"h+21", "h+28"} & milestones


def add_proposal_source(monkeypatch, seed, assignees=()):
    def proposals(scope):
        ref = scope.ref(seed.pk)
        if ref is None:
            return
        due = date(2025, 8, 15)
        yield Deadline(
            key="proposal:7:20250815",
            kind=ProposalDeadlineKind.PROPOSAL,
            date=due,
            today=scope.today,
            status=DeadlineStatus.UPCOMING if scope.today <= due else DeadlineStatus.OVERDUE,
            agreement=ref,
            clause="Pasal 4 ayat (2) huruf b",
            owing=(ref.parties[1],),
            title="Usulan perbaikan data UP-7",
            action="Tangani usulan perbaikan data ini.",
            url="/pertukaran/usulan/7/",
            assignee_ids=tuple(u.pk for u in assignees),
        )

    monkeypatch.setattr(registry.deadlines, "sources", [*registry.deadlines.sources, proposals])


def test_a_proposal_reminds_its_assignee_only(seed, monkeypatch, bkn_staf):
    add_proposal_source(monkeypatch, seed, assignees=[bkn_staf])
    reminders_send_daily(today=date(2025, 8, 8))
    assert [to for to, s in mails(subject__contains="UP-7")] == [bkn_staf.email]


def test_an_unassigned_proposal_reminds_the_receiving_partys_liaison_officers(
    seed, monkeypatch, bkn_penghubung
):
    add_proposal_source(monkeypatch, seed)
    reminders_send_daily(today=date(2025, 8, 8))
    assert [to for to, s in mails(subject__contains="UP-7")] == [bkn_penghubung.email]


def test_a_liaison_officer_may_mute_proposal_reminders(seed, monkeypatch, bkn_penghubung):
    add_proposal_source(monkeypatch, seed)
    preference_update(acting_user=bkn_penghubung, muted_kinds=["proposal"], weekly_digest=False)
    assert reminders_send_daily(today=date(2025, 8, 8)).muted == 1
    assert mails(subject__contains="UP-7") == []


def test_the_weekly_digest_is_on_by_default_for_managers_and_rides_in_their_one_mail_of_the_day(
    seed, monkeypatch, kemendes_pimpinan, bkn_pimpinan, bkn_staf
):
    add_proposal_source(monkeypatch, seed, assignees=[bkn_staf])
    no_digests(kemendes_pimpinan)  # a manager who opted out
    preference_update(acting_user=bkn_staf, muted_kinds=[], weekly_digest=True)  # not a manager: refused
    assert not ReminderPreference.objects.get(user=bkn_staf).weekly_digest

    saturday, monday = date(2025, 8, 9), date(2025, 8, 11)
    assert reminders_send_daily(today=saturday).digests == 1  # the first run of its week: in the day's mail
    assert reminders_send_daily(today=monday).digests == 1  # a new week: the digest alone
    assert reminders_send_daily(today=date(2025, 8, 13)).digests == 0
    [mail] = OutboxMail.objects.filter(to=[BKN_PIMPINAN], key__startswith="reminders:2025-08-11")
    assert mail.kind == "digest"
    assert mail.subject == "Ringkasan mingguan Portal PKS 11 Agustus 2025: 2 tenggat"
    assert "RINGKASAN MINGGUAN" in mail.body_text
    assert "Usulan perbaikan data UP-7" in mail.body_text  # the liaison officers' tickets reach the manager
    assert "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS" in mail.body_html
    assert Calendar.from_ical(bytes(mail.attachments.get().content)).walk("VEVENT")
    assert not OutboxMail.objects.filter(to=[KEMENDES_PIMPINAN], kind="digest").exists()
    assert not SentReminder.objects.filter(recipient=KEMENDES_PIMPINAN, kind="digest").exists()
    # Never more than one mail a day to anyone.
    days = [(m.to[0], m.key.split(":")[1]) for m in OutboxMail.objects.all()]
    assert len(days) == len(set(days))


def test_a_day_with_reminders_and_the_digest_is_one_mail_to_the_manager(seed, bkn_pimpinan):
    reminders_send_daily(today=date(2025, 8, 9))
    mail = mail_of(BKN_PIMPINAN)
    assert mail.kind == "reminder"
    assert "Batas pemberitahuan tertulis perpanjangan atau pengakhiran PKS" in mail.subject
    assert "RINGKASAN MINGGUAN" in mail.body_text and "Ringkasan mingguan" in mail.body_html
    assert SentReminder.objects.filter(recipient=BKN_PIMPINAN, kind="digest", mail=mail).exists()


def record_force_majeure(agreement, user, occurred_on):
    from agreements.services import force_majeure_record

    # The service checks the right itself: BKN keeps no team on the seed of these tests, so its staff
    # member records BKN's own force majeure by role.
    return force_majeure_record(
        agreement=agreement,
        acting_user=user,
        party=agreement.parties.get(order=2),
        occurred_on=occurred_on,
        description="Gangguan pusat data akibat banjir",
    )


def test_the_sweeper_reminds_at_once_about_a_force_majeure_just_recorded(seed, bkn_staf):
    recorded_at = datetime.combine(date(2025, 3, 20), time(10), JAKARTA)
    with time_machine.travel(recorded_at, tick=False):
        record_force_majeure(seed, bkn_staf, date(2025, 3, 20))

    report = reminders_sweep_events(now=recorded_at + timedelta(seconds=5))

    fm = "Batas pemberitahuan keadaan kahar PIHAK KEDUA — 3 April 2025 (14 hari lagi)"
    assert sorted(to for to, s in mails() if fm in s) == [BKN_PIMPINAN, "pdpik@bkn.go.id"]
    assert report.sent == OutboxMail.objects.count()


def test_the_sweeper_reads_each_event_until_it_settles_and_sends_each_reminder_once(seed, bkn_staf):
    recorded_at = datetime.combine(date(2025, 3, 20), time(10), JAKARTA)
    with time_machine.travel(recorded_at, tick=False):
        record_force_majeure(seed, bkn_staf, date(2025, 3, 20))
    last_event = AgreementEvent.objects.latest("pk").pk

    first = reminders_sweep_events(now=recorded_at + timedelta(seconds=5))
    # A transaction that drew a lower id may still commit: the mark waits a minute before it moves on.
    assert ReminderCursor.objects.get().last_event_id < last_event
    again = reminders_sweep_events(now=recorded_at + timedelta(seconds=30))
    settled = reminders_sweep_events(now=recorded_at + timedelta(minutes=2))
    assert ReminderCursor.objects.get().last_event_id == last_event
    idle = reminders_sweep_events(now=recorded_at + timedelta(minutes=3))

    assert first.sent > 0
    assert (again.sent, settled.sent, idle.sent, idle.deadlines) == (0, 0, 0, 0)
    assert OutboxMail.objects.count() == first.sent


def test_the_sweep_task_is_thin_over_the_same_service(seed):
    assert "pengingat baru" in reminder_tasks.sweep_reminder_events()
