"""The avatar interview over one WebSocket (seed 001 `/ws/{session_id}`).

Per connection, once the session is started: a frame clock (25 fps JPEG faces), a speech-to-text
worker fed by `audio_data` (energy VAD + Whisper via ai.stt.StreamingTranscriber), and at most one
reply in flight. A reply streams: the acknowledgement's first sentence is synthesised and spoken
while the next question is still being chosen by the mock-interview brain; audio chunks leave paced
to real time just ahead of the frames that show them. Candidate speech during a reply stops it
(barge-in): the unplayed audio is dropped, the part that was heard is stored, and the next reply
knows.

Everything that must outlive the socket (status, messages, interview turns) is in the database,
so a reconnect (to any web process) continues the same conversation. Bad input never closes the
socket: each problem gets an `error` frame.
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import collections
import json
import logging
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone

import numpy as np
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone

from ai import audio as audio_mod
from ai.errors import AIError
from avatar import ai as avatar_ai
from avatar import renderer as face
from avatar import selectors, services, speech
from avatar.local import lines
from avatar.models import AvatarMessage, AvatarSession
from core.asyncdb import db

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 256 * 1024  # a 16 kHz pcm16 chunk of 4 s in base64 is ~171 KB
MAX_CHUNK_SECONDS = 4.0
MAX_BACKLOG_SECONDS = 20.0  # audio waiting for recognition before new audio is refused
MAX_TEXT_CHARS = 5000
MESSAGES_PER_SECOND = 100
MESSAGE_BURST = 400
CHUNK_SECONDS = 0.2  # tts_audio chunk length
AUDIO_LEAD = 0.15  # audio leaves this far ahead of the frames that show it
FRAME_INTERVAL = 1.0 / face.FPS
IDLE_FRAME_CHECK = 0.2  # s between looks at a session that is not live (not started or paused)
# s between re-reads of the session row (changes are broadcast; this is the safety net, kept rare
# because a process holds hundreds of sockets)
SESSION_REREAD_SECONDS = 15
BARGE_IN_FRAMES = 3  # 3 × 30 ms of speech energy while the interviewer talks
RECORDING_FLUSH_BYTES = 16000 * 2 * 30
INPUT_RATE = 16000


def now_iso() -> str:
    return datetime.now(dt_timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _live_transcriber_class():
    from ai.stt import StreamingTranscriber

    class LiveTranscriber(StreamingTranscriber):
        """Interim passes re-transcribe the utterance so far and run inside feed(); on a slow
        machine they hold up the audio behind them and delay the final transcript. After a pass
        that took t seconds, the next waits for 2t more seconds of speech. The final pass is greedy
        (no word times are needed here), which halves its time on a CPU."""

        FINAL_FAST = True

        def _interim(self):
            started = time.monotonic()
            event = super()._interim()
            took = time.monotonic() - started
            # _speech_since_interim counts up from zero again; starting it negative delays the next pass
            self._speech_since_interim = -2 * took if took > 0.3 * self.INTERIM_EVERY_S else 0.0
            return event

    return LiveTranscriber


class BargeInDetector:
    """Speech onset from energy alone (no model), so an interruption is noticed within a chunk."""

    FRAME = 480  # 30 ms at 16 kHz

    def __init__(self):
        self.noise_db = -60.0
        self.run = 0
        self.pending = np.zeros(0, np.float32)

    def feed(self, samples: np.ndarray) -> bool:
        self.pending = np.concatenate([self.pending, samples])
        hit = False
        while self.pending.size >= self.FRAME:
            frame, self.pending = self.pending[: self.FRAME], self.pending[self.FRAME:]
            level = audio_mod.rms_dbfs(frame)
            if level > max(audio_mod.SILENCE_FLOOR_DB + 15, self.noise_db + 12):
                self.run += 1
                hit = hit or self.run >= BARGE_IN_FRAMES
            else:
                self.run = 0
                self.noise_db = 0.9 * self.noise_db + 0.1 * max(level, -90.0)
        return hit


@dataclass
class TurnClock:
    """Per-turn latency: milliseconds from the end of the candidate's speech."""
    speech_end: float  # time.monotonic()
    source: str = "voice"
    marks: dict = field(default_factory=dict)

    def mark(self, name: str) -> None:
        if name not in self.marks:
            self.marks[name] = round((time.monotonic() - self.speech_end) * 1000, 1)


@dataclass
class Reply:
    """What the interviewer is saying now (for interruption bookkeeping and the video)."""
    message_id: int | None = None
    kind: str = "reply"
    text: str = ""
    question_text: str = ""
    question_from: int = -1  # index of the first sentence that belongs to the question
    sentences: list = field(default_factory=list)  # spoken Utterances with their start offsets
    played: list = field(default_factory=list)  # (utterance, started_monotonic, offset_in_message)
    started: float | None = None  # monotonic time the first audio began
    started_offset: float | None = None  # session timeline seconds of the first audio
    tts_segments: int = 0
    tts_hits: int = 0
    clock: TurnClock | None = None
    closing: bool = False
    engine: str = ""
    was_interrupted: bool = False
    question_heard: bool = True
    heard_text: str = ""


class AvatarConsumer(AsyncWebsocketConsumer):
    # ------------------------------------------------------------------ connection
    async def connect(self):
        self.session_id = self.scope["url_route"]["kwargs"]["session_id"]
        self.user = self.scope.get("user")
        self.closed = False
        self.tasks: list[asyncio.Task] = []
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=4401)  # before accept: the handshake is refused with 403
            return
        try:
            session = await db(selectors.session_get)(owner=self.user, session_id=self.session_id)
        except services.AvatarError as exc:
            await self.accept()
            await self.send_error(exc.code, exc.message, exc.details)
            await self.close(code=4404)
            return
        if session.status in AvatarSession.ENDED:
            await self.accept()
            code = "SESSION_EXPIRED" if session.status == AvatarSession.Status.EXPIRED else "SESSION_NOT_ACTIVE"
            await self.send_error(code, f"Session is {session.status}", f"Session '{self.session_id}' has ended")
            await self.close(code=4410)
            return
        self.session = session
        self.group = services.group_name(self.session_id)
        await self.accept()
        await self.channel_layer.group_send(self.group, {"type": "session.control", "action": "takeover",
                                                         "channel": self.channel_name})
        await self.channel_layer.group_add(self.group, self.channel_name)
        self.credential_groups = self.scope.get("credential_groups", [])
        for group in self.credential_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self._setup_state()
        await self.send_json({"type": "connected", "session_id": self.session_id, "timestamp": now_iso(),
                              "message": "Connected to interview session", "status": session.status})
        self.spawn(self._expiry_loop())

    def _setup_state(self):
        lang = self.session.language
        self.transcriber = _live_transcriber_class()(language=lang, sample_rate=INPUT_RATE)
        self.detector = BargeInDetector()
        self.animator = face.Animator(seed=hash(self.session_id) & 0xFFFF)
        self.renderer = face.renderer()
        self.t0 = time.monotonic()
        self.frame_number = 0
        self.frames_dropped = 0
        self.audio_queue: asyncio.Queue = asyncio.Queue()
        self.backlog = 0.0
        self.stream_pos = 0.0
        self.arrivals: collections.deque = collections.deque(maxlen=4000)  # (stream end s, monotonic)
        self.reply_task: asyncio.Task | None = None
        self.reply: Reply | None = None
        self.last_reply: Reply | None = None
        self.first_frame_for: TurnClock | None = None
        self.tokens = float(MESSAGE_BURST)
        self.tokens_at = time.monotonic()
        self.flood_error_at = 0.0
        self.recording = bytearray()
        self.recording_offset: float | None = None
        self.status = self.session.status
        self.started_session = False

    async def _warm_up(self):
        """Load (for Korean: assemble) the speech model while the greeting plays, not when the first answer ends."""
        from ai import stt

        try:
            await asyncio.to_thread(stt.warm_up, "en" if self.session.language == "en" else "ko")
        except AIError as exc:
            await self.send_error("STT_ERROR", "Speech recognition is unavailable", exc.message)

    def spawn(self, coro) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        self.tasks.append(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task):
        if task in self.tasks:
            self.tasks.remove(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("avatar task failed", exc_info=task.exception())

    async def disconnect(self, code):
        self.closed = True
        for group in [getattr(self, "group", None), *getattr(self, "credential_groups", [])]:
            if group:
                await self.channel_layer.group_discard(group, self.channel_name)
        if getattr(self, "reply_task", None):
            await self._stop_reply(interrupted=True, notify=False)
        for task in list(getattr(self, "tasks", [])):
            task.cancel()
        if getattr(self, "recording", None):
            await self._flush_recording()

    # ------------------------------------------------------------------ sending
    async def send_json(self, data: dict):
        if self.closed:
            return
        try:
            await self.send(text_data=json.dumps(data, ensure_ascii=False))
        except Exception:  # noqa: BLE001 - the socket went away; disconnect() cleans up
            self.closed = True

    async def send_error(self, code: str, message: str, details: str | None = None, **extra):
        await self.send_json({"type": "error", "code": code, "message": message, "details": details,
                              "timestamp": now_iso(), **extra})

    def session_time(self) -> float:
        started = self.session.started_at or timezone.now()
        return max(0.0, (timezone.now() - started).total_seconds())

    # ------------------------------------------------------------------ receiving
    async def receive(self, text_data=None, bytes_data=None):
        if not self._take_token():
            if time.monotonic() - self.flood_error_at > 1.0:
                self.flood_error_at = time.monotonic()
                await self.send_error("RATE_LIMIT_EXCEEDED", "Too many messages",
                                      f"At most {MESSAGES_PER_SECOND} messages a second", retry_after=1)
            return
        size = len(text_data.encode("utf-8", "surrogatepass")) if text_data is not None else len(bytes_data or b"")
        if size > MAX_MESSAGE_BYTES:
            await self.send_error("MESSAGE_TOO_LARGE", "Message too large",
                                  f"{size} bytes; the limit is {MAX_MESSAGE_BYTES}")
            return
        if text_data is None:
            await self.send_error("INVALID_MESSAGE", "Binary frames are not supported",
                                  "Send JSON text messages; audio goes base64 in audio_data")
            return
        try:
            data = json.loads(text_data)
        except (ValueError, RecursionError):
            await self.send_error("INVALID_MESSAGE", "Invalid JSON", "The message is not valid JSON")
            return
        if not isinstance(data, dict):
            await self.send_error("INVALID_MESSAGE", "Invalid message", "A message must be a JSON object")
            return
        kind = data.get("type")
        handler = {
            "start_session": self.on_start_session, "audio_data": self.on_audio, "text": self.on_text,
            "ping": self.on_ping, "pause": self.on_pause, "resume": self.on_resume, "end_session": self.on_end,
        }.get(kind) if isinstance(kind, str) else None
        if handler is None:
            await self.send_error("INVALID_MESSAGE", "Unknown message type",
                                  f"type {str(kind)[:40]!r} is not one of start_session, audio_data, text, "
                                  "ping, pause, resume, end_session")
            return
        try:
            await handler(data)
        except services.AvatarError as exc:
            await self.send_error(exc.code, exc.message, exc.details)
        except Exception:  # noqa: BLE001 - a bug must not take the socket down
            logger.exception("avatar message %s failed", kind)
            await self.send_error("INTERNAL_ERROR", "The message could not be processed", None)

    def _take_token(self) -> bool:
        now = time.monotonic()
        self.tokens = min(MESSAGE_BURST, self.tokens + (now - self.tokens_at) * MESSAGES_PER_SECOND)
        self.tokens_at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    async def on_ping(self, data):
        latency = 0
        stamp = data.get("timestamp")
        if isinstance(stamp, str):
            try:
                sent = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
                if sent.tzinfo is None:
                    sent = sent.replace(tzinfo=dt_timezone.utc)
                latency = max(0, int((datetime.now(dt_timezone.utc) - sent).total_seconds() * 1000))
                latency = min(latency, 60_000)
            except ValueError:
                latency = 0
        await self.send_json({"type": "pong", "timestamp": now_iso(), "latency_ms": latency})

    async def _refresh(self) -> AvatarSession:
        self.session = await db(selectors.session_get)(owner=self.user, session_id=self.session_id)
        self.status = self.session.status
        return self.session

    async def on_start_session(self, data):
        sid = data.get("session_id")
        if sid is not None and sid != self.session_id:
            await self.send_error("SESSION_NOT_FOUND", "Session not found",
                                  "start_session names another session than this socket's")
            return
        session = await self._refresh()
        if session.status in AvatarSession.ENDED:
            await self._ended(session)
            return
        reconnect = session.status != AvatarSession.Status.CREATED
        if session.status == AvatarSession.Status.PAUSED:
            session = await db(services.session_resume)(session=session, notify=False)
        session = await db(services.session_start)(session=session)
        self.session, self.status = session, session.status
        if not self.started_session:  # a socket that never starts (or only pings) costs no model and no clocks
            self.spawn(self._warm_up())
            self.spawn(self._frame_loop())
            self.spawn(self._stt_loop())
        self.started_session = True
        self.t0 = time.monotonic()
        await self._start_reply(self._opening(reconnect))

    async def _opening(self, reconnect: bool):
        """Greeting and the open (or first) question; announced in session_started."""
        language = self.session.language
        turn = await db(services.question_open)(session=self.session)
        if turn is None:
            turn = await db(services.question_next)(session=self.session)
        greeting = (lines.RESUMED if reconnect else lines.GREETING)[lines.lang(language)]
        question = turn.question if turn is not None else lines.CLOSING[lines.lang(language)]
        message = f"{greeting} {question}"
        await self.send_json({"type": "session_started", "session_id": self.session_id, "message": message,
                              "status": self.session.status, "resumed": reconnect, "timestamp": now_iso(),
                              "question": question, "turn": getattr(turn, "order", None)})
        return {"kind": "greeting" if not reconnect else "reply", "ack": greeting, "question": question,
                "turn": getattr(turn, "order", None), "closing": turn is None, "announce": False}

    # ------------------------------------------------------------------ audio in
    async def on_audio(self, data):
        audio = data.get("audio")
        rate = data.get("sample_rate", INPUT_RATE)
        fmt = data.get("format", "pcm16")
        if not isinstance(audio, str) or not audio:
            await self.send_error("STT_INVALID_AUDIO", "Invalid audio", "audio must be a non-empty base64 string")
            return
        if fmt != "pcm16":
            await self.send_error("STT_INVALID_AUDIO", "Unsupported audio format",
                                  f"format {str(fmt)[:20]!r}; only pcm16 is accepted")
            return
        if isinstance(rate, bool) or not isinstance(rate, int) or rate != INPUT_RATE:
            await self.send_error("STT_INVALID_AUDIO", "Unsupported sample rate",
                                  f"sample_rate {str(rate)[:20]}; send 16000 Hz mono pcm16")
            return
        try:
            pcm = base64.b64decode(audio, validate=True)
        except (binascii.Error, ValueError):
            await self.send_error("STT_INVALID_AUDIO", "Invalid base64", "audio is not valid base64")
            return
        if len(pcm) % 2:
            await self.send_error("STT_INVALID_AUDIO", "Invalid pcm16", "pcm16 audio has an even number of bytes")
            return
        seconds = len(pcm) / 2 / INPUT_RATE
        if seconds > MAX_CHUNK_SECONDS:
            await self.send_error("STT_INVALID_AUDIO", "Audio chunk too long",
                                  f"{seconds:.1f} s in one message; send at most {MAX_CHUNK_SECONDS:.0f} s")
            return
        if self.status != AvatarSession.Status.ACTIVE or not self.started_session:
            if self.status == AvatarSession.Status.CREATED or not self.started_session:
                await self.send_error("SESSION_NOT_ACTIVE", "Session not started", "Send start_session first")
            return  # paused: audio is ignored
        if self.backlog + seconds > MAX_BACKLOG_SECONDS:
            await self.send_error("RATE_LIMIT_EXCEEDED", "Audio is arriving faster than it can be recognised",
                                  f"{self.backlog:.1f} s of audio are waiting; slow down to real time",
                                  retry_after=max(1, int(self.backlog / 2)))
            return
        samples = audio_mod.pcm16_to_float(pcm)
        if self.reply_task is not None and self.detector.feed(samples):
            await self.barge_in()
        elif self.reply_task is None:
            self.detector.feed(samples)  # keeps the noise floor current
        self.stream_pos += seconds
        self.arrivals.append((self.stream_pos, time.monotonic()))
        self.backlog += seconds
        self.audio_queue.put_nowait(pcm)
        if self.recording_offset is None:
            self.recording_offset = self.session_time()
        self.recording.extend(pcm)
        if len(self.recording) >= RECORDING_FLUSH_BYTES:
            await self._flush_recording()

    async def _flush_recording(self):
        if not self.recording or self.recording_offset is None:
            return
        pcm, offset = bytes(self.recording), self.recording_offset
        self.recording, self.recording_offset = bytearray(), None
        try:
            await db(services.recording_add)(session=self.session, offset=offset, pcm16=pcm)
        except Exception:  # noqa: BLE001 - losing a recording must not end the interview
            logger.exception("could not store the candidate audio")

    def _arrival_of(self, stream_seconds: float) -> float:
        for end, at in self.arrivals:
            if end >= stream_seconds:
                return at
        return time.monotonic()

    async def _stt_loop(self):
        loop_idle = 0.8
        while True:
            try:
                pcm = await asyncio.wait_for(self.audio_queue.get(), timeout=loop_idle)
            except asyncio.TimeoutError:
                # The client stopped sending mid-utterance: finish what was said.
                if getattr(self.transcriber, "_in_speech", False):
                    events = await asyncio.to_thread(self.transcriber.flush)
                    await self._transcripts(events)
                continue
            self.backlog = max(0.0, self.backlog - len(pcm) / 2 / INPUT_RATE)
            self.transcriber.interim = self.backlog < 0.5  # behind real time: skip interim passes
            try:
                events = await asyncio.to_thread(self.transcriber.feed, pcm)
            except AIError as exc:
                await self.send_error(exc.code if exc.code.startswith("STT_") else "STT_ERROR",
                                      "Speech recognition failed", exc.message)
                continue
            await self._transcripts(events)

    async def _transcripts(self, events):
        for event in events:
            if self.status != AvatarSession.Status.ACTIVE:
                continue
            if not event.is_final:
                await self.send_json({"type": "stt_interim", "transcript": event.text,
                                      "confidence": event.confidence, "is_final": False, "timestamp": now_iso()})
                continue
            clock = TurnClock(self._arrival_of(event.end), "voice")
            clock.mark("stt_ms")
            await self.send_json({"type": "stt_final", "transcript": event.text, "confidence": event.confidence,
                                  "is_final": True, "timestamp": now_iso()})
            await self.answer(event.text, clock, source="voice", confidence=event.confidence)

    # ------------------------------------------------------------------ typed answers
    async def on_text(self, data):
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            await self.send_error("INVALID_MESSAGE", "Empty text", "text must be a non-empty string")
            return
        if "\x00" in text or len(text) > MAX_TEXT_CHARS:
            await self.send_error("INVALID_MESSAGE", "Invalid text",
                                  f"text must be at most {MAX_TEXT_CHARS} characters without NUL bytes")
            return
        if self.status == AvatarSession.Status.PAUSED:
            await self.send_error("SESSION_PAUSED", "Session is paused", "Resume the session first")
            return
        if self.status != AvatarSession.Status.ACTIVE or not self.started_session:
            await self.send_error("SESSION_NOT_ACTIVE", "Session not started", "Send start_session first")
            return
        if self.reply_task is not None:
            await self.barge_in()
        clock = TurnClock(time.monotonic(), "text")
        await self.answer(text.strip(), clock, source="text", confidence=None)

    # ------------------------------------------------------------------ turns
    async def answer(self, text: str, clock: TurnClock, *, source: str, confidence):
        """The candidate said something: store it and start the interviewer's reply."""
        if self.reply_task is not None:  # a reply still being prepared when the next utterance lands
            await self._stop_reply(interrupted=True)
        last = self.last_reply
        interrupted = bool(last and last.was_interrupted)
        question_heard = last.question_heard if last else True
        # A typed answer was written with the question on screen; speech over an unasked question is a remark.
        question_heard = question_heard or source == "text"
        kind = "answer" if (not interrupted or question_heard) else "remark"
        await db(services.message_add)(session=self.session, role="user", kind=kind, text=text, source=source,
                                       confidence=confidence, offset=self.session_time())
        plan = {"kind": "reply", "answer": text, "interrupted": interrupted, "question_heard": question_heard,
                "record_answer": kind == "answer", "announce": True, "clock": clock}
        await self._start_reply(self._plan_reply(plan))

    async def _plan_reply(self, plan: dict):
        return plan

    async def _start_reply(self, plan_coro):
        plan = await plan_coro
        if self.reply_task is not None:
            await self._stop_reply(interrupted=True, notify=False)
        self.reply = Reply(kind=plan["kind"], clock=plan.get("clock"))
        self.reply_task = asyncio.ensure_future(self._run_reply(plan, self.reply))
        self.tasks.append(self.reply_task)

    async def _run_reply(self, plan: dict, reply: Reply):
        language = self.session.language
        play_queue: asyncio.Queue = asyncio.Queue()
        player = asyncio.ensure_future(self._player(play_queue, reply))
        announce = plan.get("announce", True)
        clock = reply.clock
        try:
            message = await db(services.message_add)(session=self.session, role="ai", kind=plan["kind"],
                                                     offset=self.session_time(), engine=self.session.engine)
            reply.message_id = message.id
            if announce:
                await self.send_json({"type": "llm_start", "timestamp": now_iso()})
            text = ""
            pending = ""
            llm_started = time.monotonic()

            def enqueue(sentence: str, is_question: bool = False):
                sentence = sentence.strip()
                if not sentence:
                    return
                if is_question and reply.question_from < 0:
                    reply.question_from = len(reply.sentences)
                reply.sentences.append(sentence)
                task = asyncio.ensure_future(asyncio.to_thread(speech.speak, sentence, language))
                play_queue.put_nowait((sentence, task))

            if "ack" in plan:  # opening: fixed greeting
                text = plan["ack"]
                enqueue(text)
            else:
                ack_input = avatar_ai.AckInput(question=self._last_question(), answer=plan["answer"],
                                               language=language, interrupted=plan["interrupted"])
                if plan["interrupted"] and not plan["question_heard"]:
                    pieces = [avatar_ai.AckPiece(lines.INTERRUPTED_BEFORE_QUESTION[lines.lang(language)], "local")]
                else:
                    pieces = await asyncio.to_thread(lambda: list(avatar_ai.acknowledgement_stream(ack_input)))
                    if plan["interrupted"]:
                        pieces.insert(0, avatar_ai.AckPiece(
                            lines.INTERRUPTED_AFTER_QUESTION[lines.lang(language)] + " ", "local"))
                for piece in pieces:
                    if clock:
                        clock.mark("first_token_ms")
                    reply.engine = piece.engine
                    text += piece.text
                    pending += piece.text
                    parts = speech.spoken_sentences(pending)
                    ends_sentence = pending.rstrip().endswith((".", "!", "?", "。", "！", "？"))
                    for sentence in (parts if ends_sentence else parts[:-1]):
                        enqueue(sentence)
                    pending = "" if ends_sentence else (parts[-1] if parts else pending)
                    await self.send_json({"type": "llm_response", "text": text.strip(), "done": False,
                                          "timestamp": now_iso()})
                enqueue(pending)
                pending = ""
            # The next question, while the acknowledgement is already being spoken.
            if plan.get("question") is not None or plan.get("closing"):
                question, closing = plan.get("question") or "", plan.get("closing", False)
            else:
                question, closing = await db(self._next_question)(plan)
            reply.closing = closing
            reply.question_text = question
            for i, sentence in enumerate(speech.spoken_sentences(question)):
                enqueue(sentence, is_question=not closing)
                text = f"{text.strip()} {sentence}".strip()
                if announce:
                    await self.send_json({"type": "llm_response", "text": text, "done": False,
                                          "timestamp": now_iso()})
            reply.text = text.strip()
            if clock:
                clock.marks["llm_ms"] = round((time.monotonic() - llm_started) * 1000, 1)
            if announce:
                await self.send_json({"type": "llm_response", "text": reply.text, "done": True,
                                      "timestamp": now_iso(), "engine": reply.engine or self.session.engine,
                                      "question": question or None})
            await db(services.message_update)(message=message, text=reply.text)
            play_queue.put_nowait(None)
            await player
            await self._finish_reply(reply, interrupted=False)
            if reply.closing:
                await self._complete()
        except asyncio.CancelledError:
            player.cancel()
            raise
        except AIError as exc:
            player.cancel()
            code = exc.code if exc.code.split("_")[0] in ("STT", "LLM", "TTS") else "LLM_ERROR"
            await self.send_error(code, "The interviewer could not answer", exc.message)
            await self._finish_reply(reply, interrupted=True)
        except Exception as exc:  # noqa: BLE001 - the socket stays up; the client hears what failed
            player.cancel()
            logger.exception("avatar reply failed")
            await self.send_error("LLM_ERROR", "The interviewer could not answer", str(exc)[:200])
            await self._finish_reply(reply, interrupted=True)
        finally:
            if self.reply is reply:
                self.reply_task = None
                self.reply = None

    def _last_question(self) -> str:
        last = self.last_reply
        return last.question_text if last else ""

    def _next_question(self, plan: dict):
        """DB work in a thread: record the answer on the interview turn, choose the next question."""
        session = AvatarSession.objects.select_related("interview").get(pk=self.session.pk)
        if plan.get("record_answer"):
            turn = services.question_open(session=session)
            if turn is not None:
                services.answer_record(session=session, text=plan["answer"])
                latest = AvatarMessage.objects.filter(session=session, role="user").order_by("-id").first()
                if latest:
                    AvatarMessage.objects.filter(pk=latest.pk).update(turn_order=turn.order)
        else:  # a remark made while the question was not yet heard: ask the same question again
            turn = services.question_open(session=session)
            if turn is not None:
                return turn.question, False
        turn = services.question_next(session=session)
        if turn is None:
            return lines.CLOSING[lines.lang(session.language)], True
        return turn.question, False

    async def _player(self, queue: asyncio.Queue, reply: Reply):
        """Speak the queued sentences in order, audio paced to real time, frames following."""
        while True:
            item = await queue.get()
            if item is None:
                return
            sentence, task = item
            try:
                utterance = await task
            except AIError as exc:
                await self.send_error(exc.code if exc.code.startswith("TTS_") else "TTS_ERROR",
                                      "Speech synthesis failed", exc.message)
                continue
            reply.tts_segments += 1
            reply.tts_hits += int(utterance.cached)
            await self._play(utterance, reply)

    async def _play(self, utterance: speech.Utterance, reply: Reply):
        start = time.monotonic() + AUDIO_LEAD
        if reply.started is None:
            reply.started = start
            reply.started_offset = self.session_time() + AUDIO_LEAD
        reply.played.append((utterance, start, start - reply.started))
        self.animator.say(utterance.track, start - self.t0, utterance.duration)
        if reply.clock and "first_frame_ms" not in reply.clock.marks:
            self.first_frame_for = reply.clock
        chunk_bytes = int(CHUNK_SECONDS * speech.SAMPLE_RATE) * 2
        pcm = utterance.pcm16
        for i in range(0, len(pcm), chunk_bytes):
            due = start + (i / 2 / speech.SAMPLE_RATE) - AUDIO_LEAD
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if self.status != AvatarSession.Status.ACTIVE:
                return
            part = pcm[i:i + chunk_bytes]
            await self.send_json({"type": "tts_audio", "audio_data": base64.b64encode(part).decode("ascii"),
                                  "sample_rate": speech.SAMPLE_RATE, "format": "pcm16",
                                  "duration_ms": round(len(part) / 2 / speech.SAMPLE_RATE * 1000),
                                  "timestamp": now_iso(), "text": utterance.text if i == 0 else None})
            if reply.clock:
                reply.clock.mark("first_audio_ms")
        remaining = start + utterance.duration - time.monotonic()
        if remaining > 0:
            await asyncio.sleep(remaining)

    def _heard(self, reply: Reply) -> tuple[str, bool]:
        """What was audible before a stop, and whether any of the question was heard."""
        now = time.monotonic()
        heard, question_heard = [], False
        for index, (utterance, start, _) in enumerate(reply.played):
            part = speech.heard_part(utterance, max(0.0, now - start))
            if part:
                heard.append(part)
                if reply.question_from >= 0 and index >= reply.question_from:
                    question_heard = True
        return " ".join(heard).strip(), question_heard

    async def _finish_reply(self, reply: Reply, *, interrupted: bool):
        heard, question_heard = self._heard(reply) if interrupted else (reply.text, True)
        reply.was_interrupted, reply.question_heard, reply.heard_text = interrupted, question_heard, heard
        self.last_reply = reply
        if reply.message_id is None:
            return
        pcm, duration = self._reply_audio(reply, interrupted)
        track = []
        for utterance, start, rel in reply.played:
            track += [(round(s + rel, 3), round(e + rel, 3), v) for s, e, v in utterance.track]
        fields = {"interrupted": interrupted, "heard_text": heard, "duration": duration, "visemes": track,
                  "tts_segments": reply.tts_segments, "tts_cache_hits": reply.tts_hits,
                  "engine": reply.engine or self.session.engine}
        if reply.started_offset is not None:
            fields["offset"] = reply.started_offset
        if reply.text:
            fields["text"] = reply.text
        if reply.clock:
            fields["latency"] = {**reply.clock.marks, "source": reply.clock.source, "interrupted": interrupted}
            await self.send_json({"type": "turn_latency", **fields["latency"], "timestamp": now_iso()})
        try:
            message = await db(AvatarMessage.objects.get)(pk=reply.message_id)
            if pcm:
                fields["audio_file"] = await db(services.audio_save)(
                    session=self.session, name=f"interviewer_{message.pk:06d}.pcm", pcm16=pcm)
            await db(services.message_update)(message=message, **fields)
        except Exception:  # noqa: BLE001
            logger.exception("could not store the interviewer's message")

    def _reply_audio(self, reply: Reply, interrupted: bool) -> tuple[bytes, float]:
        if not reply.played:
            return b"", 0.0
        now = time.monotonic()
        end = max(start + u.duration for u, start, _ in reply.played) - reply.started
        if interrupted:
            end = min(end, max(0.0, now - reply.started))
        out = np.zeros(int(end * speech.SAMPLE_RATE), np.int16)
        for utterance, start, rel in reply.played:
            samples = np.frombuffer(utterance.pcm16, np.int16)
            at = int(rel * speech.SAMPLE_RATE)
            if at >= out.size:
                continue
            n = min(samples.size, out.size - at)
            out[at:at + n] = samples[:n]
        return out.tobytes(), round(end, 3)

    async def _stop_reply(self, *, interrupted: bool, notify: bool = True):
        task, reply = self.reply_task, self.reply
        if task is None:
            return
        self.reply_task, self.reply = None, None
        self.animator.stop()
        task.cancel()
        try:
            await task
        except (asyncio.CancelledError, Exception):  # noqa: BLE001
            pass
        if reply is not None:
            await self._finish_reply(reply, interrupted=interrupted)
        if notify:
            await self.send_json({"type": "interrupted", "timestamp": now_iso(),
                                  "heard_text": reply.heard_text if reply else ""})

    async def barge_in(self):
        await self._stop_reply(interrupted=True)

    # ------------------------------------------------------------------ frames and time
    async def _frame_loop(self):
        next_at = time.monotonic()
        cache: dict = {}
        while True:
            next_at += FRAME_INTERVAL
            delay = next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.2:  # fell behind: skip ahead rather than burst
                skipped = int(-delay / FRAME_INTERVAL)
                self.frames_dropped += skipped
                next_at += skipped * FRAME_INTERVAL
            if self.status != AvatarSession.Status.ACTIVE or not self.started_session:
                # nothing to draw: look again in a while (a process holds hundreds of idle sockets)
                await asyncio.sleep(IDLE_FRAME_CHECK)
                next_at = time.monotonic()
                continue
            t = time.monotonic() - self.t0
            self.animator.listening = self.reply_task is None
            state = self.animator.state(t)
            encoded = cache.get(state)
            if encoded is None:
                try:
                    encoded = base64.b64encode(self.renderer.render(state)).decode("ascii")
                except Exception as exc:  # noqa: BLE001
                    await self.send_error("AVATAR_ERROR", "Avatar rendering failed", str(exc))
                    await asyncio.sleep(1)
                    continue
                if len(cache) > 400:
                    cache.clear()
                cache[state] = encoded
            self.frame_number += 1
            await self.send_json({"type": "avatar_frame", "frame_data": encoded, "width": face.SIZE,
                                  "height": face.SIZE, "format": "jpeg", "frame_number": self.frame_number,
                                  "timestamp": now_iso(), "viseme": state.viseme})
            clock = self.first_frame_for
            if clock is not None and self.animator.speech and t >= self.animator.speech_start:
                clock.mark("first_frame_ms")
                self.first_frame_for = None

    async def _expiry_loop(self):
        """Ends the session on time; now and then re-reads it in case a change was not broadcast."""
        ticks = random.randrange(SESSION_REREAD_SECONDS)  # spread the re-reads of many sockets
        while True:
            await asyncio.sleep(1.0)
            ticks += 1
            if ticks % SESSION_REREAD_SECONDS == 0:
                fresh = await db(AvatarSession.objects.filter(pk=self.session.pk).values(
                    "status", "expires_at").first)()
                if fresh is None:
                    await self.close(code=4404)
                    return
                self.session.expires_at = fresh["expires_at"]
                if fresh["status"] in AvatarSession.ENDED and self.status not in AvatarSession.ENDED:
                    await self._ended(await self._refresh())
                    return
            if timezone.now() >= self.session.expires_at and self.status in AvatarSession.LIVE:
                session = await db(services.session_expire_if_due)(session=self.session)
                await self._ended(session)
                return

    # ------------------------------------------------------------------ pause / resume / end
    async def on_pause(self, data):
        session = await self._refresh()
        session = await db(services.session_pause)(session=session, notify=False)
        await self._paused(session)

    async def on_resume(self, data):
        session = await self._refresh()
        session = await db(services.session_resume)(session=session, notify=False)
        await self._resumed(session)

    async def on_end(self, data):
        session = await self._refresh()
        session = await db(services.session_end)(session=session, status=AvatarSession.Status.TERMINATED,
                                                 notify=False)
        await self._ended(session)

    async def _paused(self, session):
        self.session, self.status = session, session.status
        await self._stop_reply(interrupted=True, notify=False)
        self.transcriber = _live_transcriber_class()(language=session.language, sample_rate=INPUT_RATE)
        await self._flush_recording()
        await self.send_json({"type": "session_paused", "session_id": self.session_id,
                              "paused_at": session.paused_at.isoformat() if session.paused_at else None,
                              "timestamp": now_iso()})

    async def _resumed(self, session):
        self.session, self.status = session, session.status
        await self.send_json({"type": "session_resumed", "session_id": self.session_id, "timestamp": now_iso()})
        if self.started_session:
            language = session.language
            turn = await db(services.question_open)(session=session)
            question = turn.question if turn else ""
            await self._start_reply(self._plain({"kind": "reply", "ack": lines.RESUMED[lines.lang(language)],
                                                 "question": question, "closing": False, "announce": True}))

    async def _plain(self, plan):
        return plan

    async def _complete(self):
        session = await db(services.session_end)(session=self.session, status=AvatarSession.Status.COMPLETED,
                                                 notify=False)
        await self._ended(session)

    async def _ended(self, session):
        self.session, self.status = session, session.status
        if self.reply_task is not None and asyncio.current_task() is not self.reply_task:
            await self._stop_reply(interrupted=True, notify=False)
        await self._flush_recording()
        if session.status == AvatarSession.Status.EXPIRED:
            await self.send_error("SESSION_EXPIRED", "Session has expired",
                                  f"The session's {session.duration_minutes} minutes are over")
        summary = await db(selectors.session_summary)(session)
        await self.send_json({"type": "session_ended", "session_id": self.session_id, "status": session.status,
                              "summary": summary["summary"], "feedback": summary["feedback"],
                              "timestamp": now_iso()})
        self.closed_by_server = True
        await self.close(code=1000)
        self.closed = True

    async def credential_revoked(self, event):
        """The credential this socket signed in with was revoked (log-out, password change, a revoked
        API key; accounts.services.sockets_close): it stops here, and the session waits, as after any
        disconnect, for a connection with a valid credential."""
        await self.send_error("UNAUTHORIZED", "Credentials revoked", "Sign in again and reconnect to continue")
        await self.close(code=4401)
        self.closed = True

    async def session_control(self, event):
        """Group messages from services.broadcast (REST pause/resume/end in any process)."""
        action = event.get("action")
        if action == "takeover":
            if event.get("channel") != self.channel_name:
                await self.send_error("SESSION_ALREADY_ACTIVE", "Session continued on another connection",
                                      "A newer connection to this session took over")
                await self.close(code=4409)
            return
        session = await self._refresh()
        if action == "pause":
            await self._paused(session)
        elif action == "resume":
            await self._resumed(session)
        elif action == "end":
            await self._ended(session)
