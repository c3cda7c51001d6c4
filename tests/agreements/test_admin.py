"""The admin pages of the agreements app open for an administrator; saving goes through the service."""

import pytest
from django.urls import reverse

from agreements.choices import EventKind
from agreements.models import (
    Agreement,
    AgreementEvent,
    Contact,
    Document,
    Letter,
    LetterSequence,
    Obligation,
    ObligationDue,
)


@pytest.mark.parametrize(
    "model", [Agreement, AgreementEvent, Contact, Document, Letter, LetterSequence, Obligation, ObligationDue]
)
def test_every_changelist_opens(client, agreement, admin_user, model):
    client.force_login(admin_user)
    url = reverse(f"admin:agreements_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200


def test_the_agreement_change_page_opens_and_saving_moves_the_clocks(client, agreement, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    assert client.get(url).status_code == 200
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "umbrella"}
    data.update({"term_months": "36", "signed_on": "2023-10-09", "effective_from": ""})
    for prefix in ("parties", "scope_items", "clauses"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    client.post(url, data)
    agreement.refresh_from_db()
    assert str(agreement.ends_on) == "2026-10-08"
    assert AgreementEvent.objects.filter(
        agreement=agreement, kind=EventKind.UPDATED, actor=admin_user
    ).exists()


def test_staff_users_without_admin_rights_are_kept_out(client, agreement, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.get(reverse("admin:agreements_agreement_changelist"))
    assert response.status_code == 302
