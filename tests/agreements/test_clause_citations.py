"""Article references come from the agreement's own clauses: an agreement numbered differently from the seed
gets letters (read back from the PDF), reminders and pages citing its own numbers, and none where no clause
is tagged."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import pdf, services
from agreements.choices import ClauseTag, NoticeKind
from agreements.models import Clause
from portal.deadlines import deadlines_all
from tests.agreements.conftest import addendum

pytestmark = pytest.mark.django_db

# Its term sits in Pasal 4, confidentiality in Pasal 8, force majeure in Pasal 9 (the seed: 6, 9, 10).
OWN_CLAUSES = [
    {"number": 1, "title": "MAKSUD DAN TUJUAN", "text": "Tujuan.", "tags": []},
    {"number": 4, "title": "JANGKA WAKTU", "text": "Dua tahun.", "tags": [ClauseTag.TERM, ClauseTag.NOTICE]},
    {"number": 8, "title": "KERAHASIAAN", "text": "Rahasia.", "tags": [ClauseTag.CONFIDENTIALITY]},
    {"number": 9, "title": "KEADAAN KAHAR", "text": "Kahar.", "tags": [ClauseTag.FORCE_MAJEURE]},
]


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def numbered(agreement, kemendes_staf):
    services.agreement_update(
        agreement=agreement,
        acting_user=kemendes_staf,
        fields={},
        clauses=OWN_CLAUSES,
        amendment=addendum(agreement),
    )
    return agreement


def test_a_termination_letter_cites_the_agreements_own_clauses(numbered, parties, kemendes_pimpinan):
    notice = services.notice_serve(
        agreement=numbered,
        acting_user=kemendes_pimpinan,
        kind=NoticeKind.TERMINATION,
        from_party=parties[0],
        served_on=date(2025, 1, 31),
        terminates_on=date(2025, 2, 28),
        send_email=False,
    )
    text = " ".join(text_of(pdf.letter_pdf(notice.letter)).split())
    assert "terhitung mulai tanggal 28 Februari 2025, sesuai Pasal 4." in text
    assert "Sesuai Pasal 4, pengakhiran ini tidak menghapuskan" in text
    assert "sesuai Pasal 8 ketentuan kerahasiaan data tetap berlaku" in text
    assert "Pasal 6" not in text and "Pasal 9" not in text


def test_a_force_majeure_letter_cites_its_own_force_majeure_clause(numbered, parties, bkn_editor):
    event = services.force_majeure_record(
        agreement=numbered, acting_user=bkn_editor, party=parties[1], occurred_on=date(2024, 2, 20),
        description="Gempa bumi",
    )  # fmt: skip
    services.force_majeure_notify(
        force_majeure=event, acting_user=bkn_editor, notified_on=date(2024, 2, 29), send_email=False
    )
    text = " ".join(text_of(pdf.letter_pdf(numbered.letters.get())).split())
    assert "keadaan kahar (force majeure) (Pasal 9)" in text
    assert "Pasal 10" not in text


def test_reminders_and_the_page_cite_the_own_numbers(numbered, client, kemendes_staf):
    found = deadlines_all(None, date(2030, 1, 1), today=date(2025, 8, 9), agreement_id=numbered.pk)
    notice = next(d for d in found if d.kind == "notice")
    assert notice.clause == "Pasal 4" and "(Pasal 4)" in notice.action
    client.force_login(kemendes_staf)
    page = client.get(reverse("agreements:agreement_detail", args=[numbered.pk])).content.decode()
    assert "Pasal 4" in page and "Pasal 6 ayat" not in page


def test_without_tagged_clauses_nothing_is_cited(agreement, parties, kemendes_staf):
    found = deadlines_all(None, date(2030, 1, 1), today=date(2025, 8, 9), agreement_id=agreement.pk)
    assert all(d.clause == "" for d in found if d.kind in ("notice", "end"))
    assert all("Pasal" not in d.action for d in found)


def test_a_subject_tagged_on_two_clauses_is_refused_and_nothing_changes(numbered, kemendes_staf):
    twice = [*OWN_CLAUSES, {"number": 12, "title": "LAIN", "text": "x", "tags": [ClauseTag.TERM]}]
    with pytest.raises(ValidationError, match="Jangka waktu"):
        services.agreement_update(agreement=numbered, acting_user=kemendes_staf, fields={}, clauses=twice)
    assert not Clause.objects.filter(agreement=numbered, number=12).exists()
