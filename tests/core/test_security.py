"""Production start-up rules, security headers with a real browser under the CSP, and CORS."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {"DJANGO_SETTINGS_MODULE": "config.settings.production",
              "DJANGO_SECRET_KEY": "x9!" + "k" * 20 + "Qz7#p" * 10, "DJANGO_ALLOWED_HOSTS": "interview.example.com",
              "DATABASE_URL": "postgresql://app@127.0.0.1:1/app", "REDIS_URL": "redis://127.0.0.1:1/0"}


def _check(var_dir, env_overrides, unset=()):
    env = {**os.environ, **env_overrides}
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", *unset):
        env.pop(name, None)
    env["VAR_DIR"] = str(var_dir)  # an embedded PostgreSQL or Redis would be started under it
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", ["DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_each_required_variable(name, tmp_path):
    result = _check(tmp_path, PRODUCTION, unset=[name])
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and f"{name} is not set" in result.stderr, result.stderr[-2000:]
    assert not (tmp_path / "pg").exists() and not (tmp_path / "redis").exists()  # nothing embedded started


def test_production_with_every_variable_set_starts_nothing_embedded(tmp_path):
    result = _check(tmp_path, PRODUCTION)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (tmp_path / "pg").exists() and not (tmp_path / "redis").exists()


def test_development_settings_still_use_the_embedded_services():
    from django.conf import settings

    # the test settings inherit base: with DATABASE_URL unset it was the embedded server's URL
    assert settings.DATABASES["default"]["NAME"]
    assert os.environ["REDIS_URL"]


PAGES = ["/", "/accounts/login", "/accounts/signup", "/dashboard", "/documents", "/postings", "/cover-letters",
         "/interviews", "/assistant", "/calendar", "/masking", "/avatar/", "/coding", "/accounts/profile",
         "/accounts/api-keys", "/coding/staff", "/docs", "/redoc"]


def test_security_headers_on_pages_and_apis(live_url):
    for path in ("/", "/health", "/api/users/me", "/static/js/app.js"):
        response = requests.get(live_url + path, timeout=15)
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("style-src-attr")[0], csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers.get("X-Frame-Options") == "DENY" or path.startswith("/static/"), path  # CSP frame-ancestors covers files
        assert "microphone=(self)" in headers["Permissions-Policy"] and "camera=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers  # plain-HTTP development server
    docs = requests.get(live_url + "/docs", timeout=15).headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in docs and "script-src 'self';" in docs


def test_hsts_and_https_only_cookies_in_production(settings, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/health", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_main_pages_run_under_the_csp_without_violations(live_url, page, django_user_model):
    django_user_model.objects.create_user(username="csp-visitor", email="csp@example.com", password="Csp-Visitor-2026",
                                         is_staff=True)  # the staff pages too
    page.goto(live_url + "/accounts/login")
    page.fill("input[name=username]", "csp@example.com")
    page.fill("input[name=password]", "Csp-Visitor-2026")
    page.click("form[data-login-form] button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    for path in PAGES:
        response = page.goto(live_url + path)
        assert response.status == 200, (path, response.status)
        page.wait_for_load_state("load")
        assert page.evaluate("document.readyState") == "complete"
    page.wait_for_timeout(300)
    assert not violations, violations
    assert not page.errors, page.errors


def test_inline_script_is_blocked_by_the_policy(live_url, page):
    """The policy is enforced, not only sent: a script injected into a page does not run."""
    page.goto(live_url + "/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
                            document.body.appendChild(s); }""")
    assert page.evaluate("window.__ran") is None
    assert any("Content Security Policy" in e for e in page.errors), page.errors


@pytest.fixture
def cors_app(start_app):
    return start_app(CORS_ALLOWED_ORIGINS="https://spa.example.com,http://localhost:3000", CELERY_QUEUE="cors")


def test_cors_is_off_by_default(live_url):
    response = requests.options(live_url + "/api/sessions", headers={
        "Origin": "https://spa.example.com", "Access-Control-Request-Method": "POST"}, timeout=15)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_allows_listed_origins_only(cors_app, transactional_db):
    url = cors_app.url
    preflight = requests.options(url + "/api/sessions", headers={
        "Origin": "https://spa.example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-api-key, content-type"}, timeout=15)
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://spa.example.com"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "x-api-key" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight.headers  # header auth only, no cookies
    simple = requests.get(url + "/health", headers={"Origin": "http://localhost:3000"}, timeout=15)
    assert simple.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert "x-request-id" in simple.headers["Access-Control-Expose-Headers"].lower()
    stranger = requests.options(url + "/ai/chat", headers={
        "Origin": "https://evil.example.net", "Access-Control-Request-Method": "POST"}, timeout=15)
    assert "Access-Control-Allow-Origin" not in stranger.headers
    page = requests.get(url + "/", headers={"Origin": "https://spa.example.com"}, timeout=15)
    assert "Access-Control-Allow-Origin" not in page.headers  # pages are never cross-origin readable
