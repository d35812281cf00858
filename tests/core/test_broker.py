"""Publishing from a request is bounded (issue 18): a busy or broken broker fails the job fast."""
from __future__ import annotations

import time

import pytest

from config.celery import app
from core import services
from core.broker import BrokerUnavailable, publish
from core.models import Job
from core.tasks import selfcheck_run_task


@pytest.fixture
def exhausted_pool():
    """Every pooled broker connection of this process is taken, as the wedged /health threads had them."""
    pool = app.pool
    held = [pool.acquire(block=True, timeout=1) for _ in range(pool.limit)]
    yield pool
    for conn in held:
        conn.release()


def test_publish_gives_up_within_the_bound_when_the_pool_is_exhausted(exhausted_pool, settings):
    started = time.monotonic()
    with pytest.raises(BrokerUnavailable):
        publish(selfcheck_run_task, ("task_0000000000000000",))
    assert time.monotonic() - started < app.conf.broker_pool_acquire_timeout + 1


@pytest.mark.django_db(transaction=True)
def test_a_job_that_cannot_be_enqueued_fails_with_a_reason(exhausted_pool):
    job = services.job_create(kind="selfcheck")
    started = time.monotonic()
    services.job_enqueue(job=job, task=selfcheck_run_task)  # autocommit: on_commit runs now
    assert time.monotonic() - started < app.conf.broker_pool_acquire_timeout + 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error_code == "queue_unavailable"


def test_publish_uses_one_pooled_connection_and_returns_it(settings):
    before = len(app.pool._dirty)
    task_id = publish(selfcheck_run_task, ("task_0000000000000000",), queue="issue18-unconsumed")
    assert task_id and len(app.pool._dirty) == before
    with app.connection_or_acquire() as conn:  # leave nothing on a queue no worker reads
        conn.default_channel.queue_purge("issue18-unconsumed")
