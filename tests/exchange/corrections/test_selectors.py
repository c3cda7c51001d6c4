"""One selector for list, detail, counts, exports and deadlines: who sees which proposal and comment."""

from datetime import date

import pytest

from exchange.corrections import selectors, services
from exchange.corrections.choices import CommentVisibility, ProposalStatus
from tests.exchange.corrections.conftest import NIP_2, at, grant


def test_the_proposing_institution_sees_its_draft_and_the_receiving_one_does_not(
    draft, kemendes_staf, kemendes_penghubung, bkn_penghubung, bkn_staf
):
    assert list(selectors.proposals_visible_to(kemendes_penghubung)) == [draft]
    assert list(selectors.proposals_visible_to(kemendes_staf)) == [draft]
    assert not selectors.proposals_visible_to(bkn_penghubung).exists()
    assert not selectors.proposals_visible_to(bkn_staf).exists()


def test_both_parties_see_a_submitted_proposal(submitted, kemendes_pimpinan, bkn_pimpinan):
    assert list(selectors.proposals_visible_to(kemendes_pimpinan)) == [submitted]
    assert list(selectors.proposals_visible_to(bkn_pimpinan)) == [submitted]


def test_lain_staf_sees_no_proposal_anywhere(in_review, lain_staf, admin_user):
    services.comment_add(
        acting_user=in_review.created_by, proposal=in_review, body="Catatan", visibility="internal"
    )
    assert not selectors.proposals_visible_to(lain_staf).exists()
    assert not selectors.comments_visible_to(lain_staf).exists()
    assert not selectors.events_visible_to(lain_staf).exists()
    assert not selectors.evidence_visible_to(lain_staf).exists()
    assert selectors.proposal_counts(lain_staf) == {
        "all": 0, "inbox": 0, "inbox_open": 0, "outbox": 0, "mine": 0, "overdue": 0
    }  # fmt: skip
    assert selectors.proposal_deadlines(lain_staf, None, None) == []
    assert not selectors.proposals_visible_to(admin_user).exists()


def test_a_third_party_to_the_same_agreement_does_not_see_a_proposal_between_the_other_two(
    submitted, agreement, lain, lain_staf
):
    from agreements.models import AgreementParty

    AgreementParty.objects.create(agreement=agreement, institution=lain, order=3)
    assert not selectors.proposals_visible_to(lain_staf).exists()


def test_an_internal_note_is_seen_by_its_institution_only(
    in_review, kemendes_penghubung, kemendes_staf, bkn_penghubung, bkn_staf
):
    note = services.comment_add(
        acting_user=kemendes_penghubung, proposal=in_review, body="Rahasia Kemendes", visibility="internal"
    )
    shared = services.comment_add(acting_user=bkn_penghubung, proposal=in_review, body="Untuk kedua pihak")
    assert set(selectors.comments_visible_to(kemendes_staf, in_review)) == {note, shared}
    assert list(selectors.comments_visible_to(bkn_penghubung, in_review)) == [shared]
    assert list(selectors.comments_visible_to(bkn_staf)) == [shared]
    bkn_events = selectors.events_visible_to(bkn_penghubung, in_review)
    assert not bkn_events.filter(data__comment=note.pk).exists()
    assert selectors.events_visible_to(kemendes_staf, in_review).filter(data__comment=note.pk).exists()


def test_list_rows_count_only_the_comments_the_reader_may_see(in_review, kemendes_penghubung, bkn_penghubung):
    services.comment_add(
        acting_user=kemendes_penghubung, proposal=in_review, body="Internal", visibility="internal"
    )
    services.comment_add(
        acting_user=kemendes_penghubung, proposal=in_review, body="Internal 2", visibility="internal"
    )
    services.comment_add(acting_user=bkn_penghubung, proposal=in_review, body="Dibagikan")
    bkn_row = selectors.with_list_columns(
        selectors.proposals_visible_to(bkn_penghubung), bkn_penghubung
    ).get()
    kemendes_row = selectors.with_list_columns(
        selectors.proposals_visible_to(kemendes_penghubung), kemendes_penghubung
    ).get()
    assert bkn_row.comment_count == 1
    assert kemendes_row.comment_count == 3


def test_the_inbox_holds_what_an_institution_received_and_the_outbox_what_it_sent(
    submitted, make_proposal, kemendes_penghubung, bkn_penghubung, kemendes_party
):
    from tests.exchange.corrections.conftest import grant  # noqa: F401 - both are granted by the fixtures

    reverse = make_proposal(user=bkn_penghubung, nip=NIP_2, receiving_party=kemendes_party)
    services.proposal_submit(acting_user=bkn_penghubung, proposal=reverse)
    visible = selectors.proposals_visible_to(bkn_penghubung)
    assert list(selectors.in_tab(visible, bkn_penghubung, "inbox")) == [submitted]
    assert list(selectors.in_tab(visible, bkn_penghubung, "outbox")) == [reverse]
    assert set(selectors.in_tab(visible, bkn_penghubung, "all")) == {submitted, reverse}
    counts = selectors.proposal_counts(bkn_penghubung)
    assert (counts["inbox"], counts["outbox"], counts["all"], counts["inbox_open"]) == (1, 1, 2, 1)


def test_the_counts_name_overdue_proposals_and_those_handled_by_the_reader(
    make_proposal, kemendes_penghubung, bkn_penghubung
):
    late = make_proposal(now=at(date(2025, 3, 3)))
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=late, now=at(date(2025, 3, 3)))
    services.proposal_take(acting_user=bkn_penghubung, proposal=late)
    counts = selectors.proposal_counts(bkn_penghubung, today=date(2025, 4, 1))
    assert counts["overdue"] == 1
    assert counts["mine"] == 1
    assert selectors.proposal_counts(bkn_penghubung, today=date(2025, 3, 4))["overdue"] == 0


def test_the_search_by_nip_or_name_reaches_only_agreements_whose_personal_data_the_user_may_read(
    submitted, bkn_penghubung, bkn_staf
):
    visible = selectors.proposals_visible_to(bkn_penghubung)
    assert list(selectors.search(visible, bkn_penghubung, "19900101 2015")) == [submitted]
    assert list(selectors.search(visible, bkn_penghubung, "andi")) == [submitted]
    assert not selectors.search(visible, bkn_penghubung, "199001019999").exists()
    assert not selectors.search(selectors.proposals_visible_to(bkn_staf), bkn_staf, "andi").exists()


def test_the_steps_offered_follow_the_side_the_grant_and_the_status(
    submitted, kemendes_penghubung, bkn_penghubung, bkn_staf
):
    assert [s.name for s in selectors.steps_for(kemendes_penghubung, submitted)] == ["withdraw"]
    assert [s.name for s in selectors.steps_for(bkn_penghubung, submitted)] == [
        "take",
        "assign",
        "start_review",
    ]
    assert selectors.steps_for(bkn_staf, submitted) == []
    services.proposal_take(acting_user=bkn_penghubung, proposal=submitted)
    submitted.refresh_from_db()
    assert "take" not in [s.name for s in selectors.steps_for(bkn_penghubung, submitted)]


def test_deadlines_name_the_owing_party_the_assignee_and_the_link_but_no_person(
    make_proposal, kemendes_penghubung, bkn_penghubung, agreement
):
    agreement.proposal_due_working_days = 5
    agreement.save()
    proposal = make_proposal(now=at(date(2025, 3, 28)))
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=proposal, now=at(date(2025, 3, 28)))
    services.proposal_take(acting_user=bkn_penghubung, proposal=proposal)
    [deadline] = selectors.proposal_deadlines(bkn_penghubung, date(2025, 4, 1), date(2025, 4, 30))
    assert deadline.due_on == date(2025, 4, 14)
    assert deadline.owing_party == "BKN"
    assert deadline.agreement_id == agreement.pk
    assert deadline.assignee_id == bkn_penghubung.pk
    assert deadline.url == f"/pertukaran/usulan/{proposal.pk}/"
    assert "Andi" not in deadline.title and proposal.nip not in deadline.title
    assert deadline.is_overdue(on=date(2025, 4, 15))
    assert selectors.proposal_deadlines(None, None, None) == [deadline]
    assert selectors.proposal_deadlines(bkn_penghubung, date(2025, 4, 15), None) == []


@pytest.mark.parametrize("status", [ProposalStatus.INFO_NEEDED, ProposalStatus.ACCEPTED])
def test_a_proposal_whose_clock_does_not_run_has_no_deadline(in_review, bkn_penghubung, status):
    if status == ProposalStatus.INFO_NEEDED:
        services.proposal_request_info(acting_user=bkn_penghubung, proposal=in_review, message="SK?")
    else:
        services.proposal_accept(acting_user=bkn_penghubung, proposal=in_review)
    assert selectors.proposal_deadlines(None, None, None) == []


def test_the_deadline_feed_of_the_portal_carries_proposal_due_dates(
    make_proposal, kemendes_penghubung, bkn_penghubung, bkn_staf, agreement
):
    agreement.proposal_due_working_days = 5
    agreement.save()
    from exchange.corrections.deadlines import ProposalDeadlineKind as DeadlineKind
    from portal.choices import DeadlineStatus
    from portal.deadlines import deadlines_all, deadlines_for

    proposal = make_proposal(now=at(date(2025, 3, 28)))
    services.proposal_submit(acting_user=kemendes_penghubung, proposal=proposal, now=at(date(2025, 3, 28)))
    found = [
        d
        for d in deadlines_for(bkn_staf, None, date(2025, 12, 31), today=date(2025, 4, 15))
        if d.kind == DeadlineKind.PROPOSAL
    ]
    assert len(found) == 1
    deadline = found[0]
    assert deadline.date == date(2025, 4, 14)
    assert deadline.status == DeadlineStatus.OVERDUE
    assert deadline.owing_label == "PIHAK KEDUA (BKN)"
    assert deadline.assignee_ids == ()
    assert deadline.key == f"proposal:{proposal.pk}:20250414"
    assert deadline.url == proposal.get_absolute_url()
    services.proposal_take(acting_user=bkn_penghubung, proposal=proposal)
    [again] = [
        d
        for d in deadlines_all(None, date(2025, 12, 31), today=date(2025, 4, 15))
        if d.kind == DeadlineKind.PROPOSAL
    ]
    assert again.assignee_ids == (bkn_penghubung.pk,)


def test_handlers_are_the_users_of_one_party_holding_the_grant(
    granted, bkn, bkn_penghubung, bkn_staf, kemendes_penghubung
):
    assert list(selectors.handlers_of(granted, bkn.pk)) == [bkn_penghubung]
    assert list(selectors.handlers_in_institution(bkn.pk, [granted.pk])) == [bkn_penghubung]
    assert list(selectors.handlers_in_institution(bkn.pk, [])) == []


def test_a_party_without_a_team_handles_by_role_and_mails_and_reminders_follow(
    agreement, bkn, bkn_staf, bkn_penghubung
):
    from agreements.models import PartyTeam

    PartyTeam.objects.filter(party__agreement=agreement).delete()
    assert list(selectors.handlers_of(agreement, bkn.pk)) == [bkn_penghubung]
    assert selectors.liaison_officers(agreement, bkn.pk) == [bkn_penghubung]
    assert bkn_staf not in selectors.handlers_in_institution(bkn.pk, [agreement.pk])


def test_the_mails_go_to_those_who_may_act_and_to_nobody_else(agreement, bkn, bkn_penghubung, bkn_staf):
    # BKN keeps a team with no member: nobody of BKN may handle, so no mail goes to a liaison by role.
    assert selectors.liaison_officers(agreement, bkn.pk) == []
    grant(bkn_staf, agreement, "handle_proposals")
    assert selectors.liaison_officers(agreement, bkn.pk) == [bkn_staf]


def test_comment_visibility_values_are_the_two_the_selectors_know():
    assert set(CommentVisibility.values) == {"shared", "internal"}


def test_the_bulk_assign_menu_is_the_union_of_each_agreements_handlers_in_two_queries(
    kemendes, bkn, bkn_staf, bkn_penghubung, django_assert_max_num_queries
):
    """By role where a party keeps no team, by a team's explicit grant, not where the team withholds it."""
    from agreements.models import PartyTeam
    from agreements.selectors import HANDLE_PROPOSALS, who_may
    from tests.reminders.conftest import make_agreement

    by_role, by_grant, withheld = (
        make_agreement([kemendes, bkn], numbers=(f"{n}/HKM/2026", f"{n}/HM/2026")) for n in (1, 2, 3)
    )
    PartyTeam.objects.filter(party__agreement=by_role).delete()
    grant(bkn_staf, by_grant, "handle_proposals")
    grant(bkn_penghubung, withheld, "view_personal_data")  # a member without the handling right

    for agreements in ([withheld], [by_grant, withheld], [by_role, by_grant, withheld], [by_role]):
        union = {user for agreement in agreements for user in who_may(agreement, HANDLE_PROPOSALS, bkn.pk)}
        ids = [agreement.pk for agreement in agreements]
        with django_assert_max_num_queries(2):  # the holders, then the menu's users: however many agreements
            menu = list(selectors.handlers_in_institution(bkn.pk, ids))
        assert set(menu) == union
    assert set(selectors.handlers_in_institution(bkn.pk, [by_role.pk, by_grant.pk, withheld.pk])) == {
        bkn_staf,
        bkn_penghubung,
    }
    assert list(selectors.handlers_in_institution(bkn.pk, [withheld.pk])) == []
