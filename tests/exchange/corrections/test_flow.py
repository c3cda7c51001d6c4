"""The flow declared once: every step carries its service, inputs, message and mail, and all of them agree."""

import inspect

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import get_template

from exchange.corrections import flow, services
from exchange.corrections.choices import ProposalEventKind, ProposalStatus, Side
from tests.exchange.corrections.conftest import NIP, grant


@pytest.mark.parametrize("step", flow.STEPS.values(), ids=lambda step: step.name)
def test_each_step_has_a_service_that_takes_its_inputs(step):
    assert getattr(services, f"proposal_{step.name}") is step.service
    parameters = inspect.signature(step.service).parameters
    assert {"acting_user", "proposal", "now"} <= set(parameters)
    assert set(step.fields) <= set(parameters)
    assert all(parameters[name].kind is inspect.Parameter.KEYWORD_ONLY for name in parameters)


@pytest.mark.parametrize("step", flow.STEPS.values(), ids=lambda step: step.name)
def test_each_step_mails_through_three_templates(step):
    for part in ("subject.txt", "body-text.txt", "body-html.html"):
        get_template(f"emails/{step.mail.template}-{part}")
    assert flow.mail_for(step.event) is step.mail


def test_every_event_but_a_drafts_creation_has_its_mail():
    silent = {kind for kind in ProposalEventKind.values if flow.mail_for(kind) is None}
    assert silent == {ProposalEventKind.CREATED}


def test_a_step_form_is_built_from_its_fields_with_the_steps_prefix_and_its_messages():
    form = flow.STEPS["reject"].form({"reject-reason": ""})
    assert not form.is_valid()
    assert form.errors["reason"] == ["Alasan penolakan wajib diisi."]
    assert flow.STEPS["reject"].form({"reason": "Tidak sesuai."}, bare=True).is_valid()
    assert flow.STEPS["submit"].form() is None


def test_the_bulk_steps_are_the_ones_marked_for_it():
    assert [step.name for step in flow.bulk_steps()] == ["assign", "start_review", "close"]


def test_an_unassigned_only_step_is_left_out_once_assigned():
    open_steps = flow.allowed_steps(status=ProposalStatus.SUBMITTED, side=Side.RECEIVER, can_handle=True)
    assert "take" in [step.name for step in open_steps]
    assigned = flow.allowed_steps(
        status=ProposalStatus.SUBMITTED, side=Side.RECEIVER, can_handle=True, assigned=True
    )
    assert "take" not in [step.name for step in assigned]


def test_editing_a_proposal_needs_the_personal_data_grant_in_the_service_itself(
    make_proposal, agreement, kemendes_staf, field
):
    grant(kemendes_staf, agreement, "handle_proposals")
    draft = make_proposal(user=kemendes_staf)
    with pytest.raises(PermissionDenied, match="hak melihat data pribadi"):
        services.proposal_update(
            acting_user=kemendes_staf,
            proposal=draft,
            nip_value=NIP,
            person_name="Andi Contoh Baru",
            reason="Nama lengkap.",
            items=[services.ItemInput(field("tmtJabatan"), "2024-02-01", "2023-01-01")],
        )
    draft.refresh_from_db()
    assert draft.person_name == "Andi Contoh"
