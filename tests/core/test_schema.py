"""The OpenAPI schema documents each operation's errors in its own surface's body (core.schema);
tests/core/test_api_fuzz.py checks the live answers against it."""
import pytest

METHODS = {"get", "put", "post", "patch", "delete"}
SURFACES = {  # an operation of each seed → the error body its surface renders
    ("post", "/ai/ocr/extract"): "Seed000Error",
    ("post", "/assistant/rooms/{id}/messages"): "Seed000Error",
    ("get", "/api/sessions/{session_id}"): "Seed001Error",
    ("get", "/admin/api-keys"): "Seed001Error",
    ("get", "/health"): "Seed001Error",
    ("post", "/token"): "Error",
    ("get", "/api/cover-letters"): "Error",
    ("post", "/api/chat/messages"): "Seed004Error",
}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/openapi.json").json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def _refs(schema_object) -> set[str]:
    if "$ref" in schema_object:
        return {schema_object["$ref"].rsplit("/", 1)[-1]}
    return {ref for option in schema_object.get("anyOf", []) for ref in _refs(option)}


def test_each_error_response_has_its_surfaces_body(schema):
    bodies = {"Seed000Error", "Seed001Error", "Seed004Error", "Error"}
    for method, path, operation in _operations(schema):
        surfaces = set()
        for code, response in operation["responses"].items():
            if code < "400":
                continue
            refs = _refs(response["content"]["application/json"]["schema"])
            assert refs & bodies, (method, path, code, refs)
            surfaces |= refs & bodies
        assert len(surfaces) == 1, (method, path, surfaces)  # one surface, one error format
        expected = SURFACES.get((method, path))
        assert expected is None or surfaces == {expected}, (method, path, surfaces)
    assert {name for name in SURFACES.values()} <= set(schema["components"]["schemas"])


def test_errors_follow_from_what_each_operation_is(schema):
    for method, path, operation in _operations(schema):
        codes = set(operation["responses"])
        assert {"400", "500", "503"} <= codes, (method, path)
        if operation.get("security") and {} not in operation["security"]:
            assert "401" in codes, (method, path)
        if "{" in path:
            assert "404" in codes, (method, path)
        if "requestBody" in operation:
            assert {"413", "415"} <= codes, (method, path)
        for code in {"429", "503"} & codes:
            assert "Retry-After" in operation["responses"][code]["headers"], (method, path, code)
    staff_only = schema["paths"]["/admin/api-keys"]["get"]["responses"]
    assert "403" in staff_only
    assert "403" not in schema["paths"]["/users/me"]["get"]["responses"]  # no staff rule, no CSRF on GET
    # the view's own errors keep their description and gain the surface's body
    pause = schema["paths"]["/api/sessions/{session_id}/pause"]["post"]["responses"]
    assert "SESSION_EXPIRED" in pause["410"]["description"] and _refs(
        pause["410"]["content"]["application/json"]["schema"]) == {"Seed001Error"}


def test_event_streams_describe_one_event(schema):
    stream = schema["paths"]["/ai/chat"]["post"]["responses"]["200"]["content"]["text/event-stream"]["schema"]
    assert stream["properties"]["event"]["enum"] == ["start", "author", "token", "citations", "complete", "error"]
    assert stream["properties"]["data"]["type"] == "string"
