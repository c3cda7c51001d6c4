"""load_demo: the seed agreement exactly as signed, then extended once the demo's today reaches the
extension; as kemendes.staf reads it; examples in every state."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agreements import demo, selectors, services
from agreements.choices import AgreementStatus, AmendmentKind, NoticeKind
from agreements.models import Agreement, AgreementEvent, AgreementParty, Clause, Contact, ObligationDue

# After the seed's extension (signed 30 September 2025); BEFORE_EXTENSION is the day many tests load.
TODAY = date(2026, 1, 15)
BEFORE_EXTENSION = date(2025, 8, 9)


def load(today: date):
    call_command("load_demo", today=today, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return demo.seed_agreement()


@pytest.fixture
def loaded(cast):
    return load(TODAY)


@pytest.fixture
def as_signed(cast):
    return load(BEFORE_EXTENSION)


def test_the_seed_is_recorded_exactly_as_signed(as_signed):
    seed = as_signed
    assert seed.title == "Pertukaran dan Pemanfaatan Data dan/atau Informasi Aparatur Sipil Negara"
    assert (seed.signed_on, seed.signing_place, seed.term_months) == (date(2023, 10, 9), "Jakarta", 24)
    assert (seed.ends_on, seed.notice_deadline) == (date(2025, 10, 8), date(2025, 9, 8))
    assert not seed.amendments.exists()
    first, second = seed.parties.order_by("order")
    assert (first.number, first.signatory_name) == ("26/HKM.07.01/X/2023", "TAUFIK MADJID")
    assert (second.number, second.signatory_name) == ("35/HM.04.01/2023", "IMAS SUKMARIAH")
    assert first.appointment_text == (
        "Keputusan Presiden Republik Indonesia Nomor 174/TPA Tahun 2020, tanggal 23 Oktober 2020"
    )
    assert second.appointment_text == (
        "Keputusan Presiden Republik Indonesia Nomor 171/TPA Tahun 2020, tanggal 24 September 2020"
    )
    assert list(seed.clauses.values_list("number", flat=True)) == list(range(1, 14))
    assert seed.clauses.get(number=10).title == "KEADAAN KAHAR (FORCE MAJEURE)"
    assert "14 (empat belas) hari kalender" in seed.clauses.get(number=10).text
    assert "humas@kemendes.go.id" in seed.clauses.get(number=8).text
    # As signed, it would have ended on 8 October 2025.
    assert seed.status_on(date(2025, 10, 9)) == AgreementStatus.EXPIRED
    assert not seed.notices.exists()


def test_the_seed_obligations_have_their_semester_dues(as_signed):
    loaded = as_signed
    dues = ObligationDue.objects.filter(obligation__agreement=loaded).order_by("due_on")
    assert dues.first().due_on == date(2024, 4, 8)
    # Monev (Pasal 7, one joint due of PARA PIHAK) at each period's end; reports 30 days after it.
    assert sorted({d.due_on for d in dues if d.obligation.kind == "monev"}) == [
        date(2024, 4, 8),
        date(2024, 10, 8),
        date(2025, 4, 8),
        date(2025, 10, 8),
    ]
    assert sorted({d.due_on for d in dues if d.obligation.kind == "report"}) == [
        date(2024, 5, 8),
        date(2024, 11, 7),
        date(2025, 5, 8),
        date(2025, 11, 7),
    ]
    assert loaded.obligations.get(kind="monev").joint
    refs = set(loaded.obligations.values_list("clause_ref", flat=True))
    assert {"Pasal 3 ayat (2) angka 2", "Pasal 4 ayat (2) angka 1", "Pasal 7"} <= refs


def test_the_demo_records_the_parties_extension_as_its_today_reaches_each_step(as_signed, cast):
    """Kemendes's notice of extension (before the notice deadline), then Adendum I (24 months), each through
    its service and only once the demo's today has come to it; dues the extension brings are entered on the
    demo's day, like the rest."""
    seed = load(date(2025, 9, 15))
    notice = seed.notices.get()
    assert (notice.kind, notice.served_on, notice.from_party.order) == (
        NoticeKind.RENEWAL,
        date(2025, 8, 25),
        1,
    )
    assert notice.served_on <= seed.notice_deadline == date(2025, 9, 8)
    assert notice.letter is not None and notice.letter.to_party.order == 2
    assert not seed.amendments.exists() and selectors.awaits_extension(seed)

    seed = load(TODAY)
    extension = seed.amendments.get()
    assert (extension.kind, extension.signed_on, extension.extension_months) == (
        AmendmentKind.EXTENSION,
        date(2025, 9, 30),
        24,
    )
    assert "contoh" in extension.title and extension.created_by == cast["kemendes.pimpinan"]
    assert (seed.ends_on, seed.notice_deadline) == (date(2027, 10, 8), date(2027, 9, 8))
    assert seed.status_on(TODAY) == AgreementStatus.ACTIVE and seed.is_in_force_on(date(2026, 12, 1))
    assert not selectors.awaits_extension(seed) and seed.notices.count() == 1
    event = AgreementEvent.objects.get(agreement=seed, kind="extended")
    assert event.actor == cast["kemendes.pimpinan"] and "8 Oktober 2027" in event.summary_text
    monev = ObligationDue.objects.filter(obligation__agreement=seed, obligation__kind="monev")
    assert sorted(monev.values_list("due_on", flat=True))[-1] == date(2027, 10, 8)
    assert not monev.get(due_on=date(2026, 4, 8)).recorded_late
    # Once recorded, loading again (on a later day) adds nothing.
    load(date(2026, 2, 2))
    assert seed.amendments.count() == 1 and seed.notices.count() == 1


def test_a_demo_loaded_after_the_extension_enters_the_seeds_past_dues_as_recorded_late(loaded):
    dues = ObligationDue.objects.filter(obligation__agreement=loaded, met_on__isnull=True)
    assert dues.filter(due_on__gt=date(2025, 10, 8)).exists()
    assert all(d.recorded_late == (d.due_on < TODAY) for d in dues)


def test_loading_twice_adds_nothing(loaded, cast):
    counts = (
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        Clause.objects.count(),
        Contact.objects.count(),
    )
    call_command("load_demo", today=TODAY, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        Clause.objects.count(),
        Contact.objects.count(),
    )


def test_every_state_shows_among_the_examples(loaded, cast):
    statuses = {
        a.title: (a.status, a.force_majeure_open)
        for a in selectors.annotate_status(Agreement.objects.filter(is_example=True), TODAY)
    }
    assert all("Contoh" in title for title in statuses)
    seen = {status for status, _fm in statuses.values()}
    assert {AgreementStatus.ACTIVE, AgreementStatus.NOTICE, AgreementStatus.TERMINATED} <= seen
    assert any(fm for _status, fm in statuses.values())


def test_the_rights_of_the_demo_come_from_roles_and_teams_with_no_per_user_grant(loaded, cast):
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from agreements.models import AgreementEvent, TeamMember
    from agreements.selectors import Right

    assert not UserObjectPermission.objects.exists()
    assert not GroupObjectPermission.objects.exists()
    rights = {name: selectors.agreement_rights(user, loaded) for name, user in cast.items()}
    for username in ("kemendes.staf", "bkn.staf"):
        assert {Right.EDIT_SHARED, Right.KEEP_OWN} <= rights[username]
        assert Right.HANDLE_PROPOSALS not in rights[username]
    for username in ("kemendes.penghubung", "bkn.penghubung"):
        assert {Right.HANDLE_PROPOSALS, Right.VIEW_PERSONAL_DATA} <= rights[username]
        assert Right.EDIT_SHARED not in rights[username]
    for username in ("kemendes.pimpinan", "bkn.pimpinan"):
        assert {Right.SIGN_OFF, Right.MANAGE_TEAM} <= rights[username]
    assert rights["lain.staf"] == frozenset()
    assert rights["admin"] == {Right.VIEW, Right.RECOMPUTE}
    # Kemendes keeps a team on the seed (its creator, its Pimpinan, the liaison officer its Pimpinan added);
    # BKN accepted the invitation and keeps none, so its users act by role.
    members = set(
        TeamMember.objects.filter(team__party__agreement=loaded).values_list("user__username", flat=True)
    )
    assert members == {"kemendes.staf", "kemendes.pimpinan", "kemendes.penghubung"}
    added = AgreementEvent.objects.get(agreement=loaded, kind="team_changed")
    assert added.actor == cast["kemendes.pimpinan"] and "Agus Santoso" in added.summary
    assert AgreementEvent.objects.filter(agreement=loaded, kind="invitation_accepted").count() == 1


def test_load_demo_twice_sets_no_per_user_grant_either(loaded):
    from guardian.models import UserObjectPermission

    call_command("load_demo", today=TODAY, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert UserObjectPermission.objects.count() == 0


def test_kemendes_staf_reads_the_seed_as_signed(client, loaded, kemendes_staf):
    client.force_login(kemendes_staf)
    listing = client.get(reverse("agreements:agreement_list")).content.decode()
    assert "26/HKM.07.01/X/2023" in listing and "35/HM.04.01/2023" in listing
    page = client.get(loaded.get_absolute_url()).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    for expected in (
        "26/HKM.07.01/X/2023",
        "35/HM.04.01/2023",
        "Senin, 9 Oktober 2023 di Jakarta",
        "Senin tanggal Sembilan bulan Oktober tahun Dua Ribu Dua Puluh Tiga",
        "TAUFIK MADJID",
        "IMAS SUKMARIAH",
        "Keputusan Presiden Republik Indonesia Nomor 174/TPA Tahun 2020, tanggal 23 Oktober 2020",
        "Keputusan Presiden Republik Indonesia Nomor 171/TPA Tahun 2020, tanggal 24 September 2020",
        "Hari terakhir berlaku 8 Oktober 2027",
        "8 September 2027",
        "Adendum I: perpanjangan jangka waktu 24 bulan (contoh)",
        "humas@kemendes.go.id",
        "pdpik@bkn.go.id",
        "(021) 8093008 ext. 2101",
    ):
        assert expected in text, expected
    if date(2025, 10, 8) < timezone.localdate() <= date(2027, 10, 8):
        # In force on today's demo, through its extension, not expired as the text alone would have it.
        assert "badge-expired" not in page.split('data-clock="status"')[1][:120]
    due_days = re.findall(r'data-due="([0-9-]+)"', page)
    assert due_days[0] == "2024-04-08"
    assert "8 April 2024" in text


def test_lain_staf_gets_404_on_the_seed_its_documents_and_pdfs(
    client, loaded, lain_staf, kemendes_staf, kemendes_pimpinan
):
    first, second = loaded.parties.order_by("order")
    document = services.document_upload(
        agreement=loaded,
        acting_user=kemendes_staf,
        file=SimpleUploadedFile("pks.pdf", b"%PDF-1.4 pks"),
        title="Naskah",
    )
    notice = services.notice_serve(
        agreement=loaded,
        acting_user=kemendes_pimpinan,
        kind=NoticeKind.RENEWAL,
        from_party=first,
        served_on=date(2025, 8, 1),
        send_email=False,
    )
    client.force_login(lain_staf)
    listing = client.get(reverse("agreements:agreement_list")).content.decode()
    assert "26/HKM.07.01/X/2023" not in listing
    for url in (
        loaded.get_absolute_url(),
        reverse("agreements:document_download", args=[loaded.pk, document.pk]),
        reverse("agreements:agreement_pdf", args=[loaded.pk]),
        reverse("agreements:letter_pdf", args=[loaded.pk, notice.letter.pk]),
        reverse("agreements:agreement_update", args=[loaded.pk]),
        reverse("agreements:agreement_extend", args=[loaded.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_bkn_users_see_the_seeds_monev_dues_as_their_own_partys(client, loaded, bkn_staf):
    from portal.deadlines import deadlines_for

    monev = [
        d
        for d in deadlines_for(bkn_staf, None, date(2026, 1, 1), today=date(2025, 8, 9))
        if d.kind == "obligation" and "Pemantauan dan evaluasi" in d.title
    ]
    assert date(2025, 10, 8) in [d.date for d in monev]
    assert all(bkn_staf.institution_id in d.owing_institution_ids for d in monev)
    assert {d.owing_label for d in monev} == {"PARA PIHAK"}
    client.force_login(bkn_staf)
    page = client.get(loaded.get_absolute_url()).content.decode()
    assert "bersama; dipenuhi salah satu pihak" in page
