"""Writes for the coding test: sessions, the helper chat's turns, submissions and grading."""
from __future__ import annotations

import logging
import re
import secrets
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from core import leases
from core.broker import own_queue, publish, queue_of, task_named
from core.errors import DomainError
from grading import ai as grading_ai
from grading import judge, selectors
from grading.local import evaluation
from grading.models import (
    Exam,
    ExamParticipant,
    ExamSession,
    Language,
    Problem,
    ProblemSpec,
    PromptMessage,
    Report,
    Submission,
    TestCase,
    TestResult,
    Verdict,
)

logger = logging.getLogger(__name__)

LANGUAGE_ALIASES = [
    (re.compile(r"^(python|py)\s*3?(\.\d+)*$", re.I), Language.PYTHON3),
    (re.compile(r"^(c\+\+|cpp|g\+\+)\s*(1[147]|17|20)?$", re.I), Language.CPP17),
    (re.compile(r"^java\s*(1[17]|17|21)?$", re.I), Language.JAVA17),
]


class GradingError(DomainError):
    """A seed 004 refusal: HTTP status, seed 004 code, message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(code, message, status=status)


def language_from_label(label: str) -> str | None:
    """python3.11 → python3, c++17 / cpp → cpp17, java / java17 → java17."""
    cleaned = label.strip().replace("_", "").replace("-", "")
    for pattern, language in LANGUAGE_ALIASES:
        if pattern.match(cleaned):
            return language
    return None


# ------------------------------------------------------------------ problems and exams
def problem_spec_create(*, problem: Problem, statement: str, statement_en: str = "", constraints: str = "",
                        time_limit_ms: int = 2000, memory_limit_mb: int = 256, languages: list[str] | None = None,
                        checker: str = "", reference_solution: str = "",
                        tests: list[tuple[str, str, bool]]) -> ProblemSpec:
    """A new version of the problem (specs are never edited in place: submissions point at them)."""
    with transaction.atomic():
        Problem.objects.select_for_update().get(pk=problem.pk)
        latest = problem.specs.order_by("-version").first()
        spec = ProblemSpec.objects.create(
            problem=problem, version=(latest.version + 1) if latest else 1, statement=statement,
            statement_en=statement_en, constraints=constraints, time_limit_ms=time_limit_ms,
            memory_limit_mb=memory_limit_mb, languages=languages or [c.value for c in Language], checker=checker,
            reference_solution=reference_solution)
        TestCase.objects.bulk_create([TestCase(spec=spec, ordinal=i, input_data=inp, expected_output=out, is_sample=sample)
                                      for i, (inp, out, sample) in enumerate(tests, start=1)])
    return spec


def session_open(*, user, problem: Problem, exam: Exam | None = None, hours: float = 2.0) -> ExamSession:
    """Enrol `user` (in `exam`, or a new practice exam open for `hours`) and open a session on the
    problem's latest version; an existing session is returned as it is."""
    spec = problem.latest_spec
    if spec is None:
        raise GradingError(400, "INVALID_REQUEST", "The problem has no specification yet.")
    with transaction.atomic():
        if exam is None:
            now = timezone.now()
            exam = Exam.objects.create(title=f"연습 · Practice: {problem.title}", starts_at=now,
                                       ends_at=now + timedelta(hours=hours))
        exam.problems.add(problem)
        participant, _ = ExamParticipant.objects.get_or_create(exam=exam, user=user)
        session, _ = ExamSession.objects.get_or_create(participant=participant, problem=problem,
                                                       defaults={"spec": spec})
    return session


def exam_open(*, title: str, starts_at, ends_at, problems: list[Problem], users: list) -> Exam:
    """An exam with its window; every user gets a participant row and a session per problem
    (on each problem's latest version)."""
    if ends_at <= starts_at:
        raise GradingError(400, "INVALID_REQUEST", "The exam must end after it starts.")
    with transaction.atomic():
        exam = Exam.objects.create(title=title, starts_at=starts_at, ends_at=ends_at)
        exam.problems.set(problems)
        for user in users:
            participant = ExamParticipant.objects.create(exam=exam, user=user)
            for problem in problems:
                spec = problem.latest_spec
                if spec is None:
                    raise GradingError(400, "INVALID_REQUEST", f"{problem.title} has no specification yet.")
                ExamSession.objects.create(participant=participant, problem=problem, spec=spec)
    return exam


# ------------------------------------------------------------------ helper chat
def chat_reply(*, session: ExamSession, turn_id: int, content: str, spec: ProblemSpec,
               code: str = "", language: str = "") -> PromptMessage:
    """The AI message answering the user's turn `turn_id` (stored at turn_id + 1).

    A repeated turn returns the stored answer without counting tokens again; turns are unique
    per session, and the session total is updated under a row lock so it stays exact."""
    existing = session.messages.filter(turn=turn_id + 1, role=PromptMessage.Role.AI).first()
    if existing is not None and session.messages.filter(turn=turn_id, role=PromptMessage.Role.USER).exists():
        return existing
    if session.messages.filter(turn__in=(turn_id, turn_id + 1)).exists():
        raise GradingError(409, "TURN_CONFLICT", f"Turn {turn_id} collides with a turn already in this session.")
    if code:
        ExamSession.objects.filter(pk=session.pk).update(draft_code=code, draft_language=language or session.draft_language)
    history = selectors.history(session)
    inp = grading_ai.HelperInput(
        question=content, title=session.problem.title, statement=spec.statement, constraints=spec.constraints,
        techniques=list(session.problem.techniques), code=code or session.draft_code,
        language=language or session.draft_language or Language.PYTHON3, verdicts=selectors.latest_verdicts(session),
        history=[(m.role, m.content) for m in history],
        hints_given=sum(1 for m in history if m.role == PromptMessage.Role.AI and m.intent in ("hint", "solution_request")))
    answer = grading_ai.helper_reply(inp)  # outside the transaction: may take up to two minutes
    try:
        with transaction.atomic():
            locked = ExamSession.objects.select_for_update().get(pk=session.pk)
            total = locked.total_tokens + answer.total_tokens
            PromptMessage.objects.create(session=locked, turn=turn_id, role=PromptMessage.Role.USER, content=content,
                                         token_count=answer.prompt_tokens, total_after=locked.total_tokens,
                                         intent=answer.intent, engine=answer.engine, tokenizer=answer.tokenizer)
            message = PromptMessage.objects.create(
                session=locked, turn=turn_id + 1, role=PromptMessage.Role.AI, content=answer.text,
                token_count=answer.total_tokens, total_after=total, engine=answer.engine,
                tokenizer=answer.tokenizer, intent=answer.intent)
            locked.total_tokens = total
            locked.save(update_fields=["total_tokens"])
    except IntegrityError:
        # the same turn arrived twice at once: the first one's answer stands
        existing = session.messages.filter(turn=turn_id + 1, role=PromptMessage.Role.AI).first()
        if existing is None:
            raise GradingError(409, "TURN_CONFLICT", f"Turn {turn_id} collides with a turn already in this session.")
        return existing
    return message


# ------------------------------------------------------------------ submissions
def _new_submission_id() -> int:
    return 2**52 + secrets.randbelow(2**52)


class QueueUnavailable(Exception):
    """The broker refused the grading job; the submission is kept in `error` until re-sent."""


def _enqueue(submission: Submission, *, queue: str = "") -> None:
    """Send the grading task to `queue` (the sweep's hand-back: where it was sent first), else to this
    process's queue, and record which (submissions_sweep)."""
    task = task_named("grading.submission_grade")
    queue = queue or queue_of(task)
    Submission.objects.filter(pk=submission.pk).update(queue=queue)
    try:
        publish(task, (submission.pk,), queue=queue)
    except Exception as exc:  # noqa: BLE001 - any broker failure
        logger.exception("could not queue submission %s", submission.submission_id)
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.ERROR, error_message="The grading queue is unavailable; send it again.")
        raise QueueUnavailable(str(exc)) from exc


def submission_create(*, session: ExamSession, spec: ProblemSpec, language: str, language_label: str, code: str,
                      submission_id: int | None = None, is_final: bool = True) -> tuple[Submission, bool]:
    """(submission, created). Re-sending the same submissionId with the same code is idempotent
    (and re-queues one that could not be queued). Raises QueueUnavailable if the broker is down."""
    if submission_id is not None:
        existing = Submission.objects.filter(submission_id=submission_id).first()
        if existing is not None:
            if existing.session_id == session.pk and existing.code == code and existing.language == language:
                if existing.status == Submission.Status.ERROR and not existing.results.exists():
                    submission_regrade(submission=existing)
                return existing, False
            raise GradingError(409, "DUPLICATE_SUBMISSION", f"submissionId {submission_id} is already used.")
    with transaction.atomic():
        submission = Submission.objects.create(
            submission_id=submission_id if submission_id is not None else _new_submission_id(), session=session,
            spec=spec, language=language, language_label=language_label[:30], code=code, is_final=is_final)
        ExamSession.objects.filter(pk=session.pk).update(draft_code=code, draft_language=language)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _enqueue(submission))
    else:
        _enqueue(submission)
    return submission, True


def submission_claim(*, submission_pk: int) -> bool:
    """Pending → running under a lease (core.leases): a run whose worker died (redelivered task, or
    handed back by submissions_sweep) may be claimed again once the lease runs out, up to
    JOB_MAX_ATTEMPTS claims; one still running brings the task back later. A submission whose
    grader died on every attempt ends as a system error instead of looping."""
    claimable = Q(status=Submission.Status.PENDING) | (Q(status=Submission.Status.RUNNING) & leases.expired())
    if Submission.objects.filter(claimable, pk=submission_pk, attempts__lt=settings.JOB_MAX_ATTEMPTS).update(
            status=Submission.Status.RUNNING, started_at=timezone.now(), lease_expires_at=leases.deadline(),
            attempts=F("attempts") + 1) == 1:
        leases.keep(Submission.objects.filter(pk=submission_pk, status=Submission.Status.RUNNING),
                    ("submission", submission_pk))
        return True
    held = Submission.objects.filter(pk=submission_pk, status=Submission.Status.RUNNING).values_list(
        "lease_expires_at", flat=True).first()
    if held is not None and held > timezone.now():
        leases.redeliver_later((held - timezone.now()).total_seconds() + 1)
    else:  # still claimable here only when out of attempts
        Submission.objects.filter(claimable, pk=submission_pk).update(
            status=Submission.Status.ERROR, verdict=Verdict.SE, finished_at=timezone.now(), lease_expires_at=None,
            error_message=f"The grader stopped {settings.JOB_MAX_ATTEMPTS} times on this submission.")
    return False


def submissions_sweep(*, limit: int = 200) -> int:
    """Send the submissions whose grader was lost (running, lease run out) to the queue again, as
    core.services.jobs_sweep does for jobs; it runs with every sweep. Returns how many."""
    lost = Submission.objects.filter(leases.expired(), status=Submission.Status.RUNNING, queue__in=[own_queue(), ""])
    handed = 0
    for submission in lost.order_by("lease_expires_at")[:limit]:
        if Submission.objects.filter(leases.expired(), pk=submission.pk, status=Submission.Status.RUNNING).update(
                status=Submission.Status.PENDING, lease_expires_at=None):
            try:
                _enqueue(submission, queue=submission.queue)
            except QueueUnavailable:
                continue
            handed += 1
    return handed


def submission_regrade(*, submission: Submission) -> None:
    """Grade again from scratch (after a system error, or a corrected test set of the same version)."""
    with transaction.atomic():
        submission.results.all().delete()
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.PENDING, verdict=Verdict.PENDING, passed=0, compile_output="", error_message="",
            started_at=None, finished_at=None, attempts=0)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _enqueue(submission))
    else:
        _enqueue(submission)


def submission_grade(*, submission_pk: int) -> Submission | None:
    """Grade a claimed submission; results are written test by test so pages show them live."""
    if not submission_claim(submission_pk=submission_pk):
        return None
    submission = Submission.objects.select_related("spec", "session__problem").get(pk=submission_pk)
    tests = submission.spec.tests.all()
    if not submission.is_final:
        tests = tests.filter(is_sample=True)
    data = [judge.TestData(t.pk, t.ordinal, t.is_sample, t.input_data, t.expected_output) for t in tests]
    Submission.objects.filter(pk=submission.pk).update(total=len(data))

    def record(outcome: judge.TestOutcome) -> None:
        fields = asdict(outcome)
        TestResult.objects.update_or_create(
            submission=submission, test_id=fields.pop("test_id"), defaults=fields)

    try:
        result = judge.judge(code=submission.code, language=submission.language, tests=data,
                             time_limit_ms=submission.spec.time_limit_ms,
                             memory_limit_mb=submission.spec.memory_limit_mb, checker=submission.spec.checker,
                             on_test=record)
    except Exception as exc:  # noqa: BLE001 - a grader bug is a system error, never the candidate's
        logger.exception("grading submission %s failed", submission.pk)
        result = judge.Judgement(Verdict.SE, error=f"grader error: {exc.__class__.__name__}")
    outcomes = result.tests
    Submission.objects.filter(pk=submission.pk).update(
        status=Submission.Status.ERROR if result.verdict == Verdict.SE else Submission.Status.DONE,
        verdict=result.verdict, compile_output=result.compile_output, error_message=result.error,
        passed=sum(1 for o in outcomes if o.verdict == Verdict.AC), total=len(data),
        max_time_ms=max((o.time_ms for o in outcomes), default=0),
        max_memory_kb=max((o.memory_kb for o in outcomes), default=0), finished_at=timezone.now(),
        lease_expires_at=None)
    leases.release(("submission", submission.pk))
    submission.refresh_from_db()
    if submission.is_final and submission.status == Submission.Status.DONE:
        report_create(submission=submission)
    return submission


def report_create(*, submission: Submission):
    """The report of a graded final submission (replaces an earlier one for the same submission)."""
    messages = list(submission.session.messages.filter(created_at__lte=submission.created_at).order_by("turn"))
    questions = [m.content for m in messages if m.role == PromptMessage.Role.USER]
    answers = [m.content for m in messages if m.role == PromptMessage.Role.AI]
    correctness = round(100 * submission.passed / submission.total, 1) if submission.total else 0.0
    if submission.verdict == Verdict.CE:
        quality, quality_reasons, quality_details = 0.0, ["컴파일되지 않았습니다 · did not compile"], {}
    else:
        quality, quality_reasons, quality_details = evaluation.code_quality(submission.code, submission.language)
    usage_eval = grading_ai.usage_evaluate(grading_ai.UsageInput(questions, answers, submission.code))
    usage, usage_reasons, usage_details = usage_eval.score, usage_eval.reasons, usage_eval.details
    score = evaluation.combined(correctness, quality, usage)
    reasons = [f"정답률 {submission.passed}/{submission.total} ({submission.verdict}) · "
               f"{submission.passed} of {submission.total} tests passed"] + quality_reasons + usage_reasons
    details = {"reasons": reasons, "weights": evaluation.WEIGHTS, "code": quality_details, "ai_usage": usage_details,
               "total_tokens": submission.session.total_tokens,
               "engines": sorted({m.engine for m in messages if m.engine})}
    report, _ = Report.objects.update_or_create(submission=submission, defaults={
        "correctness": correctness, "code_quality": quality, "ai_usage": usage, "score": score, "details": details,
        "engine": usage_eval.engine})
    return report
