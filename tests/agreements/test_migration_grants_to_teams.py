"""The data migration that turns per-user object grants into team memberships keeps every right it gave."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from agreements import selectors
from agreements.models import Agreement, AgreementParty, TeamMember
from agreements.selectors import Right
from tests.helpers import acknowledge

BEFORE = [("agreements", "0003_teams_and_invitations")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_grants_become_team_memberships_with_the_same_rights(cast):
    from guardian.models import UserObjectPermission
    from guardian.shortcuts import assign_perm

    kemendes, bkn = cast["kemendes.staf"].institution, cast["bkn.staf"].institution
    try:
        _migrate(BEFORE)
        agreement = Agreement.objects.create(title="PKS lama", signed_on=date(2023, 10, 9))
        AgreementParty.objects.create(agreement=agreement, institution=kemendes, order=1)
        AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2)
        # As the portal granted before: Kemendes's staff edits, its liaison officer handles proposals;
        # BKN's Pimpinan edits; a grant of BPS (no party) gave nothing.
        assign_perm("agreements.change_agreement", cast["kemendes.staf"], agreement)
        assign_perm("agreements.handle_proposals", cast["kemendes.penghubung"], agreement)
        assign_perm("agreements.view_personal_data", cast["kemendes.penghubung"], agreement)
        assign_perm("agreements.change_agreement", cast["bkn.pimpinan"], agreement)
        assign_perm("agreements.change_agreement", cast["lain.staf"], agreement)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert not UserObjectPermission.objects.exists()
    members = {
        (m.team.party.order, m.user.username)
        for m in TeamMember.objects.select_related("team__party", "user")
    }
    assert members == {(1, "kemendes.staf"), (1, "kemendes.penghubung"), (2, "bkn.pimpinan")}
    # The personal-data right the grant became counts once its holder acknowledged the Pasal 9 duties.
    acknowledge(cast["kemendes.penghubung"], agreement)
    rights = {name: selectors.agreement_rights(user, agreement) for name, user in cast.items()}
    assert {Right.EDIT_SHARED, Right.KEEP_OWN} <= rights["kemendes.staf"]
    assert {Right.HANDLE_PROPOSALS, Right.VIEW_PERSONAL_DATA} <= rights["kemendes.penghubung"]
    assert Right.EDIT_SHARED not in rights["kemendes.penghubung"]
    assert {Right.EDIT_SHARED, Right.SIGN_OFF} <= rights["bkn.pimpinan"]
    # Who held no grant where others did holds nothing still; a party's Pimpinan keeps its team.
    assert rights["kemendes.pimpinan"] == {Right.VIEW, Right.MANAGE_TEAM}
    assert rights["bkn.staf"] == {Right.VIEW}
    assert rights["lain.staf"] == frozenset()
