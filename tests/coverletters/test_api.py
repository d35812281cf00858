"""Seed 003 `/api/cover-letters…` through HTTP with JWT: feedback, versions, ownership, bad input."""
import pytest

from coverletters.models import CoverLetter, CoverLetterVersion
from documents.models import Document
from tests.coverletters import fixtures as C
from tests.factories import api_client
from tests.postings import fixtures as F


@pytest.fixture
def posting_id(api):
    return api.post("/api/job-postings", {"text": F.BACKEND_POSTING}, format="json").json()["id"]


def test_create_returns_the_documented_fields_with_feedback(api, user, posting_id):
    response = api.post("/api/cover-letters", {"job_posting_id": posting_id, "content": C.PLANTED_LETTER}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "job_posting_id", "content", "ai_feedback", "created_at"} <= set(body)
    assert body["job_posting_id"] == posting_id and body["content"] == C.PLANTED_LETTER.strip()
    assert body["ai_feedback"].startswith("전반적으로") and "쿠팡" in body["ai_feedback"]
    assert body["engine"] == "local" and body["version"] == 1
    feedback = body["feedback"]
    assert {"summary", "items", "scores", "expected_questions"} <= set(feedback)
    assert any(item["type"] == "cliche" and item["term"] == "열정" for item in feedback["items"])
    letter = CoverLetter.objects.get(pk=body["id"])
    assert letter.owner == user and letter.versions.count() == 1
    # the text is searchable with the user's other documents
    assert letter.document.doc_type == "attachment" and letter.document.text == letter.content


def test_list_and_detail_with_nested_posting(api, posting_id):
    first = api.post("/api/cover-letters", {"job_posting_id": posting_id, "content": C.GOOD_LETTER}, format="json")
    second = api.post("/api/cover-letters", {"content": "[지원 동기]\n결제 도메인에서 일하고 싶습니다."}, format="json")
    assert second.status_code == 201 and second.json()["job_posting_id"] is None
    listing = api.get("/api/cover-letters").json()
    assert listing["total"] == 2 and [i["id"] for i in listing["items"]] == [second.json()["id"], first.json()["id"]]
    assert {"id", "job_posting_id", "content", "ai_feedback", "created_at"} <= set(listing["items"][0])

    detail = api.get(f"/api/cover-letters/{first.json()['id']}").json()
    assert detail["job_posting"]["id"] == posting_id
    assert set(detail["job_posting"]) == {"id", "title", "ai_analysis"}
    assert "JPA" in detail["job_posting"]["ai_analysis"]["required_skills"]
    assert detail["ai_feedback"] == first.json()["ai_feedback"]
    assert api.get(f"/api/cover-letters/{second.json()['id']}").json()["job_posting"] is None


def test_edit_keeps_versions_and_refreshes_feedback(api, posting_id):
    letter_id = api.post("/api/cover-letters", {"job_posting_id": posting_id, "content": C.PLANTED_LETTER},
                         format="json").json()["id"]
    before = CoverLetter.objects.get(pk=letter_id)
    response = api.patch(f"/api/cover-letters/{letter_id}", {"content": C.GOOD_LETTER}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2 and [v["number"] for v in body["versions"]] == [2, 1]
    assert body["versions"][1]["content"] == C.PLANTED_LETTER.strip()
    assert body["feedback"]["scores"]["overall"] > before.feedback["scores"]["overall"]
    assert "쿠팡" not in body["ai_feedback"]
    # an unchanged text is not a new version
    same = api.patch(f"/api/cover-letters/{letter_id}", {"content": C.GOOD_LETTER, "title": "최종본"}, format="json")
    assert same.json()["version"] == 2 and same.json()["title"] == "최종본"
    versions = api.get(f"/api/cover-letters/{letter_id}/versions").json()
    assert versions["total"] == 2
    # detaching the posting is an edit too (the feedback no longer checks its keywords)
    detached = api.patch(f"/api/cover-letters/{letter_id}", {"job_posting_id": None}, format="json").json()
    assert detached["job_posting_id"] is None and detached["version"] == 3
    assert detached["feedback"]["scores"]["coverage"] is None


def test_posting_deletion_keeps_the_letter(api, posting_id):
    letter_id = api.post("/api/cover-letters", {"job_posting_id": posting_id, "content": C.GOOD_LETTER},
                         format="json").json()["id"]
    api.delete(f"/api/job-postings/{posting_id}")
    detail = api.get(f"/api/cover-letters/{letter_id}").json()
    assert detail["job_posting_id"] is None and detail["content"].startswith("[지원 동기]")


def test_delete_removes_versions_and_document(api):
    letter_id = api.post("/api/cover-letters", {"content": C.GOOD_LETTER}, format="json").json()["id"]
    document_id = CoverLetter.objects.get(pk=letter_id).document_id
    assert api.delete(f"/api/cover-letters/{letter_id}").status_code == 204
    assert not CoverLetterVersion.objects.filter(letter_id=letter_id).exists()
    assert not Document.objects.filter(pk=document_id).exists()


def test_another_users_letter_and_posting_are_not_found(api, other_user):
    other = api_client(other_user)
    their_posting = other.post("/api/job-postings", {"text": F.DATA_POSTING}, format="json").json()["id"]
    their_letter = other.post("/api/cover-letters", {"content": C.GOOD_LETTER}, format="json").json()["id"]

    for response in (api.get(f"/api/cover-letters/{their_letter}"), api.delete(f"/api/cover-letters/{their_letter}"),
                     api.patch(f"/api/cover-letters/{their_letter}", {"content": "x"}, format="json"),
                     api.get(f"/api/cover-letters/{their_letter}/versions")):
        assert response.status_code == 404 and set(response.json()) == {"detail"}
    # naming someone else's posting looks exactly like naming a missing one
    theirs = api.post("/api/cover-letters", {"job_posting_id": their_posting, "content": "안녕하세요"}, format="json")
    missing = api.post("/api/cover-letters", {"job_posting_id": 987654321, "content": "안녕하세요"}, format="json")
    assert theirs.status_code == missing.status_code == 404 and theirs.json() == missing.json()
    mine = api.post("/api/cover-letters", {"content": "안녕하세요"}, format="json").json()["id"]
    moved = api.patch(f"/api/cover-letters/{mine}", {"job_posting_id": their_posting}, format="json")
    assert moved.status_code == 404
    assert CoverLetter.objects.get(pk=mine).job_posting_id is None
    assert api.get("/api/cover-letters").json()["total"] == 1


@pytest.mark.parametrize("payload", [
    {},
    {"content": ""},
    {"content": "   "},
    {"content": ["list"]},
    {"content": "x" * 20_001},
    {"content": "ok", "job_posting_id": "abc"},
    {"content": "ok", "job_posting_id": -1},
    {"content": "ok", "job_posting_id": 10**30},
])
def test_bad_input_is_400(api, payload):
    response = api.post("/api/cover-letters", payload, format="json")
    assert response.status_code == 400 and "detail" in response.json()
    assert not CoverLetter.objects.exists()


def test_bad_edits_and_ids(api):
    letter_id = api.post("/api/cover-letters", {"content": C.GOOD_LETTER}, format="json").json()["id"]
    assert api.patch(f"/api/cover-letters/{letter_id}", {"content": ""}, format="json").status_code == 400
    assert api.put(f"/api/cover-letters/{letter_id}", {"title": "only a title"}, format="json").status_code == 400
    assert api.generic("PATCH", f"/api/cover-letters/{letter_id}", b"{oops",
                       content_type="application/json").status_code == 400
    assert api.get("/api/cover-letters/abc").status_code == 404
    assert CoverLetter.objects.get(pk=letter_id).version == 1


def test_a_letter_or_posting_deleted_while_feedback_is_written_is_404(api, posting_id, monkeypatch):
    """Another request deletes the record during the seconds the feedback takes (found by the
    schemathesis run): 404, never a 500 or a deleted letter saved back."""
    from coverletters import services
    from postings.models import JobPosting

    letter_id = api.post("/api/cover-letters", {"content": C.GOOD_LETTER}, format="json").json()["id"]
    write_feedback = services.letter_feedback_for
    doomed = {}

    def deleted_meanwhile(**kwargs):
        doomed["model"].objects.filter(pk=doomed["pk"]).delete()
        return write_feedback(**kwargs)

    monkeypatch.setattr(services, "letter_feedback_for", deleted_meanwhile)
    doomed.update(model=CoverLetter, pk=letter_id)
    edit = api.patch(f"/api/cover-letters/{letter_id}", {"content": C.PLANTED_LETTER}, format="json")
    assert edit.status_code == 404 and not CoverLetter.objects.filter(pk=letter_id).exists()
    doomed.update(model=JobPosting, pk=posting_id)
    created = api.post("/api/cover-letters", {"job_posting_id": posting_id, "content": C.GOOD_LETTER}, format="json")
    assert created.status_code == 404 and not CoverLetter.objects.exists()


def test_ai_outage_answers_with_the_rules_labelled_local(api, openai_engine):
    openai_engine.fail(503, times=10, retry_after=0)
    response = api.post("/api/cover-letters", {"content": C.GOOD_LETTER}, format="json")
    assert response.status_code == 201, response.content
    letter = CoverLetter.objects.get()
    assert response.json()["engine"] == letter.engine == "local"
    assert letter.feedback["fallback_reason"] == "LLM_ERROR"
    assert letter.feedback["items"] and letter.ai_feedback  # the rules really reviewed the letter


def test_ai_outage_when_the_rules_fail_too_is_503_and_nothing_saved(api, openai_engine, monkeypatch):
    from ai.errors import LLMError
    from coverletters import ai as letter_ai

    def rules_down(*args, **kwargs):
        raise LLMError("LLM_ERROR", "down")

    monkeypatch.setattr(letter_ai, "_local_feedback", rules_down)
    openai_engine.fail(503, times=10, retry_after=0)
    response = api.post("/api/cover-letters", {"content": C.GOOD_LETTER}, format="json")
    assert response.status_code == 503 and "detail" in response.json()
    assert not CoverLetter.objects.exists()


def test_authentication_required(client):
    assert client.get("/api/cover-letters").status_code == 401
    assert client.post("/api/cover-letters", {"content": "x"}).status_code == 401
