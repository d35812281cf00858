"""A real OpenAI-compatible HTTP server on loopback for tests, answering from a script.

Use the `fake_openai` fixture (function-scoped view of one session-wide server whose script and
request log are emptied for each test). Live servers may outlive a test, so start them from the
session fixture: `start_app(**fake_openai_server.env())` (same server, same URL all session).
`openai_engine` also points this process's settings at it (AI_ENGINE=openai).

    def test_x(fake_openai, openai_engine):        # openai_engine: settings point at the fake
        fake_openai.chat("hello")                   # next chat completion answers "hello"
        fake_openai.chat(json={"score": 3})         # content is that object as JSON
        fake_openai.chat(tool_calls=[tool_call("get_schedule", {"day": "mon"})])
        fake_openai.chat(handler=lambda body: "echo " + body["messages"][-1]["content"])
        fake_openai.fail(429, times=2, retry_after=0)   # next 2 requests (any endpoint) get 429
        fake_openai.slow(2.0)                       # next request waits 2 s before answering
        fake_openai.transcription("안녕하세요", language="ko")
        ...
        assert fake_openai.requests_to("/chat/completions")[0].json["model"] == "gpt-4o-mini"

Unscripted requests get a sensible default: chat echoes the last user message, or, when a
`json_schema` response format is requested, an instance generated from that schema; embeddings
are deterministic hashed vectors that honour `dimensions` and `encoding_format`.
"""
from __future__ import annotations

import base64
import email.parser
import email.policy
import hashlib
import io
import json
import math
import re
import shutil
import struct
import subprocess
import threading
import time
import uuid
import wave
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

import pytest

KINDS = ("chat", "embeddings", "transcriptions", "translations", "speech", "models")
PATH_KIND = {
    "/v1/chat/completions": "chat",
    "/v1/embeddings": "embeddings",
    "/v1/audio/transcriptions": "transcriptions",
    "/v1/audio/translations": "translations",
    "/v1/audio/speech": "speech",
    "/v1/models": "models",
}
MODELS = ("gpt-4o-mini", "gpt-4o", "text-embedding-3-small", "whisper-1", "tts-1")


# ---------------------------------------------------------------- scripted replies
@dataclass
class ToolCallReply:
    name: str
    arguments: dict | str
    id: str = ""


def tool_call(name: str, arguments: dict | str, id: str = "") -> ToolCallReply:
    return ToolCallReply(name=name, arguments=arguments, id=id)


@dataclass
class ChatReply:
    content: str | None = None
    tool_calls: list[ToolCallReply] = field(default_factory=list)
    finish_reason: str | None = None
    usage: dict | None = None
    chunk_delay: float = 0.0  # seconds between streamed chunks
    model: str | None = None


@dataclass
class ErrorReply:
    status: int
    message: str = ""
    retry_after: float | None = None
    body: Any = None  # raw body instead of the OpenAI error object


@dataclass
class RawReply:
    """Exact bytes (e.g. a broken body to test parsing errors)."""
    body: bytes
    status: int = 200
    content_type: str = "application/json"


@dataclass
class SlowReply:
    seconds: float
    then: Any = None  # what to answer after the wait (None: the default answer)


@dataclass
class TranscriptReply:
    text: str
    language: str = "en"
    duration: float | None = None
    segments: list[dict] | None = None  # [{"start", "end", "text"}]; default: one per sentence


@dataclass
class SpeechReply:
    audio: bytes
    content_type: str = "audio/wav"


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    json: Any
    form: dict[str, str]
    files: dict[str, bytes]
    raw: bytes
    at: float

    @property
    def kind(self) -> str:
        return PATH_KIND.get(self.path, "")


# ---------------------------------------------------------------- the server state
class FakeOpenAI:
    """Scripts, recorded requests and the running server. Thread-safe: the server is threaded."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, deque] = {kind: deque() for kind in (*KINDS, "any")}
        self._handlers: dict[str, Callable[[RecordedRequest], Any]] = {}
        self._stopping = threading.Event()
        self.requests: list[RecordedRequest] = []
        self.api_key: str | None = None  # when set, other bearer tokens get 401
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-openai", daemon=True)
        self._thread.start()

    # -- lifecycle
    def close(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            for queue in self._queues.values():
                queue.clear()
            self._handlers.clear()
            self.requests.clear()
            self.api_key = None

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for `start_app(**fake.env())`: a live server whose AI calls come here."""
        return {"AI_ENGINE": "openai", "OPENAI_BASE_URL": self.url, "OPENAI_API_KEY": "test-key",
                "OPENAI_TIMEOUT": "20", **extra}

    # -- scripting
    def script(self, kind: str, *replies: Any) -> FakeOpenAI:
        """Queue replies for an endpoint kind ("chat", "embeddings", "transcriptions", "speech",
        "models", or "any" for the next requests whatever their path). A reply may be a
        callable(body_json) -> reply, evaluated when the request arrives."""
        if kind not in self._queues:
            raise ValueError(f"unknown kind {kind!r}")
        with self._lock:
            self._queues[kind].extend(replies)
        return self

    def handle(self, kind: str, handler: Callable[[dict], Any] | None) -> FakeOpenAI:
        """Answer every unscripted request of this kind with handler(body_json)."""
        with self._lock:
            if handler is None:
                self._handlers.pop(kind, None)
            else:
                self._handlers[kind] = handler
        return self

    def chat(self, content: str | None = None, *, json: Any = None, tool_calls: list | None = None,
             usage: dict | None = None, finish_reason: str | None = None, chunk_delay: float = 0.0,
             handler: Callable[[dict], Any] | None = None, times: int = 1) -> FakeOpenAI:
        if handler is not None:
            return self.script("chat", *([handler] * times))
        if json is not None:
            content = _json_dumps(json)
        reply = ChatReply(content=content, tool_calls=list(tool_calls or []), usage=usage,
                          finish_reason=finish_reason, chunk_delay=chunk_delay)
        return self.script("chat", *([reply] * times))

    def embeddings(self, vectors: list[list[float]]) -> FakeOpenAI:
        return self.script("embeddings", {"vectors": vectors})

    def transcription(self, text: str, *, language: str = "en", duration: float | None = None,
                      segments: list[dict] | None = None) -> FakeOpenAI:
        return self.script("transcriptions", TranscriptReply(text, language, duration, segments))

    def speech(self, audio: bytes, content_type: str = "audio/wav") -> FakeOpenAI:
        return self.script("speech", SpeechReply(audio, content_type))

    def fail(self, status: int, *, times: int = 1, retry_after: float | None = None, message: str = "",
             kind: str = "any") -> FakeOpenAI:
        return self.script(kind, *([ErrorReply(status, message, retry_after)] * times))

    def slow(self, seconds: float, *, times: int = 1, then: Any = None, kind: str = "any") -> FakeOpenAI:
        return self.script(kind, *([SlowReply(seconds, then)] * times))

    # -- assertions
    def requests_to(self, path_suffix: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith(path_suffix)]

    def pending(self, kind: str = "any") -> int:
        with self._lock:
            return len(self._queues[kind])

    # -- used by the handler
    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next_reply(self, kind: str) -> Any:
        with self._lock:
            if self._queues["any"]:
                return self._queues["any"].popleft()
            if kind in self._queues and self._queues[kind]:
                return self._queues[kind].popleft()
            return self._handlers.get(kind)

    def _sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)


# ---------------------------------------------------------------- HTTP handler
class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # clients hanging up are expected


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeOpenAI/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    @property
    def fake(self) -> FakeOpenAI:
        return self.server.fake  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0].rstrip("/")
        body, form, files = _parse_body(self.headers.get("Content-Type", ""), raw)
        request = RecordedRequest(method, path, {k.lower(): v for k, v in self.headers.items()},
                                  body, form, files, raw, time.time())
        self.fake._record(request)
        try:
            self._answer(request)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the client gave up (e.g. a timeout test); nothing to answer

    def _answer(self, request: RecordedRequest) -> None:
        kind = request.kind
        if not kind or (kind == "models") != (request.method == "GET"):
            return self._error(404, f"Unknown path {request.method} {request.path}", "not_found_error")
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or (self.fake.api_key and auth != f"Bearer {self.fake.api_key}"):
            return self._error(401, "Incorrect API key provided.", "invalid_api_key")
        reply = self.fake._next_reply(kind)
        while True:
            if callable(reply) and not isinstance(reply, type):
                reply = reply(request.json if request.json is not None else dict(request.form))
                continue
            if isinstance(reply, SlowReply):
                self.fake._sleep(reply.seconds)
                reply = reply.then if reply.then is not None else self.fake._handlers.get(kind)
                continue
            break
        if isinstance(reply, ErrorReply):
            return self._error(reply.status, reply.message, body=reply.body, retry_after=reply.retry_after)
        if isinstance(reply, RawReply):
            return self._send(reply.status, reply.body, reply.content_type)
        if kind == "models":
            return self._json(200, {"object": "list", "data": [
                {"id": m, "object": "model", "created": 1700000000, "owned_by": "fake"} for m in MODELS]})
        if not isinstance(request.json, dict) and kind in ("chat", "embeddings", "speech"):
            return self._error(400, "Request body must be a JSON object.", "invalid_request_error")
        if kind == "chat":
            return self._chat(request.json, reply)
        if kind == "embeddings":
            return self._embeddings(request.json, reply)
        if kind in ("transcriptions", "translations"):
            return self._transcription(request, reply)
        return self._speech(request.json, reply)

    # -- chat completions
    def _chat(self, body: dict, reply: Any) -> None:
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return self._error(400, "'messages' must be a non-empty array.", "invalid_request_error")
        reply = _as_chat_reply(reply, body)
        model = reply.model or body.get("model") or MODELS[0]
        calls = [{"id": tc.id or f"call_{uuid.uuid4().hex[:12]}", "type": "function",
                  "function": {"name": tc.name, "arguments": tc.arguments if isinstance(tc.arguments, str)
                               else _json_dumps(tc.arguments)}} for tc in reply.tool_calls]
        finish = reply.finish_reason or ("tool_calls" if calls else "stop")
        usage = reply.usage or _usage(messages, (reply.content or "") + "".join(
            c["function"]["arguments"] for c in calls))
        ident, created = f"chatcmpl-{uuid.uuid4().hex[:16]}", int(time.time())
        if not body.get("stream"):
            message = {"role": "assistant", "content": reply.content}
            if calls:
                message["tool_calls"] = calls
            return self._json(200, {"id": ident, "object": "chat.completion", "created": created, "model": model,
                                    "choices": [{"index": 0, "message": message, "finish_reason": finish,
                                                 "logprobs": None}], "usage": usage})

        def chunk(delta: dict, finish_reason: str | None = None, **extra: Any) -> dict:
            return {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}],
                    **extra}

        events = [chunk({"role": "assistant", "content": ""})]
        events += [chunk({"content": piece}) for piece in _pieces(reply.content or "")]
        for index, call in enumerate(calls):
            events.append(chunk({"tool_calls": [{"index": index, "id": call["id"], "type": "function",
                                                 "function": {"name": call["function"]["name"], "arguments": ""}}]}))
            events += [chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
                       for piece in _pieces(call["function"]["arguments"], size=8)]
        events.append(chunk({}, finish))
        if (body.get("stream_options") or {}).get("include_usage"):
            events.append({"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                           "choices": [], "usage": usage})
        self._sse(events, reply.chunk_delay)

    # -- embeddings
    def _embeddings(self, body: dict, reply: Any) -> None:
        inputs = body.get("input")
        if isinstance(inputs, str):
            inputs = [inputs]
        if not isinstance(inputs, list) or not inputs or not all(isinstance(t, str) and t for t in inputs):
            return self._error(400, "'input' must be a non-empty string or array of non-empty strings.",
                               "invalid_request_error")
        dims = body.get("dimensions") or 1536
        if isinstance(reply, dict) and "vectors" in reply:
            vectors = reply["vectors"]
        else:
            vectors = [_hash_vector(text, dims) for text in inputs]
        as_base64 = body.get("encoding_format") == "base64"
        data = [{"object": "embedding", "index": i,
                 "embedding": base64.b64encode(struct.pack(f"<{len(v)}f", *v)).decode() if as_base64 else v}
                for i, v in enumerate(vectors)]
        tokens = sum(len(t.split()) for t in inputs)
        self._json(200, {"object": "list", "data": data, "model": body.get("model") or MODELS[2],
                         "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})

    # -- audio
    def _transcription(self, request: RecordedRequest, reply: Any) -> None:
        audio = request.files.get("file")
        if not audio:
            return self._error(400, "'file' is required.", "invalid_request_error")
        if isinstance(reply, str):
            reply = TranscriptReply(reply)
        if not isinstance(reply, TranscriptReply):
            reply = TranscriptReply("", language=request.form.get("language") or "en")
        duration = reply.duration if reply.duration is not None else _audio_duration(audio)
        fmt = request.form.get("response_format", "json")
        if fmt == "text":
            return self._send(200, reply.text.encode(), "text/plain; charset=utf-8")
        if fmt != "verbose_json":
            return self._json(200, {"text": reply.text})
        segments = reply.segments if reply.segments is not None else _segments(reply.text, duration)
        payload = {"task": "transcribe", "language": reply.language, "duration": duration, "text": reply.text,
                   "segments": [{"id": i, "seek": 0, "start": s["start"], "end": s["end"], "text": s["text"],
                                 "tokens": [], "temperature": 0.0, "avg_logprob": -0.2,
                                 "compression_ratio": 1.2, "no_speech_prob": 0.01}
                                for i, s in enumerate(segments)]}
        if "word" in request.form.get("timestamp_granularities[]", ""):
            payload["words"] = [w for s in segments for w in _words(s)]
        self._json(200, payload)

    def _speech(self, body: dict, reply: Any) -> None:
        text = body.get("input")
        if not isinstance(text, str) or not text.strip():
            return self._error(400, "'input' must be a non-empty string.", "invalid_request_error")
        if isinstance(reply, SpeechReply):
            return self._send(200, reply.audio, reply.content_type)
        fmt = body.get("response_format") or "mp3"
        audio, content_type = synthesize(text, fmt, speed=float(body.get("speed") or 1.0))
        self._send(200, audio, content_type)

    # -- low-level writers
    def _send(self, status: int, payload: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _json(self, status: int, payload: Any, headers: dict | None = None) -> None:
        self._send(status, _json_dumps(payload).encode(), "application/json", headers)

    def _error(self, status: int, message: str = "", type_: str = "", *, body: Any = None,
               retry_after: float | None = None) -> None:
        default_type = {400: "invalid_request_error", 401: "invalid_api_key", 404: "not_found_error",
                        429: "rate_limit_exceeded"}.get(status, "server_error")
        payload = body if body is not None else {"error": {
            "message": message or f"Fake error {status}", "type": type_ or default_type, "param": None,
            "code": type_ or default_type}}
        headers = {"x-should-retry": "false"}
        if retry_after is not None:
            headers["retry-after"] = f"{retry_after:g}"
            headers["retry-after-ms"] = str(int(retry_after * 1000))
        self._json(status, payload, headers)

    def _sse(self, events: list[dict], delay: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for index, event in enumerate(events):
            if delay and index:
                self.fake._sleep(delay)
            self._chunk(f"data: {_json_dumps(event)}\n\n".encode())
        self._chunk(b"data: [DONE]\n\n")
        self._chunk(b"")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


# ---------------------------------------------------------------- helpers
def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _parse_body(content_type: str, raw: bytes) -> tuple[Any, dict[str, str], dict[str, bytes]]:
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
        form: dict[str, str] = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename() is not None:
                files[name] = payload
            elif name in form:  # repeated fields such as timestamp_granularities[]
                form[name] += "," + payload.decode()
            else:
                form[name] = payload.decode()
        return None, form, files
    if not raw:
        return None, {}, {}
    try:
        return json.loads(raw), {}, {}
    except ValueError:
        return None, {}, {}


def _as_chat_reply(reply: Any, body: dict) -> ChatReply:
    if isinstance(reply, ChatReply):
        return reply
    if isinstance(reply, str):
        return ChatReply(content=reply)
    if isinstance(reply, ToolCallReply):
        return ChatReply(tool_calls=[reply])
    if isinstance(reply, (dict, list)):
        return ChatReply(content=_json_dumps(reply))
    return ChatReply(content=_default_content(body))


def _default_content(body: dict) -> str:
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return _json_dumps(schema_instance((fmt.get("json_schema") or {}).get("schema") or {}))
    if fmt.get("type") == "json_object":
        return "{}"
    last = next((m for m in reversed(body["messages"]) if isinstance(m, dict) and m.get("role") == "user"), {})
    content = last.get("content")
    if isinstance(content, list):  # content parts
        content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return f"(fake) {content or ''}".strip()


def schema_instance(schema: dict, root: dict | None = None) -> Any:
    """A minimal value that satisfies a JSON Schema (enough for tests' default answers)."""
    root = root or schema
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return schema_instance(target, root)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            return schema_instance(schema[key][0], root)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: schema_instance(sub, root) for name, sub in props.items()}
    if kind == "array":
        return [schema_instance(schema.get("items", {}), root) for _ in range(schema.get("minItems", 0))]
    if kind in ("integer", "number"):
        value = schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1)
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return "x" * max(1, schema.get("minLength", 4)) if "minLength" in schema else "example"


def _pieces(text: str, size: int = 0) -> list[str]:
    """Split into stream deltas: word by word (keeping spaces), or fixed-size pieces."""
    if not text:
        return []
    if size:
        return [text[i:i + size] for i in range(0, len(text), size)]
    return re.findall(r"\S+\s*|\s+", text)


def _usage(messages: list, completion: str) -> dict:
    prompt = sum(_tokens(m.get("content")) for m in messages if isinstance(m, dict))
    done = _tokens(completion)
    return {"prompt_tokens": prompt, "completion_tokens": done, "total_tokens": prompt + done}


def _tokens(content: Any) -> int:
    if isinstance(content, list):
        content = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    text = str(content or "")
    # about one token per word plus one per 2 Hangul syllables; good enough to test accounting
    return len(text.split()) + sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3") // 2


def _hash_vector(text: str, dims: int) -> list[float]:
    """Deterministic unit vector from word and character-trigram hashes (similar texts are close)."""
    vector = [0.0] * dims
    lowered = " ".join(text.lower().split())
    features = lowered.split() + [lowered[i:i + 3] for i in range(max(0, len(lowered) - 2))]
    for feature in features:
        digest = int.from_bytes(hashlib.sha1(feature.encode()).digest()[:8], "little")
        vector[digest % dims] += 1.0 if digest >> 63 else -1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


def _segments(text: str, duration: float) -> list[dict]:
    sentences = [s for s in re.split(r"(?<=[.!?。])\s+", text.strip()) if s] or [""]
    total = sum(len(s) for s in sentences) or 1
    out, start = [], 0.0
    for sentence in sentences:
        end = round(start + duration * len(sentence) / total, 3)
        out.append({"start": round(start, 3), "end": end, "text": sentence})
        start = end
    return out


def _words(segment: dict) -> list[dict]:
    words = segment["text"].split()
    span = (segment["end"] - segment["start"]) / max(1, len(words))
    return [{"word": w, "start": round(segment["start"] + i * span, 3),
             "end": round(segment["start"] + (i + 1) * span, 3)} for i, w in enumerate(words)]


def _audio_duration(audio: bytes) -> float:
    try:
        with wave.open(io.BytesIO(audio)) as wav:  # count real frames: streamed headers lie
            frames = len(wav.readframes(wav.getnframes())) // (wav.getsampwidth() * wav.getnchannels())
            return round(frames / wav.getframerate(), 3)
    except (wave.Error, EOFError):
        pass
    try:
        import av

        with av.open(io.BytesIO(audio)) as container:
            if container.duration:
                return round(container.duration / 1_000_000, 3)
    except Exception:  # undecodable upload: the fake still answers, like a lenient server
        pass
    return round(len(audio) / 32000, 3)


def synthesize(text: str, fmt: str = "wav", *, speed: float = 1.0) -> tuple[bytes, str]:
    """Real audio for /audio/speech: espeak-ng when installed (so STT can hear it), else a tone."""
    wav_bytes = _espeak(text, speed) if shutil.which("espeak-ng") else None
    if wav_bytes is None:
        wav_bytes = _tone(max(0.3, min(10.0, 0.06 * len(text) / speed)))
    if fmt == "wav":
        return wav_bytes, "audio/wav"
    if fmt == "pcm":  # raw 16-bit mono at the WAV's rate
        with wave.open(io.BytesIO(wav_bytes)) as wav:
            return wav.readframes(wav.getnframes()), "audio/pcm"
    return _transcode(wav_bytes, fmt)


def _espeak(text: str, speed: float) -> bytes | None:
    voice = "ko" if re.search(r"[\uac00-\ud7a3]", text) else "en-us"
    try:
        done = subprocess.run(["espeak-ng", "-v", voice, "-s", str(int(160 * speed)), "--stdout", text[:2000]],
                              capture_output=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    try:  # espeak's --stdout header carries a placeholder length; rewrite it with the real one
        with wave.open(io.BytesIO(done.stdout)) as wav:
            return _wav(wav.readframes(wav.getnframes()), wav.getframerate())
    except (wave.Error, EOFError):
        return None


def _tone(seconds: float, rate: int = 24000) -> bytes:
    return _wav(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                         for i in range(int(seconds * rate))), rate)


def _wav(frames: bytes, rate: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(frames)
    return buffer.getvalue()


def _transcode(wav_bytes: bytes, fmt: str) -> tuple[bytes, str]:
    import av

    codec, container_fmt, mime, rate = {
        "mp3": ("libmp3lame", "mp3", "audio/mpeg", 24000), "opus": ("libopus", "ogg", "audio/ogg", 48000),
        "aac": ("aac", "adts", "audio/aac", 24000), "flac": ("flac", "flac", "audio/flac", 24000),
    }.get(fmt, ("libmp3lame", "mp3", "audio/mpeg", 24000))
    out = io.BytesIO()
    with av.open(io.BytesIO(wav_bytes)) as source, av.open(out, "w", format=container_fmt) as target:
        stream = target.add_stream(codec, rate=rate)
        stream.layout = "mono"
        for frame in source.decode(audio=0):  # PyAV resamples and re-frames to the encoder's needs
            frame.pts = None
            target.mux(stream.encode(frame))
        target.mux(stream.encode(None))
    return out.getvalue(), mime


# ---------------------------------------------------------------- pytest fixtures
@pytest.fixture(scope="session")
def fake_openai_server():
    server = FakeOpenAI()
    yield server
    server.close()


@pytest.fixture
def fake_openai(fake_openai_server) -> FakeOpenAI:
    """The session's fake server with an empty script and request log for this test."""
    fake_openai_server.reset()
    yield fake_openai_server
    fake_openai_server.reset()


@pytest.fixture
def openai_engine(fake_openai, settings) -> FakeOpenAI:
    """Settings switched to the `openai` engine, pointed at the fake server."""
    settings.AI_ENGINE = "openai"
    settings.OPENAI_BASE_URL = fake_openai.url
    settings.OPENAI_API_KEY = "test-key"
    settings.OPENAI_TIMEOUT = 20.0
    return fake_openai
