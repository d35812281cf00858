"""Every write endpoint (POST, PUT, PATCH, DELETE) of every surface spends the write budget
(core.throttling.WriteRateThrottle): DRF views through their throttle classes, pages and the admin
through core.middleware.PageWriteThrottleMiddleware. The routes are walked from the URL resolver
and the OpenAPI schema, so a new endpoint without the budget fails here."""
from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.views import APIView

from core.throttling import WriteRateThrottle

WRITE_METHODS = ("post", "put", "patch", "delete")


def _routes(patterns=None, prefix=""):
    """(path pattern text, URLPattern) of every route."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern).lstrip("^"))
        else:
            yield prefix + str(entry.pattern).lstrip("^"), entry


def _drf_class(callback):
    cls = getattr(callback, "cls", None)
    return cls if isinstance(cls, type) and issubclass(cls, APIView) else None


def _write_methods(callback) -> list[str]:
    """The write methods a DRF view answers (a viewset: its routed actions)."""
    cls = _drf_class(callback)
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return [m.upper() for m in actions if m in WRITE_METHODS]
    return [m.upper() for m in WRITE_METHODS if hasattr(cls, m)]


def _example_path(route: str) -> str:
    """A concrete URL for a route: 1 for numeric parameters, `x` for the others."""
    route = re.sub(r"\(\?P<\w+>(?:\\d|\[0-9\])[^)]*\)", "1", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) == "int" else "x", route)
    return "/" + route.replace("$", "").replace("\\.", ".").replace("^", "")


def _view_throttles(callback, method: str) -> list:
    cls = _drf_class(callback)
    view = cls(**getattr(callback, "initkwargs", {}))
    view.request = None
    view.action_map = getattr(callback, "actions", None)
    return view.get_throttles()


def test_every_drf_write_route_has_the_write_throttle():
    missing = []
    for route, pattern in _routes():
        if _drf_class(pattern.callback) is None:
            continue
        for method in _write_methods(pattern.callback):
            if not any(isinstance(t, WriteRateThrottle) for t in _view_throttles(pattern.callback, method)):
                missing.append(f"{method} /{route}")
    assert not missing, missing


def test_every_write_operation_in_the_openapi_schema_is_throttled():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [(path, method) for path, item in schema["paths"].items() for method in item if method in WRITE_METHODS]
    assert len(operations) > 20
    missing = []
    for path, method in operations:
        match = resolve(re.sub(r"\{[^}]+\}", "1", path))
        cls = _drf_class(match.func)
        if cls is None or not any(isinstance(t, WriteRateThrottle) for t in _view_throttles(match.func, method)):
            missing.append(f"{method.upper()} {path}")
    assert not missing, missing


def test_pages_and_admin_are_covered_by_the_middleware(settings):
    assert "core.middleware.PageWriteThrottleMiddleware" in settings.MIDDLEWARE
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["write"]
    assert "core.throttling.WriteRateThrottle" in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]


def _write_routes():
    """(method, concrete path, error format or None for pages) of every write route; the admin
    is represented by its log-in form."""
    seen = set()
    for route, pattern in _routes():
        if route.startswith("admin/") and route != "admin/login/":
            continue
        path = _example_path(route)
        cls = _drf_class(pattern.callback)
        methods = _write_methods(pattern.callback) if cls else ["POST"]
        for method in methods:
            key = (method, path)
            if key not in seen:
                seen.add(key)
                # a plain view mounted in a surface (core.handlers.unmatched) answers in its format
                fmt = _format(pattern.callback, cls) if cls else getattr(pattern.callback, "error_format", None)
                yield method, path, fmt


def _format(callback, cls) -> str:
    """The error format a DRF route answers in: its view's own, else its surface's (core.errors.surface)."""
    return getattr(cls, "error_format", None) or getattr(callback, "error_format", None) or "drf"


WRITE_ROUTES = sorted(_write_routes())


def _assert_429_in_surface_format(response, fmt):
    assert response.status_code == 429, (response.status_code, response.content[:300])
    assert int(response["Retry-After"]) > 0
    if fmt is None:  # a page (or a page's fetch endpoint): the error page, or JSON when asked for
        if response["Content-Type"].startswith("application/json"):
            assert "detail" in response.json() or "error" in response.json()
        else:
            assert "요청이 너무 많습니다" in response.content.decode()
        return
    body = response.json()
    if fmt == "seed000":
        assert body["error_code"] == 4290 and body["data"]["retry_after"] > 0, body
    elif fmt == "seed001":
        assert body["error"]["code"] == "RATE_LIMIT_EXCEEDED" and body["error"]["retry_after"] > 0, body
    elif fmt == "seed004":
        assert body["error"] is True and body["error_code"] == "RATE_LIMITED", body
    else:
        assert body["retry_after"] > 0 and body["detail"], body


@pytest.mark.django_db
def test_each_write_route_answers_429_in_its_own_format_once_the_budget_is_spent(client, settings):
    """A budget of one write a minute: the first call reaches the view (whatever it answers), the
    second is refused by the throttle before the view, in the surface's own 429."""
    from django.core.cache import cache

    from accounts.models import User
    from accounts.services import access_token_issue

    assert len(WRITE_ROUTES) > 60
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "write": "1/min"}}
    staff = User.objects.create_user(username="budget", email="budget@example.com", password="Budget-Spent-2026",
                                     is_staff=True, is_superuser=True)
    token = access_token_issue(user=staff)
    keys = [f"throttle_write_user{staff.pk}", "throttle_write_127.0.0.1"]
    failures = []
    for method, path, fmt in WRITE_ROUTES:
        cache.delete_many(keys)
        send = getattr(client, method.lower())
        client.force_login(staff)  # again: the log-out route ends the session
        first = send(path, HTTP_AUTHORIZATION=f"Bearer {token}")
        client.force_login(staff)
        second = send(path, HTTP_AUTHORIZATION=f"Bearer {token}")
        try:
            assert first.status_code != 429, "the first write was refused"
            _assert_429_in_surface_format(second, fmt)
        except (AssertionError, KeyError, ValueError) as exc:
            failures.append(f"{method} {path}: {exc}")
    cache.delete_many(keys)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_reads_do_not_spend_the_write_budget(client, settings, django_user_model):
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "write": "1/min"}}
    user = django_user_model.objects.create_user(username="reader", email="reader@example.com", password="Reader-2026-ok")
    client.force_login(user)
    cache.delete(f"throttle_write_user{user.pk}")
    for _ in range(3):
        assert client.get("/api/users/me").status_code == 200
    assert client.patch("/api/users/me", {"name": "새 이름"}, content_type="application/json").status_code == 200
    assert client.patch("/api/users/me", {"name": "또"}, content_type="application/json").status_code == 429
    assert client.get("/api/users/me").status_code == 200
    cache.delete(f"throttle_write_user{user.pk}")


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_reset_the_anonymous_budget(client, settings):
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "write": "1/min"}}
    cache.delete("throttle_write_127.0.0.1")
    answers = [client.post("/api/auth/register", {}, content_type="application/json",
                           HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)]
    assert answers[0] == 400 and answers[1:] == [429, 429]
    cache.delete("throttle_write_127.0.0.1")
