"""Background jobs on a real Celery worker: life cycle and at-most-once work on redelivery."""
import time
from datetime import timedelta

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
