"""Fixtures of the report tests: the seed agreement as signed (its report obligation of PIHAK KESATU with a
due per semester), Kemendes's staff holding the change right on it, as the demo grants it."""

from __future__ import annotations

from datetime import date

import pytest

from agreements import demo as agreements_demo
from agreements.choices import ObligationKind
from agreements.models import Agreement, ObligationDue
from exchange.reports import services
from tests.helpers import member


@pytest.fixture
def seed(cast) -> Agreement:
    agreement, _created = agreements_demo.load_seed(users=cast)
    for username in ("kemendes.staf", "bkn.staf"):
        member(cast[username], agreement)
    return agreement


def report_due(agreement: Agreement, period: int = 1) -> ObligationDue:
    return ObligationDue.objects.get(
        obligation__agreement=agreement, obligation__kind=ObligationKind.REPORT, period_number=period
    )


def withhold_the_change_right(user, agreement: Agreement) -> None:
    """Make the user a member of their party's team whose shared-editing and keeping rights are withheld (as
    a Pimpinan does on the team page): rights come from role and team, so that is how a user of the party
    comes to lack the change right."""
    from agreements.models import AgreementParty, PartyTeam, TeamMember, TeamRight
    from agreements.rights import Right

    party = AgreementParty.objects.get(agreement=agreement, institution_id=user.institution_id)
    team, _ = PartyTeam.objects.get_or_create(party=party)
    member, _ = TeamMember.objects.get_or_create(team=team, user=user)
    withheld = (Right.EDIT_SHARED, Right.KEEP_OWN)
    member.adjustments.filter(right__in=withheld).delete()
    TeamRight.objects.bulk_create([TeamRight(member=member, right=r, granted=False) for r in withheld])


@pytest.fixture
def first_due(seed) -> ObligationDue:
    return report_due(seed)


def drafted(user, due: ObligationDue):
    run = services.report_run_request(acting_user=user, due=due)
    assert services.report_run_execute(run_id=run.pk) == "draft"
    run.refresh_from_db()
    return run


FIRST_PERIOD = (date(2023, 10, 9), date(2024, 4, 8))
