"""Server-Sent Events from ordinary (sync) Django and DRF views.

`sse_response(producer)` runs `producer(stream)` and streams whatever it sends as
`event:`/`data:` frames. Django buffers a *sync* iterator completely under ASGI, so the body
here is an async generator; the producer itself is plain sync code (ORM, AI calls) that runs
in the request's own thread (`thread_sensitive=True`: it shares the view's database
connection, also under the test client). While it works, comment lines keep proxies and
browsers from timing the connection out.

    def get(self, request):
        def produce(stream):
            stream.send("progress", {"stage": "one"})
            stream.send("complete", {"message": "done"})
        return sse_response(produce, on_error=lambda exc: ("error", {"message": str(exc)}))

A client that reads only the last `data:` line gets the final event's JSON.
"""
from __future__ import annotations

import asyncio
import codecs
import json
import logging
import time
from typing import Any, Callable, Iterable, Iterator

from asgiref.sync import sync_to_async
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from rest_framework.negotiation import DefaultContentNegotiation

from core.models import Job

logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/event-stream; charset=utf-8"
HEARTBEAT_SECONDS = 15.0
_DONE = object()


class StreamClosed(Exception):
    """The client went away; the producer should stop working."""


def format_event(data: Any, *, event: str | None = None, id: str | None = None,
                 retry: int | None = None) -> bytes:
    """One SSE frame. JSON never contains a raw newline, so `data:` stays one line."""
    lines = []
    if id is not None:
        lines.append(f"id: {id}")
    if event:
        lines.append(f"event: {event}")
    if retry is not None:
        lines.append(f"retry: {int(retry)}")
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    lines.extend(f"data: {part}" for part in payload.split("\n"))
    return ("\n".join(lines) + "\n\n").encode("utf-8")


def format_comment(text: str = "keep-alive") -> bytes:
    return f": {text}\n\n".encode("utf-8")


class EventStream:
    """Handed to the producer; `send` is safe to call from the producer's thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue):
        self._loop = loop
        self._queue = queue
        self.closed = False
        self.sent = 0

    def send(self, event: str | None, data: Any, *, id: str | None = None) -> None:
        if self.closed:
            raise StreamClosed
        self._put(format_event(data, event=event, id=id))
        self.sent += 1

    def comment(self, text: str) -> None:
        if self.closed:
            raise StreamClosed
        self._put(format_comment(text))

    def _put(self, item) -> None:
        self._loop.call_soon_threadsafe(self._queue.put_nowait, item)


def event_stream(producer: Callable[[EventStream], None], *,
                 on_error: Callable[[BaseException], tuple[str, Any]] | None = None,
                 heartbeat: float = HEARTBEAT_SECONDS):
    """The async generator behind `sse_response` (exposed for tests and other responses)."""

    async def generate():
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        stream = EventStream(loop, queue)

        def run() -> None:
            try:
                producer(stream)
            except StreamClosed:
                pass
            except Exception as exc:  # the stream has started: errors can only travel as events
                if on_error is None:
                    logger.exception("SSE producer failed")
                    stream._put(format_event({"message": "internal_server_error"}, event="error"))
                else:
                    try:
                        event, data = on_error(exc)
                    except Exception:
                        logger.exception("SSE error handler failed")
                        event, data = "error", {"message": "internal_server_error"}
                    stream._put(format_event(data, event=event))
            finally:
                stream._put(_DONE)

        task = asyncio.ensure_future(sync_to_async(run, thread_sensitive=True)())
        try:
            # an opening comment makes intermediaries forward headers and start the body now
            yield format_comment("stream open")
            while True:
                try:
                    item = await asyncio.wait_for(queue.get(), timeout=heartbeat)
                except asyncio.TimeoutError:
                    yield format_comment("keep-alive")
                    continue
                if item is _DONE:
                    break
                yield item
        finally:
            stream.closed = True  # a producer still running stops at its next send
            if task.done() and not task.cancelled():
                task.exception()  # already reported as an event; mark it retrieved

    return generate()


def sse_response(producer: Callable[[EventStream], None], *,
                 on_error: Callable[[BaseException], tuple[str, Any]] | None = None,
                 heartbeat: float = HEARTBEAT_SECONDS, status: int = 200) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        event_stream(producer, on_error=on_error, heartbeat=heartbeat),
        content_type=CONTENT_TYPE, status=status,
    )
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each frame through unbuffered
    return response


def follow_job(stream: EventStream, job_id: str, *, progress_data: Callable[[int], Any], timeout: float,
               interval: float = 0.15) -> str:
    """Relay a background job's progress: a `progress` event with `progress_data(progress)` each
    time the job's progress changes, until it ends. Returns "completed", "failed", or "timeout"
    when it did not end within `timeout` seconds; the caller sends the closing event in its own
    surface's format."""
    last = -1
    deadline = time.monotonic() + timeout
    while True:
        current = Job.objects.filter(pk=job_id).values("status", "progress").first() or {}
        if current.get("status") in (Job.Status.COMPLETED, Job.Status.FAILED):
            return current["status"]
        if time.monotonic() > deadline:
            return "timeout"
        progress = int(current.get("progress") or 0)
        if progress != last:
            last = progress
            stream.send("progress", progress_data(progress))
        time.sleep(interval)


def iter_events(chunks: Iterable[bytes | str]) -> Iterator[dict]:
    """The events of an SSE body as its chunks arrive, as {"event", "data", "id"} (comments
    dropped; `data` JSON-decoded when it is JSON). Chunks may split lines and UTF-8 characters
    anywhere. Used by tests, benchmarks and server-side clients of our own streams."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    buffer = ""
    for chunk in chunks:
        buffer = (buffer + (chunk if isinstance(chunk, str) else decoder.decode(chunk))).replace("\r\n", "\n")
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            if (event := _parse_block(block)) is not None:
                yield event
    if (event := _parse_block(buffer + decoder.decode(b"", final=True))) is not None:  # no blank line after it
        yield event


def parse_events(text: str) -> list[dict]:
    """The events of a whole SSE body (see iter_events)."""
    return list(iter_events([text]))


def _parse_block(block: str) -> dict | None:
    event: dict = {"event": "message", "data": None, "id": None}
    data_lines = []
    for line in block.split("\n"):
        if not line or line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data":
            data_lines.append(value)
        elif field in ("event", "id"):
            event[field] = value
    if not data_lines:
        return None
    raw = "\n".join(data_lines)
    try:
        event["data"] = json.loads(raw)
    except ValueError:
        event["data"] = raw
    return event


class StreamNegotiation(DefaultContentNegotiation):
    """For SSE endpoints: a client sending `Accept: text/event-stream` must not get 406 for
    the JSON error bodies sent before the stream starts, so the view's first renderer wins."""

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type


def openapi_event_stream(description: str, events: list[tuple[str, Any]]):
    """The OpenAPI response of an SSE endpoint as it really is: a `text/event-stream` body of
    `event:`/`data:` frames. `events` lists (event name, example data) in the order a client sees
    them; the example is the exact bytes such a stream carries. The schema describes one event
    (as OpenAPI 3.2's `itemSchema` does): its name, one of `events` or `error` (a failure after the
    stream started), and its data, one JSON document."""
    from drf_spectacular.utils import OpenApiExample, OpenApiResponse

    frames = b"".join(format_event(data, event=name) for name, data in events).decode("utf-8")
    names = list(dict.fromkeys([*(name for name, _ in events), "error"]))
    schema = {"type": "object", "required": ["event", "data"], "properties": {
        "event": {"type": "string", "enum": names},
        "data": {"type": "string", "description": "one JSON document"},
        "id": {"type": "string"},
    }}
    return OpenApiResponse(
        schema,
        description=f"{description}\n\nA `text/event-stream` of `event:`/`data:` frames (events: "
                    f"{', '.join(f'`{name}`' for name in names)}); each `data:` line is one JSON object. "
                    "The example is a complete stream.",
        examples=[OpenApiExample("event stream", value=frames, media_type="text/event-stream")],
    )
