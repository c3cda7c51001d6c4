"""The XLSX import as a background job: queued by the page, claimed once, all rows or none, a re-upload of
the same file recognised; and every mail and bell line of a step written in the step's own transaction."""

from datetime import timedelta
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from exchange.corrections import emails, services, tasks
from exchange.corrections.choices import ImportStatus, ProposalStatus
from exchange.corrections.models import Proposal, ProposalEvent, ProposalImport
from portal.lib import queue
from portal.models import Notification, OutboxMail
from tests.exchange.corrections.test_import import GOOD, sheet
from tests.helpers import assert_permission_matrix

URL = reverse("exchange:proposal_import")
# One file, built once: openpyxl stamps the time into every workbook it saves, and "the same file again" is
# the same bytes a user uploads twice.
GOOD_FILE = sheet(GOOD).read()


def same_file():
    return SimpleUploadedFile("import.xlsx", GOOD_FILE)


def request_import(user, party, *, rows=None, submit=True, **options):
    return services.proposal_import_request(
        acting_user=user,
        receiving_party=party,
        file=sheet(rows) if rows is not None else same_file(),
        submit=submit,
        **options,
    )


def test_a_run_twice_has_one_effect(granted, bkn_party, kemendes_penghubung):
    job = request_import(kemendes_penghubung, bkn_party)
    assert tasks.run_proposal_import(job.pk) == "done"
    assert tasks.run_proposal_import(job.pk) == "skipped"
    job.refresh_from_db()
    assert (job.status, job.row_count, job.created_count, job.attempts) == (ImportStatus.DONE, 3, 2, 1)
    assert Proposal.objects.filter(status=ProposalStatus.SUBMITTED).count() == 2
    assert OutboxMail.objects.filter(kind="proposal_submitted").count() == 2


def test_the_request_stores_the_file_with_its_checksum_and_rings_after_commit(
    granted, bkn_party, kemendes_penghubung, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = request_import(kemendes_penghubung, bkn_party)
    assert job.status == ImportStatus.QUEUED and len(job.sha256) == 64
    assert job.file.name.startswith("proposal-imports/") and job.file_name == "import.xlsx"
    assert job.created_by == kemendes_penghubung and job.agreement == granted
    assert [(c.func, c.args) for c in callbacks] == [(queue.ring, (tasks.run_proposal_import, job.pk))]
    assert not Proposal.objects.exists()


def test_a_file_with_one_bad_row_is_refused_whole_and_says_which(granted, bkn_party, kemendes_penghubung):
    job = request_import(
        kemendes_penghubung, bkn_party, rows=[*GOOD, ["123", "Cici", "golRuangAkhir", "", "1", "x"]]
    )
    assert tasks.run_proposal_import(job.pk) == "refused"
    job.refresh_from_db()
    assert job.problems == ["Baris 5: NIP harus 18 digit, yang diisi 3 digit."]
    assert not Proposal.objects.exists() and not OutboxMail.objects.exists()


def test_a_claim_whose_worker_died_is_queued_again_by_the_sweep_and_then_done_once(
    granted, bkn_party, kemendes_penghubung
):
    job = request_import(kemendes_penghubung, bkn_party)
    stale = timezone.now() - timedelta(minutes=5)
    ProposalImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, claim="dead-worker", claimed_at=stale, attempts=1
    )
    assert tasks.run_proposal_import(job.pk) == "skipped"  # still someone's claim
    assert services.proposal_imports_sweep() == {"requeued": 1, "failed": 0, "rung": 1, "files_dropped": 0}
    assert tasks.run_proposal_import(job.pk) == "done"
    assert services.proposal_imports_sweep() == {"requeued": 0, "failed": 0, "rung": 0, "files_dropped": 0}
    assert Proposal.objects.count() == 2 and ProposalImport.objects.get().attempts == 2


def test_a_claim_that_keeps_dying_is_given_up_with_a_message(granted, bkn_party, kemendes_penghubung):
    job = request_import(kemendes_penghubung, bkn_party)
    ProposalImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, claimed_at=timezone.now() - timedelta(minutes=5), attempts=3
    )
    assert services.proposal_imports_sweep()["failed"] == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "tidak ada yang disimpan" in job.problems[0]
    assert tasks.run_proposal_import(job.pk) == "skipped"


def test_the_same_file_again_is_refused_naming_when_and_by_whom(granted, bkn_party, kemendes_penghubung):
    first = request_import(kemendes_penghubung, bkn_party)
    tasks.run_proposal_import(first.pk)
    with pytest.raises(services.DuplicateImport) as caught:
        request_import(kemendes_penghubung, bkn_party)
    when = timezone.localtime(first.created_at)
    message = caught.value.messages[0]
    assert f"pukul {when:%H.%M} oleh {kemendes_penghubung}" in message and "(2 usulan)" in message
    assert caught.value.previous == first
    assert ProposalImport.objects.count() == 1 and Proposal.objects.count() == 2


def test_the_same_file_goes_in_again_only_when_confirmed(granted, bkn_party, kemendes_penghubung):
    first = request_import(kemendes_penghubung, bkn_party)
    tasks.run_proposal_import(first.pk)
    again = request_import(kemendes_penghubung, bkn_party, confirm_duplicate=True)
    assert again.repeats == first
    tasks.run_proposal_import(again.pk)
    assert Proposal.objects.count() == 4


def test_a_refused_import_does_not_count_as_imported(granted, bkn_party, kemendes_penghubung):
    granted.signed_on = None
    granted.save()
    first = request_import(kemendes_penghubung, bkn_party)
    assert tasks.run_proposal_import(first.pk) == "refused"
    assert request_import(kemendes_penghubung, bkn_party).repeats is None


def test_a_file_that_is_not_xlsx_is_refused_before_anything_is_stored(
    granted, bkn_party, kemendes_penghubung
):
    with pytest.raises(ValidationError) as caught:
        services.proposal_import_request(
            acting_user=kemendes_penghubung,
            receiving_party=bkn_party,
            file=SimpleUploadedFile("a.xlsx", b"x"),
        )
    assert caught.value.message_dict == {"file": ["Berkas tidak dapat dibaca sebagai XLSX."]}
    assert not ProposalImport.objects.exists()


# --- Mails written with the step -------------------------------------------------------------------------


def test_a_step_writes_its_mail_and_bell_lines_before_commit_and_only_rings_after(
    draft, kemendes_penghubung, bkn_penghubung, django_capture_on_commit_callbacks
):
    from portal import tasks as portal_tasks

    with django_capture_on_commit_callbacks() as callbacks:
        services.proposal_submit(acting_user=kemendes_penghubung, proposal=draft)
        # Inside the step's transaction, before any commit: the mail and the bell line are there.
        mail = OutboxMail.objects.get()
        assert mail.kind == "proposal_submitted" and mail.to == [bkn_penghubung.email]
        assert Notification.objects.filter(user=bkn_penghubung).count() == 1
    assert [c.func for c in callbacks] == [queue.ring]
    assert [c.args for c in callbacks if isinstance(c, partial)] == [(portal_tasks.send_outbox_mail, mail.pk)]


def test_a_step_whose_mail_fails_is_kept_and_the_sweep_writes_the_mail_once(
    in_review, bkn_penghubung, kemendes_penghubung, monkeypatch
):
    real = emails.announce

    def broken(event_id):
        raise RuntimeError("template missing")

    monkeypatch.setattr(emails, "announce", broken)
    services.proposal_accept(acting_user=bkn_penghubung, proposal=in_review)
    event = ProposalEvent.objects.get(kind="accepted")
    assert event.announce_pending and not OutboxMail.objects.filter(kind="proposal_accepted").exists()
    assert emails.announce_pending_events() == {"announced": 0, "pending": 1}
    monkeypatch.setattr(emails, "announce", real)
    assert "announced=1," in tasks.sweep_proposals()
    assert "announced=0," in tasks.sweep_proposals()
    assert ProposalEvent.objects.filter(announce_pending=True).count() == 0
    assert OutboxMail.objects.get(kind="proposal_accepted").to == [kemendes_penghubung.email]


# --- The pages ---------------------------------------------------------------------------------------------


@pytest.fixture
def job(granted, bkn_party, kemendes_penghubung):
    return request_import(kemendes_penghubung, bkn_party)


@pytest.mark.parametrize("name", ["proposal_import_detail", "proposal_import_status"])
def test_the_permission_matrix_of_an_import(
    client, job, name, lain_staf, kemendes_staf, kemendes_penghubung, bkn_penghubung
):
    assert_permission_matrix(
        client,
        reverse(f"exchange:{name}", args=[job.pk]),
        {
            "anonymous": (None, 302),
            "outsider": (lain_staf, 404),
            "other party": (bkn_penghubung, 404),
            "no grant": (kemendes_staf, 404),
            "granted": (kemendes_penghubung, 200),
        },
    )


def test_the_status_is_json_with_the_progress(client, job, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    url = reverse("exchange:proposal_import_status", args=[job.pk])
    ProposalImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, progress_total=4, progress_done=1
    )
    assert client.get(url).json() == {
        "status": "running",
        "label": "Sedang diproses",
        "progress": 25,
        "done": False,
        "rows": 0,
        "created": 0,
    }
    ProposalImport.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    tasks.run_proposal_import(job.pk)
    state = client.get(url).json()
    assert (state["done"], state["progress"], state["rows"], state["created"]) == (True, 100, 3, 2)


def test_the_import_page_runs_a_bounded_number_of_queries(
    client, job, kemendes_penghubung, django_assert_max_num_queries
):
    client.force_login(kemendes_penghubung)
    tasks.run_proposal_import(job.pk)
    with django_assert_max_num_queries(12):
        assert client.get(job.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_the_page_refuses_a_repeated_file_until_confirmed(client, job, bkn_party, kemendes_penghubung):
    tasks.run_proposal_import(job.pk)
    client.force_login(kemendes_penghubung)
    response = client.post(URL, {"receiving_party": bkn_party.pk, "file": same_file(), "submit": "on"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Berkas yang sama sudah diimpor untuk perjanjian ini" in page and str(kemendes_penghubung) in page
    assert 'name="confirm_duplicate"' in page and job.get_absolute_url() in page
    assert ProposalImport.objects.count() == 1
    response = client.post(
        URL, {"receiving_party": bkn_party.pk, "file": same_file(), "submit": "on", "confirm_duplicate": "on"}
    )
    assert response.status_code == 302 and ProposalImport.objects.count() == 2


def test_the_form_shows_no_confirmation_box_for_a_new_file(client, granted, kemendes_penghubung):
    client.force_login(kemendes_penghubung)
    assert 'name="confirm_duplicate"' not in client.get(URL).content.decode()


def test_the_file_is_dropped_a_month_after_the_import_and_its_checksum_still_refuses_a_repeat(
    granted, bkn_party, kemendes_penghubung
):
    job = request_import(kemendes_penghubung, bkn_party)
    tasks.run_proposal_import(job.pk)
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    assert services.proposal_imports_sweep(now=job.finished_at + timedelta(days=29))["files_dropped"] == 0
    assert services.proposal_imports_sweep(now=job.finished_at + timedelta(days=31))["files_dropped"] == 1
    assert not storage.exists(name) and not ProposalImport.objects.get().file
    with pytest.raises(services.DuplicateImport):
        request_import(kemendes_penghubung, bkn_party)
