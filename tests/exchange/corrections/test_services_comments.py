"""Comments: shared ones go to the other party, internal notes never leave their institution."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchange.corrections import services
from exchange.corrections.choices import CommentVisibility


def test_a_shared_comment_records_its_author_and_institution(in_review, bkn_penghubung, bkn):
    comment = services.comment_add(acting_user=bkn_penghubung, proposal=in_review, body="SK sedang dicek.")
    assert comment.visibility == CommentVisibility.SHARED
    assert (comment.author, comment.institution) == (bkn_penghubung, bkn)
    event = in_review.events.get(kind="commented")
    assert event.internal_to is None
    assert event.data == {"comment": comment.pk, "visibility": "shared"}


def test_an_internal_note_makes_an_internal_event(in_review, kemendes_penghubung, kemendes):
    note = services.comment_add(
        acting_user=kemendes_penghubung, proposal=in_review, body="Catatan kita", visibility="internal"
    )
    assert note.is_internal
    assert in_review.events.get(kind="commented").internal_to == kemendes


def test_any_user_of_a_party_may_write_an_internal_note_but_only_handlers_share(
    in_review, bkn_staf, kemendes_pimpinan
):
    services.comment_add(acting_user=bkn_staf, proposal=in_review, body="Catatan staf", visibility="internal")
    services.comment_add(
        acting_user=kemendes_pimpinan, proposal=in_review, body="Prioritaskan", visibility="internal"
    )
    with pytest.raises(PermissionDenied, match="hanya dapat dikirim oleh petugas"):
        services.comment_add(acting_user=bkn_staf, proposal=in_review, body="Untuk Kemendes")
    assert in_review.comments.count() == 2


def test_an_outsider_cannot_comment(in_review, lain_staf):
    with pytest.raises(PermissionDenied, match="bukan pihak"):
        services.comment_add(acting_user=lain_staf, proposal=in_review, body="Halo", visibility="internal")


def test_the_receiving_party_cannot_comment_on_a_draft_it_cannot_see(draft, bkn_penghubung):
    with pytest.raises(PermissionDenied):
        services.comment_add(acting_user=bkn_penghubung, proposal=draft, body="Halo", visibility="internal")


def test_a_draft_takes_internal_notes_only(draft, kemendes_penghubung):
    with pytest.raises(ValidationError, match="setelah usulan diajukan"):
        services.comment_add(acting_user=kemendes_penghubung, proposal=draft, body="Halo")
    services.comment_add(
        acting_user=kemendes_penghubung, proposal=draft, body="Cek dulu", visibility="internal"
    )


def test_a_finished_proposal_takes_internal_notes_only(in_review, kemendes_penghubung, bkn_penghubung):
    services.proposal_withdraw(acting_user=kemendes_penghubung, proposal=in_review)
    with pytest.raises(ValidationError, match="hanya catatan internal"):
        services.comment_add(acting_user=bkn_penghubung, proposal=in_review, body="Baik")
    services.comment_add(acting_user=bkn_penghubung, proposal=in_review, body="Arsip", visibility="internal")


@pytest.mark.parametrize(
    ("body", "visibility", "message"), [("  ", "shared", "wajib diisi"), ("Isi", "public", "Pilih sifat")]
)
def test_an_empty_or_unknown_comment_is_refused(in_review, bkn_penghubung, body, visibility, message):
    with pytest.raises(ValidationError, match=message):
        services.comment_add(acting_user=bkn_penghubung, proposal=in_review, body=body, visibility=visibility)
    assert not in_review.comments.exists()
