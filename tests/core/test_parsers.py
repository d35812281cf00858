"""Every API surface parses bodies with the project's bounded parsers: hostile JSON is a 4xx."""
import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

DEEP = b"[" * 30_000 + b"]" * 30_000

ENDPOINTS = ["/api/cover-letters", "/api/job-postings", "/api/interviews/start", "/sessions", "/answers",
             "/ai/interview/question", "/ai/interview/save", "/ai/analyze", "/ai/file/embed"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ENDPOINTS)
def test_deeply_nested_json_is_a_client_error(path):
    client = APIClient()
    client.force_authenticate(get_user_model().objects.create_user(username="p", password="Parser-Test-2026"))
    response = client.post(path, data=DEEP, content_type="application/json")
    assert response.status_code == 400, (path, response.status_code, response.content[:200])
    oversized = client.post(path, data=b'{"a": "' + b"x" * (6 * 1024 * 1024) + b'"}', content_type="application/json")
    assert oversized.status_code == 413, (path, oversized.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("path, body", [
    ("/ai/ocr/extract", {"message": "payload_too_large", "error_code": 4130, "data": None}),
    ("/api/cover-letters", {"detail": "Request body too large"}),
    ("/calendar/new", None),  # a page: the error page
])
def test_a_declared_body_over_the_request_limit_is_refused_before_anything_reads_it(client, settings, path, body):
    # The declared length is over the limit while the body sent is tiny: nothing may have read it.
    response = client.post(path, data=b"{}", content_type="application/json",
                           CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_BYTES + 1))
    assert response.status_code == 413, (path, response.status_code, response.content[:200])
    if body is None:
        assert response["Content-Type"].startswith("text/html")
    else:
        assert response.json() == body
