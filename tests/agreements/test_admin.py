"""/sistem/ reads every agreement row and writes none: only the services write, so nothing is bypassed.

All as a superuser, who could do anything Django's admin allows: adding, changing and deleting an agreement,
a due, an event or an access-log row are refused (403, no save button), and the rows stay as they were.
"""

from datetime import date

import pytest
from django.urls import reverse

from agreements import services
from agreements.choices import EventKind
from agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementParty,
    Amendment,
    Contact,
    Dispute,
    Document,
    ForceMajeure,
    Letter,
    LetterSequence,
    MonevSession,
    Notice,
    Obligation,
    ObligationDue,
    Paraf,
)
from exchange.corrections.choices import AccessAction
from exchange.corrections.models import PersonalDataAccess
from exchange.data.models import AnnexField, DataField
from portal.models import OutboxMail, SentReminder
from tests.agreements.conftest import addendum

AGREEMENT_MODELS = [
    Agreement,
    AgreementEvent,
    Amendment,
    Contact,
    Dispute,
    Document,
    ForceMajeure,
    Letter,
    LetterSequence,
    MonevSession,
    Notice,
    Obligation,
    ObligationDue,
    Paraf,
]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser(admin_user, client):
    assert admin_user.is_superuser
    client.force_login(admin_user)
    return admin_user


@pytest.fixture
def access_row(kemendes_penghubung):
    return PersonalDataAccess.objects.create(
        user=kemendes_penghubung,
        institution=kemendes_penghubung.institution,
        action=AccessAction.DETAIL,
        proposal_ids=[1],
        row_count=1,
    )


@pytest.fixture
def rows(agreement, access_row):
    """One row of each kind the brief names: an agreement, a due, an event and an access-log row."""
    return {
        "agreement": agreement,
        "due": ObligationDue.objects.filter(obligation__agreement=agreement).order_by("due_on").first(),
        "event": AgreementEvent.objects.filter(agreement=agreement).first(),
        "access": access_row,
    }


@pytest.mark.parametrize("model", AGREEMENT_MODELS)
def test_every_changelist_opens_and_offers_no_add_button(client, superuser, agreement, model):
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert admin_url(model, "add") not in response.content.decode()


@pytest.mark.parametrize("name", ["agreement", "due", "event", "access"])
def test_a_change_page_shows_the_row_without_a_save_button(client, superuser, rows, name):
    row = rows[name]
    response = client.get(admin_url(type(row), "change", row.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="_save"' not in page and 'name="_continue"' not in page


def test_posting_a_change_to_an_agreement_is_refused_and_changes_nothing(client, superuser, agreement):
    response = client.post(
        admin_url(Agreement, "change", agreement.pk),
        {"title": "Diubah lewat admin", "term_months": "36", "signed_on": "2023-10-09"},
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert (agreement.title, agreement.term_months, str(agreement.ends_on)) == (
        "PKS Uji Pertukaran Data",
        24,
        "2025-10-08",
    )


def test_posting_a_change_to_a_due_is_refused_and_it_stays_open(client, superuser, rows):
    due = rows["due"]
    response = client.post(
        admin_url(ObligationDue, "change", due.pk),
        {"obligation": due.obligation_id, "due_on": "2024-04-08", "met_on": "2024-04-01"},
    )
    assert response.status_code == 403
    due.refresh_from_db()
    assert due.met_on is None


@pytest.mark.parametrize("name", ["agreement", "due", "event", "access"])
def test_deleting_is_refused_and_the_row_stays(client, superuser, rows, name):
    row = rows[name]
    url = admin_url(type(row), "delete", row.pk)
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


def test_the_bulk_delete_action_is_not_offered(client, superuser, agreement):
    response = client.post(
        admin_url(Agreement, "changelist"),
        {"action": "delete_selected", "_selected_action": [agreement.pk], "post": "yes"},
    )
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    assert 'value="delete_selected"' not in client.get(admin_url(Agreement, "changelist")).content.decode()
    assert response.status_code in (200, 302)


def test_a_party_cannot_be_deleted_through_the_agreement_page(client, superuser, agreement, parties):
    data = {
        "title": agreement.title,
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "2",
        "parties-0-id": str(parties[0].pk),
        "parties-0-agreement": str(agreement.pk),
        "parties-0-DELETE": "on",
    }
    assert client.post(admin_url(Agreement, "change", agreement.pk), data).status_code == 403
    assert AgreementParty.objects.filter(agreement=agreement).count() == 2
    assert agreement.contacts.filter(party=parties[0]).exists()


@pytest.mark.parametrize("model", [Agreement, Amendment, ForceMajeure, ObligationDue, AgreementEvent])
def test_nothing_can_be_added_there(client, superuser, agreement, model):
    before = model.objects.count()
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "add"), {"agreement": agreement.pk}).status_code == 403
    assert model.objects.count() == before


def test_an_old_version_cannot_be_restored_from_the_history(client, superuser, agreement, kemendes_staf):
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={"title": "Judul baru"},
        amendment=addendum(agreement),
    )
    first = agreement.history.order_by("history_date").first()
    url = reverse("admin:agreements_agreement_simple_history", args=[agreement.pk, first.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": first.title}).status_code == 403
    agreement.refresh_from_db()
    assert agreement.title == "Judul baru"


def test_recomputing_the_clocks_goes_through_the_service(client, superuser, agreement):
    # A correction made outside the forms (by a data fix): the clocks are stale until recomputed.
    Agreement.objects.filter(pk=agreement.pk).update(term_months=36)
    response = client.post(
        admin_url(Agreement, "changelist"),
        {"action": "recompute_clocks", "_selected_action": [agreement.pk]},
        follow=True,
    )
    assert "Jam hukum dihitung ulang." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2026, 10, 8)
    event = AgreementEvent.objects.filter(agreement=agreement, kind=EventKind.UPDATED).latest("pk")
    assert event.actor == superuser and "dihitung ulang" in event.summary


def test_there_are_no_per_object_grant_pages_rights_come_from_roles_and_teams(client, superuser, agreement):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:agreements_agreement_permissions", args=[agreement.pk])
    page = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk])).content.decode()
    assert "Object permissions" not in page and "Izin objek" not in page


@pytest.mark.parametrize("model", [SentReminder, OutboxMail, PersonalDataAccess, AnnexField])
def test_audit_and_domain_rows_of_the_other_apps_are_read_only(client, superuser, model):
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 403


def test_the_catalogue_stays_editable_reference_data(client, superuser):
    assert client.get(admin_url(DataField, "add")).status_code == 200


def test_staff_users_without_admin_rights_are_kept_out(client, agreement, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.get(reverse("admin:agreements_agreement_changelist"))
    assert response.status_code == 302
