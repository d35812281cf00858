"""A job that ends without running (its worker died on every attempt) cleans up like a failed one:
the documents and masking jobs remove the files they stored and mark their records failed."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.documents.files import RESUME_PAGES, digital_pdf, png, text_image
from tests.factories import stored_files

pytestmark = pytest.mark.django_db


def _out_of_attempts(job, settings):
    """As a job stands when its last worker was lost: processing, its lease run out, every attempt spent."""
    from core.models import Job

    Job.objects.filter(id=job.id).update(status="processing", attempts=settings.JOB_MAX_ATTEMPTS,
                                         lease_expires_at=job.created_at - timedelta(seconds=1))


def test_a_lost_ingest_removes_its_staged_upload_and_fails_the_document(user, settings):
    from core.models import Job
    from documents import services
    from documents.models import Document

    job = services.document_ingest_start(owner=user, doc_type="resume", document_id="lost-1", file_type="pdf",
                                         data=digital_pdf(RESUME_PAGES[:1]), file_name="cv.pdf")
    assert stored_files(f"documents/{user.pk}") == {job.params["staged_name"]}
    _out_of_attempts(job, settings)
    assert services.document_ingest(job_id=job.id) is False
    job = Job.objects.get(id=job.id)
    assert (job.status, job.error_code) == ("failed", "worker_lost")
    assert stored_files(f"documents/{user.pk}") == set()
    document = Document.objects.filter(owner=user, document_id="lost-1").first()
    assert document is None or (document.status, document.error_code) == ("failed", "worker_lost")


def test_a_lost_masking_job_removes_its_files_and_fails_the_record(user, settings):
    from core.models import Job
    from masking import services
    from masking.models import MaskedFile

    card = png(text_image(["Park Minseo", "010-1234-5678"], size=28, width=640))
    job = services.masking_start(owner=user, file_type="image", data=card, file_name="card.png")
    masked = MaskedFile.objects.get(job=job)
    assert stored_files(masked.folder) == {masked.source_name}
    _out_of_attempts(job, settings)
    assert services.masking_run(job_id=job.id) is False
    assert (Job.objects.get(id=job.id).status, Job.objects.get(id=job.id).error_code) == ("failed", "worker_lost")
    masked.refresh_from_db()
    assert (masked.status, masked.error_code, masked.source_name) == ("failed", "worker_lost", "")
    assert stored_files(masked.folder) == set()
