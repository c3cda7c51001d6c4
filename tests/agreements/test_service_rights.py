"""The permission matrix of every agreement service: the four roles of both parties, and an outsider.

The agreement is Kemendes's (PIHAK KESATU), created by its staff member: Kemendes keeps a team of its staff
member and its Pimpinan, so its liaison officer is no member; BKN (PIHAK KEDUA) accepted the invitation and
keeps no team, so its users act by the defaults of their roles. Each service refuses, by itself, whoever
lacks its right (PermissionDenied, nothing written); a party acts only for itself (ValidationError when a
user of BKN acts for Kemendes); a user with the right succeeds.
"""

import inspect
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import selectors, services
from agreements.choices import DisputeStage, NoticeKind, ObligationKind
from agreements.models import AgreementEvent, Letter, ObligationDue, PartyInvitation
from agreements.selectors import Right
from portal.models import User
from tests.agreements.conftest import addendum, party
from tests.helpers import acknowledge


@dataclass
class World:
    agreement: object
    parties: tuple
    staff: object  # Kemendes staff, who created the agreement
    manager: object  # Kemendes's Pimpinan, who signs off
    make_agreement: object


@pytest.fixture
def world(agreement, parties, kemendes_staf, kemendes_pimpinan, make_agreement):
    return World(agreement, parties, kemendes_staf, kemendes_pimpinan, make_agreement)


def pdf(name: str = "berkas.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 isi", content_type="application/pdf")


def own_due(w: World) -> ObligationDue:
    return ObligationDue.objects.filter(
        obligation__agreement=w.agreement, obligation__kind=ObligationKind.REPORT
    ).earliest("due_on")


def fm(w: World):
    return services.force_majeure_record(
        agreement=w.agreement,
        acting_user=w.staff,
        party=w.parties[0],
        occurred_on=date(2024, 3, 1),
        description="Banjir",
    )


def dispute(w: World):
    return services.dispute_record(
        agreement=w.agreement,
        acting_user=w.staff,
        raised_by=w.parties[0],
        subject="Selisih",
        opened_on=date(2024, 3, 1),
    )


def document(w: World):
    return services.document_upload(agreement=w.agreement, acting_user=w.staff, file=pdf(), title="Naskah")


def termination_notice(w: World):
    return services.notice_serve(
        agreement=w.agreement,
        acting_user=w.manager,
        kind=NoticeKind.TERMINATION,
        from_party=w.parties[0],
        served_on=date(2025, 1, 10),
        terminates_on=date(2025, 3, 1),
        send_email=False,
    )


# Each case prepares what the service needs (as the agreement's own staff) and returns the call to make as
# the user under test.
CASES = {}


def case(func):
    CASES[func.__name__] = func
    return func


@case
def agreement_update(w):
    # Signed: its title changes on an addendum of PARA PIHAK, recorded first.
    signed_off = addendum(w.agreement)
    return lambda user: services.agreement_update(
        agreement=w.agreement, acting_user=user, fields={"title": "Judul baru"}, amendment=signed_off
    )


@case
def agreement_sign(w):
    draft = w.make_agreement(signed_on=None, contacts=False, title="Draf")
    return lambda user: services.agreement_sign(
        agreement=draft, acting_user=user, signed_on=date(2024, 2, 1), signing_place="Bogor"
    )


@case
def agreement_extend(w):
    return lambda user: services.agreement_extend(
        agreement=w.agreement, acting_user=user, months=12, signed_on=date(2025, 9, 1)
    )


@case
def amendment_record(w):
    return lambda user: services.amendment_record(
        agreement=w.agreement, acting_user=user, kind="addendum", signed_on=date(2024, 6, 1), title="Adendum"
    )


@case
def notice_serve(w):
    return lambda user: services.notice_serve(
        agreement=w.agreement,
        acting_user=user,
        kind=NoticeKind.RENEWAL,
        from_party=w.parties[0],
        served_on=date(2025, 8, 1),
        send_email=False,
    )


@case
def agreement_terminate(w):
    termination_notice(w)
    return lambda user: services.agreement_terminate(
        agreement=w.agreement, acting_user=user, terminates_on=date(2025, 3, 1)
    )


@case
def agreement_clocks_recompute(w):
    return lambda user: services.agreement_clocks_recompute(agreement=w.agreement, acting_user=user)


@case
def contact_add(w):
    return lambda user: services.contact_add(
        agreement=w.agreement,
        acting_user=user,
        party=w.parties[0],
        unit="Biro Hukum",
        valid_from=date(2024, 7, 1),
    )


@case
def contact_end(w):
    contact = w.agreement.contacts.filter(party=w.parties[0]).first()
    return lambda user: services.contact_end(contact=contact, acting_user=user, valid_to=date(2024, 12, 31))


@case
def letter_issue(w):
    return lambda user: services.letter_issue(
        agreement=w.agreement,
        acting_user=user,
        from_party=w.parties[0],
        to_party=w.parties[1],
        dated_on=date(2024, 3, 4),
        subject="Undangan",
        body="Dengan hormat,",
        send_email=False,
    )


@case
def letter_register_incoming(w):
    return lambda user: services.letter_register_incoming(
        agreement=w.agreement,
        acting_user=user,
        from_party=w.parties[1],
        number="9/HM.04.01/2024",
        dated_on=date(2024, 3, 1),
        received_on=date(2024, 3, 4),
        subject="Jadwal",
    )


@case
def document_upload(w):
    return lambda user: services.document_upload(
        agreement=w.agreement, acting_user=user, file=pdf(), title="Naskah"
    )


@case
def paraf_record(w):
    doc = document(w)
    return lambda user: services.paraf_record(
        document=doc,
        acting_user=user,
        party=w.parties[0],
        initialled_by="TAUFIK",
        initialled_on=date(2023, 10, 9),
    )


@case
def force_majeure_record(w):
    return lambda user: services.force_majeure_record(
        agreement=w.agreement,
        acting_user=user,
        party=w.parties[0],
        occurred_on=date(2024, 3, 1),
        description="Banjir",
    )


@case
def force_majeure_notify(w):
    event = fm(w)
    return lambda user: services.force_majeure_notify(
        force_majeure=event, acting_user=user, notified_on=date(2024, 3, 5), send_email=False
    )


@case
def force_majeure_end(w):
    event = fm(w)
    return lambda user: services.force_majeure_end(
        force_majeure=event, acting_user=user, ended_on=date(2024, 3, 20)
    )


@case
def dispute_record(w):
    return lambda user: services.dispute_record(
        agreement=w.agreement,
        acting_user=user,
        raised_by=w.parties[0],
        subject="Selisih",
        opened_on=date(2024, 3, 1),
    )


@case
def dispute_advance(w):
    row = dispute(w)
    return lambda user: services.dispute_advance(
        dispute=row, acting_user=user, stage=DisputeStage.LEGAL, on=date(2024, 4, 1)
    )


@case
def monev_hold(w):
    return lambda user: services.monev_hold(
        agreement=w.agreement, acting_user=user, held_on=date(2024, 3, 20), minutes="Notula"
    )


@case
def obligation_add(w):
    return lambda user: services.obligation_add(
        agreement=w.agreement,
        acting_user=user,
        party=w.parties[0],
        kind=ObligationKind.OTHER,
        title="Serah terima akun",
        recurrence="once",
        due_on=date(2024, 1, 15),
    )


@case
def due_meet(w):
    due = own_due(w)
    return lambda user: services.due_meet(due=due, acting_user=user, met_on=date(2024, 4, 1))


@case
def due_waive(w):
    due = own_due(w)
    return lambda user: services.due_waive(
        due=due, acting_user=user, waived_on=date(2024, 4, 10), reason="Disepakati"
    )


@case
def invitation_withdraw(w):
    """Kemendes's staff invites BPS as PIHAK KETIGA; the invitation is Kemendes's to take back."""
    lain = User.objects.get(username="lain.staf").institution
    parties = [party(p.institution, p.number) for p in w.agreement.parties.order_by("order")]
    services.agreement_update(
        agreement=w.agreement, acting_user=w.staff, fields={}, parties=[*parties, party(lain, "3/BPS/2023")]
    )
    invitation = PartyInvitation.objects.get(agreement=w.agreement, institution=lain)
    return lambda user: services.invitation_withdraw(invitation=invitation, acting_user=user)


# The right each service needs, and whether it acts for a party named in the call (here Kemendes's).
NEEDS = {
    "agreement_update": (Right.EDIT_SHARED, False),
    "agreement_sign": (Right.EDIT_SHARED, False),
    "agreement_extend": (Right.SIGN_OFF, False),
    "amendment_record": (Right.SIGN_OFF, False),
    "notice_serve": (Right.SIGN_OFF, True),
    "agreement_terminate": (Right.SIGN_OFF, False),
    "agreement_clocks_recompute": (Right.RECOMPUTE, False),
    "contact_add": (Right.KEEP_OWN, True),
    "contact_end": (Right.KEEP_OWN, True),
    "letter_issue": (Right.KEEP_OWN, True),
    "letter_register_incoming": (Right.KEEP_OWN, True),
    "document_upload": (Right.KEEP_OWN, False),
    "paraf_record": (Right.KEEP_OWN, True),
    "force_majeure_record": (Right.KEEP_OWN, True),
    "force_majeure_notify": (Right.KEEP_OWN, True),
    "force_majeure_end": (Right.KEEP_OWN, True),
    "dispute_record": (Right.EDIT_SHARED, True),
    "dispute_advance": (Right.EDIT_SHARED, False),
    "monev_hold": (Right.EDIT_SHARED, False),
    "obligation_add": (Right.EDIT_SHARED, False),
    "due_meet": (Right.KEEP_OWN, True),
    "due_waive": (Right.EDIT_SHARED, False),
    "invitation_withdraw": (Right.EDIT_SHARED, True),
}

STAF = {Right.VIEW, Right.EDIT_SHARED, Right.KEEP_OWN, Right.RECOMPUTE}
PIMPINAN = STAF | {Right.SIGN_OFF, Right.MANAGE_TEAM}
# Who holds what on the agreement of the fixture (see the module's docstring).
RIGHTS = {
    "kemendes_staf": STAF,
    "kemendes_penghubung": {Right.VIEW},
    "kemendes_pimpinan": PIMPINAN,
    "bkn_staf": STAF,
    "bkn_penghubung": {Right.VIEW, Right.HANDLE_PROPOSALS, Right.VIEW_PERSONAL_DATA},
    "bkn_pimpinan": PIMPINAN,
    "lain_staf": set(),
    "admin_user": {Right.VIEW, Right.RECOMPUTE},
}


def test_every_service_of_the_package_is_covered():
    """Every public function that takes the acting principal has its case here (create, teams and
    invitations have their own tests)."""
    transitions = {
        name
        for name in services.__all__
        if callable(getattr(services, name))
        and "acting_user" in inspect.signature(getattr(services, name)).parameters
        and inspect.signature(getattr(services, name)).parameters["acting_user"].kind
        == inspect.Parameter.KEYWORD_ONLY
    }
    own_tests = {
        "agreement_create",
        "agreement_oversight_read",
        "invitation_accept",
        "invitation_decline",
        "team_member_add",
        "team_member_remove",
        "team_member_rights_set",
    }
    assert transitions == set(CASES) | own_tests
    assert set(NEEDS) == set(CASES)


def test_the_rights_of_each_kind_of_user(world, request, bkn_penghubung):
    # The personal-data right of the role counts only once its holder acknowledged the Pasal 9 duties.
    assert Right.VIEW_PERSONAL_DATA not in selectors.agreement_rights(bkn_penghubung, world.agreement)
    acknowledge(bkn_penghubung, world.agreement)
    for who, rights in RIGHTS.items():
        assert selectors.agreement_rights(request.getfixturevalue(who), world.agreement) == rights, who


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_permission_matrix_of_every_service(world, name, request):
    """Everyone the matrix refuses is refused by the service itself, and nothing is written; then one user
    with the right succeeds."""
    call = CASES[name](world)
    right, for_kemendes = NEEDS[name]
    allowed = []
    for who, rights in RIGHTS.items():
        user = request.getfixturevalue(who)
        events, letters = AgreementEvent.objects.count(), Letter.objects.count()
        if right not in rights:
            with pytest.raises(PermissionDenied) as refused:
                call(user)
            assert "tidak berwenang" in str(refused.value), who
        elif for_kemendes and who.startswith("bkn"):
            with pytest.raises(ValidationError):
                call(user)
        else:
            allowed.append(user)
            continue
        assert (AgreementEvent.objects.count(), Letter.objects.count()) == (events, letters), who
    assert allowed
    events = AgreementEvent.objects.count()
    call(allowed[0])
    # Recomputing clocks that are already right changes nothing, so it writes no event.
    assert AgreementEvent.objects.count() > events or name == "agreement_clocks_recompute"


def test_a_former_grant_of_a_non_party_gives_nothing(world, lain_staf):
    from guardian.shortcuts import assign_perm

    assign_perm("agreements.change_agreement", lain_staf, world.agreement)
    assert selectors.agreement_rights(lain_staf, world.agreement) == frozenset()
    with pytest.raises(PermissionDenied):
        document_upload(world)(lain_staf)


def test_an_administrator_may_recompute_the_clocks_and_change_nothing(world, admin_user):
    services.agreement_clocks_recompute(agreement=world.agreement, acting_user=admin_user)
    with pytest.raises(PermissionDenied):
        agreement_update(world)(admin_user)


def test_a_liaison_officer_cannot_open_an_agreement(kemendes, bkn, kemendes_penghubung):
    with pytest.raises(PermissionDenied, match="staf dan pimpinan"):
        services.agreement_create(
            acting_user=kemendes_penghubung, fields={"title": "X"}, parties=[party(kemendes), party(bkn)]
        )


def test_a_manager_opens_an_agreement_in_the_name_of_the_institution(kemendes, bkn, kemendes_pimpinan):
    created = services.agreement_create(
        acting_user=kemendes_pimpinan, fields={"title": "X"}, parties=[party(kemendes), party(bkn)]
    )
    assert selectors.may(kemendes_pimpinan, Right.SIGN_OFF, created)


# --- A party acts only for itself ------------------------------------------------------------------


def test_a_party_meets_only_its_own_dues(world, bkn_editor):
    with pytest.raises(ValidationError, match="pemenuhannya dicatat oleh pihak tersebut"):
        services.due_meet(due=own_due(world), acting_user=bkn_editor, met_on=date(2024, 4, 1))
    assert own_due(world).met_on is None


def test_only_the_affected_party_records_the_notice_of_its_force_majeure(world, bkn_editor):
    event = fm(world)
    with pytest.raises(ValidationError, match="dicatat oleh pihak yang mengalaminya"):
        services.force_majeure_notify(
            force_majeure=event,
            acting_user=bkn_editor,
            notified_on=date(2024, 3, 5),
            issue_notice_letter=False,
        )
    event.refresh_from_db()
    assert event.notified_on is None


def test_a_party_serves_notice_and_issues_letters_only_in_its_own_name(world, bkn_pimpinan, bkn_editor):
    with pytest.raises(ValidationError, match="atas nama instansi Anda sendiri"):
        notice_serve(world)(bkn_pimpinan)
    with pytest.raises(ValidationError, match="atas nama instansi Anda sendiri"):
        letter_issue(world)(bkn_editor)
    assert not Letter.objects.exists()


def test_a_party_records_only_its_own_paraf(world, bkn_editor):
    with pytest.raises(ValidationError, match="paraf PIHAK KESATU dicatat oleh pihak tersebut"):
        paraf_record(world)(bkn_editor)
