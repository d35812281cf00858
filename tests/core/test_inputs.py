"""One input rule for every surface (issue 18): control characters get the surface's own 400."""
from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient


@pytest.fixture
def client(db):
    api = APIClient()
    api.force_authenticate(get_user_model().objects.create_user(username="inp", password="Input-Rule-2026"))
    return api


def _seed000_400(response):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert body["message"] == "invalid_request" and body["error_code"] == 4000, body
    return body


def test_a_nul_in_the_task_id_path_is_refused_before_the_database(client):
    body = _seed000_400(client.get("/ai/task/task_%00abc"))
    assert "NUL" in body["data"]["detail"]


@pytest.mark.parametrize("task_id", ["abc", "task_abc", "task_" + "g" * 16, "task_" + "0" * 17, "'; drop table x; --"])
def test_a_task_id_of_the_wrong_shape_is_not_found_without_a_query(client, task_id, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(f"/ai/task/{task_id}")
    assert response.status_code == 404 and response.json()["error_code"] == 4042


@pytest.mark.parametrize("field", ["id", "user_id", "text"])
def test_file_embed_refuses_nul_in_every_field(client, field):
    body = {"type": "resume", "id": "r1", "user_id": "u1", "text": "이력서 본문"}
    body[field] = body[field][:1] + "\x00" + body[field][1:]
    _seed000_400(client.post("/ai/file/embed", data=json.dumps(body), content_type="application/json"))


@pytest.mark.parametrize("field", ["document_id", "user_id"])
def test_ocr_extract_refuses_nul_in_multipart_fields(client, field):
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = {"file_type": "image", "type": "resume", "user_id": "u1", "document_id": "d1",
            "file": SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")}
    form[field] = "a\x00b"
    _seed000_400(client.post("/ai/ocr/extract", data=form, format="multipart"))


@pytest.mark.parametrize("field", ["resume_id", "posting_id"])
def test_analyze_refuses_nul_before_the_stream_starts(client, field):
    body = {"resume_id": "r1", "posting_id": "p1", "resume_text": "Python 개발", "posting_text": "Python 개발자 채용"}
    body[field] = "x\x00y"
    response = client.post("/ai/analyze", data=json.dumps(body), content_type="application/json")
    assert response.get("Content-Type", "").startswith("application/json")
    _seed000_400(response)


def test_a_lone_surrogate_in_json_is_refused(client):
    raw = b'{"type": "resume", "id": "r1", "user_id": "u1", "text": "\\ud800"}'
    _seed000_400(client.post("/ai/file/embed", data=raw, content_type="application/json"))


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f"])
def test_other_control_characters_are_refused_but_whitespace_is_text(client, char):
    body = {"type": "resume", "id": "r1", "user_id": "u1", "text": f"줄 하나\t탭\r\n줄 둘\x0c쪽 {char}"}
    _seed000_400(client.post("/ai/file/embed", data=json.dumps(body), content_type="application/json"))
    body["text"] = "줄 하나\t탭\r\n줄 둘\x0c쪽"
    assert client.post("/ai/file/embed", data=json.dumps(body), content_type="application/json").status_code == 200


def test_drf_surfaces_answer_in_their_own_format(client):
    response = client.post("/api/interviews/start", data=json.dumps({"language": "en\x00"}),
                           content_type="application/json")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    response = client.get("/api/interviews/history?limit=1%00")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    response = client.get("/health?x=%1b")
    assert response.status_code == 400 and response.json()["error"]["code"] == "INVALID_REQUEST"


def test_a_nul_in_a_json_key_is_refused(client):
    raw = json.dumps({"type": "resume", "id": "r1", "user_id": "u1", "text": "t", "x\x00": 1})
    _seed000_400(client.post("/ai/file/embed", data=raw, content_type="application/json"))


def test_a_form_that_is_not_valid_utf8_is_refused(client):
    response = client.post("/api/interviews/start", data="language=%FF%FE", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400, response.content


def test_pages_get_a_400_page(client):
    response = client.get("/%00")
    assert response.status_code == 400 and b"<html" in response.content.lower()


def test_messages_are_korean_first(client):
    body = _seed000_400(client.get("/ai/task/task_%00abc"))
    assert "제어 문자" in body["data"]["detail"]


def test_profile_patch_with_empty_values_is_answered_not_a_500(db):
    api = APIClient()
    assert api.post("/api/auth/register", data={"email": "p18@example.com", "password": "Input-Rule-2026x", "name": "김"},
                    format="json").status_code == 201
    token = api.post("/api/auth/login", data={"email": "p18@example.com", "password": "Input-Rule-2026x"},
                     format="json").json()["access_token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"name": "", "age": 0, "gender": None, "career_summary": "", "certifications": ""}
    response = api.patch("/api/users/me", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200 and response.json()["age"] == 0 and response.json()["gender"] is None
    response = api.patch("/api/users/me", data=json.dumps({"age": -1, "gender": "x\x00"}), content_type="application/json")
    assert response.status_code == 400


def test_cover_letter_form_patch_with_odd_bytes(client):
    from coverletters.models import CoverLetter

    user = get_user_model().objects.get(username="inp")
    letter = CoverLetter.objects.create(owner=user, title="t", content="처음 내용")
    url = f"/api/cover-letters/{letter.pk}"
    form = "application/x-www-form-urlencoded"
    # U+58DEF is a valid (unassigned) code point in valid UTF-8: stored as sent
    assert client.patch(url, data="content=%F1%98%B7%AF", content_type=form).status_code == 200
    letter.refresh_from_db()
    assert letter.content == "\U00058def"
    for body in ("content=%FF%FE", "content=%F1%98%B7", "content=ok%00", "job_posting_id=%00"):
        response = client.patch(url, data=body, content_type=form)
        assert response.status_code == 400, (body, response.content)
        assert "detail" in response.json()
