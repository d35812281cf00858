"""Seed 004: the coding-test worker's two endpoints, plus a read endpoint for one submission.

Authentication: like every other surface, a JWT bearer token, an `X-API-Key` or the browser
session (the seed's backend calls with its user's token or key). Sessions and participants
belong to users: another user's ids answer exactly like missing ones (404 in the seed's format).
"""
from __future__ import annotations

import logging

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ai.errors import LLMError
from core.errors import ApiError
from grading import selectors, services
from grading.api import serializers as s
from grading.models import ProblemSpec

logger = logging.getLogger(__name__)

def _spec(problem_id: int, version: int) -> ProblemSpec:
    spec = ProblemSpec.objects.filter(problem_id=problem_id, version=version).first()
    if spec is None:
        raise ApiError(400, "INVALID_REQUEST", f"specVersion {version} does not exist for problem {problem_id}.")
    return spec


class Seed004View(APIView):
    """Seed 004's views (errors in its format: grading.urls mounts them as that surface)."""


AUTH_NOTE = ("Authentication: `Authorization: Bearer <JWT>` (from /api/auth/login or /token), `X-API-Key`, or the "
             "browser session. Sessions belong to the participant's user; another user's ids answer 404.")


@extend_schema(tags=["coding test (seed 004)"])
class ChatMessageView(Seed004View):
    @extend_schema(
        summary="Send a candidate's message and get the helper's answer (seed 004 §1)",
        description="`turnId` is the user's turn; the answer is stored at `turnId + 1`. Repeating a turnId "
                    "returns the stored answer and counts no tokens. `tokenCount` is the tokens used for this "
                    "answer (openai: the server's prompt+completion usage; local: question + answer counted "
                    "with tiktoken cl100k_base), `totalToken` the session's running total. Optional "
                    "`context.code`/`context.language` send the current editor content. Headers `X-AI-Engine` and "
                    "`X-Token-Counter` say which engine answered and how tokens were counted. " + AUTH_NOTE,
        request=s.ChatMessageSerializer,
        responses={200: s.ChatResponseSerializer,
                   404: OpenApiResponse(description="SESSION_NOT_FOUND"),
                   409: OpenApiResponse(description="TURN_CONFLICT or EXAM_NOT_OPEN"),
                   500: OpenApiResponse(description="LANGGRAPH_ERROR (engine failure)"),
                   504: OpenApiResponse(description="TIMEOUT after two minutes")},
        examples=[OpenApiExample("request", request_only=True, value={
            "sessionId": 1, "examParticipantId": 9001, "turnId": 1, "role": "USER",
            "content": "이 문제를 DP로 푸는 힌트를 줘", "context": {"problemId": 1, "specVersion": 1}})])
    def post(self, request):
        form = s.ChatMessageSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        session = selectors.session_for(request.user, data["sessionId"], participant_id=data["examParticipantId"])
        if session is None or session.problem_id != data["context"]["problemId"]:
            raise ApiError(404, "SESSION_NOT_FOUND", f"세션을 찾을 수 없습니다. (session_id: {data['sessionId']})")
        if not session.participant.exam.is_open():
            raise ApiError(409, "EXAM_NOT_OPEN", "시험 시간이 아닙니다. The exam is not open.")
        spec = _spec(session.problem_id, data["context"]["specVersion"])
        language = services.language_from_label(data["context"].get("language") or "") or ""
        try:
            message = services.chat_reply(session=session, turn_id=data["turnId"], content=data["content"], spec=spec,
                                          code=data["context"].get("code", ""), language=language)
        except LLMError as exc:
            if exc.code.endswith("TIMEOUT"):
                raise ApiError(504, "TIMEOUT", "요청 처리 시간이 초과되었습니다. (2분 타임아웃) - LLM API 응답 지연 또는 "
                                               "Quota 제한 가능") from exc
            logger.warning("helper engine failed: %s %s", exc.code, exc.message)
            raise ApiError(500, "LANGGRAPH_ERROR", "LangGraph 실행 중 오류가 발생했습니다.") from exc
        response = Response({"aiMessage": {"session_id": session.pk, "turn": message.turn, "role": "AI",
                                           "content": message.content, "tokenCount": message.token_count,
                                           "totalToken": message.total_after}})
        # the body is exactly the seed's; which engine answered and how tokens were counted go in headers
        response["X-AI-Engine"] = message.engine
        response["X-Token-Counter"] = message.tokenizer
        return response


@extend_schema(tags=["coding test (seed 004)"])
class SubmitView(Seed004View):
    @extend_schema(
        summary="Submit final code; grading continues in the background (seed 004 §2)",
        description="Answers at once with `status: successed` (queued) or, if the job could not be queued, "
                    "HTTP 500 with `status: failed`. Languages: python3(.x), cpp/c++17, java/java17. Re-sending "
                    "the same submissionId with the same code is idempotent. Read the verdicts at "
                    "`GET /api/session/submissions/{submissionId}`. " + AUTH_NOTE,
        request=s.SubmitSerializer,
        responses={200: s.SubmitResponseSerializer, 500: s.SubmitResponseSerializer,
                   404: OpenApiResponse(description="EXAM_PARTICIPANT_NOT_FOUND or SESSION_NOT_FOUND"),
                   400: OpenApiResponse(description="INVALID_REQUEST or UNSUPPORTED_LANGUAGE"),
                   409: OpenApiResponse(description="DUPLICATE_SUBMISSION or EXAM_NOT_OPEN")})
    def post(self, request):
        form = s.SubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        participant = selectors.participant_for(request.user, data["examParticipantId"])
        if participant is None:
            raise ApiError(404, "EXAM_PARTICIPANT_NOT_FOUND",
                           f"시험 참가자 정보를 찾을 수 없습니다. (examParticipantId: {data['examParticipantId']})")
        session = participant.sessions.select_related("problem").filter(problem_id=data["problemId"]).first()
        if session is None or session.status != session.Status.ACTIVE:
            raise ApiError(404, "SESSION_NOT_FOUND", f"진행 중인 세션을 찾을 수 없습니다. "
                                                     f"(exam_id: {participant.exam_id}, participant_id: {participant.pk})")
        if not participant.exam.is_open():
            raise ApiError(409, "EXAM_NOT_OPEN", "시험 시간이 아닙니다. The exam is not open.")
        spec = _spec(data["problemId"], data["specVersion"])
        language = services.language_from_label(data["language"])
        if language is None or language not in spec.languages:
            raise ApiError(400, "UNSUPPORTED_LANGUAGE", f"Language {data['language']!r} is not allowed for this problem "
                                                        f"(allowed: {', '.join(spec.languages)}).")
        try:
            services.submission_create(session=session, spec=spec, language=language, language_label=data["language"],
                                       code=data["finalCode"], submission_id=data["submissionId"])
        except services.QueueUnavailable:  # the seed's 500 body; sending it again re-queues it
            return Response({"submissionId": data["submissionId"], "status": "failed"}, status=500)
        return Response({"submissionId": data["submissionId"], "status": "successed"})


@extend_schema(tags=["coding test (seed 004)"])
class SubmissionDetailView(Seed004View):
    @extend_schema(
        summary="A submission's status and per-test verdicts (same error format as seed 004)",
        description="`status`: pending, running, done or error (system error, re-grade). Verdicts: AC, WA, TLE, "
                    "MLE, RE, CE, SE. Time is CPU milliseconds, memory the cgroup's peak in KiB. Hidden tests show "
                    "no data. `report` appears for staff, and for the candidate once the exam has closed. " + AUTH_NOTE,
        responses={200: s.SubmissionDetailSerializer,
                   404: OpenApiResponse(description="SUBMISSION_NOT_FOUND")})
    def get(self, request, submission_id: int):
        submission = selectors.submission_for(request.user, submission_id)
        if submission is None:
            raise ApiError(404, "SUBMISSION_NOT_FOUND", f"제출을 찾을 수 없습니다. (submissionId: {submission_id})")
        visible = selectors.report_visible(request.user, submission)
        return Response(s.SubmissionDetailSerializer(submission, context={"report_visible": visible}).data)
