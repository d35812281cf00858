"""Seed 003 `/api/job-postings…` through the public HTTP surface (JWT), scoped to the owner."""
import pytest

from documents.models import Document
from postings.models import JobPosting
from tests.factories import api_client, text_pdf
from tests.postings import fixtures as F


def test_create_from_pasted_text(api, user):
    response = api.post("/api/job-postings", {"title": "백엔드 개발자 채용", "text": F.BACKEND_POSTING}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    # the documented fields
    assert {"id", "title", "original_text", "ai_analysis", "created_at"} <= set(body)
    assert body["title"] == "백엔드 개발자 채용"
    assert body["original_text"].startswith("㈜그린커머스 백엔드 개발자")
    analysis = body["ai_analysis"]
    assert {"Java", "Spring Boot", "MySQL"} <= set(analysis["keywords"])
    assert "백엔드 개발 경력 3년 이상" in analysis["requirements"]
    assert analysis["engine"] == body["engine"] == "local"
    assert analysis["deadline"] == "2026-12-31" and body["company"] == "그린커머스"
    posting = JobPosting.objects.get(pk=body["id"])
    assert posting.owner == user and posting.source == "text"
    # kept in the documents store too, so search and the assistant can cite it
    assert posting.document.doc_type == "job_posting" and posting.document.chunks.exists()


def test_create_from_pdf_upload(api, user):
    pdf = text_pdf(F.FRONTEND_POSTING)
    response = api.post("/api/job-postings", {"file": _upload("posting.pdf", pdf)}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert "React" in body["original_text"] and "자격요건" in body["original_text"]
    assert body["title"].startswith("[토닥헬스]")  # no title sent: the posting's own first line
    assert {"React", "TypeScript", "Next.js"} <= set(body["ai_analysis"]["required_skills"])
    assert body["source"] == "file" and body["file_name"] == "posting.pdf"
    document = Document.objects.get(pk=body["document"])
    assert document.owner == user and document.file_type == "pdf" and document.file.name


def test_create_from_form_field_text(api):
    response = api.post("/api/job-postings", {"text": F.DATA_POSTING, "title": ""}, format="multipart")
    assert response.status_code == 201
    assert response.json()["ai_analysis"]["company"] == "모아데이터"


def test_list_detail_delete_and_pagination(api, user):
    ids = [api.post("/api/job-postings", {"text": text}, format="json").json()["id"]
           for text in (F.BACKEND_POSTING, F.FRONTEND_POSTING, F.NURSING_POSTING)]
    listing = api.get("/api/job-postings").json()
    assert listing["total"] == 3 and [item["id"] for item in listing["items"]] == ids[::-1]
    assert {"id", "title", "ai_analysis", "created_at"} <= set(listing["items"][0])
    page = api.get("/api/job-postings", {"page": 2, "page_size": 2}).json()
    assert page["total"] == 3 and [item["id"] for item in page["items"]] == [ids[0]]

    detail = api.get(f"/api/job-postings/{ids[2]}").json()
    assert detail["id"] == ids[2] and "간호사" in detail["original_text"]
    assert detail["ai_analysis"]["company"] == "서울한빛병원"

    document_id = JobPosting.objects.get(pk=ids[0]).document_id
    assert api.delete(f"/api/job-postings/{ids[0]}").status_code == 204
    assert api.get(f"/api/job-postings/{ids[0]}").status_code == 404
    assert not Document.objects.filter(pk=document_id).exists()
    assert api.get("/api/job-postings").json()["total"] == 2


def test_reanalyze(api, settings):
    posting_id = api.post("/api/job-postings", {"text": F.MARKETING_POSTING}, format="json").json()["id"]
    JobPosting.objects.filter(pk=posting_id).update(ai_analysis={})
    response = api.post(f"/api/job-postings/{posting_id}/analyze")
    assert response.status_code == 200
    assert "Google Ads" in response.json()["ai_analysis"]["required_skills"]


def test_a_posting_deleted_while_it_is_analysed_again_is_404(api, monkeypatch):
    from postings import services

    posting_id = api.post("/api/job-postings", {"text": F.MARKETING_POSTING}, format="json").json()["id"]
    analyze = services._analyze

    def deleted_meanwhile(text, title):  # another request deletes it during the analysis
        JobPosting.objects.filter(pk=posting_id).delete()
        return analyze(text, title)

    monkeypatch.setattr(services, "_analyze", deleted_meanwhile)
    response = api.post(f"/api/job-postings/{posting_id}/analyze")
    assert response.status_code == 404 and not JobPosting.objects.filter(pk=posting_id).exists()


def test_another_users_posting_is_not_found(api, other_user):
    theirs = api_client(other_user).post("/api/job-postings", {"text": F.DATA_POSTING}, format="json").json()["id"]
    for call in (api.get, api.delete):
        response = call(f"/api/job-postings/{theirs}")
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}
    assert api.post(f"/api/job-postings/{theirs}/analyze").status_code == 404
    assert api.get("/api/job-postings").json()["total"] == 0
    assert JobPosting.objects.filter(pk=theirs).exists()


@pytest.mark.parametrize("payload,fmt", [
    ({}, "json"),
    ({"text": "   "}, "json"),
    ({"text": ["not", "a", "string"]}, "json"),
    ({"title": "x" * 300, "text": "백엔드 개발자"}, "json"),
    ({"text": "x" * 100_001}, "json"),
])
def test_bad_input_is_400(api, payload, fmt):
    response = api.post("/api/job-postings", payload, format=fmt)
    assert response.status_code == 400
    assert "detail" in response.json()


def test_bad_files(api):
    garbage = api.post("/api/job-postings", {"file": _upload("posting.pdf", b"this is not a pdf at all")},
                       format="multipart")
    assert garbage.status_code == 415 and "detail" in garbage.json()
    broken = api.post("/api/job-postings", {"file": _upload("broken.pdf", b"%PDF-1.4\n1 0 obj garbage")},
                      format="multipart")
    assert broken.status_code == 400 and "detail" in broken.json()
    both = api.post("/api/job-postings", {"file": _upload("p.pdf", text_pdf("자격요건")), "text": "백엔드"},
                    format="multipart")
    assert both.status_code == 400
    assert JobPosting.objects.count() == 0


def test_raw_garbage_body_and_wrong_ids(api):
    response = api.generic("POST", "/api/job-postings", b"{not json", content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()
    assert api.get("/api/job-postings/abc").status_code == 404
    assert api.get("/api/job-postings/99999999999999999999").status_code == 404
    assert api.get("/api/job-postings", {"page": "zzz"}).status_code == 404


def test_authentication_required(client):
    response = client.get("/api/job-postings")
    assert response.status_code == 401 and "detail" in response.json()
    assert client.post("/api/job-postings", {"text": "x"}).status_code == 401


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_too_large_upload_is_413(api, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = api.post("/api/job-postings", {"file": _upload("big.pdf", text_pdf(F.BACKEND_POSTING * 3))},
                        format="multipart")
    assert response.status_code == 413 and "detail" in response.json()


def test_create_with_the_openai_engine(api, openai_engine):
    openai_engine.chat(json={
        "company": "토닥헬스", "position": "프론트엔드 개발자", "keywords": ["React", "TypeScript"],
        "requirements": ["React, TypeScript 기반 웹 서비스 개발 경험"], "responsibilities": ["비대면 진료 웹 개발"],
        "preferred": ["GraphQL 사용 경험"], "required_skills": ["React", "TypeScript", "react"],
        "preferred_skills": ["GraphQL", "React"], "deadline": "2027년 1월 15일이 아니라 2027-01-15",
        "employment_type": "정규직", "location": "서울 성동구", "min_years": 2, "benefits": [], "process": ["서류", "면접"],
        "sections": [{"key": "requirements", "title": "자격요건", "items": ["React, TypeScript 기반 웹 서비스 개발 경험"]}],
    })
    response = api.post("/api/job-postings", {"text": F.FRONTEND_POSTING}, format="json")
    assert response.status_code == 201
    analysis = response.json()["ai_analysis"]
    assert analysis["engine"] == "openai" and analysis["company"] == "토닥헬스"
    # validated: duplicates dropped, a skill is not both required and preferred, the date normalised
    assert analysis["required_skills"] == ["React", "TypeScript"] and analysis["preferred_skills"] == ["GraphQL"]
    assert analysis["deadline"] == "2027-01-15"
    assert analysis["sections"][0]["label"] == "자격요건"
    prompt = openai_engine.requests_to("/chat/completions")[0].json["messages"][-1]["content"]
    assert "[채용 공고]" in prompt and "토닥헬스" in prompt
    assert openai_engine.requests_to("/embeddings")  # stored for search with the engine's embeddings


def test_ai_outage_on_create_answers_with_the_rules_labelled_local(api, openai_engine):
    """The one fallback policy (README): a failing model server gives the local rules' result,
    labelled with the engine that produced it and the reason."""
    openai_engine.fail(503, times=10, retry_after=0)
    response = api.post("/api/job-postings", {"text": F.FRONTEND_POSTING}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["engine"] == "local"
    assert body["ai_analysis"]["fallback_reason"] == "LLM_ERROR"
    assert "React" in body["ai_analysis"]["required_skills"]  # the rules really read the posting
    assert openai_engine.requests_to("/chat/completions")


def test_ai_outage_when_the_rules_fail_too_is_503_and_nothing_saved(api, openai_engine, monkeypatch):
    from ai.errors import EmbeddingError
    from postings import ai as posting_ai

    def rules_down(*args, **kwargs):
        raise EmbeddingError("EMBEDDING_ERROR", "down", retryable=True)

    monkeypatch.setattr(posting_ai, "posting_rules", rules_down)
    openai_engine.fail(503, times=10, retry_after=0)
    response = api.post("/api/job-postings", {"text": F.FRONTEND_POSTING}, format="json")
    assert response.status_code == 503 and "detail" in response.json()
    assert not JobPosting.objects.exists()
