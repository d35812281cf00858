"""Seed 000 §6 `POST /ai/calendar/parse` over HTTP (Django test client), both engines."""
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from core import storage
from tests.calendarparse.postings import POSTINGS
from tests.factories import text_pdf

URL = "/ai/calendar/parse"


def test_text_is_parsed_into_the_documented_body(api):
    response = api.post(URL, {"text": POSTINGS[0]["text"]}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["message"] == "calendar_parsed" and set(body) == {"message", "data"}
    data = body["data"]
    assert set(data) == {"success", "company", "position", "schedules", "hashtags"}
    assert data["success"] is True and data["company"] == "카카오"
    assert all(set(item) == {"stage", "date", "time"} for item in data["schedules"])
    assert {"stage": "코딩테스트", "date": "2027-01-20", "time": "14:00"} in data["schedules"]
    assert "#카카오" in data["hashtags"]
    assert response["X-AI-Engine"] == "local"


def test_undated_deadline_is_null(api):
    data = api.post(URL, {"text": "데이터 엔지니어 채용\n마감일: 채용 시 마감"}, format="json").json()["data"]
    assert data["schedules"] == [{"stage": "서류 마감", "date": None, "time": None}]


@pytest.mark.parametrize("payload", [{}, {"text": ""}, {"text": "   ", "file_url": ""}, {"file_url": None}])
def test_no_input_is_4010_with_http_400(api, payload):
    response = api.post(URL, payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"message": "no_input_provided", "error_code": 4010, "data": None}


def test_text_without_schedule_is_4011_parse_failed(api):
    response = api.post(URL, {"text": "Java와 Spring을 다룰 줄 아는 분을 찾습니다."}, format="json")
    assert response.status_code == 400
    assert response.json() == {"message": "parse_failed", "error_code": 4011, "data": None}


@pytest.mark.parametrize("raw", ['{"text": 5}', '["text"]', '{"text": "a\\u0000b"}', '{"text": '])
def test_malformed_bodies_are_400(api, raw):
    response = api.generic("POST", URL, raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error_code"] == 4000


def test_unauthenticated_gets_seed000_401():
    response = APIClient().post(URL, {"text": "x"}, format="json")
    assert response.status_code == 401 and response.json()["error_code"] == 4010
    assert response.json()["message"] == "unauthorized"


def test_file_url_pdf_through_the_guarded_fetch(api):
    name = default_storage.save("client-uploads/posting.pdf", ContentFile(text_pdf(POSTINGS[7]["text"])))
    response = api.post(URL, {"file_url": "http://testserver" + storage.signed_url(name)}, format="json")
    assert response.status_code == 200, response.content
    schedules = response.json()["data"]["schedules"]
    assert {"stage": "필기시험", "date": "2027-03-06", "time": None} in schedules


def test_file_url_and_text_together(api):
    name = default_storage.save("client-uploads/part.pdf", ContentFile(text_pdf("서류 마감: 2027.01.08 18:00")))
    response = api.post(URL, {"file_url": "http://testserver" + storage.signed_url(name),
                              "text": "코딩테스트 1/16(토) 오전 10시"}, format="json")
    stages = [s["stage"] for s in response.json()["data"]["schedules"]]
    assert stages == ["서류 마감", "코딩테스트"]


@pytest.mark.parametrize("url, status, code", [
    ("http://127.0.0.1:8000/private.pdf", 404, 4041),
    ("file:///etc/passwd", 404, 4041),
    ("http://testserver/files/forged-token", 404, 4041),
])
def test_refused_or_missing_files(api, url, status, code):
    response = api.post(URL, {"file_url": url}, format="json")
    assert response.status_code == status and response.json()["error_code"] == code


def test_a_file_that_is_not_a_document(api):
    name = default_storage.save("client-uploads/x.pdf", ContentFile(b"plain text, not a pdf"))
    response = api.post(URL, {"file_url": "http://testserver" + storage.signed_url(name)}, format="json")
    assert response.status_code == 400 and response.json()["error_code"] == 4001


def test_openai_engine(api, fake_openai, openai_engine):
    fake_openai.chat(json={"company": "카카오", "position": "백엔드 개발자", "schedules": [
        {"stage": "서류 마감", "date": "2027-01-15", "time": "18:00"},
        {"stage": "코딩테스트", "date": "2027-02-30", "time": None},  # impossible: dropped
        {"stage": "최종 발표", "date": None, "time": None}], "hashtags": ["카카오", "#백엔드"]})
    response = api.post(URL, {"text": POSTINGS[0]["text"]}, format="json")
    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert data["schedules"] == [{"stage": "서류 마감", "date": "2027-01-15", "time": "18:00"},
                                 {"stage": "최종 발표", "date": None, "time": None}]
    assert data["hashtags"] == ["#카카오", "#백엔드"] and response["X-AI-Engine"] == "openai"
    prompt = json.dumps(fake_openai.requests_to("/chat/completions")[0].json, ensure_ascii=False)
    from calendarparse.services import user_today

    assert "서류 접수" in prompt and f"Today is {user_today().isoformat()}" in prompt


def test_openai_engine_down_falls_back_to_the_rules(api, fake_openai, openai_engine, settings):
    fake_openai.fail(503, times=10)
    response = api.post(URL, {"text": POSTINGS[0]["text"]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["data"]["schedules"] and response["X-AI-Engine"] == "local"


def test_openai_engine_down_and_rules_failing_is_5031(api, fake_openai, openai_engine, monkeypatch):
    from ai.errors import LLMError
    from calendarparse import local

    def rules_down(*args, **kwargs):
        raise LLMError("LLM_ERROR", "down", retryable=True)

    monkeypatch.setattr(local, "parse", rules_down)
    fake_openai.fail(503, times=10)
    response = api.post(URL, {"text": POSTINGS[0]["text"]}, format="json")
    assert response.status_code == 503 and response.json()["error_code"] == 5031


def test_file_url_image_goes_through_ocr(api):
    from tests.documents import files

    image = files.text_image(["삼성전자 채용 일정", "서류 마감: 2027년 3월 15일 17:00", "GSAT: 2027년 4월 17일 오전 9시"])
    name = default_storage.save("client-uploads/posting.png", ContentFile(files.png(image)))
    response = api.post(URL, {"file_url": "http://testserver" + storage.signed_url(name)}, format="json")
    assert response.status_code == 200, response.content
    schedules = response.json()["data"]["schedules"]
    assert {"stage": "서류 마감", "date": "2027-03-15", "time": "17:00"} in schedules
    assert {"stage": "인적성검사(GSAT)", "date": "2027-04-17", "time": "09:00"} in schedules


def test_a_blank_image_is_an_ocr_failure(api):
    from tests.documents import files

    name = default_storage.save("client-uploads/blank.png", ContentFile(files.blank_png()))
    response = api.post(URL, {"file_url": "http://testserver" + storage.signed_url(name)}, format="json")
    assert response.status_code == 500 and response.json() == {
        "message": "ocr_processing_failed", "error_code": 5001, "data": None}
