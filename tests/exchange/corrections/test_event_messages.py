"""A proposal's history and its bell lines show in the reader's language: events are stored as a message and
its parameters, and the data migration reads the sentences of rows written before back into messages."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.utils import translation

from exchange.corrections import services
from exchange.corrections.models import ProposalEvent
from portal.lib.stored_text import render
from portal.models import Notification

migration = importlib.import_module("exchange.corrections.migrations.0008_proposal_event_message")

OLD_ROWS = [
    # (the sentence as stored before, the event's data, the same in English)
    ("2 elemen data", {}, "2 data elements"),
    ("1 berkas", {}, "1 file"),
    ("Ditangani oleh Sari Rahmawati", {}, "Handled by Sari Rahmawati"),
    ("Ditugaskan kepada Budi Hartono", {}, "Assigned to Budi Hartono"),
    ("Tenggat dihentikan; sisa 4 hari kerja", {}, "Deadline stopped; working days left: 4"),
    (
        "Jatuh tempo 14 April 2025 (10 hari kerja)",
        {"due_on": "2025-04-14"},
        "Due 14 April 2025 (10 working days)",
    ),
    ("Jatuh tempo baru 2 Mei 2025", {"due_on": "2025-05-02"}, "New due date 2 May 2025"),
    (
        "Diperbaiki pada 9 Mei 2025, rujukan SIASN-PD/7",
        {"applied_on": "2025-05-09"},
        "Corrected on 9 May 2025, reference SIASN-PD/7",
    ),
    ("Dibagikan kepada pihak lain", {}, "Shared with the other party"),
    ("Catatan internal", {}, "Internal note"),
]


@pytest.mark.parametrize(("sentence", "data", "english"), OLD_ROWS)
def test_the_migration_reads_an_old_sentence_back_into_its_message(sentence, data, english):
    message = migration.message_of(sentence, data)
    assert message, sentence
    with translation.override("id"):
        assert render(message, sentence) == sentence
    with translation.override("en"):
        assert render(message, sentence) == english


def test_a_sentence_the_migration_cannot_read_keeps_showing_as_written():
    assert migration.message_of("Catatan lama yang ditulis tangan", {}) == {}
    # A due date without the date in the event's data is not guessed from the Indonesian words.
    assert migration.message_of("Jatuh tempo baru 2 Mei 2025", {}) == {}
    event = ProposalEvent(summary="Catatan lama yang ditulis tangan", message={})
    with translation.override("en"):
        assert event.summary_text == "Catatan lama yang ditulis tangan"


def test_new_events_and_their_bell_lines_show_in_each_readers_language(
    submitted, bkn_penghubung, kemendes_penghubung, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_take(acting_user=bkn_penghubung, proposal=submitted)
    taken = ProposalEvent.objects.filter(proposal=submitted).order_by("pk").last()
    assert taken.message["msgid"] == "Ditangani oleh %(name)s"
    with translation.override("en"):
        assert taken.summary_text == f"Handled by {bkn_penghubung}"
    with translation.override("id"):
        assert taken.summary_text == f"Ditangani oleh {bkn_penghubung}"
    line = Notification.objects.get(user=kemendes_penghubung, key=f"proposal-event:{taken.pk}")
    with translation.override("en"):
        assert line.title_text.startswith(f"{submitted.reference}: ")
        assert "Handled by" in line.body_text
    submitted_event = ProposalEvent.objects.get(proposal=submitted, kind="submitted")
    with translation.override("en"):
        assert "working days" in submitted_event.summary_text
        assert "hari kerja" not in submitted_event.summary_text
    assert date.fromisoformat(submitted_event.message["params"]["due"]["date"]) == submitted.due_on
