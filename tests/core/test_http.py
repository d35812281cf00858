"""HTTP surface of the platform: health, API docs, request ids, error formats."""
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import requests

BASE_DIR = Path(__file__).resolve().parents[2]


def test_health_reports_real_services(live_url):
    response = requests.get(live_url + "/health", timeout=15)
    body = response.json()
    assert response.status_code == 200
    assert set(body) >= {"status", "version", "timestamp", "gpu_available", "gpu_memory_used_mb",
                         "gpu_memory_total_mb", "services"}
    assert set(body["services"]) >= {"stt", "llm", "tts", "avatar", "redis"}
    assert body["services"]["database"] == "operational", body
    assert body["services"]["worker"] == "operational", body
    assert body["services"]["redis"] == "operational", body
    assert body["status"] == "healthy", body
    assert body["gpu_available"] in (True, False) and isinstance(body["gpu_memory_total_mb"], int)


def test_openapi_schema_and_offline_docs(live_url):
    schema = requests.get(live_url + "/openapi.json", timeout=15)
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert "/health" in schema.json()["paths"]
    for page in ("/docs", "/redoc"):
        html = requests.get(live_url + page, timeout=15)
        assert html.status_code == 200
        # assets come from the sidecar package on this server, never from a CDN
        assert "cdn" not in html.text.lower()
        for ref in [p for p in html.text.split('"') if p.startswith("/static/drf_spectacular_sidecar/")]:
            assert requests.get(live_url + ref, timeout=15).status_code == 200, ref


def test_request_id_is_echoed_or_generated(live_url):
    generated = requests.get(live_url + "/health", timeout=15).headers["X-Request-ID"]
    assert generated.startswith("req_")
    echoed = requests.get(live_url + "/health", headers={"X-Request-ID": "abc-123"}, timeout=15)
    assert echoed.headers["X-Request-ID"] == "abc-123"
    junk = requests.get(live_url + "/health", headers={"X-Request-ID": "<script>"}, timeout=15)
    assert junk.headers["X-Request-ID"].startswith("req_")


def test_unknown_paths_answer_in_each_surface_format(live_url):
    ai = requests.get(live_url + "/ai/no-such-thing", timeout=15)
    assert ai.status_code == 404
    assert ai.json() == {"message": "resource_not_found", "error_code": 4040, "data": None}
    api = requests.get(live_url + "/api/no-such-thing", timeout=15)
    assert api.status_code == 404 and "detail" in api.json()
    page = requests.get(live_url + "/no-such-page", headers={"Accept": "text/html"}, timeout=15)
    assert page.status_code == 404 and "페이지를 찾을 수 없습니다" in page.text


def test_unmatched_api_urls_answer_the_surfaces_404_to_any_method(live_url):
    """A non-numeric id under an API route is that surface's JSON 404, also for POST and DELETE
    (the pages' CSRF check must not answer them with an HTML 403)."""
    key = requests.delete(live_url + "/admin/api-keys/abc", timeout=15)
    assert key.status_code == 404 and key.json()["error"]["code"] == "NOT_FOUND", key.text[:200]
    room = requests.post(live_url + "/assistant/rooms/abc/messages", json={"message": "hi"}, timeout=15)
    assert room.status_code == 404
    assert room.json() == {"message": "resource_not_found", "error_code": 4040, "data": None}


def test_a_multipart_body_daphne_cannot_read_reaches_django(live_url, user):
    """twisted.web would answer a bare, headerless 400 itself (config.asgi turns its parse off)."""
    from tests.factories import bearer

    response = requests.post(live_url + "/api/job-postings", data=b"--b0undary--\r\n", timeout=15, headers={
        "Content-Type": "multipart/form-data; boundary=b0undary", **bearer(user)})
    assert response.status_code == 400 and response.headers["Content-Type"] == "application/json"
    assert "file" in response.json()["errors"]


def _run_manage(args, env_overrides):
    env = {**os.environ, **env_overrides}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_with_production_settings_has_no_warnings(app_env):
    result = _run_manage(["check", "--deploy", "--fail-level", "WARNING"], {
        "DATABASE_URL": app_env["DATABASE_URL"], "REDIS_URL": app_env["REDIS_URL"],
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x9!" + "k" * 20 + "Qz7#p" * 10, "DJANGO_ALLOWED_HOSTS": "interview.example.com",
    })
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_external_postgres_without_pgvector_gets_one_clear_message(app_env):
    with socket.socket() as sock:
        reachable = sock.connect_ex(("127.0.0.1", 5432)) == 0
    result = _run_manage(["migrate"], {"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/postgres",
                                       "REDIS_URL": app_env["REDIS_URL"]})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    expected = "has no 'vector' extension" if reachable else "Cannot connect"
    assert expected in result.stderr, result.stderr


def test_logs_are_json(app_env):
    result = subprocess.run(
        [sys.executable, "-c", "import django,logging; django.setup(); logging.getLogger('probe').warning('안녕', extra={'k': 1})"],
        cwd=BASE_DIR, env={**app_env}, capture_output=True, text=True, timeout=60)
    line = [ln for ln in result.stderr.splitlines() if '"probe"' in ln][0]
    entry = json.loads(line)
    assert entry["message"] == "안녕" and entry["level"] == "WARNING" and entry["k"] == 1
