"""The Lampiran's services: edited directly before signing, changed after signing only by a proposal the
other party's Pimpinan accepts, which makes a new version and an addendum; any past day can be read."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from agreements.choices import AmendmentKind, EventKind
from agreements.models import Agreement, AgreementEvent, AgreementParty, Amendment
from exchange.data import selectors, services
from exchange.data.models import AnnexField, DataField, LampiranChange, LampiranVersion
from exchange.data.services import LineInput
from portal.models import Notification
from tests.helpers import member

JAKARTA = ZoneInfo("Asia/Jakarta")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=JAKARTA)


def lines(*codes: str, note: str = "") -> list[LineInput]:
    return [LineInput(DataField.objects.get(code=code), note) for code in codes]


def codes_of(agreement, provider, receiver) -> list[str]:
    return selectors.lampiran_fields(agreement=agreement, provider=provider, receiver=receiver)


@pytest.fixture
def editors(agreement, kemendes_staf, bkn_staf, bkn_pimpinan, kemendes_pimpinan):
    for user in (kemendes_staf, bkn_staf, bkn_pimpinan, kemendes_pimpinan):
        member(user, agreement)
    return agreement


@pytest.fixture
def draft(kemendes, bkn, kemendes_staf, bkn_staf):
    agreement = Agreement.objects.create(title="PKS rancangan satu arah")
    AgreementParty.objects.create(agreement=agreement, institution=kemendes, order=1)
    AgreementParty.objects.create(agreement=agreement, institution=bkn, order=2)
    for user in (kemendes_staf, bkn_staf):
        member(user, agreement)
    return agreement


def test_either_party_edits_a_draft_directly_and_an_empty_direction_makes_it_one_way(
    draft, kemendes_staf, bkn_staf
):
    kemendes, bkn = draft.parties.order_by("order")
    services.lampiran_edit(
        acting_user=kemendes_staf,
        agreement=draft,
        provider=kemendes,
        receiver=bkn,
        lines=lines("nipBaru", "nama"),
    )
    version = services.lampiran_edit(
        acting_user=bkn_staf,
        agreement=draft,
        provider=kemendes,
        receiver=bkn,
        lines=lines("nipBaru", "nama", "lokasiKerja", note="kabupaten/kota"),
    )
    assert version.number == 1 and version.valid_from is None
    assert codes_of(draft, kemendes, bkn) == ["nipBaru", "nama", "lokasiKerja"]
    directions = selectors.lampiran_directions(draft, [kemendes, bkn], version)
    assert [(d.provider, d.receiver) for d in directions] == [(kemendes, bkn)]
    assert {line.note for line in directions[0].lines} == {"kabupaten/kota"}
    assert AgreementEvent.objects.filter(agreement=draft, kind=EventKind.UPDATED).count() == 2


def test_a_draft_edit_is_refused_without_the_edit_right_or_to_an_outsider(
    draft, kemendes_penghubung, lain_staf
):
    kemendes, bkn = draft.parties.order_by("order")
    for user in (kemendes_penghubung, lain_staf):
        with pytest.raises(PermissionDenied):
            services.lampiran_edit(
                acting_user=user, agreement=draft, provider=kemendes, receiver=bkn, lines=lines("nipBaru")
            )
    assert not AnnexField.objects.filter(agreement=draft).exists()


def test_a_signed_agreement_is_not_edited_directly(editors, kemendes_staf, kemendes_party, bkn_party):
    with pytest.raises(ValidationError, match="sudah ditandatangani"):
        services.lampiran_edit(
            acting_user=kemendes_staf,
            agreement=editors,
            provider=kemendes_party,
            receiver=bkn_party,
            lines=lines("nipBaru"),
        )


def test_a_proposal_accepted_by_the_other_pimpinan_is_a_new_version_and_an_addendum(
    editors, kemendes_staf, bkn_pimpinan, kemendes_party, bkn_party, django_capture_on_commit_callbacks
):
    before = codes_of(editors, bkn_party, kemendes_party)
    with django_capture_on_commit_callbacks(execute=True):
        change = services.lampiran_change_propose(
            acting_user=kemendes_staf,
            agreement=editors,
            provider=bkn_party,
            receiver=kemendes_party,
            lines=lines(*before, "tempatLahir"),
            reason="Tempat lahir diperlukan untuk pemadanan nama dan tanggal lahir.",
            now=at(date(2024, 3, 1)),
        )
    # Nothing changes until the other party decides.
    assert codes_of(editors, bkn_party, kemendes_party) == before
    assert Notification.objects.filter(user=bkn_pimpinan, key__startswith="lampiran-change").exists()

    version = services.lampiran_change_accept(
        acting_user=bkn_pimpinan, change=change, now=at(date(2024, 3, 4))
    )

    assert version.number == 2 and version.valid_from == date(2024, 3, 4)
    assert "tempatLahir" in codes_of(editors, bkn_party, kemendes_party)
    amendment = Amendment.objects.get(agreement=editors)
    assert amendment.kind == AmendmentKind.ADDENDUM and amendment == version.amendment
    assert amendment.title == "Adendum Lampiran versi 2" and "tempatLahir" in amendment.summary
    change.refresh_from_db()
    assert change.status == LampiranChange.Status.ACCEPTED and change.version == version
    # The other direction is carried over unchanged into version 2.
    other = selectors.lampiran_directions(editors, [kemendes_party, bkn_party], version)
    assert len(other) == 2
    # The past: on 3 March version 1 was in force, without the new field.
    old = selectors.lampiran_version_on(editors, date(2024, 3, 3))
    assert old.number == 1
    old_codes = [
        line.field.code
        for d in selectors.lampiran_directions(editors, [kemendes_party, bkn_party], old)
        if d.provider == bkn_party
        for line in d.lines
    ]
    assert old_codes == before
    assert selectors.lampiran_version_on(editors, date(2024, 3, 4)).number == 2


def test_only_the_other_partys_pimpinan_decides(
    editors, kemendes_staf, kemendes_pimpinan, bkn_staf, bkn_pimpinan, kemendes_party, bkn_party
):
    change = services.lampiran_change_propose(
        acting_user=kemendes_staf,
        agreement=editors,
        provider=kemendes_party,
        receiver=bkn_party,
        lines=lines("nipBaru", "nama"),
        reason="Cukup NIP dan nama.",
        now=at(date(2024, 5, 2)),
    )
    for user in (kemendes_pimpinan, bkn_staf):
        with pytest.raises(PermissionDenied):
            services.lampiran_change_accept(acting_user=user, change=change)
    assert LampiranVersion.objects.filter(agreement=editors).count() == 1
    declined = services.lampiran_change_decline(
        acting_user=bkn_pimpinan, change=change, note="Lokasi kerja perlu."
    )
    assert declined.status == LampiranChange.Status.DECLINED
    assert "lokasiKerja" in codes_of(editors, kemendes_party, bkn_party)
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        services.lampiran_change_accept(acting_user=bkn_pimpinan, change=change)


def test_a_proposal_needs_a_reason_a_difference_and_no_other_pending_one(
    editors, kemendes_staf, kemendes_party, bkn_party
):
    current = codes_of(editors, kemendes_party, bkn_party)
    common = {
        "acting_user": kemendes_staf,
        "agreement": editors,
        "provider": kemendes_party,
        "receiver": bkn_party,
        "now": at(date(2024, 5, 2)),
    }
    with pytest.raises(ValidationError, match="Alasan"):
        services.lampiran_change_propose(**common, lines=lines("nipBaru"), reason="  ")
    with pytest.raises(ValidationError, match="sama dengan Lampiran"):
        services.lampiran_change_propose(**common, lines=lines(*current), reason="Tidak ada.")
    services.lampiran_change_propose(**common, lines=lines("nipBaru"), reason="Hanya NIP.")
    with pytest.raises(ValidationError, match="menunggu keputusan"):
        services.lampiran_change_propose(**common, lines=lines("nama"), reason="Hanya nama.")
    assert LampiranChange.objects.filter(agreement=editors).count() == 1


def test_a_user_whose_party_is_outside_the_direction_cannot_propose(
    editors, lain, lain_staf, kemendes_party, bkn_party
):
    AgreementParty.objects.create(agreement=editors, institution=lain, order=3)
    member(lain_staf, editors)
    with pytest.raises(PermissionDenied):
        services.lampiran_change_propose(
            acting_user=lain_staf,
            agreement=editors,
            provider=kemendes_party,
            receiver=bkn_party,
            lines=lines("nipBaru"),
            reason="Pihak ketiga.",
            now=at(date(2024, 5, 2)),
        )


def test_an_agreement_past_its_end_takes_no_more_changes(editors, kemendes_staf, kemendes_party, bkn_party):
    with pytest.raises(ValidationError, match="sudah tidak berlaku"):
        services.lampiran_change_propose(
            acting_user=kemendes_staf,
            agreement=editors,
            provider=kemendes_party,
            receiver=bkn_party,
            lines=lines("nipBaru"),
            reason="Terlambat.",
            now=at(date(2025, 10, 9)),
        )


def test_the_first_version_is_made_from_the_annex_rows(agreement, kemendes_party, bkn_party):
    version = services.lampiran_first_version(agreement=agreement)
    assert version.number == 1
    assert version.lines.count() == AnnexField.objects.filter(agreement=agreement).count() > 0


def test_the_lampiran_history_and_bell_lines_read_in_the_readers_language(
    editors, kemendes_staf, bkn_pimpinan, kemendes_party, bkn_party, django_capture_on_commit_callbacks
):
    before = codes_of(editors, bkn_party, kemendes_party)
    with django_capture_on_commit_callbacks(execute=True):
        change = services.lampiran_change_propose(
            acting_user=kemendes_staf,
            agreement=editors,
            provider=bkn_party,
            receiver=kemendes_party,
            lines=lines(*before, "tempatLahir"),
            reason="Tempat lahir diperlukan untuk pemadanan.",
            now=at(date(2024, 3, 1)),
        )
        services.lampiran_change_accept(acting_user=bkn_pimpinan, change=change, now=at(date(2024, 3, 4)))
    giver, taker = bkn_party.institution.short_name, kemendes_party.institution.short_name
    events = AgreementEvent.objects.filter(agreement=editors, summary__icontains="Lampiran").order_by("pk")
    bell = Notification.objects.get(user=bkn_pimpinan, key__startswith="lampiran-change")
    with translation.override("en"):
        lines_en = [event.summary_text for event in events]
        bell_en = bell.title_text
    assert lines_en == [
        f"Lampiran change proposed, {giver} to {taker}: added tempatLahir",
        f"Lampiran change accepted, {giver} to {taker}: version 2 in force from 4 March 2024 (addendum)",
    ]
    assert bell_en == f"A Lampiran change proposal awaits approval: {editors.title}"
    with translation.override("id"):
        assert [event.summary_text for event in events] == [
            f"Perubahan Lampiran diusulkan, {giver} kepada {taker}: ditambah tempatLahir",
            f"Perubahan Lampiran diterima, {giver} kepada {taker}: versi 2 berlaku sejak 4 Maret 2024"
            " (adendum)",
        ]
