"""static/js/http.js in Chromium: every surface's error envelope in words, and the event-stream
reader against the frames core.sse writes, delivered in awkward pieces."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from core.context_processors import http_messages
from core.sse import format_comment, format_event

pytestmark = pytest.mark.browser

HTTP_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "http.js"


@pytest.fixture
def loaded(page):
    """A blank page holding base.html's catalogue (in Korean) and http.js."""
    with translation.override("ko"):
        catalogue = json.dumps(http_messages(), cls=DjangoJSONEncoder)
    page.set_content(f'<script id="http-messages" type="application/json">{catalogue}</script>')
    page.add_script_tag(path=str(HTTP_JS))
    return page, json.loads(catalogue)


def test_error_text_reads_every_surface_envelope(loaded):
    page, catalogue = loaded
    cases = [
        ({"message": "invalid_file_type", "error_code": 4001, "data": None}, catalogue["codes"]["invalid_file_type"]),
        ({"message": "resource_not_found", "error_code": 4040, "data": None}, "page words"),  # no words for it
        ({"error": {"code": "INVALID_REQUEST", "message": "Invalid duration_minutes"}}, "Invalid duration_minutes"),
        ({"error": True, "error_code": "INVALID_REQUEST", "error_message": "code: required"}, "code: required"),
        ({"detail": "세션을 찾을 수 없습니다."}, "세션을 찾을 수 없습니다."),
        ({"error": "The exam is not open."}, "The exam is not open."),
        ({"success": False, "message": "tool failed"}, "tool failed"),
        ({"detail": "  "}, "page words"),
        (None, "page words"),
    ]
    got = page.evaluate("cases => cases.map(([body]) => http.errorText(body, 'page words'))", cases)
    assert got == [want for _, want in cases]
    hangul = re.compile("[가-힣]")
    assert all(hangul.search(catalogue[key]) for key in ("failed", "network"))
    assert hangul.search(catalogue["codes"]["invalid_file_type"])  # the code in Korean words
    assert page.evaluate("http.errorText(null)") == catalogue["failed"]
    assert page.evaluate("http.errorText('the page says so', 'other')") == "the page says so"
    # a server that cannot be reached: requestJson resolves, and its body reads as the network failure
    result = page.evaluate("""async () => {
        const r = await http.requestJson('http://127.0.0.1:1/');
        const box = document.createElement('p'); box.hidden = true;
        return [r.ok, r.status, http.showError(box, r.body), box.hidden, box.textContent];
    }""")
    assert result == [False, 0, catalogue["network"], False, catalogue["network"]]


def test_events_parses_core_sse_frames_in_any_pieces(loaded):
    page, _ = loaded
    body = b"".join([
        format_comment(),
        format_event({"stage": "started", "text": "이력서 분석"}, event="progress", id="1"),
        format_event("two\nlines of text"),  # no event name: "message"; not JSON: the text itself
        b"event: nothing\n\n",  # no data: not an event
        format_event({"score": 72}, event="progress"),  # the id carries over
        "id: 9\r\nevent: complete\r\ndata: {\"a\":\r\ndata: [1, 2]}\r\n\r\n".encode(),  # CRLF, data over two lines
    ])
    script = """async ([bytes, size]) => {
        const data = new Uint8Array(bytes);
        const stream = new ReadableStream({ start(c) {
            for (let i = 0; i < data.length; i += size) c.enqueue(data.slice(i, i + size));
            c.close();
        } });
        const out = [];
        for await (const e of http.events(new Response(stream))) out.push(e);
        return out;
    }"""
    expected = [
        {"event": "progress", "data": {"stage": "started", "text": "이력서 분석"}, "id": "1"},
        {"event": "message", "data": "two\nlines of text", "id": "1"},
        {"event": "progress", "data": {"score": 72}, "id": "1"},
        {"event": "complete", "data": {"a": [1, 2]}, "id": "9"},
    ]
    for size in (1, 2, 5, 64, len(body)):  # pieces that split UTF-8 characters, lines and "\n\n"
        assert page.evaluate(script, [list(body), size]) == expected, size


def test_events_turns_a_refused_request_into_one_error_event(loaded):
    page, _ = loaded
    events = page.evaluate("""async () => {
        const refused = new Response(JSON.stringify({ message: "invalid_request", error_code: 4000, data: null }),
                                     { status: 400, headers: { "Content-Type": "application/json" } });
        const out = [];
        for await (const e of http.events(refused)) out.push(e);
        for await (const e of http.events(new Response("<html>bad gateway</html>", { status: 502 }))) out.push(e);
        return out;
    }""")
    assert events == [
        {"event": "error", "data": {"message": "invalid_request", "error_code": 4000, "data": None}, "id": ""},
        {"event": "error", "data": None, "id": ""},
    ]
