"""Background jobs on a real Celery worker: life cycle, at-most-once work on redelivery, and the sweep
that ends or hands back jobs whose worker was lost or killed."""
import time
import uuid
from datetime import timedelta

import pytest

from core import services
from core.models import Job
from core.tasks import selfcheck_run_task


def wait_for(job_id: str, statuses=("completed", "failed"), timeout: float = 30) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = Job.objects.get(id=job_id)
        if job.status in statuses:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job.status}")


def test_job_runs_on_worker_and_completes(live_url):
    job = services.job_create(kind="selfcheck")
    assert job.id.startswith("task_") and job.status == "pending" and job.public_status == "processing"
    selfcheck_run_task.delay(job.id)
    job = wait_for(job.id)
    assert job.status == "completed", job.error_message
    assert job.progress == 100 and job.attempts == 1
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert job.result["ok"] is True
    assert job.result["checks"] == {"redis": True, "storage": True, "database": True}


def test_redelivered_task_does_not_repeat_work(live_url):
    job = services.job_create(kind="selfcheck")
    first = selfcheck_run_task.delay(job.id).get(timeout=30)
    finished = Job.objects.get(id=job.id)
    # A broker redelivery is the same message again: the claim fails and no work is done.
    second = selfcheck_run_task.delay(job.id).get(timeout=30)
    again = Job.objects.get(id=job.id)
    assert first == {"skipped": False, "job_id": job.id}
    assert second == {"skipped": True, "job_id": job.id}
    assert again.attempts == 1 and again.finished_at == finished.finished_at
    assert again.result == finished.result


def test_claim_is_conditional(db):
    job = services.job_create(kind="selfcheck")
    assert services.job_claim(job_id=job.id) is True
    assert services.job_claim(job_id=job.id) is False
    services.job_fail(job_id=job.id, error_code="boom", error_message="x")
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "boom"


def test_a_job_whose_worker_died_is_claimed_again_once_its_lease_runs_out(db, settings):
    from django.utils import timezone

    settings.JOB_MAX_ATTEMPTS = 2
    job = services.job_create(kind="selfcheck")
    assert services.job_claim(job_id=job.id) is True
    job.refresh_from_db()
    assert job.lease_expires_at > timezone.now()
    assert services.job_claim(job_id=job.id) is False  # the first worker still holds it
    Job.objects.filter(id=job.id).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert services.job_claim(job_id=job.id) is True  # its worker died: claimed again
    job.refresh_from_db()
    assert job.status == "processing" and job.attempts == 2
    Job.objects.filter(id=job.id).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert services.job_claim(job_id=job.id) is False  # out of attempts: it fails instead of looping
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "worker_lost" and job.lease_expires_at is None


def test_finished_jobs_drop_their_lease(db):
    job = services.job_create(kind="selfcheck")
    services.job_claim(job_id=job.id)
    services.job_complete(job_id=job.id, result={"ok": True})
    job.refresh_from_db()
    assert job.status == "completed" and job.lease_expires_at is None
    assert services.job_claim(job_id=job.id) is False


def test_a_job_that_can_no_longer_be_claimed_ends_with_its_reason_and_the_apps_hook(db, settings):
    from django.utils import timezone

    settings.JOB_MAX_ATTEMPTS = 2
    hooked = []
    hook = lambda job, code, message: hooked.append((job.id, code, message))  # noqa: E731
    # stopped by the hard time limit (job_stopped recorded why), then handed back: pending again
    stopped = services.job_create(kind="selfcheck")
    Job.objects.filter(id=stopped.id).update(status="pending", attempts=1, error_code="timeout",
                                             error_message="The job was stopped at its time limit of 1 s.")
    # out of attempts, handed back by the sweep after its last worker was lost
    lost = services.job_create(kind="selfcheck")
    Job.objects.filter(id=lost.id).update(status="pending", attempts=2)
    # a live worker holds this one: nobody ends it
    held = services.job_create(kind="selfcheck")
    Job.objects.filter(id=held.id).update(status="processing", attempts=2,
                                          lease_expires_at=timezone.now() + timedelta(seconds=30))
    for job in (stopped, lost, held):
        assert services.job_claim(job_id=job.id, on_failure=hook) is False
    assert hooked == [(stopped.id, "timeout", "The job was stopped at its time limit of 1 s."),
                      (lost.id, "worker_lost", "The worker running this job stopped 2 times.")]
    stopped.refresh_from_db(), lost.refresh_from_db(), held.refresh_from_db()
    assert (stopped.status, stopped.error_code) == ("failed", "timeout")
    assert (lost.status, lost.error_code) == ("failed", "worker_lost")
    assert held.status == "processing" and not held.error_code


def test_the_sweep_hands_back_only_the_jobs_sent_to_its_own_queue(db, monkeypatch):
    """Another group (its own CELERY_QUEUE: other settings, another engine) runs the jobs it sent;
    a job handed back goes to the queue it was sent to first."""
    from django.utils import timezone

    from core.broker import own_queue

    sent = []
    monkeypatch.setattr(services, "publish", lambda task, args, **options: sent.append((args[0], options["queue"])))
    mine, theirs = services.job_create(kind="selfcheck"), services.job_create(kind="selfcheck")
    for job, queue in ((mine, own_queue()), (theirs, "another-group")):
        Job.objects.filter(id=job.id).update(status="processing", attempts=1, task_name=selfcheck_run_task.name,
                                             task_queue=queue, lease_expires_at=timezone.now() - timedelta(seconds=5))
    assert services.jobs_sweep() == 1
    assert sent == [(mine.id, own_queue())]
    assert Job.objects.get(id=theirs.id).status == "processing"


# --- the sweep, on a worker of its own -----------------------------------------------------------

SWEEP_LEASE_SECONDS = 2
SWEEP_QUEUE = f"sweep{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def sweeping_worker(start_app):
    """A server + worker on a queue of their own with short leases, so the worker's sweep (every
    lease period) comes within seconds. No soft time limit: a task past its time limit meets only
    the hard one, as when the work sits in a C call that never sees the soft one."""
    return start_app(JOB_LEASE_SECONDS=str(SWEEP_LEASE_SECONDS), CELERY_QUEUE=SWEEP_QUEUE,
                     CELERY_TASK_SOFT_TIME_LIMIT="0")


def _orphan(owner, *, attempts: int, lease_seconds: float = -5, task=selfcheck_run_task) -> Job:
    """A job as a worker that died left it: processing, claimed `attempts` times, its lease run out,
    and its task message gone (so no broker redelivery will come)."""
    from django.utils import timezone

    job = services.job_create(kind="selfcheck", owner=owner)
    Job.objects.filter(id=job.id).update(
        status="processing", attempts=attempts, started_at=timezone.now(),
        lease_expires_at=timezone.now() + timedelta(seconds=lease_seconds),
        task_name=task.name if task else "", task_args=[])
    return job


def _task_view(user, job_id: str):
    from tests.factories import api_client

    return api_client(user).get(f"/ai/task/{job_id}")


def test_the_sweep_hands_back_jobs_whose_worker_was_lost_and_fails_those_out_of_attempts(
        sweeping_worker, transactional_db, make_user, settings):
    user = make_user()
    again = _orphan(user, attempts=1)
    spent = _orphan(user, attempts=settings.JOB_MAX_ATTEMPTS)
    held = _orphan(user, attempts=1, lease_seconds=120)  # a live worker still holds it
    inline = _orphan(user, attempts=1, task=None)  # run in-process (reembed --inline): no worker to lose
    try:
        again = wait_for(again.id, timeout=60)
        assert again.status == "completed" and again.attempts == 2, (again.status, again.error_message)
        assert again.result["ok"] is True
        spent = wait_for(spent.id, timeout=60)
        assert spent.status == "failed" and spent.error_code == "worker_lost"
        assert spent.attempts == settings.JOB_MAX_ATTEMPTS and spent.lease_expires_at is None
        # what the client polling it sees (seed 000): a failed task with the reason
        polled = _task_view(user, spent.id)
        assert polled.status_code == 500, polled.content
        assert polled.json()["message"] == "worker_lost" and polled.json()["data"]["status"] == "failed"
        assert polled.json()["data"]["detail"] == f"The worker running this job stopped {spent.attempts} times."
        time.sleep(3 * SWEEP_LEASE_SECONDS)  # more sweeps: the held and the in-process jobs stay as they are
        assert Job.objects.get(id=held.id).status == "processing" and Job.objects.get(id=held.id).attempts == 1
        assert Job.objects.get(id=inline.id).status == "processing"
    finally:
        Job.objects.filter(id__in=[held.id, inline.id]).update(status="failed", lease_expires_at=None)


def test_a_job_killed_by_the_hard_time_limit_fails_with_timeout(sweeping_worker, transactional_db, make_user,
                                                                 monkeypatch):
    """Celery's hard time limit kills the pool process mid-job (run_claimed_job never sees it): the
    job fails with `timeout` instead of staying processing, and is not run again."""
    import io

    from django.core.files.storage import default_storage

    from documents import services as documents
    from documents.tasks import document_ingest_task
    from tests.documents.files import RESUME_PAGES, text_image

    options = document_ingest_task._get_exec_options()
    # Its worker alone runs it; the memoised options are patched, never `task.queue` (see test_worker_crash).
    monkeypatch.setitem(options, "queue", SWEEP_QUEUE)
    monkeypatch.setitem(options, "time_limit", 1)
    monkeypatch.setitem(options, "soft_time_limit", 0)  # none: Celery sends this process's default otherwise
    user = make_user()
    pages = [text_image([line for page in RESUME_PAGES for line in page] * 3, size=30).convert("RGB") for _ in range(3)]
    scan = io.BytesIO()
    pages[0].save(scan, format="PDF", resolution=200, save_all=True, append_images=pages[1:])  # ~5 s of OCR
    job = documents.document_ingest_start(owner=user, doc_type="resume", document_id="slow-scan", file_type="pdf",
                                          data=scan.getvalue(), file_name="scan.pdf")
    try:
        job = wait_for(job.id, timeout=90)
        assert job.status == "failed" and job.error_code == "timeout", (job.status, job.error_code, job.error_message)
        assert job.error_message == "The job was stopped at its time limit of 1 s."
        assert job.attempts == 1  # ended, not run again
        polled = _task_view(user, job.id)
        assert polled.json()["message"] == "timeout" and polled.json()["data"]["status"] == "failed"
    finally:
        staged = Job.objects.get(id=job.id).params.get("staged_name")
        if staged:
            default_storage.delete(staged)
