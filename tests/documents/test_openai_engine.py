"""The `openai` engine end to end: embeddings from an OpenAI-compatible server (a scripted fake on
loopback), and the seed 000 codes when that server misbehaves (5002) or is down (5031)."""
from __future__ import annotations

from documents.models import Chunk, Document
from tests.documents import files
from tests.documents.conftest import api_session, poll


def _error(response, status, message, code):
    assert response.status_code == status, response.text
    assert response.json() == {"message": message, "error_code": code, "data": None}


def test_embeddings_come_from_the_openai_server(openai_app, fake_openai, user):
    session = api_session(user)
    response = session.post(f"{openai_app.url}/ai/file/embed", json={
        "type": "portfolio", "id": "pf_1", "user_id": "u1",
        "text": "Flutter로 배달 주문 앱을 출시했습니다. 다운로드 5만 건을 달성했습니다."}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["collection"] == "portfolios"
    sent = fake_openai.requests_to("/embeddings")
    assert sent and sent[0].json["dimensions"] == 384 and "Flutter" in sent[0].json["input"][0]
    document = Document.objects.get(owner=user, document_id="pf_1")
    assert document.embedding_engine == "openai"
    assert set(Chunk.objects.filter(document=document).values_list("engine", flat=True)) == {"openai"}


def test_malformed_embeddings_answer_5002(openai_app, fake_openai, user):
    fake_openai.embeddings([[0.5] * 12])  # 12 dimensions where 384 were asked for
    _error(api_session(user).post(f"{openai_app.url}/ai/file/embed", json={
        "type": "resume", "id": "r_bad", "user_id": "u1", "text": "백엔드 개발 경험"}, timeout=30),
        500, "embedding_failed", 5002)
    assert not Document.objects.filter(owner=user).exists()


def test_provider_down_answers_5031(openai_app, fake_openai, user):
    fake_openai.fail(503, times=3, retry_after=0)  # every attempt of the retry policy fails
    _error(api_session(user).post(f"{openai_app.url}/ai/file/embed", json={
        "type": "resume", "id": "r_down", "user_id": "u1", "text": "백엔드 개발 경험"}, timeout=60),
        503, "ai_service_unavailable", 5031)
    assert len(fake_openai.requests_to("/embeddings")) == 3
    assert not Document.objects.filter(owner=user).exists()


def test_ocr_job_reports_provider_outage_and_keeps_the_old_version(openai_app, fake_openai, user):
    session = api_session(user)
    fields = {"file_type": "pdf", "type": "resume", "user_id": "u1", "document_id": "cv_ai"}
    first = session.post(f"{openai_app.url}/ai/ocr/extract", data=fields,
                         files={"file": ("cv.pdf", files.digital_pdf(files.RESUME_PAGES))}, timeout=30)
    done = poll(session, openai_app.url, first.json()["data"]["task_id"])
    assert done.status_code == 200, done.text
    before = list(Chunk.objects.filter(owner=user).values_list("text", flat=True))

    fake_openai.fail(503, times=3, retry_after=0)
    second = session.post(f"{openai_app.url}/ai/ocr/extract", data=fields,
                          files={"file": ("cv2.pdf", files.digital_pdf([["A completely different resume text."]]))},
                          timeout=30)
    task_id = second.json()["data"]["task_id"]
    failed = poll(session, openai_app.url, task_id)
    assert failed.status_code == 503
    body = failed.json()
    assert body["message"] == "ai_service_unavailable" and body["error_code"] == 5031
    assert body["data"]["task_id"] == task_id and body["data"]["status"] == "failed"
    # Nothing of the failed version was stored; the previous one is intact and marked.
    assert list(Chunk.objects.filter(owner=user).values_list("text", flat=True)) == before
    document = Document.objects.get(owner=user, document_id="cv_ai")
    assert document.status == "failed" and document.error_code == "ai_service_unavailable"
    assert "Spring Batch" in document.text
