"""Writes for avatar sessions: create, start, pause, resume, end (terminate, complete, expire),
messages and recordings, the closing feedback, the transcript file and the video job.

The conversation goes through interviews.services (same questions, follow-ups and evaluation as
the mock interviews); this module keeps the avatar session's life cycle around it.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

import ai
from avatar.models import AvatarMessage, AvatarRecording, AvatarSession
from core import realtime
from core import services as jobs
from core.broker import task_named
from core.errors import DomainError

logger = logging.getLogger(__name__)

MAX_DURATION_MINUTES = 120  # seed 001: at most 2 hours per session
JOB_VIDEO = "avatar_video"
Status = AvatarSession.Status


class AvatarError(DomainError):
    """A request we refuse; `code` is seed 001's name, `status` the HTTP status."""


def owner_session_cap() -> int:
    return int(getattr(settings, "AVATAR_MAX_SESSIONS_PER_OWNER", 50))


def user_session_cap() -> int:
    """Seed 001 security guide: 5 concurrent sessions per user."""
    return int(getattr(settings, "AVATAR_MAX_SESSIONS_PER_USER", 5))


def broadcast(session: AvatarSession, action: str, **data) -> None:
    """Tell the live WebSocket of this session (in whichever web process holds it) what changed."""
    realtime.group_send(group_name(session.session_id), {"type": "session.control", "action": action, **data})


def group_name(session_id: str) -> str:
    return f"avatar_{session_id}"


# ============================================================================ life cycle

def session_create(*, owner, user_id: str, interview_type: str = "general", language: str = "ko",
                   difficulty: str = "medium", duration_minutes: int = 30) -> AvatarSession:
    sessions_expire_due(owner=owner)
    live = AvatarSession.objects.filter(owner=owner, status__in=AvatarSession.LIVE)
    if live.filter(user_id=user_id).count() >= user_session_cap():
        raise AvatarError("SESSION_LIMIT_REACHED", "Concurrent session limit reached", status=429,
                          details=f"User '{user_id}' already has {user_session_cap()} open sessions; "
                                  "end one with DELETE /api/sessions/{session_id} first")
    if live.count() >= owner_session_cap():
        raise AvatarError("SESSION_LIMIT_REACHED", "Concurrent session limit reached", status=429,
                          details=f"This API key's account already has {owner_session_cap()} open sessions")
    now = timezone.now()
    session = AvatarSession.objects.create(
        owner=owner, user_id=user_id, interview_type=interview_type, language=language, difficulty=difficulty,
        duration_minutes=duration_minutes, expires_at=now + timedelta(minutes=duration_minutes), engine=ai.engine(),
    )
    # The server ends the session on time even when no client ever connects.
    delay = duration_minutes * 60 + 1
    transaction.on_commit(lambda: task_named("avatar.expire_session").apply_async((session.pk,), countdown=delay))
    return session


def _is_due(session: AvatarSession, now=None) -> bool:
    return session.status in AvatarSession.LIVE and (now or timezone.now()) >= session.expires_at


def session_expire_if_due(*, session: AvatarSession) -> AvatarSession:
    if _is_due(session):
        return session_end(session=session, status=Status.EXPIRED)
    return session


def sessions_expire_due(*, owner=None) -> int:
    due = AvatarSession.objects.filter(status__in=AvatarSession.LIVE, expires_at__lte=timezone.now())
    if owner is not None:
        due = due.filter(owner=owner)
    count = 0
    for session in due[:200]:
        session_end(session=session, status=Status.EXPIRED)
        count += 1
    return count


def _interview_for(session: AvatarSession):
    """The mock interview this avatar session runs on, grounded in the owner's latest posting and resume."""
    from documents.models import Document
    from interviews import services as interviews
    from interviews.models import InterviewSession
    from postings.models import JobPosting

    owner = session.owner
    posting = JobPosting.objects.filter(owner=owner).order_by("-created_at").first()
    resume = (Document.objects.filter(owner=owner, doc_type="resume").order_by("-updated_at").first())
    kind = "technical" if session.interview_type == "technical" else "personality"
    # The question bank speaks Korean and English; Japanese sessions get English questions.
    language = "ko" if session.language == "ko" else "en"
    return interviews.session_start(owner=owner, source=InterviewSession.Source.WEB, interview_type=kind,
                                    language=language, posting=posting, resume=resume)


def session_start(*, session: AvatarSession) -> AvatarSession:
    """created → active (first start_session). Idempotent for an active session."""
    session = session_expire_if_due(session=session)
    if session.status in AvatarSession.ENDED:
        raise _ended_error(session)
    if session.status == Status.CREATED:
        interview = session.interview or _interview_for(session)
        now = timezone.now()
        AvatarSession.objects.filter(pk=session.pk, status=Status.CREATED).update(
            status=Status.ACTIVE, started_at=now, interview=interview, updated_at=now)
        session.refresh_from_db()
    return session


def _ended_error(session: AvatarSession) -> AvatarError:
    if session.status == Status.EXPIRED:
        return AvatarError("SESSION_EXPIRED", "Session has expired", status=410,
                           details=f"Session '{session.session_id}' expired at {session.expires_at.isoformat()}")
    return AvatarError("SESSION_NOT_ACTIVE", "Session has ended", status=409,
                       details=f"Session '{session.session_id}' is {session.status}")


def session_pause(*, session: AvatarSession, notify: bool = True) -> AvatarSession:
    session = session_expire_if_due(session=session)
    if session.status in AvatarSession.ENDED:
        raise _ended_error(session)
    if session.status == Status.CREATED:
        raise AvatarError("SESSION_NOT_ACTIVE", "Session has not started", status=409,
                          details="Send start_session over the WebSocket first")
    if session.status == Status.ACTIVE:
        now = timezone.now()
        AvatarSession.objects.filter(pk=session.pk, status=Status.ACTIVE).update(
            status=Status.PAUSED, paused_at=now, updated_at=now)
        session.refresh_from_db()
        if notify:
            broadcast(session, "pause")
    return session


def session_resume(*, session: AvatarSession, notify: bool = True) -> AvatarSession:
    session = session_expire_if_due(session=session)
    if session.status in AvatarSession.ENDED:
        raise _ended_error(session)
    if session.status in (Status.ACTIVE, Status.CREATED):
        raise AvatarError("SESSION_ALREADY_ACTIVE", "Session is already active", status=409,
                          details=f"Session '{session.session_id}' is {session.status}, not paused")
    now = timezone.now()
    paused_for = (now - session.paused_at).total_seconds() if session.paused_at else 0.0
    AvatarSession.objects.filter(pk=session.pk, status=Status.PAUSED).update(
        status=Status.ACTIVE, resumed_at=now, paused_seconds=session.paused_seconds + paused_for, updated_at=now)
    session.refresh_from_db()
    if notify:
        broadcast(session, "resume")
    return session


def session_end(*, session: AvatarSession, status: str = Status.TERMINATED, notify: bool = True) -> AvatarSession:
    """Close the session once: feedback from the interview's evaluations, transcript, video job."""
    with transaction.atomic():
        locked = AvatarSession.objects.select_for_update().get(pk=session.pk)
        if locked.status in AvatarSession.ENDED:
            return locked
        now = timezone.now()
        if locked.status == Status.PAUSED and locked.paused_at:
            locked.paused_seconds += (now - locked.paused_at).total_seconds()
        locked.status, locked.ended_at = status, now
        if status == Status.EXPIRED:
            locked.ended_at = min(now, locked.expires_at) if locked.started_at else locked.expires_at
        locked.save(update_fields=["status", "ended_at", "paused_seconds", "updated_at"])
    locked.feedback = feedback_build(session=locked)
    locked.transcript_file = transcript_write(session=locked)
    locked.save(update_fields=["feedback", "transcript_file", "updated_at"])
    if locked.started_at and locked.messages.exists():
        video_request(session=locked)
    if notify:
        broadcast(locked, "end", status=status)
    return locked


# ============================================================================ messages

def message_add(*, session: AvatarSession, role: str, kind: str, text: str = "", **fields) -> AvatarMessage:
    return AvatarMessage.objects.create(session=session, role=role, kind=kind, text=text[:10_000], **fields)


def message_update(*, message: AvatarMessage, **fields) -> AvatarMessage:
    for key, value in fields.items():
        setattr(message, key, value)
    message.save(update_fields=list(fields))
    return message


def audio_save(*, session: AvatarSession, name: str, pcm16: bytes) -> str:
    path = f"avatar/{session.session_id}/{name}"
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, ContentFile(pcm16))


def recording_add(*, session: AvatarSession, offset: float, pcm16: bytes, sample_rate: int = 16000) -> AvatarRecording:
    index = session.recordings.count() + 1
    name = audio_save(session=session, name=f"candidate_{index:04d}.pcm", pcm16=pcm16)
    return AvatarRecording.objects.create(session=session, offset=offset, sample_rate=sample_rate, audio_file=name,
                                          duration=len(pcm16) / 2 / sample_rate)


# ============================================================================ interview turns

def answer_record(*, session: AvatarSession, text: str):
    """Store the candidate's answer on the open interview turn; returns the turn (or None)."""
    from interviews import selectors as interview_selectors
    from interviews import services as interviews

    if session.interview is None:
        return None
    turn = interview_selectors.current_turn(session.interview)
    if turn is None or turn.answered_at:
        return None
    return interviews.turn_answer_text(turn=turn, text=text)


def question_next(*, session: AvatarSession):
    """The next question from the mock-interview brain, or None when the interview is complete."""
    from interviews import services as interviews

    try:
        return interviews.turn_next(session=session.interview, speak=False)
    except interviews.MaxQuestionsReached:
        return None


def question_open(*, session: AvatarSession):
    from interviews import selectors as interview_selectors

    if session.interview is None:
        return None
    turn = interview_selectors.current_turn(session.interview)
    return turn if turn is not None and not turn.answered_at else None


# ============================================================================ closing

RUBRIC_MAX = {"relevance": 20, "structure": 25, "specificity": 25, "length": 15, "fluency": 15}
NO_ANSWERS = {
    "ko": "답변이 없어 평가하지 못했습니다. 다음 면접에서는 질문에 한두 문장이라도 답해 보세요.",
    "en": "There were no answers to evaluate. Next time, answer at least a sentence or two.",
    "ja": "回答がなかったため評価できませんでした。",
}


def _score(value: float) -> float:
    return round(max(0.0, min(10.0, value)), 1)


def feedback_build(*, session: AvatarSession) -> dict:
    """Seed 001 feedback (0–10) from the interview's per-answer rubric and its final report."""
    from interviews import services as interviews

    base = {"overall_score": 0.0, "communication": 0.0, "technical_knowledge": 0.0, "problem_solving": 0.0,
            "comments": NO_ANSWERS.get(session.language, NO_ANSWERS["ko"]), "engine": session.engine or ai.engine(),
            "answers": 0}
    if session.interview is None:
        return base
    try:
        interview = interviews.report_build(session_id=session.interview_id)
    except interviews.NoAnswers:
        return base
    turns = [t for t in interview.turns.all() if t.answered_at and t.evaluation]
    if not turns:
        return base
    parts = {k: sum((t.evaluation.get("rubric") or {}).get(k, 0) / m for t in turns) / len(turns)
             for k, m in RUBRIC_MAX.items()}
    overall = sum(t.evaluation.get("score", 0) for t in turns) / len(turns) / 10
    return {
        "overall_score": _score(overall),
        "communication": _score(10 * (parts["fluency"] + parts["structure"] + parts["length"]) / 3),
        "technical_knowledge": _score(10 * (0.6 * parts["specificity"] + 0.4 * parts["relevance"])),
        "problem_solving": _score(10 * (0.5 * parts["structure"] + 0.3 * parts["relevance"]
                                        + 0.2 * parts["specificity"])),
        "comments": interview.total_feedback or base["comments"],
        "grade": interview.grade,
        "engine": (interview.report or {}).get("engine") or interview.engine,
        "answers": len(turns),
    }


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


SPEAKERS = {"ko": {"ai": "면접관", "user": "지원자"}, "en": {"ai": "Interviewer", "user": "Candidate"},
            "ja": {"ai": "面接官", "user": "応募者"}}


def transcript_write(*, session: AvatarSession) -> str:
    names = SPEAKERS.get(session.language, SPEAKERS["en"])
    lines = [f"# {session.session_id} · {session.interview_type} · {session.language} · {session.status}", ""]
    for m in session.messages.order_by("offset", "id"):
        text = m.heard_text if m.interrupted and m.role == "ai" else m.text
        if not text.strip():
            continue
        mark = " (…)" if m.interrupted else ""
        lines.append(f"[{_clock(m.offset)}] {names[m.role]}: {text.strip()}{mark}")
    feedback = session.feedback or {}
    if feedback:
        lines += ["", f"overall_score: {feedback.get('overall_score')}/10", str(feedback.get("comments", ""))]
    return audio_save(session=session, name="transcript.txt", pcm16=("\n".join(lines) + "\n").encode("utf-8"))


def video_request(*, session: AvatarSession):
    job = jobs.job_create(kind=JOB_VIDEO, owner=session.owner, params={"session": session.session_id})
    AvatarSession.objects.filter(pk=session.pk).update(video_job=job, video_status=AvatarSession.VideoStatus.PENDING)
    session.video_job, session.video_status = job, AvatarSession.VideoStatus.PENDING
    jobs.job_enqueue(job=job, task=task_named("avatar.render_video"), args=(session.pk,))
    return job


def video_store(*, session_pk: int, name: str) -> None:
    AvatarSession.objects.filter(pk=session_pk).update(video_file=name, video_status=AvatarSession.VideoStatus.COMPLETED,
                                                      updated_at=timezone.now())


def video_failed(*, session_pk: int) -> None:
    AvatarSession.objects.filter(pk=session_pk).update(video_status=AvatarSession.VideoStatus.FAILED,
                                                      updated_at=timezone.now())
