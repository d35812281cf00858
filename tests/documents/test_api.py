"""Seed 000 §1–2 over HTTP against a real daphne + Celery worker: extract → poll → completed,
error codes from real bad requests, ownership, and replacing a document."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core import storage
from core.models import Job
from documents.models import Chunk, Document
from tests.documents import files
from tests.documents.conftest import api_session, poll
from tests.factories import bearer

COMPLETED_KEYS = {"success", "extracted_text", "pages", "vector_id", "collection"}


def _extract(session, base, *, transport, data: bytes, file_type: str, doc_type: str, document_id: str,
             user_id: str = "user_456", name: str = "upload.bin") -> requests.Response:
    fields = {"file_type": file_type, "type": doc_type, "user_id": user_id, "document_id": document_id}
    if transport == "multipart":
        return session.post(f"{base}/ai/ocr/extract", data=fields, files={"file": (name, data)}, timeout=30)
    stored = default_storage.save(f"client-uploads/{document_id}-{name}", ContentFile(data))
    url = base + storage.signed_url(stored)
    return session.post(f"{base}/ai/ocr/extract", json={**fields, "file_url": url}, timeout=30)


def _created(response) -> str:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == {"message": "ocr_task_created", "data": {"task_id": body["data"]["task_id"], "status": "processing"}}
    assert body["data"]["task_id"].startswith("task_")
    return body["data"]["task_id"]


def _completed(response, task_id: str, collection: str) -> dict:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["message"] == "task_completed"
    assert set(body["data"]) == {"task_id", "status", "result"}
    assert body["data"]["task_id"] == task_id and body["data"]["status"] == "completed"
    result = body["data"]["result"]
    assert set(result) == COMPLETED_KEYS
    assert result["success"] is True and result["collection"] == collection
    assert result["vector_id"].startswith("vec_") and len(result["vector_id"]) > 8
    assert all(set(page) == {"page", "text"} for page in result["pages"])
    assert [page["page"] for page in result["pages"]] == list(range(1, len(result["pages"]) + 1))
    return result


@pytest.mark.parametrize("transport", ["multipart", "json"])
def test_digital_pdf_resume_is_extracted_and_embedded(live_url, user, transport):
    session = api_session(user)
    pdf = files.digital_pdf(files.RESUME_PAGES)
    task_id = _created(_extract(session, live_url, transport=transport, data=pdf, file_type="pdf",
                                doc_type="resume", document_id="resume_123", name="resume.pdf"))
    result = _completed(poll(session, live_url, task_id), task_id, "resumes")
    assert len(result["pages"]) == 2
    assert "Spring Batch and Kafka" in result["pages"][0]["text"]
    assert "coupon service handling 3,000 requests" in result["pages"][1]["text"]
    assert "Reduced nightly settlement time" in result["extracted_text"]
    assert "Mentored two junior developers" in result["extracted_text"]

    document = Document.objects.get(owner=user, doc_type="resume", document_id="resume_123")
    assert document.client_user_id == "user_456"  # the label is kept; the owner is the caller
    assert document.vector_id == result["vector_id"] and document.file_type == "pdf"
    assert [p["source"] for p in document.pages] == ["text", "text"]
    assert default_storage.exists(document.file.name)
    with default_storage.open(document.file.name, "rb") as fh:
        assert fh.read() == pdf
    chunks = list(Chunk.objects.filter(document=document).order_by("ordinal"))
    assert chunks and {c.owner_id for c in chunks} == {user.pk} and {c.page for c in chunks} == {1, 2}
    assert all(len(c.embedding) == 384 for c in chunks)
    job = Job.objects.get(id=task_id)
    assert job.progress == 100 and job.attempts == 1 and job.owner == user


@pytest.mark.parametrize("transport", ["json", "multipart"])
def test_scanned_pdf_portfolio_goes_through_ocr(live_url, user, transport):
    session = api_session(user)
    scan = files.scanned_pdf(files.text_image(files.SCANNED_LINES))
    task_id = _created(_extract(session, live_url, transport=transport, data=scan, file_type="pdf",
                                doc_type="portfolio", document_id="portfolio_9", name="scan.pdf"))
    result = _completed(poll(session, live_url, task_id), task_id, "portfolios")
    assert len(result["pages"]) == 1
    text = result["pages"][0]["text"]
    assert "Flutter delivery app" in text and "Firebase push notification" in text
    assert "실행" in text and "개선" in text
    document = Document.objects.get(owner=user, document_id="portfolio_9")
    page = document.pages[0]
    assert page["source"] == "ocr" and page["width"] > 0 and page["height"] > 0
    assert len(page["words"]) >= 10  # word boxes for the page viewer
    assert all(len(w["box"]) == 4 for w in page["words"])


@pytest.mark.parametrize("transport", ["multipart", "json"])
def test_png_posting_goes_through_ocr(live_url, user, transport):
    session = api_session(user)
    image = files.png(files.text_image(files.POSTING_LINES))
    task_id = _created(_extract(session, live_url, transport=transport, data=image, file_type="image",
                                doc_type="job_posting", document_id="posting_789", name="posting.png"))
    result = _completed(poll(session, live_url, task_id), task_id, "postings")
    assert "Kafka and Spark pipeline engineer" in result["extracted_text"]
    assert "Airflow experience preferred" in result["extracted_text"]
    document = Document.objects.get(owner=user, document_id="posting_789")
    assert document.file_type == "image" and document.mime_type == "image/png"


def test_progress_is_visible_while_the_job_runs(live_url, user):
    """A multi-page scan takes a few seconds: polling sees intermediate progress, then 100."""
    session = api_session(user)
    image = files.text_image(files.SCANNED_LINES)
    pages = [image.convert("RGB") for _ in range(4)]
    import io

    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", resolution=200, save_all=True, append_images=pages[1:])
    task_id = _created(_extract(session, live_url, transport="multipart", data=buf.getvalue(), file_type="pdf",
                                doc_type="portfolio", document_id="progress_doc", name="four.pdf"))
    response = poll(session, live_url, task_id)
    result = _completed(response, task_id, "portfolios")
    assert len(result["pages"]) == 4
    intermediate = [p for p in response.seen_progress if 0 < p < 100]
    assert intermediate, response.seen_progress
    assert response.seen_progress == sorted(response.seen_progress)


# --- documented error codes from real bad requests ------------------------------------------------
def _error(response, status: int, message: str, code: int, data=None):
    assert response.status_code == status, response.text
    assert response.json() == {"message": message, "error_code": code, "data": data}


def test_missing_fields_answer_4003(live_url, user):
    session = api_session(user)
    url = f"{live_url}/ai/ocr/extract"
    full = {"file_url": "/files/x", "file_type": "pdf", "type": "resume", "user_id": "u1", "document_id": "d1"}
    for name in full:
        body = {k: v for k, v in full.items() if k != name}
        _error(session.post(url, json=body, timeout=10), 400, "missing_required_field", 4003)
    _error(session.post(url, json={**full, "document_id": "   "}, timeout=10), 400, "missing_required_field", 4003)
    _error(session.post(url, json={**full, "type": None}, timeout=10), 400, "missing_required_field", 4003)
    # multipart without a file and without a file_url
    form = {k: v for k, v in full.items() if k != "file_url"}
    _error(session.post(url, data=form, timeout=10), 400, "missing_required_field", 4003)
    embed = {"type": "resume", "id": "r1", "user_id": "u1", "text": "hello"}
    for name in embed:
        body = {k: v for k, v in embed.items() if k != name}
        _error(session.post(f"{live_url}/ai/file/embed", json=body, timeout=10), 400, "missing_required_field", 4003)


def test_file_type_and_content_checks_answer_4001(live_url, user):
    session = api_session(user)
    url = f"{live_url}/ai/ocr/extract"
    fields = {"type": "resume", "user_id": "u1", "document_id": "d1"}
    pdf = files.digital_pdf([["A real resume page with enough text"]])
    _error(session.post(url, data={**fields, "file_type": "docx"}, files={"file": ("cv.docx", pdf)}, timeout=10),
           400, "invalid_file_type", 4001)
    # Disguised: HTML named resume.pdf, sent as application/pdf.
    _error(session.post(url, data={**fields, "file_type": "pdf"},
                        files={"file": ("resume.pdf", files.disguised_html(), "application/pdf")}, timeout=10),
           400, "invalid_file_type", 4001)
    # A PNG declared as a PDF (and named .pdf).
    _error(session.post(url, data={**fields, "file_type": "pdf"},
                        files={"file": ("resume.pdf", files.blank_png(), "application/pdf")}, timeout=10),
           400, "invalid_file_type", 4001)
    # A PDF declared as an image.
    _error(session.post(url, data={**fields, "file_type": "image"}, files={"file": ("photo.png", pdf, "image/png")},
                        timeout=10), 400, "invalid_file_type", 4001)
    # Password-protected and truncated PDFs.
    _error(session.post(url, data={**fields, "file_type": "pdf"}, files={"file": ("locked.pdf", files.encrypted_pdf())},
                        timeout=10), 400, "invalid_file_type", 4001)
    _error(session.post(url, data={**fields, "file_type": "pdf"}, files={"file": ("cut.pdf", b"%PDF-1.7\n1 0 obj <<")},
                        timeout=10), 400, "invalid_file_type", 4001)
    # The same disguise behind a signed URL of our own storage.
    name = default_storage.save("client-uploads/fake.pdf", ContentFile(files.disguised_html()))
    _error(session.post(url, json={**fields, "file_type": "pdf", "file_url": live_url + storage.signed_url(name)},
                        timeout=10), 400, "invalid_file_type", 4001)
    assert not Job.objects.filter(owner=user).exists()


def test_limits_answer_413(live_url, user):
    session = api_session(user)
    url = f"{live_url}/ai/ocr/extract"
    fields = {"type": "resume", "user_id": "u1", "document_id": "d1", "file_type": "pdf"}
    _error(session.post(url, data=fields, files={"file": ("long.pdf", files.many_pages_pdf(51))}, timeout=30),
           413, "too_many_pages", 4131)
    huge = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)
    _error(session.post(url, data=fields, files={"file": ("huge.pdf", huge)}, timeout=60),
           413, "file_too_large", 4130)


def test_document_type_checks_answer_4002(live_url, user):
    session = api_session(user)
    _error(session.post(f"{live_url}/ai/ocr/extract", json={
        "file_url": "/files/x", "file_type": "pdf", "type": "cover_letter", "user_id": "u1", "document_id": "d1"},
        timeout=10), 400, "invalid_document_type", 4002)
    _error(session.post(f"{live_url}/ai/file/embed", json={
        "type": "diary", "id": "d1", "user_id": "u1", "text": "오늘의 일기"}, timeout=10), 400, "invalid_document_type", 4002)


def test_empty_text_answers_4004(live_url, user):
    session = api_session(user)
    for text in ("", "   \n\t "):
        _error(session.post(f"{live_url}/ai/file/embed", json={
            "type": "resume", "id": "r1", "user_id": "u1", "text": text}, timeout=10), 400, "empty_text", 4004)
    assert not Document.objects.filter(owner=user).exists()


def test_missing_or_forged_storage_links_answer_4041(live_url, user):
    session = api_session(user)
    fields = {"file_type": "pdf", "type": "resume", "user_id": "u1", "document_id": "d1"}
    name = default_storage.save("client-uploads/real.pdf", ContentFile(files.digital_pdf([["Resume text here ok"]])))
    good = storage.signed_url(name)
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    expired = storage.signed_url(name, max_age=-5)
    gone_name = default_storage.save("client-uploads/gone.pdf", ContentFile(b"%PDF-1.4"))
    gone = storage.signed_url(gone_name)
    default_storage.delete(gone_name)
    for link in (forged, expired, gone):
        _error(session.post(f"{live_url}/ai/ocr/extract", json={**fields, "file_url": live_url + link}, timeout=10),
               404, "file_not_found", 4041)
    # Relative form of the same links behaves the same.
    _error(session.post(f"{live_url}/ai/ocr/extract", json={**fields, "file_url": forged}, timeout=10),
           404, "file_not_found", 4041)


def test_tasks_are_owner_scoped_4042(live_url, user, other_user):
    session = api_session(user)
    task_id = _created(_extract(session, live_url, transport="multipart", data=files.digital_pdf(files.RESUME_PAGES),
                                file_type="pdf", doc_type="resume", document_id="mine"))
    poll(session, live_url, task_id)
    intruder = api_session(other_user)
    _error(intruder.get(f"{live_url}/ai/task/{task_id}", timeout=10), 404, "task_not_found", 4042)
    _error(session.get(f"{live_url}/ai/task/task_doesnotexist", timeout=10), 404, "task_not_found", 4042)
    # The owner still sees it.
    assert session.get(f"{live_url}/ai/task/{task_id}", timeout=10).json()["message"] == "task_completed"


def test_image_without_text_fails_5001_and_stores_nothing(live_url, user):
    session = api_session(user)
    before = set(_user_files(user))
    task_id = _created(_extract(session, live_url, transport="multipart", data=files.blank_png(), file_type="image",
                                doc_type="attachment", document_id="blank_scan", name="blank.png"))
    response = poll(session, live_url, task_id)
    assert response.status_code == 500
    body = response.json()
    assert body["message"] == "ocr_processing_failed" and body["error_code"] == 5001
    assert body["data"]["task_id"] == task_id and body["data"]["status"] == "failed"
    assert body["data"]["reason"] == "no_text"
    assert not Document.objects.filter(owner=user).exists()
    assert not Chunk.objects.filter(owner=user).exists()
    assert set(_user_files(user)) == before  # the staged upload is gone too


def _user_files(user) -> list[str]:
    folder = f"documents/{user.pk}"
    if not default_storage.exists(folder):
        return []
    return default_storage.listdir(folder)[1]


def test_seed000_authentication_codes(live_url, user):
    from accounts.services import api_key_create
    from rest_framework_simplejwt.tokens import AccessToken

    url = f"{live_url}/ai/file/embed"
    body = {"type": "resume", "id": "auth_check", "user_id": "u1", "text": "Django 백엔드 개발 3년"}
    _error(requests.post(url, json=body, timeout=10), 401, "unauthorized", 4010)
    _error(requests.get(f"{live_url}/ai/task/task_x", timeout=10), 401, "unauthorized", 4010)
    expired = AccessToken.for_user(user)
    expired.set_exp(lifetime=-timedelta(seconds=30))
    _error(requests.post(url, json=body, headers={"Authorization": f"Bearer {expired}"}, timeout=10),
           401, "token_expired", 4011)
    _error(requests.post(url, json=body, headers={"Authorization": "Bearer not.a.token"}, timeout=10),
           401, "invalid_token", 4012)
    _error(requests.post(url, json=body, headers={"X-API-Key": "ik_wrong"}, timeout=10), 401, "invalid_token", 4012)
    # The three accepted credentials.
    assert requests.post(url, json=body, headers=bearer(user), timeout=10).status_code == 200
    _key, raw = api_key_create(owner=user, name="docs test")
    assert requests.post(url, json=body, headers={"X-API-Key": raw}, timeout=10).status_code == 200
    browser = _logged_in_session(live_url, user)
    csrf = browser.cookies.get("csrftoken")
    ok = browser.post(url, json=body, headers={"X-CSRFToken": csrf, "Referer": live_url + "/documents"}, timeout=10)
    assert ok.status_code == 200, ok.text
    # A session request without the CSRF token is refused: 403 forbidden 4030.
    _error(browser.post(url, json=body, timeout=10), 403, "forbidden", 4030)
    assert Document.objects.filter(owner=user, document_id="auth_check").count() == 1


def _logged_in_session(live_url, user) -> requests.Session:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    session.get(f"{live_url}/documents", timeout=10).raise_for_status()  # sets the csrftoken cookie
    return session


# --- replacing and embedding ---------------------------------------------------------------------
def test_file_embed_answers_documented_shape_and_replaces(live_url, user):
    session = api_session(user)
    first = "결제 시스템 개발 경험. 토스페이먼츠 연동과 멱등키 도입으로 중복 결제를 막았습니다. " * 12
    response = session.post(f"{live_url}/ai/file/embed", json={
        "type": "resume", "id": "resume_123", "user_id": "user_456", "text": first}, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == {"message": "embedding_success", "data": {
        "success": True, "type": "resume", "id": "resume_123", "vector_id": body["data"]["vector_id"],
        "collection": "resumes"}}
    document = Document.objects.get(owner=user, document_id="resume_123")
    chunks_before = Chunk.objects.filter(document=document).count()
    assert chunks_before >= 2

    second = "물류 시스템 개발 경험. 창고 재고 동기화를 이벤트 기반으로 바꾸어 품절 취소를 줄였습니다. " * 12
    body2 = session.post(f"{live_url}/ai/file/embed", json={
        "type": "resume", "id": "resume_123", "user_id": "user_456", "text": second}, timeout=30).json()
    assert body2["message"] == "embedding_success"
    assert body2["data"]["vector_id"] != body["data"]["vector_id"]
    assert Document.objects.filter(owner=user, document_id="resume_123").count() == 1
    chunks = list(Chunk.objects.filter(document=document))
    assert abs(len(chunks) - chunks_before) <= 1  # replaced, not appended
    assert not any("토스페이먼츠" in c.text for c in chunks)
    assert all("창고 재고" in c.text for c in chunks)
    # Same text again: same vector_id (it names this version of the vectors).
    body3 = session.post(f"{live_url}/ai/file/embed", json={
        "type": "resume", "id": "resume_123", "user_id": "user_456", "text": second}, timeout=30).json()
    assert body3["data"]["vector_id"] == body2["data"]["vector_id"]


def test_resubmitting_a_file_replaces_text_vectors_and_file(live_url, user):
    session = api_session(user)
    old_pdf = files.digital_pdf([["Old version: worked on a legacy PHP monolith for two years."]])
    new_pdf = files.digital_pdf([["New version: migrated services to Go and gRPC with zero downtime."]])
    first = poll(session, live_url, _created(_extract(session, live_url, transport="multipart", data=old_pdf,
                                                      file_type="pdf", doc_type="resume", document_id="cv")))
    old = Document.objects.get(owner=user, document_id="cv")
    old_file, old_vector = old.file.name, first.json()["data"]["result"]["vector_id"]
    second = poll(session, live_url, _created(_extract(session, live_url, transport="json", data=new_pdf,
                                                       file_type="pdf", doc_type="resume", document_id="cv")))
    result = _completed(second, second.json()["data"]["task_id"], "resumes")
    assert "migrated services to Go" in result["extracted_text"] and "PHP" not in result["extracted_text"]
    assert result["vector_id"] != old_vector
    document = Document.objects.get(owner=user, document_id="cv")
    assert document.pk == old.pk and document.version == old.version + 1
    chunks = list(Chunk.objects.filter(document=document))
    assert len(chunks) == 1 and "gRPC" in chunks[0].text
    deadline = time.monotonic() + 5
    while default_storage.exists(old_file) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not default_storage.exists(old_file) and default_storage.exists(document.file.name)


def test_user_id_never_writes_into_another_users_documents(live_url, user, other_user):
    session = api_session(user)
    response = session.post(f"{live_url}/ai/file/embed", json={
        "type": "resume", "id": "shared_id", "user_id": str(other_user.pk), "text": "내 이력서 내용입니다"}, timeout=30)
    assert response.status_code == 200
    assert Document.objects.get(document_id="shared_id").owner == user
    assert not Document.objects.filter(owner=other_user).exists()
    # The other user's own document with the same client id is untouched by this user's writes.
    api_session(other_user).post(f"{live_url}/ai/file/embed", json={
        "type": "resume", "id": "shared_id", "user_id": "x", "text": "다른 사람의 이력서"}, timeout=30)
    session.post(f"{live_url}/ai/file/embed", json={
        "type": "resume", "id": "shared_id", "user_id": str(other_user.pk), "text": "덮어쓰기 시도"}, timeout=30)
    assert Document.objects.get(owner=other_user, document_id="shared_id").text == "다른 사람의 이력서"


def test_a_redelivered_task_does_no_work_twice(live_url, user):
    from documents.tasks import document_ingest_task

    session = api_session(user)
    task_id = _created(_extract(session, live_url, transport="multipart", data=files.digital_pdf(files.RESUME_PAGES),
                                file_type="pdf", doc_type="resume", document_id="once"))
    poll(session, live_url, task_id)
    chunks = list(Chunk.objects.filter(owner=user).values_list("pk", flat=True))
    assert document_ingest_task.delay(task_id).get(timeout=30) == {"job_id": task_id, "skipped": True}
    assert list(Chunk.objects.filter(owner=user).values_list("pk", flat=True)) == chunks
    assert Job.objects.get(id=task_id).attempts == 1


def test_browser_session_can_upload_and_poll(live_url, user):
    """The page's own path: multipart with the session cookie and CSRF header."""
    browser = _logged_in_session(live_url, user)
    headers = {"X-CSRFToken": browser.cookies.get("csrftoken"), "Referer": live_url + "/documents"}
    response = browser.post(f"{live_url}/ai/ocr/extract", headers=headers, data={
        "file_type": "pdf", "type": "resume", "user_id": str(user.pk), "document_id": "from_page"},
        files={"file": ("cv.pdf", files.digital_pdf(files.RESUME_PAGES))}, timeout=30)
    task_id = _created(response)
    _completed(poll(browser, live_url, task_id), task_id, "resumes")
