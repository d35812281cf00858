"""core.sse: frames, heartbeats while the producer works, errors as a last event, client hang-up."""
import time

from core.sse import StreamClosed, event_stream, format_comment, format_event, iter_events, parse_events, sse_response
from tests.postings.helpers import run_async


def collect(generator, limit=None) -> str:
    async def run():
        chunks = []
        async for chunk in generator:
            chunks.append(chunk)
            if limit and len(chunks) >= limit:
                await generator.aclose()
                break
        return chunks

    return b"".join(run_async(run)).decode()


def test_frames_round_trip():
    frame = format_event({"text": "줄바꿈\n포함", "n": 1}, event="progress", id="7")
    assert frame.decode().startswith("id: 7\nevent: progress\ndata: {")
    assert frame.endswith(b"\n\n") and frame.count(b"\ndata:") == 1  # JSON escapes the newline
    assert parse_events(frame.decode()) == [{"event": "progress", "data": {"text": "줄바꿈\n포함", "n": 1}, "id": "7"}]
    assert parse_events("data: plain\ndata: two\n\n: comment\n\n") == [{"event": "message", "data": "plain\ntwo", "id": None}]


def test_events_come_out_of_chunks_split_anywhere():
    body = (format_comment() + format_event({"text": "이력서 분석"}, event="progress", id="1")
            + "event: complete\r\ndata: {\"n\":\r\ndata: 2}\r\n\r\n".encode() + b"data: no blank line after")
    expected = [{"event": "progress", "data": {"text": "이력서 분석"}, "id": "1"},
                {"event": "complete", "data": {"n": 2}, "id": None},
                {"event": "message", "data": "no blank line after", "id": None}]
    for size in (1, 2, 3, 7, len(body)):  # pieces that split UTF-8 characters, CR from LF and "\n\n"
        assert list(iter_events(body[i:i + size] for i in range(0, len(body), size))) == expected, size
    assert parse_events(body.decode()) == expected


def test_heartbeats_while_the_producer_works():
    def produce(stream):
        time.sleep(0.35)
        stream.send("done", {"ok": True})

    body = collect(event_stream(produce, heartbeat=0.1))
    assert body.startswith(": stream open\n\n")
    assert body.count(": keep-alive\n\n") >= 2
    assert parse_events(body) == [{"event": "done", "data": {"ok": True}, "id": None}]


def test_errors_become_the_last_event():
    def produce(stream):
        stream.send("progress", {"step": 1})
        raise ValueError("boom")

    body = collect(event_stream(produce, on_error=lambda exc: ("error", {"message": str(exc)})))
    events = parse_events(body)
    assert events[-1] == {"event": "error", "data": {"message": "boom"}, "id": None}
    unhandled = parse_events(collect(event_stream(produce)))
    assert unhandled[-1]["data"] == {"message": "internal_server_error"}


def test_a_closed_stream_stops_the_producer():
    seen = []

    def produce(stream):
        for n in range(50):
            try:
                stream.send("tick", {"n": n})
            except StreamClosed:
                seen.append(n)
                raise
            time.sleep(0.01)

    collect(event_stream(produce), limit=3)
    deadline = time.monotonic() + 5
    while not seen and time.monotonic() < deadline:
        time.sleep(0.02)
    assert seen and seen[0] < 50


def test_response_headers():
    response = sse_response(lambda stream: stream.send("x", {}))
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    assert response["Cache-Control"] == "no-cache, no-transform"
    assert response["X-Accel-Buffering"] == "no"
    assert response.is_async
