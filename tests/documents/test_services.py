"""Document services in-process: chunking, atomic replacement, ingest retries, deletion, limits."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError
from rest_framework.test import APIClient

from ai import embeddings
from ai.errors import EmbeddingError
from core import services as core_services
from core.models import Job
from documents import services
from documents.errors import DocumentError
from documents.models import Chunk, Document
from documents.text import chunk_pages, chunk_text, index_words, query_terms
from tests.documents import files
from tests.factories import make_user

RESUME = (Path(__file__).resolve().parents[2] / "core" / "demo_data" / "resume.txt").read_text(encoding="utf-8")


# --- chunking -------------------------------------------------------------------------------------
def test_chunks_are_sized_numbered_and_cover_the_text():
    chunks = chunk_text(RESUME * 3)
    assert len(chunks) >= 4
    assert all(len(c.text) <= 500 for c in chunks)
    assert all(len(c.text) >= 150 for c in chunks[:-1])
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    every_sentence = [s for s in re.split(r"\n+", RESUME) if s.strip()]
    joined = " ".join(c.text for c in chunks)
    assert all(s.strip()[:30] in joined for s in every_sentence)


def test_overlap_repeats_whole_sentences():
    sentences = [f"문장 번호 {i}는 경력 설명을 조금 길게 적은 예시 문장입니다." for i in range(40)]
    chunks = chunk_text(" ".join(sentences))
    assert len(chunks) > 3
    for previous, current in zip(chunks, chunks[1:]):
        first_sentence = current.text.split("다. ")[0] + "다."
        assert first_sentence in previous.text  # overlap
        assert previous.text.endswith("다.")  # never cut inside a sentence


def test_long_sentences_and_unbroken_text_are_split_hard():
    chunks = chunk_text("가" * 1300)
    assert [len(c.text) for c in chunks] == [500, 500, 300]
    words = chunk_text(" ".join(["word"] * 400))
    assert all(len(c.text) <= 500 for c in words)


def test_chunks_never_span_pages():
    pages = [{"page": 1, "text": "첫 페이지 내용입니다. " * 40}, {"page": 2, "text": "둘째 페이지입니다."}]
    chunks = chunk_pages(pages, "")
    assert {c.page for c in chunks} == {1, 2}
    assert all("둘째" not in c.text for c in chunks if c.page == 1)
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))


def test_index_words_are_the_stems_query_terms_match():
    words = index_words("중복 결제를 막았습니다. Payments at Acme: payments!").split()
    assert "결제" in words and "payment" in words and "결제를" not in words
    assert len(words) == len(set(words))
    assert set(query_terms("결제 payments")) <= set(words)


def test_query_terms_strip_particles_and_question_words():
    assert query_terms("중복 결제를 어떻게 막았나요?") == ["중복", "결제", "막"]
    assert query_terms("How did Emily reduce checkout latency?") == ["emily", "reduce", "checkout", "latency"]
    assert query_terms("   ?! ") == []


# --- storing text ---------------------------------------------------------------------------------
def test_store_text_validates_input(db):
    user = make_user()
    with pytest.raises(DocumentError) as excinfo:
        services.document_store_text(owner=user, doc_type="diary", document_id="d", text="x")
    assert excinfo.value.code == "invalid_document_type"
    for empty in (" \n ", "★ — · ※ ★"):
        with pytest.raises(DocumentError) as excinfo:
            services.document_store_text(owner=user, doc_type="resume", document_id="d", text=empty)
        assert excinfo.value.code == "empty_text"
    assert not Document.objects.filter(owner=user).exists()


def test_failed_embedding_keeps_the_previous_version(db, monkeypatch):
    user = make_user()
    first = services.document_store_text(owner=user, doc_type="resume", document_id="cv", text=RESUME)
    chunk_ids = set(Chunk.objects.filter(document=first).values_list("pk", flat=True))

    def broken(texts, **kwargs):
        raise EmbeddingError("EMBEDDING_INVALID_RESPONSE", "bad answer")

    monkeypatch.setattr(embeddings, "embed", broken)
    with pytest.raises(DocumentError) as excinfo:
        services.document_store_text(owner=user, doc_type="resume", document_id="cv", text="완전히 새로운 내용")
    assert excinfo.value.code == "embedding_failed"
    first.refresh_from_db()
    assert first.text.startswith("김지원") and first.version == 1
    assert set(Chunk.objects.filter(document=first).values_list("pk", flat=True)) == chunk_ids


def test_database_failure_mid_swap_rolls_back_and_drops_the_new_file(db, monkeypatch):
    user = make_user()
    document = services.document_store_text(owner=user, doc_type="resume", document_id="cv", text=RESUME)
    before = list(Chunk.objects.filter(document=document).values_list("text", flat=True))
    saved = []
    real_save = default_storage.save

    def tracking_save(name, content, *args, **kwargs):
        saved.append(real_save(name, content, *args, **kwargs))
        return saved[-1]

    def failing_bulk_create(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(default_storage, "save", tracking_save)
    monkeypatch.setattr(Chunk.objects, "bulk_create", failing_bulk_create)
    with pytest.raises(DocumentError) as excinfo:
        services.document_store_text(owner=user, doc_type="resume", document_id="cv", text="새 버전 텍스트입니다.",
                                     file=ContentFile(b"%PDF-1.4 new", name="new.pdf"), file_type="pdf")
    assert excinfo.value.code == "embedding_failed"
    assert list(Chunk.objects.filter(document=document).values_list("text", flat=True)) == before
    document.refresh_from_db()
    assert document.text.startswith("김지원") and not document.file.name
    assert saved and not default_storage.exists(saved[0])


def test_vector_id_is_stable_for_the_same_version(db):
    user = make_user()
    a = services.document_store_text(owner=user, doc_type="resume", document_id="cv", text=RESUME)
    b = services.document_store_text(owner=user, doc_type="resume", document_id="cv", text=RESUME)
    c = services.document_store_text(owner=user, doc_type="resume", document_id="cv", text=RESUME + "\n추가 경력")
    assert a.vector_id == b.vector_id != c.vector_id
    assert re.fullmatch(r"vec_[0-9a-f]{16}", c.vector_id)
    assert Document.objects.filter(owner=user).count() == 1


# --- ingest ---------------------------------------------------------------------------------------
def _ingest_job(user, data: bytes, document_id: str, file_type: str = "pdf", doc_type: str = "resume") -> Job:
    staged, info = services.stage_upload(owner=user, data=data, declared_type=file_type)
    return core_services.job_create(kind=services.JOB_KIND, owner=user, params={
        "doc_type": doc_type, "document_id": document_id, "file_type": file_type, "client_user_id": "u",
        "title": "cv.pdf", "source": "upload", "staged_name": staged, "staged_size": info.size})


def test_redelivered_job_after_a_lost_worker_does_not_duplicate_chunks(db):
    user = make_user()
    job = _ingest_job(user, files.digital_pdf(files.RESUME_PAGES), "cv")
    assert services.document_ingest(job_id=job.id) is True
    document = Document.objects.get(owner=user, document_id="cv")
    first = sorted(Chunk.objects.filter(document=document).values_list("ordinal", "text"))
    # The broker redelivers a message whose worker died: the job is claimed again and re-run.
    Job.objects.filter(id=job.id).update(status=Job.Status.PENDING)
    assert services.document_ingest(job_id=job.id) is True
    assert sorted(Chunk.objects.filter(document=document).values_list("ordinal", "text")) == first
    assert Document.objects.filter(owner=user).count() == 1
    # An ordinary duplicate delivery finds the job finished and does nothing.
    assert services.document_ingest(job_id=job.id) is False
    assert Job.objects.get(id=job.id).attempts == 2


def test_ingest_failure_stores_nothing_and_removes_the_staged_file(db):
    user = make_user()
    job = _ingest_job(user, files.blank_png(), "blank", file_type="image", doc_type="attachment")
    staged = job.params["staged_name"]
    assert default_storage.exists(staged)
    services.document_ingest(job_id=job.id)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "ocr_processing_failed" and job.result == {"reason": "no_text"}
    assert not default_storage.exists(staged)
    assert not Document.objects.filter(owner=user).exists() and not Chunk.objects.filter(owner=user).exists()


def test_unexpected_fault_fails_the_job_with_5000(db, monkeypatch):
    user = make_user()
    job = _ingest_job(user, files.digital_pdf(files.RESUME_PAGES), "cv")

    def explode(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(services, "_extract", explode)
    services.document_ingest(job_id=job.id)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "internal_server_error"
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/ai/task/{job.id}")
    assert response.status_code == 500
    assert response.json()["message"] == "internal_server_error" and response.json()["error_code"] == 5000


# --- deletion -------------------------------------------------------------------------------------
def test_deleting_a_document_deletes_its_file_and_vectors(db, django_capture_on_commit_callbacks):
    user = make_user()
    job = _ingest_job(user, files.digital_pdf(files.RESUME_PAGES), "cv")
    services.document_ingest(job_id=job.id)
    document = Document.objects.get(owner=user, document_id="cv")
    name = document.file.name
    assert default_storage.exists(name) and Chunk.objects.filter(document=document).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=document)
    assert not default_storage.exists(name)
    assert not Chunk.objects.filter(owner=user).exists()


def test_deleting_the_user_deletes_files_too(db, django_capture_on_commit_callbacks):
    user = make_user()
    job = _ingest_job(user, files.digital_pdf(files.RESUME_PAGES), "cv")
    services.document_ingest(job_id=job.id)
    name = Document.objects.get(owner=user).file.name
    with django_capture_on_commit_callbacks(execute=True):
        user.delete()
    assert not default_storage.exists(name)


# --- API edge cases in-process --------------------------------------------------------------------
def test_storage_quota_answers_413(db, settings):
    user = make_user()
    settings.USER_STORAGE_QUOTA_BYTES = 1000
    client = APIClient()
    client.force_authenticate(user)
    pdf = files.digital_pdf(files.RESUME_PAGES)
    response = client.post("/ai/ocr/extract", {"file": ContentFile(pdf, name="cv.pdf"), "file_type": "pdf",
                                               "type": "resume", "user_id": "u", "document_id": "cv"},
                           format="multipart")
    assert response.status_code == 413
    assert response.json() == {"message": "storage_quota_exceeded", "error_code": 4133, "data": None}


def test_storage_failure_answers_5000(db, monkeypatch):
    user = make_user()

    def broken_save(*args, **kwargs):
        raise OSError("read-only file system")

    monkeypatch.setattr(default_storage, "save", broken_save)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    response = client.post("/ai/ocr/extract", {"file": ContentFile(files.digital_pdf(files.RESUME_PAGES), name="cv.pdf"),
                                               "file_type": "pdf", "type": "resume", "user_id": "u",
                                               "document_id": "cv"}, format="multipart")
    assert response.status_code == 500
    assert response.json() == {"message": "internal_server_error", "error_code": 5000, "data": None}


def test_malformed_bodies_answer_in_the_envelope(db):
    user = make_user()
    client = APIClient()
    client.force_authenticate(user)
    response = client.post("/ai/file/embed", data="[1, 2]", content_type="application/json")
    assert response.status_code == 400 and response.json()["error_code"] == 4000
    response = client.post("/ai/file/embed", data="{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["message"] == "invalid_request"
    response = client.post("/ai/file/embed", {"type": "resume", "id": "x", "user_id": "u", "text": ["a"]}, format="json")
    assert response.status_code == 400 and response.json()["error_code"] == 4000
    response = client.post("/ai/file/embed", {"type": "resume", "id": "x" * 201, "user_id": "u", "text": "a"},
                           format="json")
    assert response.status_code == 400 and response.json()["error_code"] == 4000


def test_demo_loader_is_idempotent(db):
    from documents import demo

    user = make_user()
    texts = {"resume": RESUME}
    demo.load(user=user, texts=texts)
    document = Document.objects.get(owner=user, document_id="demo_resume")
    demo.load(user=user, texts=texts)
    again = Document.objects.get(owner=user, document_id="demo_resume")
    assert again.version == document.version and again.vector_id == document.vector_id
    assert again.doc_type == "resume" and Chunk.objects.filter(document=again).count() >= 2
