"""Writes for mock interviews: start a session, ask the next question, take an answer (typed or
recorded), evaluate it, and write the final report. Views, tasks and pages only call these.
"""
from __future__ import annotations

import logging
import secrets
import time

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import ai
from ai.errors import STTError, TTSError
from ai.nlp.text import detect_language, split_sentences
from core import services as jobs
from core import uploads
from core.errors import DomainError, register_seed000
from core.broker import BrokerUnavailable, publish, task_named
from core.models import Job
from interviews import ai as interview_ai
from interviews.local import delivery
from interviews.models import MAX_TURNS, InterviewSession, InterviewTurn

logger = logging.getLogger(__name__)

MAX_ANSWER_SECONDS = 180  # the room records at most 60 s; uploads from other clients get some slack
MAX_ANSWER_CHARS = 10_000
EVALUATION_WAIT_SECONDS = 20  # how long a report waits for an evaluation another worker is running
JOB_QUESTIONS = "interview_questions"
JOB_EVALUATION = "interview_evaluation"
JOB_REPORT = "interview_report"

# What other apps may use of the interview rules (the avatar phrases its reactions with it).
answer_facts = interview_ai.answer_facts


# Seed 000 §4 (/ai/interview/…) codes.
register_seed000("invalid_interview_type", 400, 4007, _("interview_type must be personality or technical."))
register_seed000("max_questions_reached", 400, 4008, _("The interview already has five questions."))
register_seed000("no_qa_found", 400, 4009, _("No saved Q&A for this session."))
register_seed000("session_not_found", 404, 4043, _("No interview session with this room_id and session_id."))


class InterviewError(DomainError):
    """A request we cannot fulfil; `status` is the HTTP status, `code` a stable name."""


class MaxQuestionsReached(InterviewError):
    def __init__(self):
        super().__init__("max_questions_reached", f"The interview already has {MAX_TURNS} questions.")


class NoAnswers(InterviewError):
    def __init__(self):
        super().__init__("no_qa_found", "There are no answers to evaluate yet.")


# ============================================================================ session

def _posting_facts(*, posting, posting_text: str) -> dict:
    """Requirements and skills, from the saved analysis or by reading the posting text once."""
    keys = ("position", "company", "requirements", "responsibilities", "required_skills", "preferred_skills")
    if posting is not None and posting.ai_analysis:
        data = posting.ai_analysis
        facts = {k: data.get(k) or ([] if k not in ("position", "company") else "") for k in keys}
        facts["position"] = posting.position or facts["position"] or posting.title
        facts["company"] = posting.company or facts["company"]
        facts["engine"] = data.get("engine", "")
        return facts
    if not posting_text.strip():
        return {}
    from postings import services as posting_services

    result = posting_services.analyze_posting(posting_text)  # ai.fallback: the rules answer if the model server fails
    facts = {k: getattr(result, k, None) or ([] if k not in ("position", "company") else "") for k in keys}
    facts["engine"] = result.engine
    return facts


def session_start(*, owner, source: str = InterviewSession.Source.WEB, interview_type: str = "technical",
                  language: str = "ko", posting=None, cover_letter=None, resume=None, resume_text: str = "",
                  posting_text: str = "", position: str = "", user_name: str = "", room_id: str = "",
                  client_session_id: str = "") -> InterviewSession:
    """Create a session. Ownership of posting/letter/resume is the caller's check."""
    if cover_letter is not None and posting is None:
        posting = cover_letter.job_posting
    if posting is not None and not posting_text:
        posting_text = posting.original_text
    if resume is not None and not resume_text:
        resume_text = resume.text
    facts = _posting_facts(posting=posting, posting_text=posting_text)
    return InterviewSession.objects.create(
        owner=owner, source=source, interview_type=interview_type, language=language, posting=posting,
        cover_letter=cover_letter, resume=resume, resume_text=resume_text[:50_000], posting_text=posting_text[:50_000],
        posting_facts=facts, position=(position or facts.get("position") or "")[:200], user_name=user_name[:100],
        room_id=room_id[:100], client_session_id=client_session_id[:100], engine=ai.engine(),
    )


def _invited_questions(session: InterviewSession) -> list[str]:
    letter = session.cover_letter
    if letter is None:
        return []
    out = []
    for item in letter.expected_questions:
        text = item.get("question") if isinstance(item, dict) else item
        if isinstance(text, str) and text.strip():
            out.append(text.strip())
    return out[:5]


def build_context(session: InterviewSession) -> interview_ai.InterviewContext:
    facts = session.posting_facts or {}
    letter = session.cover_letter
    return interview_ai.InterviewContext(
        interview_type=session.interview_type, language=session.language,
        position=session.position or facts.get("position") or "", company=facts.get("company") or "",
        posting_text=session.posting_text, requirements=list(facts.get("requirements") or [])[:10],
        responsibilities=list(facts.get("responsibilities") or [])[:10],
        required_skills=list(facts.get("required_skills") or [])[:10],
        preferred_skills=list(facts.get("preferred_skills") or [])[:10],
        resume_text=session.resume_text, cover_letter_text=letter.content if letter else "",
        invited_questions=_invited_questions(session),
    )


def build_history(turns: list[InterviewTurn]) -> list[interview_ai.PastTurn]:
    return [interview_ai.PastTurn(order=t.order, question=t.question, answer=t.answer_text, kind=t.kind,
                                  competency=t.competency, skill=t.skill, is_followup=t.is_followup)
            for t in sorted(turns, key=lambda t: t.order)]


def _inline_passages(text: str, doc_type: str, query: str, limit: int = 2) -> list[dict]:
    """Sentence-level retrieval over a text that is not (or not yet) a stored document."""
    from ai import embeddings

    sentences = [s for s in split_sentences(text) if len(s) >= 12][:200]
    if not sentences or not query.strip():
        return []
    vectors = embeddings.embed([query, *sentences], engine="hashing")  # the 0.12 floor is set on it
    scored = sorted(((embeddings.cosine(vectors[0], v), s) for v, s in zip(vectors[1:], sentences)), reverse=True)
    return [{"text": s, "score": round(score, 4), "doc_type": doc_type, "document_id": "", "page": None,
             "chunk_id": None, "source": "session"} for score, s in scored[:limit] if score >= 0.12]


def make_retriever(session: InterviewSession) -> interview_ai.Retriever:
    """Passages from the user's own documents (pgvector + keyword search), plus the session's
    inline resume and cover letter when they are not stored documents."""
    from documents import selectors as documents

    user = session.owner
    letter = session.cover_letter

    def retrieve(query: str) -> list[dict]:
        found = []
        for p in documents.search(user=user, query=query, k=6):
            if p.doc_type == "job_posting":
                continue
            found.append({"text": p.text, "score": p.vector_score, "rrf": p.score, "text_score": p.text_score,
                          "doc_type": p.doc_type, "document_id": p.document_id, "page": p.page,
                          "chunk_id": p.chunk_id, "title": p.title, "source": "documents"})
        if session.resume_id is None and session.resume_text:
            found += _inline_passages(session.resume_text, "resume", query)
        if letter is not None and letter.document_id is None:
            found += _inline_passages(letter.content, "cover_letter", query)
        found.sort(key=lambda p: -float(p.get("score") or 0))
        return found[:4]

    return retrieve


# ============================================================================ questions

def _question_for(session: InterviewSession, turns: list[InterviewTurn]) -> interview_ai.Question:
    ctx = build_context(session)
    history = build_history(turns)
    retrieve = make_retriever(session)
    try:
        return interview_ai.next_question(ctx, history, retrieve=retrieve)
    except interview_ai.MaxQuestionsReached as exc:
        raise MaxQuestionsReached from exc


def _reason(question: interview_ai.Question) -> str:
    """Why this question; a fallback from a failed model server says so (ai.fallback)."""
    if question.fallback_reason:
        return f"{question.reason} (fallback: {question.fallback_reason})".strip()
    return question.reason


def _turn_from(session: InterviewSession, order: int, question: interview_ai.Question) -> InterviewTurn:
    return InterviewTurn(
        session=session, order=order, question=question.text[:2000], is_followup=question.is_followup,
        kind=question.kind[:40], competency=question.competency[:60], skill=question.skill[:60],
        reason=_reason(question)[:300], grounding=question.grounding, question_engine=question.engine[:10],
    )


def turn_next(*, session: InterviewSession, speak: bool = True) -> InterviewTurn:
    """The question to answer now: the open one if there is one, else a newly generated one."""
    with transaction.atomic():
        locked = InterviewSession.objects.select_for_update().get(pk=session.pk)
        turns = list(locked.turns.all())
        if turns and not turns[-1].answered_at:
            turn = turns[-1]
        else:
            if len(turns) >= MAX_TURNS:
                raise MaxQuestionsReached
            turn = _turn_from(locked, len(turns) + 1, _question_for(locked, turns))
            turn.save()
            if locked.status == InterviewSession.Status.COMPLETED:
                # Carrying on after an early end reopens the interview; the old report is kept until a new one.
                InterviewSession.objects.filter(pk=locked.pk).update(
                    status=InterviewSession.Status.IN_PROGRESS, ended_by="", completed_at=None)
    if speak and not turn.question_audio:
        turn_speak(turn=turn)
    return turn


def turn_speak(*, turn: InterviewTurn) -> InterviewTurn:
    """Speak the question with ai.tts (content-addressed cache: each text is synthesised once)."""
    from ai import tts

    try:
        speech = tts.synthesize(turn.question, language=turn.session.language, fmt="mp3")
    except TTSError as exc:  # the question still shows as text; the room lets the user start by hand
        logger.warning("question audio failed for turn %s: %s", turn.pk, exc.code)
        return turn
    name = speech.cache_name
    if not name:
        name = default_storage.save(f"interviews/{turn.session.owner_id}/{turn.session_id}/question_{turn.order}.mp3",
                                    ContentFile(speech.audio))
    InterviewTurn.objects.filter(pk=turn.pk).update(question_audio=name, question_audio_duration=speech.duration)
    turn.question_audio.name = name
    turn.question_audio_duration = speech.duration
    return turn


def questions_plan(*, session: InterviewSession) -> list[InterviewTurn]:
    """Seed 002: all five questions up front (no-op when the session already has them)."""
    with transaction.atomic():
        locked = InterviewSession.objects.select_for_update().get(pk=session.pk)
        existing = list(locked.turns.all())
        if existing:
            return existing
        questions = interview_ai.plan_questions(build_context(locked), retrieve=make_retriever(locked))
        turns = [_turn_from(locked, order, q) for order, q in enumerate(questions[:MAX_TURNS], start=1)]
        return InterviewTurn.objects.bulk_create(turns)


def questions_fallback(*, session: InterviewSession) -> list[InterviewTurn]:
    """Seed 002's documented fallback questions, when generation failed or took over 30 s."""
    with transaction.atomic():
        locked = InterviewSession.objects.select_for_update().get(pk=session.pk)
        existing = list(locked.turns.all())
        if existing:
            return existing
        questions = interview_ai.fallback_questions(build_context(locked))
        return InterviewTurn.objects.bulk_create([_turn_from(locked, n, q) for n, q in enumerate(questions, start=1)])


def questions_create_waiting(*, session: InterviewSession, timeout: float = 30.0) -> tuple[list[InterviewTurn], Job]:
    """Seed 002 POST /sessions: a Celery job writes the questions; wait for it up to `timeout`
    seconds, then fall back to the fixed questions."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("questions_create_waiting must run outside a transaction: the worker must see the job")
    job = jobs.job_create(kind=JOB_QUESTIONS, owner=session.owner, params={"session_id": session.pk})
    try:
        publish(task_named("tasks.question_generator.generate_questions"), (job.id,), expires=timeout)
    except BrokerUnavailable as exc:
        logger.error("could not enqueue question job %s: %s", job.id, exc)
        jobs.job_fail(job_id=job.id, error_code="queue_unavailable", error_message="job queue unavailable")
    deadline = time.monotonic() + timeout
    status = job.status
    while time.monotonic() < deadline:
        status = Job.objects.filter(pk=job.pk).values_list("status", flat=True).first()
        if status in (Job.Status.COMPLETED, Job.Status.FAILED):
            break
        time.sleep(0.05)
    turns = list(session.turns.all())
    if not turns:
        logger.warning("question job %s ended %s; using fallback questions", job.id, status)
        if status not in (Job.Status.COMPLETED, Job.Status.FAILED):
            # Failed first, so a worker that has not claimed the job yet skips it.
            jobs.job_fail(job_id=job.id, error_code="timeout", error_message=f"no questions within {timeout:g} s")
        turns = questions_fallback(session=session)
    job.refresh_from_db()
    return turns, job


# ============================================================================ answers

def _check_open(turn: InterviewTurn) -> None:
    if turn.answered_at and turn.session.turns.filter(order__gt=turn.order).exists():
        raise InterviewError("already_answered", f"Question {turn.order} has already been answered.", status=409)


def turn_client_question(*, session: InterviewSession, number: int, question: str,
                         is_followup: bool) -> InterviewTurn | None:
    """Seed 000 save: turn `number` carrying the question as the client showed it. A question the
    client asked on its own (the next number) is recorded so follow-ups keep the context; None
    when `number` skips ahead."""
    turns = list(session.turns.order_by("order"))
    turn = next((t for t in turns if t.order == number), None)
    if turn is None:
        if number != len(turns) + 1:
            return None
        return InterviewTurn.objects.create(session=session, order=number, question=question,
                                            is_followup=is_followup, kind="client", question_engine="client")
    if turn.question != question or turn.is_followup != is_followup:
        InterviewTurn.objects.filter(pk=turn.pk).update(question=question, is_followup=is_followup)
        turn.refresh_from_db()
    return turn


def turn_answer_text(*, turn: InterviewTurn, text: str, allow_overwrite: bool = False) -> InterviewTurn:
    text = (text or "").strip()
    if not text:
        raise InterviewError("empty_answer", "The answer is empty.")
    if len(text) > MAX_ANSWER_CHARS:
        raise InterviewError("answer_too_long", f"The answer is longer than {MAX_ANSWER_CHARS} characters.")
    if not allow_overwrite:
        _check_open(turn)
    emotion = delivery.estimate_from_text(text, turn.session.language)["emotion"]
    InterviewTurn.objects.filter(pk=turn.pk).update(
        answer_text=text, answer_source=InterviewTurn.AnswerSource.TEXT, answered_at=timezone.now(),
        evaluation=None, evaluation_status=InterviewTurn.EvaluationStatus.PENDING, delivery=None, emotion=emotion,
        turn_feedback="", stt=None, updated_at=timezone.now(),
    )
    turn.refresh_from_db()
    return turn


def _script_disagrees(transcript, language: str) -> bool:
    return bool(transcript.text.strip()) and detect_language(transcript.text, default="ko") != language


def speech_context(turn: InterviewTurn):
    """What the recogniser should expect in the answer to `turn`: its question as the prompt and the
    skill names of the posting and the resume (and the question) as hotwords."""
    from ai import stt
    from ai.nlp import skills as nlp_skills

    session = turn.session
    facts = session.posting_facts or {}
    terms = [*(facts.get("required_skills") or []), *(facts.get("preferred_skills") or [])]
    terms += nlp_skills.skill_names(" ".join([turn.question, session.resume_text[:20_000]]))
    if turn.skill:
        terms.insert(0, turn.skill)
    # Canonical names only ("PostgreSQL", not "Apache Kafka"'s prefix): the spelling a transcript should use.
    terms = [t.removeprefix("Apache ") for t in terms if t]
    return stt.SpeechContext.build(question=turn.question, terms=terms)


def transcribe_answer(data: bytes, *, language: str, filename: str, context=None):
    """STT in the session language. When the recording seems to be in the other language (the
    text comes back in the other script, or the model hears almost nothing) it is transcribed
    again as Korean/English and the more credible result is kept.

    Whisper's confidences are not comparable across its models and it invents stock phrases
    ("Thank you very much.") for speech it cannot place, so the other language must be clearly
    better to win."""
    from ai import stt

    other = "en" if language == "ko" else "ko"
    meta = {"requested_language": language, "fallback": False}
    try:
        first = stt.transcribe(data, language=language, filename=filename, context=context)
    except STTError as exc:
        if exc.code != "STT_NO_SPEECH":
            raise
        # Speech energy was there (checked before), but no words in the session language.
        second = stt.transcribe(data, language=other, filename=filename)  # the hints are in the session language
        if second.engine == "local" and second.confidence < 0.6:
            raise
        meta.update(fallback=True, first_confidence=0.0)
        return second, meta
    unsure = first.engine == "local" and first.confidence < 0.15
    if _script_disagrees(first, language) or unsure:
        try:
            second = stt.transcribe(data, language=other, filename=filename)  # the hints are in the session language
        except STTError:
            second = None
        if second is not None and not _script_disagrees(second, other) and (
                _script_disagrees(first, language) or second.confidence > first.confidence + 0.2):
            meta.update(fallback=True, first_confidence=round(first.confidence, 3))
            first = second
    return first, meta


def _audio_extension(decoded, filename: str) -> str:
    container = (decoded.container or "").lower()
    for name in ("webm", "ogg", "mp3", "wav", "flac"):
        if name in container:
            return name
    if "mp4" in container or "m4a" in container:
        return "m4a"
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return ext if ext.isalnum() and len(ext) <= 5 else "bin"


def turn_answer_audio(*, turn: InterviewTurn, data: bytes, filename: str = "answer.webm") -> InterviewTurn:
    """Store a recorded answer privately, transcribe it and measure its delivery.

    Raises InterviewError for files we refuse and STTError (STT_INVALID_AUDIO, STT_NO_SPEECH,
    STT_AUDIO_TOO_LONG) for audio we cannot use."""
    from ai import audio

    _check_open(turn)
    session = turn.session
    try:
        uploads.check_size(len(data))
        uploads.check_quota(session.owner, len(data), replacing=turn.answer_audio_bytes)
    except uploads.UploadError as exc:
        raise InterviewError(exc.code, exc.message, status=413 if exc.code != "empty_file" else 400) from exc
    decoded = audio.decode(data, max_seconds=MAX_ANSWER_SECONDS)
    if not audio.has_speech(decoded.samples, decoded.sample_rate):
        raise STTError("STT_NO_SPEECH", "no speech was detected in the recording")
    transcript, meta = transcribe_answer(data, language=session.language, filename=filename,
                                         context=speech_context(turn))
    metrics = delivery.measure(samples=np.asarray(decoded.samples), sample_rate=decoded.sample_rate,
                               transcript=transcript, language=transcript.language or session.language)
    emotion = metrics.pop("emotion")
    ext = _audio_extension(decoded, filename)
    name = default_storage.save(
        f"interviews/{session.owner_id}/{session.pk}/answer_{turn.order}_{secrets.token_hex(6)}.{ext}",
        ContentFile(data))
    old = turn.answer_audio.name
    stt_info = {
        **meta, "language": transcript.language, "engine": transcript.engine, "model": transcript.model,
        "confidence": round(transcript.confidence, 3), "duration": transcript.duration,
        "processing_seconds": transcript.processing_seconds,
        "segments": [{"start": s.start, "end": s.end, "text": s.text} for s in transcript.segments][:200],
        "words": [{"start": w.start, "end": w.end, "word": w.word, "p": w.probability}
                  for w in transcript.words][:2000],
    }
    InterviewTurn.objects.filter(pk=turn.pk).update(
        answer_text=transcript.text[:MAX_ANSWER_CHARS], answer_source=InterviewTurn.AnswerSource.VOICE,
        answer_audio=name, answer_audio_bytes=len(data), stt=stt_info, delivery=metrics, emotion=emotion,
        answered_at=timezone.now(), evaluation=None, evaluation_status=InterviewTurn.EvaluationStatus.PENDING,
        turn_feedback="", updated_at=timezone.now(),
    )
    if old and old != name:
        default_storage.delete(old)
    turn.refresh_from_db()
    return turn


# ============================================================================ evaluation

def _evaluate(turn: InterviewTurn) -> dict:
    ctx = build_context(turn.session)
    return interview_ai.evaluate_answer(ctx, turn.question, turn.answer_text, delivery=turn.delivery).as_dict()


def turn_evaluate(*, turn: InterviewTurn) -> InterviewTurn:
    """Evaluate the current answer now (inline for seed 003 and the web room)."""
    data = _evaluate(turn)
    emotion = turn.emotion or delivery.estimate_from_text(turn.answer_text, turn.session.language)["emotion"]
    InterviewTurn.objects.filter(pk=turn.pk, answered_at=turn.answered_at).update(
        evaluation=data, evaluation_status=InterviewTurn.EvaluationStatus.COMPLETED, turn_feedback=data["feedback"],
        emotion=emotion, updated_at=timezone.now(),
    )
    turn.refresh_from_db()
    return turn


def evaluation_claim(*, turn_id: int, resume: bool = False) -> bool:
    """pending → running; False when someone else already evaluates (or evaluated) this answer.
    `resume`: the evaluation job runs again after its worker died, so `running` is its own."""
    S = InterviewTurn.EvaluationStatus
    return InterviewTurn.objects.filter(pk=turn_id, evaluation_status__in=[S.PENDING, S.RUNNING] if resume else [S.PENDING]
                                        ).update(evaluation_status=S.RUNNING, updated_at=timezone.now()) == 1


def evaluation_run(*, turn_id: int, resume: bool = False) -> InterviewTurn | None:
    """The evaluation job's work: claim the answer, evaluate it, store the result (an update of the
    turn, so a run again after a crash replaces the verdict rather than adding one)."""
    if not evaluation_claim(turn_id=turn_id, resume=resume):
        return None
    turn = InterviewTurn.objects.select_related("session", "session__cover_letter").get(pk=turn_id)
    try:
        return turn_evaluate(turn=turn)
    except Exception:
        InterviewTurn.objects.filter(pk=turn_id, evaluation_status=InterviewTurn.EvaluationStatus.RUNNING).update(
            evaluation_status=InterviewTurn.EvaluationStatus.FAILED)
        raise


def evaluation_enqueue(*, turn: InterviewTurn) -> Job:
    job = jobs.job_create(kind=JOB_EVALUATION, owner=turn.session.owner, params={"turn_id": turn.pk})
    jobs.job_enqueue(job=job, task=task_named("tasks.evaluator.analyze_answer"))
    return job


def _ensure_evaluated(turn: InterviewTurn) -> InterviewTurn:
    """Used by the report: evaluate what is pending, wait briefly for what another worker runs."""
    S = InterviewTurn.EvaluationStatus
    if turn.evaluation_status == S.COMPLETED and turn.evaluation:
        return turn
    if turn.evaluation_status == S.RUNNING:
        deadline = time.monotonic() + EVALUATION_WAIT_SECONDS
        while time.monotonic() < deadline:
            turn.refresh_from_db()
            if turn.evaluation_status != S.RUNNING:
                break
            time.sleep(0.2)
        if turn.evaluation_status == S.COMPLETED and turn.evaluation:
            return turn
    evaluation_claim(turn_id=turn.pk)
    return turn_evaluate(turn=turn)


# ============================================================================ report

def answered_count(session: InterviewSession) -> int:
    return session.turns.exclude(answered_at=None).count()


def report_request(*, session: InterviewSession, ended_by: str) -> Job:
    """Start (or reuse) the report job. `ended_by`: auto (all five answered) or manual."""
    with transaction.atomic():
        locked = InterviewSession.objects.select_for_update().get(pk=session.pk)
        answered = answered_count(locked)
        if not answered:
            raise NoAnswers
        current = locked.report_job
        R = InterviewSession.ReportStatus
        if current is not None and locked.report_status == R.PENDING and current.status in (
                Job.Status.PENDING, Job.Status.PROCESSING):
            return current
        latest = locked.turns.aggregate(latest=Max("answered_at"))["latest"]
        if (current is not None and locked.report_status == R.COMPLETED and locked.ended_by == ended_by
                and (locked.report or {}).get("answered") == answered
                and (locked.report or {}).get("latest_answer_at") == latest.isoformat()):
            return current  # nothing changed since the report was written
        job = jobs.job_create(kind=JOB_REPORT, owner=locked.owner, params={"session_id": locked.pk})
        InterviewSession.objects.filter(pk=locked.pk).update(
            report_job=job, report_status=R.PENDING, ended_by=ended_by, updated_at=timezone.now())
        jobs.job_enqueue(job=job, task=task_named("interviews.generate_report"))
    session.refresh_from_db()
    return job


def report_build(*, session_id: int, job_id: str | None = None) -> InterviewSession:
    """The report job's work: evaluate what is missing, write the report, complete the session."""
    session = InterviewSession.objects.select_related("cover_letter", "owner").get(pk=session_id)
    turns = [t for t in session.turns.select_related("session").all() if t.answered_at]
    if not turns:
        raise NoAnswers
    for index, turn in enumerate(turns, start=1):
        _ensure_evaluated(turn)
        if job_id:
            jobs.job_progress(job_id=job_id, progress=int(70 * index / len(turns)))
    turns = [t for t in session.turns.all() if t.answered_at]
    answered = [interview_ai.AnsweredTurn(order=t.order, question=t.question, answer=t.answer_text,
                                          evaluation=t.evaluation or {}, delivery=t.delivery, competency=t.competency)
                for t in turns]
    ctx = build_context(session)
    report = interview_ai.write_report(ctx, answered)
    if job_id:
        jobs.job_progress(job_id=job_id, progress=90)
    data = report.as_dict()
    data.update(answered=len(turns), ended_by=session.ended_by or "auto", generated_at=timezone.now().isoformat(),
                latest_answer_at=max(t.answered_at for t in turns).isoformat())
    emotion_summary = delivery.summarise([t.emotion for t in turns])
    with transaction.atomic():
        for turn in turns:
            feedback = report.turn_feedback.get(turn.order)
            if feedback:
                InterviewTurn.objects.filter(pk=turn.pk).update(turn_feedback=feedback)
        InterviewSession.objects.filter(pk=session.pk).update(
            total_score=report.total_score, grade=report.grade, total_feedback=report.total_feedback, report=data,
            report_status=InterviewSession.ReportStatus.COMPLETED, status=InterviewSession.Status.COMPLETED,
            completed_at=timezone.now(), emotion_summary=emotion_summary, ended_by=session.ended_by or "auto",
            updated_at=timezone.now(),
        )
    session.refresh_from_db()
    return session


def report_failed(*, session_id: int, job_id: str) -> None:
    InterviewSession.objects.filter(pk=session_id, report_job_id=job_id).update(
        report_status=InterviewSession.ReportStatus.FAILED)


def answer_finished(*, turn: InterviewTurn) -> Job | None:
    """After an answer: once all five are in, the report job starts."""
    if answered_count(turn.session) >= MAX_TURNS:
        return report_request(session=turn.session, ended_by=InterviewSession.EndedBy.AUTO)
    return None


def storage_used(user) -> int:
    """Bytes of recorded answers (registered with core.uploads for the per-user quota)."""
    total = InterviewTurn.objects.filter(session__owner=user).aggregate(n=Sum("answer_audio_bytes"))["n"]
    return int(total or 0)


def session_delete(*, session: InterviewSession) -> None:
    names = [t.answer_audio.name for t in session.turns.all() if t.answer_audio]
    session.delete()
    for name in names:
        default_storage.delete(name)  # question audio lives in the shared TTS cache and stays
