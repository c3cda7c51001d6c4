"""A match for real: requested through the service, rung through Redis after commit, worked by a Celery
worker process; a second ring of the same run changes nothing."""

from __future__ import annotations

import pytest

from exchange.matching import services, tasks
from exchange.matching.models import MatchResult, MatchRun
from tests.exchange.corrections.conftest import ensure_catalogue
from tests.portal.test_celery_redis import wait_for

pytestmark = pytest.mark.redis


@pytest.fixture
def ready(transactional_db, cast, request):
    ensure_catalogue()
    return request.getfixturevalue("agreement"), request.getfixturevalue("versions")


def test_a_worker_matches_the_run_rung_through_redis_and_a_second_ring_does_nothing(
    start_celery_worker, ready, kemendes_staf
):
    agreement, (left, right) = ready
    worker = start_celery_worker()
    run = services.match_run_request(
        acting_user=kemendes_staf, agreement=agreement, left_version=left, right_version=right
    )
    wait_for(lambda: MatchRun.objects.get(pk=run.pk).status == "done", "the worker to finish the run", worker)
    assert MatchResult.objects.filter(run=run).count() == 40

    tasks.run_match.apply_async(args=[run.pk], retry=False)
    wait_for(lambda: "not claimed" in worker.log, "the worker to leave the finished run alone", worker)
    run.refresh_from_db()
    assert run.attempts == 1 and MatchResult.objects.filter(run=run).count() == 40
