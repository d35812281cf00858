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
