"""Bulk steps over many proposals as a background job: past INLINE_MAX the list page queues them, a worker
takes the step on all of them with their mails, or on none and says why; a second run changes nothing."""

import pytest
from django.urls import reverse

from exchange.corrections import services, tasks
from exchange.corrections.choices import ImportStatus, ProposalStatus
from exchange.corrections.models import Proposal, ProposalBulkJob
from portal.models import OutboxMail
from tests.bench.data import nip_number
from tests.exchange.corrections.conftest import grant
from tests.helpers import assert_permission_matrix

URL = reverse("exchange:proposal_bulk")
MANY = services.INLINE_MAX + 5


@pytest.fixture
def many(make_proposal, kemendes_penghubung):
    """More submitted proposals than a request takes a bulk step on by itself."""
    proposals = []
    for n in range(MANY):
        proposal = make_proposal(nip=nip_number(n), name=f"ASN Contoh {n}")
        proposals.append(services.proposal_submit(acting_user=kemendes_penghubung, proposal=proposal))
    return proposals


def post_bulk(client, user, proposals, **data):
    client.force_login(user)
    return client.post(URL, {"ids": [p.pk for p in proposals], **data})


def test_many_proposals_are_queued_and_taken_by_the_worker_once(
    client, many, bkn_penghubung, bkn_staf, granted
):
    grant(bkn_staf, granted, "handle_proposals")
    response = post_bulk(client, bkn_penghubung, many, action="assign", assignee=bkn_staf.pk)
    job = ProposalBulkJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert not Proposal.objects.filter(assignee=bkn_staf).exists()
    assert "data-job-status" in client.get(job.get_absolute_url()).content.decode()
    assert tasks.run_proposal_bulk_job(job.pk) == "done"
    assert tasks.run_proposal_bulk_job(job.pk) == "skipped"
    assert Proposal.objects.filter(assignee=bkn_staf).count() == MANY
    assert OutboxMail.objects.filter(kind="proposal_assigned").count() == MANY
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"{MANY} usulan diperbarui." in page and "data-job-status" not in page
    state = client.get(reverse("exchange:proposal_bulk_status", args=[job.pk])).json()
    assert (state["done"], state["progress"], state["created"]) == (True, 100, MANY)


def test_one_proposal_that_refuses_the_step_changes_none_and_is_named(client, many, bkn_penghubung):
    services.proposal_start_review(acting_user=bkn_penghubung, proposal=many[3])
    post_bulk(client, bkn_penghubung, many, action="start_review")
    job = ProposalBulkJob.objects.get()
    assert tasks.run_proposal_bulk_job(job.pk) == "refused"
    job.refresh_from_db()
    assert len(job.problems) == 1 and job.problems[0].startswith(f"{many[3].reference}: ")
    assert Proposal.objects.filter(status=ProposalStatus.REVIEW).count() == 1
    assert "Tidak ada yang diubah, karena:" in client.get(job.get_absolute_url()).content.decode()


def test_a_few_proposals_are_still_taken_within_the_request(client, many, bkn_penghubung):
    response = post_bulk(client, bkn_penghubung, many[:3], action="start_review")
    assert response.status_code == 302 and not ProposalBulkJob.objects.exists()
    assert Proposal.objects.filter(status=ProposalStatus.REVIEW).count() == 3


def test_a_dead_workers_bulk_job_is_queued_again_by_the_sweep(many, bkn_penghubung):
    from datetime import timedelta

    from django.utils import timezone

    job = services.proposals_bulk_request(acting_user=bkn_penghubung, proposals=many, step="start_review")
    ProposalBulkJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING,
        claim="dead",
        claimed_at=timezone.now() - timedelta(minutes=5),
        attempts=1,
    )
    assert services.proposal_bulk_jobs_sweep() == {"requeued": 1, "failed": 0, "rung": 1}
    assert tasks.run_proposal_bulk_job(job.pk) == "done"
    assert Proposal.objects.filter(status=ProposalStatus.REVIEW).count() == MANY


def test_the_permission_matrix_of_a_bulk_job(
    client, many, bkn_penghubung, bkn_staf, kemendes_penghubung, lain_staf
):
    job = services.proposals_bulk_request(acting_user=bkn_penghubung, proposals=many, step="start_review")
    for name in ("proposal_bulk_detail", "proposal_bulk_status"):
        assert_permission_matrix(
            client,
            reverse(f"exchange:{name}", args=[job.pk]),
            {
                "anonymous": (None, 302),
                "outsider": (lain_staf, 404),
                "other party": (kemendes_penghubung, 404),
                "colleague": (bkn_staf, 404),
                "requester": (bkn_penghubung, 200),
            },
        )
