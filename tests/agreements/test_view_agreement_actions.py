"""Every lifecycle action page: the permission matrix, successful POSTs, bad input that changes nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import services
from agreements.choices import NoticeKind
from agreements.forms import ACTION_FORMS
from agreements.models import AgreementEvent, ForceMajeure, Letter, ObligationDue
from tests.helpers import assert_permission_matrix


@pytest.fixture
def targets(agreement, parties, kemendes_staf):
    """One row of each kind an action can be about."""
    fm = services.force_majeure_record(
        agreement=agreement,
        acting_user=kemendes_staf,
        party=parties[0],
        occurred_on=date(2024, 3, 1),
        description="Banjir",
    )
    dispute = services.dispute_record(
        agreement=agreement,
        acting_user=kemendes_staf,
        raised_by=parties[0],
        subject="Selisih",
        opened_on=date(2024, 3, 1),
    )
    document = services.document_upload(
        agreement=agreement,
        acting_user=kemendes_staf,
        file=SimpleUploadedFile("n.pdf", b"%PDF-1.4 n"),
        title="Naskah",
    )
    return {
        "fm_notify": fm,
        "fm_end": fm,
        "dispute_advance": dispute,
        "due_meet": ObligationDue.objects.filter(obligation__agreement=agreement).order_by("due_on").first(),
        "due_waive": ObligationDue.objects.filter(obligation__agreement=agreement).order_by("due_on").last(),
        "contact_end": agreement.contacts.first(),
        "paraf": document,
    }


def action_url(agreement, name, targets):
    args = [agreement.pk] + ([targets[name].pk] if name in targets else [])
    return reverse(f"agreements:agreement_{name}", args=args)


# Who may open each action's page, by the right the action needs. Kemendes (which created the agreement)
# keeps a team of its staff member and Pimpinan, so its liaison officer is no member; BKN accepted the
# invitation and keeps no team, so its users act by the defaults of their roles.
BY_RIGHT = {
    "edit_shared": {"kemendes_staf", "kemendes_pimpinan", "bkn_staf", "bkn_pimpinan"},
    "keep_own": {"kemendes_staf", "kemendes_pimpinan", "bkn_staf", "bkn_pimpinan"},
    "sign_off": {"kemendes_pimpinan", "bkn_pimpinan"},
}
CAST = (
    "kemendes_staf",
    "kemendes_penghubung",
    "kemendes_pimpinan",
    "bkn_staf",
    "bkn_penghubung",
    "bkn_pimpinan",
    "admin_user",
)


@pytest.mark.parametrize("name", sorted(ACTION_FORMS))
def test_the_permission_matrix_of_every_action(client, agreement, targets, name, lain_staf, request):
    from agreements.views import ACTIONS

    url = action_url(agreement, name, targets)
    allowed = BY_RIGHT[ACTIONS[name].right]
    expected = {"anonymous": (None, 302), "outsider": (lain_staf, 404)}
    for who in CAST:
        expected[who] = (request.getfixturevalue(who), 200 if who in allowed else 403)
    assert_permission_matrix(client, url, expected)
    before = AgreementEvent.objects.count()
    refused = {who: (user, 403) for who, (user, status) in expected.items() if status == 403}
    assert_permission_matrix(client, url, {"outsider": (lain_staf, 404), **refused}, method="post", data={})
    assert AgreementEvent.objects.count() == before


def test_an_action_on_a_row_of_another_agreement_is_404(
    client, agreement, make_agreement, kemendes_staf, targets
):
    other = make_agreement(title="Lain", contacts=False)
    client.force_login(kemendes_staf)
    url = reverse("agreements:agreement_fm_end", args=[other.pk, targets["fm_end"].pk])
    assert client.get(url).status_code == 404


def test_an_extension_posted_from_the_detail_page_moves_the_clock(client, agreement, kemendes_pimpinan):
    client.force_login(kemendes_pimpinan)
    response = client.post(
        reverse("agreements:agreement_extend", args=[agreement.pk]),
        {"months": "12", "signed_on": "2025-09-15", "number": "", "title": "", "summary": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "Perpanjangan tercatat" in page
    assert '<strong data-clock="ends_on">8 Oktober 2026</strong>' in page
    assert '<strong data-clock="notice_deadline">8 September 2026</strong>' in page


def test_a_too_early_termination_notice_is_explained_and_nothing_changes(
    client, agreement, parties, kemendes_pimpinan
):
    client.force_login(kemendes_pimpinan)
    response = client.post(
        reverse("agreements:agreement_notice", args=[agreement.pk]),
        {
            "kind": NoticeKind.TERMINATION,
            "from_party": str(parties[0].pk),
            "served_on": "2025-01-31",
            "terminates_on": "2025-02-20",
            "reason": "",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "terlalu cepat" in page and "paling cepat diakhiri pada 28 Februari 2025" in page
    assert not Letter.objects.exists()


def test_a_notice_in_the_name_of_the_other_party_is_not_offered(
    client, agreement, parties, kemendes_pimpinan
):
    client.force_login(kemendes_pimpinan)
    response = client.post(
        reverse("agreements:agreement_notice", args=[agreement.pk]),
        {"kind": NoticeKind.RENEWAL, "from_party": str(parties[1].pk), "served_on": "2025-08-01"},
    )
    assert response.status_code == 400
    assert (
        "Pihak ini bukan pihak Anda: setiap pihak mencatat untuk dirinya sendiri."
        in response.content.decode()
    )


def test_a_force_majeure_is_recorded_and_its_notice_clock_shows(client, agreement, parties, bkn_staf):
    client.force_login(bkn_staf)
    response = client.post(
        reverse("agreements:agreement_fm_record", args=[agreement.pk]),
        {"party": str(parties[1].pk), "occurred_on": "2024-02-20", "description": "Gempa bumi"},
        follow=True,
    )
    assert ForceMajeure.objects.get().notice_due_on == date(2024, 3, 5)
    assert '<td data-clock="fm_notice_due">5 Maret 2024' in response.content.decode()


def test_a_due_is_met_with_evidence_from_its_row(client, agreement, kemendes_staf, targets):
    client.force_login(kemendes_staf)
    due = targets["due_meet"]
    response = client.post(
        reverse("agreements:agreement_due_meet", args=[agreement.pk, due.pk]),
        {
            "met_on": "2024-04-01",
            "note": "Terkirim",
            "file": SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti"),
        },
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.met_on == date(2024, 4, 1) and due.evidence.original_name == "bukti.pdf"


def test_a_bad_upload_is_explained_and_nothing_is_stored(client, agreement, kemendes_staf):
    client.force_login(kemendes_staf)
    before = agreement.documents.count()
    response = client.post(
        reverse("agreements:agreement_document", args=[agreement.pk]),
        {
            "kind": "signed_scan",
            "title": "Naskah",
            "file": SimpleUploadedFile("naskah.pdf", b"GIF89a bukan pdf"),
        },
    )
    assert response.status_code == 400
    assert "Isi berkas tidak sesuai dengan jenisnya (.pdf)" in response.content.decode()
    assert agreement.documents.count() == before


def test_a_letter_is_issued_from_the_correspondence_tab(client, agreement, parties, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.post(
        reverse("agreements:agreement_letter", args=[agreement.pk]),
        {
            "from_party": str(parties[0].pk),
            "to_party": str(parties[1].pk),
            "subject": "Undangan monev",
            "dated_on": "2024-03-04",
            "body": "Dengan hormat, kami mengundang.",
        },
        follow=True,
    )
    assert "Surat 1/HKM.07.01/III/2024 diterbitkan." in response.content.decode()


def test_a_draft_is_signed_from_its_page(client, make_agreement, kemendes_staf):
    draft = make_agreement(signed_on=None, contacts=False)
    client.force_login(kemendes_staf)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Tanda tangani perjanjian" in page
    response = client.post(
        reverse("agreements:agreement_sign", args=[draft.pk]),
        {"signed_on": "2024-02-29", "signing_place": "Bogor", "effective_from": ""},
        follow=True,
    )
    assert "Perjanjian ditandatangani" in response.content.decode()
    assert '<strong data-clock="ends_on">27 Februari 2026</strong>' in response.content.decode()


def test_row_actions_post_from_the_detail_page(client, agreement, parties, kemendes_staf, targets):
    client.force_login(kemendes_staf)
    posts = [
        ("dispute_advance", targets["dispute_advance"], {"stage": "legal", "on": "2024-04-01"}),
        (
            "paraf",
            targets["paraf"],
            {"party": str(parties[0].pk), "initialled_by": "TAUFIK", "initialled_on": "2024-01-05"},
        ),
        ("contact_end", targets["contact_end"], {"valid_to": "2024-12-31"}),
        ("fm_end", targets["fm_end"], {"ended_on": "2024-03-20"}),
    ]
    for name, target, data in posts:
        response = client.post(reverse(f"agreements:agreement_{name}", args=[agreement.pk, target.pk]), data)
        assert response.status_code == 302, (name, response.content.decode()[-2000:])
    targets["paraf"].refresh_from_db()
    assert targets["paraf"].parafs.get().initialled_by == "TAUFIK"


def test_the_other_partys_paraf_is_refused_with_a_clear_message(
    client, agreement, parties, bkn_staf, targets
):
    client.force_login(bkn_staf)
    page = client.get(reverse("agreements:agreement_paraf", args=[agreement.pk, targets["paraf"].pk]))
    assert str(parties[0].pk) not in list(page.context["form"].fields["party"].objects)
    response = client.post(
        reverse("agreements:agreement_paraf", args=[agreement.pk, targets["paraf"].pk]),
        {"party": str(parties[0].pk), "initialled_by": "TAUFIK", "initialled_on": "2024-01-05"},
    )
    assert response.status_code == 400
    assert "Pihak ini bukan pihak Anda" in response.content.decode()
    assert not targets["paraf"].parafs.exists()


def test_an_incoming_letter_and_a_monev_session_are_recorded(client, agreement, parties, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.post(
        reverse("agreements:agreement_letter_incoming", args=[agreement.pk]),
        {
            "from_party": str(parties[1].pk),
            "number": "15/HM.04.01/2024",
            "kind": "general",
            "dated_on": "2024-03-01",
            "received_on": "2024-03-04",
            "subject": "Jadwal pemadanan data",
            "file": SimpleUploadedFile("surat.pdf", b"%PDF-1.4 surat masuk"),
        },
    )
    assert response.status_code == 302
    letter = agreement.letters.get()
    assert (letter.direction, letter.to_party, letter.document.kind) == ("in", parties[0], "letter")
    response = client.post(
        reverse("agreements:agreement_monev", args=[agreement.pk]),
        {"held_on": "2024-03-20", "place": "Jakarta", "participants": "", "minutes": "Pemadanan dibahas."},
    )
    assert response.status_code == 302
    assert agreement.monev_sessions.get().due.met_on == date(2024, 3, 20)


# What an officer types into each row action's dialog on the detail page.
ROW_INPUT = {
    "due_meet": {"met_on": "2024-04-01", "note": "Terkirim"},
    "due_waive": {"waived_on": "2024-04-02", "reason": "Tidak diperlukan lagi"},
    "fm_notify": {"notified_on": "2024-03-04"},
    "fm_end": {"ended_on": "2024-03-20"},
    "dispute_advance": {"stage": "legal", "on": "2024-04-01"},
    "contact_end": {"valid_to": "2024-12-31"},
    "paraf": {"initialled_by": "TAUFIK", "initialled_on": "2024-01-05"},
}


def test_each_row_action_is_one_dialog_form_posted_to_its_rows_own_url(
    client, agreement, parties, kemendes_staf, targets
):
    import re

    client.force_login(kemendes_staf)
    page = client.get(agreement.get_absolute_url()).content.decode()
    for name in ROW_INPUT:
        dialogs = re.findall(rf'<dialog class="row-dialog" id="{name}-dialog".*?</dialog>', page, re.S)
        assert len(dialogs) == 1, name
        assert dialogs[0].count("<form") == 1 and 'name="csrfmiddlewaretoken"' in dialogs[0]
        form = ACTION_FORMS[name](agreement=agreement, user=kemendes_staf)
        assert set(re.findall(r' name="([a-z_]+)"', dialogs[0])) - {"csrfmiddlewaretoken"} == set(form.fields)
        # Each row links to the action's own page (the form without JavaScript), the URL the dialog posts to.
        links = re.findall(rf'<a class="row-action" href="([^"]+)" data-row-dialog="{name}-dialog"', page)
        assert action_url(agreement, name, targets) in links, name
    for name, data in ROW_INPUT.items():
        if name == "paraf":
            data = {**data, "party": str(parties[0].pk)}
        response = client.post(action_url(agreement, name, targets), data)
        assert response.status_code == 302, (name, response.content.decode()[-2000:])
    due_met, due_waived = (ObligationDue.objects.get(pk=targets[n].pk) for n in ("due_meet", "due_waive"))
    assert due_met.met_on == date(2024, 4, 1) and due_waived.waived_reason == "Tidak diperlukan lagi"
    fm = ForceMajeure.objects.get(pk=targets["fm_end"].pk)
    assert (fm.notified_on, fm.ended_on) == (date(2024, 3, 4), date(2024, 3, 20))
    targets["dispute_advance"].refresh_from_db()
    targets["contact_end"].refresh_from_db()
    assert targets["dispute_advance"].stage == "legal"
    assert targets["contact_end"].valid_to == date(2024, 12, 31)
    assert targets["paraf"].parafs.get().initialled_by == "TAUFIK"
