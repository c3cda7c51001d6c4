"""Every step of a proposal, and the moves the flow refuses with a clear Indonesian message."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchange.corrections import services
from exchange.corrections.choices import ProposalEventKind, ProposalStatus
from exchange.corrections.models import Proposal, ProposalEvent
from tests.exchange.corrections.conftest import NIP, at, grant


def kinds(proposal):
    return list(ProposalEvent.objects.filter(proposal=proposal).values_list("kind", flat=True))


def test_a_draft_holds_the_person_the_fields_and_a_private_creation_event(draft, kemendes_penghubung):
    assert draft.status == ProposalStatus.DRAFT
    assert draft.nip == NIP and draft.person_name == "Andi Contoh"
    assert [i.field.code for i in draft.items.all()] == ["jabatanFungsionalNama", "tmtJabatan"]
    assert draft.proposing_party.role_name == "PIHAK KESATU"
    assert draft.receiving_party.role_name == "PIHAK KEDUA"
    assert draft.message_id.startswith("<usulan.") and draft.message_id.endswith("@portal-pks.localhost>")
    event = draft.events.get()
    assert event.kind == ProposalEventKind.CREATED
    assert event.internal_to == kemendes_penghubung.institution
    assert draft.history.count() == 1
    assert draft.history.first().history_user == kemendes_penghubung


def test_submitting_starts_the_clock_in_working_days_of_the_agreement(
    make_proposal, agreement, kemendes_penghubung
):
    agreement.proposal_due_working_days = 5
    agreement.save()
    proposal = make_proposal(now=at(date(2025, 3, 27)))
    proposal = services.proposal_submit(
        acting_user=kemendes_penghubung, proposal=proposal, now=at(date(2025, 3, 28))
    )
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.submitted_on == date(2025, 3, 28)
    assert proposal.working_days == 5
    assert proposal.due_on == date(2025, 4, 14)
    assert kinds(proposal) == ["created", "submitted"]
    assert proposal.history.count() == 2


def test_the_default_is_ten_working_days(submitted):
    assert submitted.working_days == 10


def test_taking_makes_the_taker_the_assignee_and_keeps_the_status(submitted, bkn_penghubung):
    proposal = services.proposal_take(acting_user=bkn_penghubung, proposal=submitted)
    assert proposal.assignee == bkn_penghubung
    assert proposal.status == ProposalStatus.SUBMITTED
    with pytest.raises(ValidationError, match="sudah Anda tangani"):
        services.proposal_take(acting_user=bkn_penghubung, proposal=proposal)


def test_a_proposal_taken_by_someone_else_is_reassigned_not_taken(
    submitted, bkn_penghubung, bkn_staf, agreement
):
    grant(bkn_staf, agreement, "handle_proposals")
    services.proposal_take(acting_user=bkn_penghubung, proposal=submitted)
    with pytest.raises(ValidationError, match="sudah ditangani oleh Sari Rahmawati"):
        services.proposal_take(acting_user=bkn_staf, proposal=submitted)
    proposal = services.proposal_assign(acting_user=bkn_penghubung, proposal=submitted, assignee=bkn_staf)
    assert proposal.assignee == bkn_staf
    assert proposal.events.get(kind="assigned").data == {
        "assignee": bkn_staf.pk,
        "previous": bkn_penghubung.pk,
    }


def test_assigning_needs_a_colleague_of_the_receiving_party_with_the_grant(
    submitted, bkn_penghubung, bkn_staf, kemendes_penghubung
):
    with pytest.raises(ValidationError, match="bukan petugas pihak penerima"):
        services.proposal_assign(acting_user=bkn_penghubung, proposal=submitted, assignee=bkn_staf)
    with pytest.raises(ValidationError, match="bukan petugas pihak penerima"):
        services.proposal_assign(acting_user=bkn_penghubung, proposal=submitted, assignee=kemendes_penghubung)
    services.proposal_assign(acting_user=bkn_penghubung, proposal=submitted, assignee=bkn_penghubung)
    with pytest.raises(ValidationError, match="sudah ditugaskan kepada"):
        services.proposal_assign(acting_user=bkn_penghubung, proposal=submitted, assignee=bkn_penghubung)


def test_starting_the_review_assigns_whoever_starts_it_when_nobody_handles_it(submitted, bkn_penghubung):
    proposal = services.proposal_start_review(acting_user=bkn_penghubung, proposal=submitted)
    assert proposal.status == ProposalStatus.REVIEW
    assert proposal.assignee == bkn_penghubung


def test_asking_for_completeness_stops_the_clock_and_answering_runs_it_on(
    make_proposal, agreement, kemendes_penghubung, bkn_penghubung
):
    agreement.proposal_due_working_days = 5
    agreement.save()
    proposal = make_proposal(now=at(date(2025, 3, 28)))
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=proposal, now=at(date(2025, 3, 28)))
    services.proposal_start_review(acting_user=bkn_penghubung, proposal=proposal, now=at(date(2025, 4, 8)))
    # Due 14 April; asked on 9 April: 10, 11 and 14 April are left.
    proposal = services.proposal_request_info(
        acting_user=bkn_penghubung,
        proposal=proposal,
        message="Mohon SK pengangkatan.",
        now=at(date(2025, 4, 9)),
    )
    assert proposal.status == ProposalStatus.INFO_NEEDED
    assert (proposal.paused_on, proposal.working_days_left) == (date(2025, 4, 9), 3)
    assert not proposal.is_overdue(on=date(2025, 5, 1))
    assert proposal.comments.get().body == "Mohon SK pengangkatan."
    proposal = services.proposal_provide_info(
        acting_user=kemendes_penghubung, proposal=proposal, message="SK terlampir.", now=at(date(2025, 4, 21))
    )
    assert proposal.status == ProposalStatus.REVIEW
    assert proposal.due_on == date(2025, 4, 24)
    assert proposal.paused_on is None and proposal.working_days_left is None
    assert kinds(proposal)[-2:] == ["info_requested", "info_provided"]


def test_an_answer_to_a_request_made_after_the_due_date_still_leaves_one_working_day(
    make_proposal, agreement, kemendes_penghubung, bkn_penghubung
):
    proposal = make_proposal(now=at(date(2025, 6, 2)))
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=proposal, now=at(date(2025, 6, 2)))
    services.proposal_start_review(acting_user=bkn_penghubung, proposal=proposal, now=at(date(2025, 6, 3)))
    proposal = services.proposal_request_info(
        acting_user=bkn_penghubung, proposal=proposal, message="SK?", now=at(date(2025, 7, 1))
    )
    assert proposal.working_days_left == 0
    proposal = services.proposal_provide_info(
        acting_user=kemendes_penghubung, proposal=proposal, message="SK", now=at(date(2025, 7, 2))
    )
    assert proposal.due_on == date(2025, 7, 3)


def test_accepting_records_the_decision_day(in_review, bkn_penghubung):
    proposal = services.proposal_accept(
        acting_user=bkn_penghubung, proposal=in_review, note="Diterapkan bulan ini.", now=at(date(2025, 6, 4))
    )
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_on == date(2025, 6, 4)
    assert proposal.decision_note == "Diterapkan bulan ini."
    assert not proposal.clock_running


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejecting_needs_a_reason_and_changes_nothing_without_one(in_review, bkn_penghubung, reason):
    with pytest.raises(ValidationError, match="Alasan penolakan wajib diisi."):
        services.proposal_reject(acting_user=bkn_penghubung, proposal=in_review, reason=reason)
    in_review.refresh_from_db()
    assert in_review.status == ProposalStatus.REVIEW
    assert not in_review.events.filter(kind="rejected").exists()


def test_rejecting_with_a_reason_decides_the_proposal(in_review, bkn_penghubung):
    proposal = services.proposal_reject(
        acting_user=bkn_penghubung, proposal=in_review, reason="Nama mengikuti SK CPNS."
    )
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.rejection_reason == "Nama mengikuti SK CPNS."


def test_a_proposal_waiting_for_completeness_can_be_rejected(in_review, bkn_penghubung):
    services.proposal_request_info(acting_user=bkn_penghubung, proposal=in_review, message="SK?")
    proposal = services.proposal_reject(
        acting_user=bkn_penghubung, proposal=in_review, reason="Tidak dilengkapi."
    )
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.working_days_left is None


def test_marking_applied_needs_a_date_and_a_reference(accepted, bkn_penghubung):
    with pytest.raises(ValidationError, match="Rujukan perbaikan"):
        services.proposal_mark_applied(
            acting_user=bkn_penghubung, proposal=accepted, applied_on=date.today(), reference=""
        )
    with pytest.raises(ValidationError, match="tidak boleh setelah hari ini"):
        services.proposal_mark_applied(
            acting_user=bkn_penghubung, proposal=accepted, applied_on=date(2999, 1, 1), reference="SK-1"
        )
    with pytest.raises(ValidationError, match="sebelum usulan diterima"):
        services.proposal_mark_applied(
            acting_user=bkn_penghubung, proposal=accepted, applied_on=date(2020, 1, 1), reference="SK-1"
        )
    proposal = services.proposal_mark_applied(
        acting_user=bkn_penghubung, proposal=accepted, applied_on=accepted.decided_on, reference="SIASN-PD/1"
    )
    assert proposal.status == ProposalStatus.APPLIED
    assert (proposal.applied_on, proposal.applied_reference) == (accepted.decided_on, "SIASN-PD/1")


@pytest.mark.parametrize("closer", ["kemendes_penghubung", "bkn_penghubung"])
def test_either_party_closes_an_applied_proposal(accepted, bkn_penghubung, closer, request):
    services.proposal_mark_applied(
        acting_user=bkn_penghubung, proposal=accepted, applied_on=accepted.decided_on, reference="SIASN-PD/1"
    )
    proposal = services.proposal_close(
        acting_user=request.getfixturevalue(closer), proposal=accepted, note="Sudah dicek di SIASN."
    )
    assert proposal.status == ProposalStatus.CLOSED
    assert proposal.closed_on is not None
    assert proposal.comments.get().body == "Sudah dicek di SIASN."


def test_a_rejected_proposal_can_be_closed(in_review, bkn_penghubung, kemendes_penghubung):
    services.proposal_reject(acting_user=bkn_penghubung, proposal=in_review, reason="Tidak sesuai SK.")
    assert services.proposal_close(acting_user=kemendes_penghubung, proposal=in_review).status == "closed"


@pytest.mark.parametrize("fixture", ["draft", "submitted", "in_review"])
def test_the_proposer_withdraws_before_a_decision(fixture, kemendes_penghubung, request):
    proposal = services.proposal_withdraw(
        acting_user=kemendes_penghubung, proposal=request.getfixturevalue(fixture), reason="Data sudah benar."
    )
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert proposal.withdrawal_reason == "Data sudah benar."


def test_withdrawing_a_draft_stays_inside_the_proposing_institution(
    draft, kemendes_penghubung, bkn_penghubung
):
    from exchange.corrections import selectors

    services.proposal_withdraw(acting_user=kemendes_penghubung, proposal=draft)
    assert draft.events.get(kind="withdrawn").internal_to_id == kemendes_penghubung.institution_id
    assert not selectors.proposals_visible_to(bkn_penghubung).exists()


def test_the_proposer_edits_a_draft_and_a_proposal_waiting_for_completeness(
    in_review, kemendes_penghubung, bkn_penghubung, field
):
    services.proposal_request_info(
        acting_user=bkn_penghubung, proposal=in_review, message="Tambahkan golongan."
    )
    items = [
        services.ItemInput(
            field("jabatanFungsionalNama"), "Penggerak Swadaya Masyarakat Ahli Muda", "Pelaksana"
        ),
        services.ItemInput(field("golRuangAkhir"), "III/c", "III/b"),
    ]
    proposal = services.proposal_update(
        acting_user=kemendes_penghubung,
        proposal=in_review,
        nip_value=in_review.nip,
        person_name="Andi Contoh",
        reason="SK kenaikan pangkat ditambahkan.",
        items=items,
    )
    assert [i.field.code for i in proposal.items.all()] == ["jabatanFungsionalNama", "golRuangAkhir"]
    assert proposal.reason == "SK kenaikan pangkat ditambahkan."
    event = proposal.events.get(kind="updated")
    assert event.internal_to is None
    assert "golRuangAkhir" in event.data["fields"]


def test_an_edit_that_changes_nothing_writes_no_event(draft, kemendes_penghubung):
    items = [services.ItemInput(i.field, i.proposed_value, i.current_value) for i in draft.items.all()]
    services.proposal_update(
        acting_user=kemendes_penghubung,
        proposal=draft,
        nip_value=draft.nip,
        person_name=draft.person_name,
        reason=draft.reason,
        items=items,
    )
    assert kinds(draft) == ["created"]


# --- Illegal moves ---------------------------------------------------------------------------------------

ILLEGAL = [
    ("draft", "start_review", "bkn_penghubung", PermissionDenied, "bukan pihak"),
    (
        "submitted",
        "submit",
        "kemendes_penghubung",
        ValidationError,
        "tidak dapat dilakukan pada usulan berstatus Diajukan",
    ),
    (
        "submitted",
        "accept",
        "bkn_penghubung",
        ValidationError,
        "tidak dapat dilakukan pada usulan berstatus Diajukan",
    ),
    (
        "submitted",
        "start_review",
        "kemendes_penghubung",
        PermissionDenied,
        "hanya dapat dilakukan oleh pihak penerima",
    ),
    (
        "submitted",
        "take",
        "kemendes_penghubung",
        PermissionDenied,
        "hanya dapat dilakukan oleh pihak penerima",
    ),
    ("submitted", "start_review", "bkn_staf", PermissionDenied, "tidak memiliki hak menangani"),
    ("submitted", "start_review", "lain_staf", PermissionDenied, "bukan pihak"),
    (
        "in_review",
        "accept",
        "kemendes_penghubung",
        PermissionDenied,
        "hanya dapat dilakukan oleh pihak penerima",
    ),
    (
        "in_review",
        "withdraw",
        "bkn_penghubung",
        PermissionDenied,
        "hanya dapat dilakukan oleh pihak pengusul",
    ),
    ("in_review", "provide_info", "kemendes_penghubung", ValidationError, "berstatus Diproses"),
    ("in_review", "mark_applied", "bkn_penghubung", ValidationError, "berstatus Diproses"),
    ("in_review", "close", "bkn_penghubung", ValidationError, "berstatus Diproses"),
    ("accepted", "withdraw", "kemendes_penghubung", ValidationError, "berstatus Diterima"),
    ("accepted", "reject", "bkn_penghubung", ValidationError, "berstatus Diterima"),
    ("accepted", "request_info", "bkn_penghubung", ValidationError, "berstatus Diterima"),
    ("accepted", "update", "kemendes_penghubung", ValidationError, "berstatus Diterima"),
]


def _attempt(step, user, proposal, field):
    args = {"acting_user": user, "proposal": proposal}
    match step:
        case "request_info" | "provide_info":
            args["message"] = "Pesan"
        case "reject":
            args["reason"] = "Alasan"
        case "mark_applied":
            args |= {"applied_on": date.today(), "reference": "SK"}
        case "update":
            args |= {
                "nip_value": proposal.nip,
                "person_name": "X",
                "reason": "Y",
                "items": [services.ItemInput(field("golRuangAkhir"), "III/b")],
            }
    return getattr(services, f"proposal_{step}")(**args)


@pytest.mark.parametrize(("fixture", "step", "actor", "error", "message"), ILLEGAL)
def test_an_illegal_move_is_refused_with_a_clear_message_and_changes_nothing(
    fixture, step, actor, error, message, request, field
):
    proposal = request.getfixturevalue(fixture)
    before = (proposal.status, proposal.events.count(), proposal.history.count())
    with pytest.raises(error, match=message):
        _attempt(step, request.getfixturevalue(actor), proposal, field)
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert (proposal.status, proposal.events.count(), proposal.history.count()) == before


def test_closed_and_withdrawn_proposals_take_no_further_step(
    accepted, bkn_penghubung, kemendes_penghubung, field
):
    services.proposal_mark_applied(
        acting_user=bkn_penghubung, proposal=accepted, applied_on=accepted.decided_on, reference="SK"
    )
    services.proposal_close(acting_user=kemendes_penghubung, proposal=accepted)
    for step, actor in [
        ("close", bkn_penghubung),
        ("withdraw", kemendes_penghubung),
        ("accept", bkn_penghubung),
    ]:
        with pytest.raises(ValidationError, match="berstatus Ditutup"):
            _attempt(step, actor, accepted, field)


# --- Creating ----------------------------------------------------------------------------------------------


def test_a_proposal_needs_the_grant_and_a_party_of_the_proposer(
    agreement, bkn_party, kemendes_staf, lain_staf, field
):
    items = [services.ItemInput(field("golRuangAkhir"), "III/b")]
    for user, message in [(kemendes_staf, "tidak memiliki hak"), (lain_staf, "bukan pihak")]:
        with pytest.raises(PermissionDenied, match=message):
            services.proposal_create(
                acting_user=user,
                receiving_party=bkn_party,
                nip_value=NIP,
                person_name="A",
                reason="B",
                items=items,
            )
    assert not Proposal.objects.exists()


def test_a_proposal_to_ones_own_party_is_refused(granted, kemendes_party, kemendes_penghubung, field):
    with pytest.raises(ValidationError, match="harus berbeda"):
        services.proposal_create(
            acting_user=kemendes_penghubung,
            receiving_party=kemendes_party,
            nip_value=NIP,
            person_name="A",
            reason="B",
            items=[services.ItemInput(field("golRuangAkhir"), "III/b")],
        )


def test_an_agreement_not_yet_in_force_takes_no_proposal(granted, bkn_party, kemendes_penghubung, field):
    granted.signed_on = None
    granted.save()
    with pytest.raises(ValidationError, match="belum ditandatangani"):
        services.proposal_create(
            acting_user=kemendes_penghubung,
            receiving_party=bkn_party,
            nip_value=NIP,
            person_name="A",
            reason="B",
            items=[services.ItemInput(field("golRuangAkhir"), "III/b")],
        )


def test_bad_person_data_is_named_field_by_field(make_proposal):
    with pytest.raises(ValidationError) as caught:
        make_proposal(nip="123", name=" ", reason="")
    assert caught.value.message_dict == {
        "nip": ["NIP harus 18 digit, yang diisi 3 digit."],
        "person_name": ["Nama ASN wajib diisi."],
        "reason": ["Alasan perbaikan wajib diisi."],
    }
    assert not Proposal.objects.exists()


def test_bad_items_are_each_named(make_proposal, field):
    items = [
        services.ItemInput(field("tglLahir"), "14-02-1989"),
        services.ItemInput(field("golRuangAkhir"), "III/b", "III/b"),
        services.ItemInput(field("tahunLulus"), "dua ribu"),
        services.ItemInput(field("unorNama"), ""),
        services.ItemInput(field("nipBaru"), "123"),
        services.ItemInput(field("golRuangAkhir"), "III/c"),
    ]
    with pytest.raises(ValidationError) as caught:
        make_proposal(items=items)
    assert caught.value.messages == [
        "Tanggal lahir harus berupa tanggal TTTT-BB-HH.",
        "Nilai usulan untuk Golongan/ruang akhir sama dengan nilai saat ini.",
        "Tahun lulus harus berupa bilangan bulat.",
        "Nilai usulan untuk Unit organisasi wajib diisi.",
        "NIP harus 18 digit, yang diisi 3 digit.",
        "Elemen data Golongan/ruang akhir diisi lebih dari sekali.",
    ]
    assert not Proposal.objects.exists()


def test_a_proposal_without_any_field_is_refused(make_proposal):
    with pytest.raises(ValidationError, match="sekurang-kurangnya satu elemen data"):
        make_proposal(items=[])


def test_the_reverse_direction_works_the_same(
    granted, kemendes_party, bkn_penghubung, kemendes_penghubung, field
):
    proposal = services.proposal_create(
        acting_user=bkn_penghubung,
        receiving_party=kemendes_party,
        nip_value=NIP,
        person_name="Andi Contoh",
        reason="Lokasi kerja di roster PSM tidak sesuai SIASN.",
        items=[services.ItemInput(field("lokasiKerja"), "Kabupaten Sukabumi", "Kabupaten Bogor")],
    )
    services.proposal_submit(acting_user=bkn_penghubung, proposal=proposal)
    proposal = services.proposal_start_review(acting_user=kemendes_penghubung, proposal=proposal)
    assert proposal.assignee == kemendes_penghubung
    assert proposal.proposing_party.role_name == "PIHAK KEDUA"


def test_no_new_proposal_on_an_agreement_that_has_ended_and_the_refusal_says_why(agreement, kemendes_party):
    from agreements.models import Agreement

    Agreement.objects.filter(pk=agreement.pk).update(
        ends_on=date(2025, 10, 8), notice_deadline=date(2025, 9, 8)
    )
    agreement.refresh_from_db()
    assert not agreement.is_in_force_on(date(2026, 1, 1))
    assert "tidak lagi berlaku sejak 9 Oktober 2025" in agreement.not_in_force_reason(
        date(2026, 1, 1), "usulan perbaikan data baru"
    )
