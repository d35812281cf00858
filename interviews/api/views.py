"""The three interview surfaces over one model.

- seed 002 (`/sessions`, `/sessions/{id}/questions`, `/answers`, `/sessions/{id}/results`),
  DRF `{"detail"}` errors, integer ids, questions written by a Celery job up front;
- seed 003 (`/api/interviews/…`), DRF errors, multipart audio answers, turn by turn;
- seed 000 (`/ai/interview/question|save|report`), the `{"message", "error_code", "data"}`
  envelope, string session labels, the report streamed over SSE.
"""
from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core.selectors import owned_or_404
from ai.errors import STTError
from core.errors import ApiError, seed000_body, seed000_error, seed000_stream_error
from core.models import Job
from core.parsers import BoundedFormParser, BoundedJSONParser
from core.sse import StreamNegotiation, follow_job, openapi_event_stream, sse_response
from ai.nlp.text import detect_language
from interviews import selectors, services
from interviews.api import serializers as s
from interviews.models import MAX_TURNS, InterviewSession, InterviewTurn

logger = logging.getLogger(__name__)

STT_MESSAGES = {
    "STT_INVALID_AUDIO": _("The recording could not be read as audio. Please record your answer again."),
    "STT_NO_SPEECH": _("No speech was heard in the recording. Check your microphone and answer again."),
    "STT_AUDIO_TOO_LONG": _("The recording is longer than %(seconds)s seconds. Please answer more briefly."),
}


def _stt_error(exc: STTError) -> ApiError:
    """A message for the person answering (Korean first); the decoder's own text only in the log."""
    logger.warning("answer audio refused: %s %s", exc.code, exc.message)
    if exc.code in STT_MESSAGES:
        return ApiError(400, exc.code, str(STT_MESSAGES[exc.code]) % {"seconds": services.MAX_ANSWER_SECONDS})
    return ApiError(503 if exc.retryable else 502, exc.code,
                    str(_("Speech recognition is unavailable right now. Please try again shortly.")))


# ============================================================================ seed 002

@extend_schema(tags=["interviews (seed 002)"])
class Seed002SessionCreateView(APIView):
    parser_classes = [BoundedJSONParser, BoundedFormParser]

    @extend_schema(summary="Start an interview session; five questions are generated (seed 002 §4.2.1)",
                   description="A Celery job (`tasks.question_generator.generate_questions`) writes the questions; "
                               "the request waits for it up to 30 s and otherwise uses fallback questions.",
                   request=s.Seed002SessionCreateSerializer, responses={200: s.Seed002SessionSerializer})
    def post(self, request):
        form = s.Seed002SessionCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        session = services.session_start(
            owner=request.user, source=InterviewSession.Source.SESSIONS, interview_type=data["interview_type"],
            language=data["language"], position=data["position"].strip(), user_name=data["user_name"].strip())
        services.questions_create_waiting(session=session, timeout=30.0)
        session.refresh_from_db()
        return Response(s.Seed002SessionSerializer(session).data)


def _session_or_404(request, session_id) -> InterviewSession:
    try:
        return selectors.session_for(request.user, session_id)
    except InterviewSession.DoesNotExist as exc:
        raise NotFound("Session not found") from exc


@extend_schema(tags=["interviews (seed 002)"])
class Seed002QuestionsView(APIView):
    @extend_schema(summary="The session's questions in order (seed 002 §4.3.1)",
                   responses={200: s.Seed002RecordSerializer(many=True)})
    def get(self, request, session_id: int):
        session = _session_or_404(request, session_id)
        return Response(s.Seed002RecordSerializer(selectors.turns_of(session), many=True).data)


@extend_schema(tags=["interviews (seed 002)"])
class Seed002AnswerView(APIView):
    parser_classes = [BoundedJSONParser, BoundedFormParser]

    @extend_schema(summary="Submit an answer; evaluation runs in the background (seed 002 §4.3.2)",
                   request=s.Seed002AnswerSerializer,
                   responses={200: inline_serializer("Seed002AnswerResponse", {
                       "status": serializers.CharField(), "record_id": serializers.IntegerField()}),
                              404: OpenApiResponse(description="Record not found (or not yours)")})
    def post(self, request):
        form = s.Seed002AnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            turn = selectors.turn_for(request.user, form.validated_data["record_id"])
        except InterviewTurn.DoesNotExist as exc:
            raise NotFound("Record not found") from exc
        turn = services.turn_answer_text(turn=turn, text=form.validated_data["answer_text"], allow_overwrite=True)
        services.evaluation_enqueue(turn=turn)
        services.answer_finished(turn=turn)
        return Response({"status": "submitted", "record_id": turn.pk})


@extend_schema(tags=["interviews (seed 002)"])
class Seed002ResultsView(APIView):
    @extend_schema(summary="Questions, answers, evaluations and delivery estimates (seed 002 §4.4.1)",
                   description="`emotion` is estimated from speech (pace, fillers, pauses, loudness) or, for typed "
                               "answers, from the text; `source` says which. No face or video is analysed.",
                   responses={200: s.Seed002ResultSerializer(many=True)})
    def get(self, request, session_id: int):
        session = _session_or_404(request, session_id)
        return Response(s.Seed002ResultSerializer(selectors.turns_of(session), many=True).data)


# ============================================================================ seed 003

def _owned(model_path: str, user, pk):
    """A record of another app the user owns, or 404 (no existence leak)."""
    model = apps.get_model(model_path)
    try:
        return owned_or_404(model, user, pk=pk)
    except Http404 as exc:
        raise NotFound(f"{model._meta.verbose_name.capitalize()} not found") from exc


def _default_language(user) -> str:
    language = getattr(user, "language", "") or getattr(user, "preferred_language", "")
    return language if language in ("ko", "en") else "ko"


@extend_schema(tags=["interviews (seed 003)"])
class Seed003StartView(APIView):
    parser_classes = [BoundedJSONParser, BoundedFormParser]

    @extend_schema(summary="Start a voice interview; the first question comes with its audio (seed 003)",
                   request=s.Seed003StartSerializer,
                   responses={200: inline_serializer("Seed003StartResponse", {
                       "session_id": serializers.IntegerField(), "status": serializers.CharField(),
                       "current_turn": s.Seed003TurnSerializer()}),
                              404: OpenApiResponse(description="Cover letter, job posting or document not found")})
    def post(self, request):
        form = s.Seed003StartSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        letter = _owned("coverletters.CoverLetter", request.user, data["cover_letter_id"]) \
            if data.get("cover_letter_id") else None
        posting = _owned("postings.JobPosting", request.user, data["posting_id"]) if data.get("posting_id") else None
        resume = None
        if data.get("resume_id"):
            resume = _owned("documents.Document", request.user, data["resume_id"])
            if resume.doc_type not in ("resume", "portfolio"):
                raise ApiError(400, "invalid_resume", "resume_id must be a resume or portfolio document.")
        session = services.session_start(
            owner=request.user, source=InterviewSession.Source.VOICE, interview_type=data["type"],
            language=data.get("language") or _default_language(request.user), posting=posting, cover_letter=letter,
            resume=resume)
        turn = services.turn_next(session=session, speak=True)
        return Response({"session_id": session.pk, "status": session.status,
                         "current_turn": s.Seed003TurnSerializer(turn, context={"request": request}).data})


@extend_schema(tags=["interviews (seed 003)"])
class Seed003AnswerView(APIView):

    @extend_schema(
        summary="Answer the current turn with recorded audio (seed 003)",
        description="Multipart `turn_number` + `audio`. The audio is stored privately, transcribed in the "
                    "session language (falling back to the other language when the recording disagrees), "
                    "evaluated, and the next question is returned with its audio. After turn 5 the report job "
                    "starts and `interview_completed` is true. A typed `answer_text` may replace `audio`.",
        request={"multipart/form-data": s.Seed003AnswerSerializer},
        responses={200: inline_serializer("Seed003AnswerResponse", {
            "turn_number": serializers.IntegerField(), "answer_audio_url": serializers.CharField(allow_null=True),
            "answer_stt_text": serializers.CharField(), "next_turn": s.Seed003TurnSerializer(required=False),
            "interview_completed": serializers.BooleanField(required=False),
            "message": serializers.CharField(required=False)}),
            409: OpenApiResponse(description="interview_over (no open question) or already_answered"),
            502: OpenApiResponse(description="Speech recognition failed"),
            503: OpenApiResponse(description="Speech recognition (or the database) is briefly unavailable")},
    )
    def post(self, request, session_id: int):
        session = _session_or_404(request, session_id)
        form = s.Seed003AnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        number = form.validated_data["turn_number"]
        current = selectors.current_turn(session)
        if current is None:
            raise ApiError(409, "interview_over", "This interview has no open question.")
        if number != current.order:
            if number < current.order:
                raise ApiError(409, "already_answered", f"Turn {number} has already been answered.")
            raise ApiError(400, "wrong_turn", f"turn_number must be {current.order}, the current turn.")
        upload = form.validated_data.get("audio")
        try:
            if upload is not None:
                turn = services.turn_answer_audio(turn=current, data=upload.read(), filename=upload.name or "answer")
            else:
                turn = services.turn_answer_text(turn=current, text=form.validated_data["answer_text"])
        except STTError as exc:
            raise _stt_error(exc) from exc
        turn = services.turn_evaluate(turn=turn)
        body = {"turn_number": turn.order,
                "answer_audio_url": selectors.audio_url(turn.answer_audio, request),
                "answer_stt_text": turn.answer_text}
        if services.answered_count(session) >= MAX_TURNS:
            services.report_request(session=session, ended_by=InterviewSession.EndedBy.AUTO)
            body.update(interview_completed=True, message="면접이 종료되었습니다. 피드백을 생성 중입니다.")
        else:
            upcoming = services.turn_next(session=session, speak=True)
            body["next_turn"] = s.Seed003TurnSerializer(upcoming, context={"request": request}).data
        return Response(body)


@extend_schema(tags=["interviews (seed 003)"])
class Seed003ResultView(APIView):
    @extend_schema(summary="Interview result: overall feedback and every turn with its audio (seed 003)",
                   responses={200: s.Seed003ResultSerializer})
    def get(self, request, session_id: int):
        session = _session_or_404(request, session_id)
        return Response(s.Seed003ResultSerializer(session, context={"request": request}).data)


@extend_schema(tags=["interviews (seed 003)"])
class Seed003HistoryView(APIView):
    @extend_schema(summary="My interviews, newest first (seed 003)",
                   parameters=[OpenApiParameter("limit", int, description="At most 100 (default 20)."),
                               OpenApiParameter("offset", int)],
                   responses={200: inline_serializer("Seed003History", {
                       "items": s.Seed003HistoryItemSerializer(many=True), "total": serializers.IntegerField()})})
    def get(self, request):
        qs = selectors.sessions_for(request.user)
        limit = _int_param(request, "limit", 20, 1, 100)
        offset = _int_param(request, "offset", 0, 0, 10**9)
        items = qs[offset:offset + limit]
        return Response({"items": s.Seed003HistoryItemSerializer(items, many=True).data, "total": qs.count()})


def _int_param(request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise serializers.ValidationError({name: "Must be an integer."}) from exc
    return max(lo, min(hi, value))


@extend_schema(tags=["interviews (seed 003)"])
class Seed003FeedbackView(APIView):
    @extend_schema(summary="Generate the overall feedback now (also ends an interview early) (seed 003)",
                   request=None,
                   responses={200: inline_serializer("Seed003FeedbackStarted", {"message": serializers.CharField()})})
    def post(self, request, session_id: int):
        session = _session_or_404(request, session_id)
        answered = services.answered_count(session)
        ended_by = InterviewSession.EndedBy.AUTO if answered >= MAX_TURNS else InterviewSession.EndedBy.MANUAL
        try:
            services.report_request(session=session, ended_by=ended_by)
        except services.NoAnswers as exc:
            raise ApiError(400, exc.code, "Answer at least one question before asking for feedback.") from exc
        return Response({"message": "피드백 생성이 시작되었습니다."})


# ============================================================================ seed 000

def _check_type(value: str) -> str:
    if not isinstance(value, str) or value not in InterviewSession.Type.values:
        raise seed000_error("invalid_interview_type", "interview_type must be personality or technical.")
    return value


def _require(payload, *names: str) -> None:
    """seed 000 reports a missing field as missing_required_field (4003), like /ai/analyze."""
    if not isinstance(payload, dict):
        raise serializers.ValidationError("The body must be a JSON object.")
    for name in names:
        if payload.get(name) in (None, ""):
            raise seed000_error("missing_required_field", f"{name} is required.")


def _labelled_session(request, data: dict) -> InterviewSession:
    session = selectors.session_by_label(request.user, data["session_id"])
    if session is None or (session.room_id and session.room_id != data["room_id"]):
        raise seed000_error("session_not_found", "No interview session with this room_id and session_id.")
    return session


@extend_schema(tags=["interviews (seed 000)"])
class Seed000QuestionView(APIView):
    parser_classes = [BoundedJSONParser]

    @extend_schema(summary="First question or follow-up (seed 000 §4.1)",
                   description="Creates the session on the first call. While the latest question is unanswered "
                               "the same question is returned. After five questions: 400 max_questions_reached 4008.",
                   request=s.Seed000QuestionSerializer,
                   responses={200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[OpenApiExample("question", value={
                       "message": "question_generated", "data": {"success": True, "question_id": "q_003",
                                                                 "question": "결제 시스템 연동 시 가장 어려웠던 부분은 무엇이었나요?",
                                                                 "is_followup": True, "question_number": 3}})]),
                              400: OpenApiResponse(description="invalid_interview_type 4007, max_questions_reached 4008"),
                              404: OpenApiResponse(description="session_not_found 4043: another room's session_id")})
    def post(self, request):
        _require(request.data, "room_id", "session_id", "interview_type")
        form = s.Seed000QuestionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        interview_type = _check_type(data["interview_type"])
        session = selectors.session_by_label(request.user, data["session_id"])
        if session is not None and session.room_id != data["room_id"]:
            raise seed000_error("session_not_found", "This session_id belongs to another room.")
        if session is None:
            language = data.get("language") or detect_language(data["resume_text"] + " " + data["posting_text"], default="ko")
            try:
                session = services.session_start(
                    owner=request.user, source=InterviewSession.Source.ROOM, interview_type=interview_type,
                    language=language, resume_text=data["resume_text"], posting_text=data["posting_text"],
                    room_id=data["room_id"], client_session_id=data["session_id"])
            except IntegrityError:  # the same label created by a concurrent first call
                session = selectors.session_by_label(request.user, data["session_id"])
                if session is None:
                    raise
        try:
            turn = services.turn_next(session=session, speak=False)
        except services.MaxQuestionsReached as exc:
            raise seed000_error("max_questions_reached", "The interview already has five questions.") from exc
        return Response({"message": "question_generated", "data": {
            "success": True, "question_id": s.question_id(turn.order), "question": turn.question,
            "is_followup": turn.is_followup, "question_number": turn.order}})


@extend_schema(tags=["interviews (seed 000)"])
class Seed000SaveView(APIView):
    parser_classes = [BoundedJSONParser]

    @extend_schema(summary="Save one question and its answer (seed 000 §4.2)",
                   description="The answer is evaluated by a Celery job; the fifth answer also starts the report job.",
                   request=s.Seed000SaveSerializer,
                   responses={200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[OpenApiExample("saved", value={
                       "message": "qa_saved", "data": {"success": True, "qa_id": "qa_001", "session_id": "session_abc123",
                                                       "saved_count": 1, "max_questions": 5}})]),
                              404: OpenApiResponse(description="session_not_found 4043")})
    def post(self, request):
        _require(request.data, "room_id", "session_id", "question_number")
        form = s.Seed000SaveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        number = data["question_number"]
        if number > MAX_TURNS:
            raise seed000_error("max_questions_reached", "question_number must be between 1 and 5.")
        if number < 1:
            raise serializers.ValidationError({"question_number": "Must be between 1 and 5."})
        session = _labelled_session(request, data)
        turn = services.turn_client_question(session=session, number=number, question=data["question"],
                                             is_followup=data["is_followup"])
        if turn is None:
            next_number = len(selectors.turns_of(session)) + 1
            raise serializers.ValidationError({"question_number": f"The next question number is {next_number}."})
        try:
            turn = services.turn_answer_text(turn=turn, text=data["answer"], allow_overwrite=True)
        except services.InterviewError as exc:
            raise serializers.ValidationError({"answer": exc.message}) from exc
        services.evaluation_enqueue(turn=turn)
        services.answer_finished(turn=turn)
        return Response({"message": "qa_saved", "data": {
            "success": True, "qa_id": s.qa_id(turn.order), "session_id": session.client_session_id,
            "saved_count": services.answered_count(session), "max_questions": MAX_TURNS}})


REPORT_EXAMPLE = {
    "message": "report_generated",
    "data": {"success": True, "room_id": "room_001", "session_id": "session_abc123",
             "evaluations": [{"qa_id": "qa_001", "question": "React의 Virtual DOM이 뭔가요?",
                              "answer": "실제 DOM과 비교해서...", "score": 80,
                              "good_points": ["Virtual DOM의 기본 개념을 잘 이해하고 있음"],
                              "improvements": ["Reconciliation 알고리즘 설명 추가하면 좋음"]}],
             "report": {"total_score": 78, "grade": "B+", "strength_patterns": ["기술 개념에 대한 이해도가 높음"],
                        "weakness_patterns": ["심화 개념 설명이 부족함"], "learning_guide": ["React 심화 개념 학습"]}},
}


@extend_schema(tags=["interviews (seed 000)"])
class Seed000ReportView(APIView):
    parser_classes = [BoundedJSONParser]
    content_negotiation_class = StreamNegotiation

    @extend_schema(
        summary="Evaluate the saved Q&A and write the report, streamed (seed 000 §4.3, SSE)",
        request=s.Seed000ReportSerializer,
        responses={
            (200, "text/event-stream"): openapi_event_stream(
                "`progress` frames {stage: evaluating|writing_report, progress 0-100} while a Celery job "
                "evaluates the answers and writes the report, then `complete` whose data is exactly the "
                "documented body. A failure after the stream started arrives as a last `error` event in the "
                "seed 000 envelope.",
                [("progress", {"stage": "evaluating", "progress": 40}),
                 ("progress", {"stage": "writing_report", "progress": 80}),
                 ("complete", REPORT_EXAMPLE)]),
            400: OpenApiResponse(description="invalid_interview_type 4007, no_qa_found 4009"),
            404: OpenApiResponse(description="session_not_found 4043"),
        },
    )
    def post(self, request):
        _require(request.data, "room_id", "session_id", "interview_type", "ended_by")
        _check_type(request.data.get("interview_type"))
        form = s.Seed000ReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        session = _labelled_session(request, data)
        try:
            job = services.report_request(session=session, ended_by=data["ended_by"])
        except services.NoAnswers as exc:
            raise seed000_error("no_qa_found", "No saved Q&A for this session.") from exc
        session_pk, job_id = session.pk, job.pk
        answered = services.answered_count(session)

        def produce(stream):
            stream.send("progress", {"stage": "started", "engine": session.engine, "answered": answered,
                                     "progress": 0})
            outcome = follow_job(stream, job_id, timeout=settings.CELERY_TASK_TIME_LIMIT + 30,
                                 progress_data=lambda progress: {
                                     "stage": "evaluating" if progress < 70 else "writing_report",
                                     "progress": progress})
            if outcome != Job.Status.COMPLETED:
                stream.send("error", seed000_body("internal_server_error", 5000))
                return
            fresh = InterviewSession.objects.get(pk=session_pk)
            stream.send("complete", s.report_body(fresh))

        return sse_response(produce, on_error=seed000_stream_error)


