"""Celery tasks: each takes a job id, claims the job, calls one service and records the outcome.

The task names are the ones seed 002 documents (`tasks.question_generator.generate_questions`,
`tasks.evaluator.analyze_answer`), so a worker fleet written against that document routes them.
"""
from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from core import services as jobs
from core.models import Job
from interviews import services
from interviews.models import InterviewSession

logger = logging.getLogger(__name__)


def _params(job_id: str) -> dict:
    return Job.objects.filter(pk=job_id).values_list("params", flat=True).first() or {}


@shared_task(name="tasks.question_generator.generate_questions", soft_time_limit=30, time_limit=40)
def generate_questions(job_id: str) -> dict:
    """Seed 002: write a session's five questions (the web request waits up to 30 s for this)."""
    if not jobs.job_claim(job_id=job_id):
        return {"skipped": True, "job_id": job_id}
    try:
        session = InterviewSession.objects.get(pk=_params(job_id)["session_id"])
        turns = services.questions_plan(session=session)
    except SoftTimeLimitExceeded:
        jobs.job_fail(job_id=job_id, error_code="timeout", error_message="question generation took over 30 s")
        return {"skipped": False, "job_id": job_id, "failed": True}
    except Exception as exc:  # noqa: BLE001 - recorded; the waiting request falls back to fixed questions
        logger.exception("question generation failed")
        jobs.job_fail(job_id=job_id, error_code=getattr(exc, "code", "error"), error_message=str(exc))
        return {"skipped": False, "job_id": job_id, "failed": True}
    jobs.job_complete(job_id=job_id, result={"session_id": session.pk, "questions": len(turns),
                                             "engine": turns[0].question_engine if turns else ""})
    return {"skipped": False, "job_id": job_id}


@shared_task(name="tasks.evaluator.analyze_answer", soft_time_limit=120, time_limit=150)
def analyze_answer(job_id: str) -> dict:
    """Evaluate one answer (seed 002 /answers, seed 000 /ai/interview/save)."""
    if not jobs.job_claim(job_id=job_id):
        return {"skipped": True, "job_id": job_id}
    job = Job.objects.get(pk=job_id)
    turn_id = job.params.get("turn_id")
    try:
        turn = services.evaluation_run(turn_id=turn_id, resume=job.attempts > 1)
    except Exception as exc:  # noqa: BLE001 - recorded on the job; the report evaluates it again
        logger.exception("answer evaluation failed")
        jobs.job_fail(job_id=job_id, error_code=getattr(exc, "code", "error"), error_message=str(exc))
        return {"skipped": False, "job_id": job_id, "failed": True}
    jobs.job_complete(job_id=job_id, result={"turn_id": turn_id, "evaluated": turn is not None,
                                             "score": (turn.evaluation or {}).get("score") if turn else None})
    return {"skipped": False, "job_id": job_id}


@shared_task(name="interviews.generate_report", soft_time_limit=300, time_limit=330)
def generate_report(job_id: str) -> dict:
    """The final report, when the fifth answer arrives or the user ends the interview."""
    if not jobs.job_claim(job_id=job_id):
        return {"skipped": True, "job_id": job_id}
    session_id = _params(job_id).get("session_id")
    try:
        session = services.report_build(session_id=session_id, job_id=job_id)
    except Exception as exc:  # noqa: BLE001 - recorded; the stream and pages show the failure
        logger.exception("report generation failed")
        services.report_failed(session_id=session_id, job_id=job_id)
        jobs.job_fail(job_id=job_id, error_code=getattr(exc, "code", "error"), error_message=str(exc))
        return {"skipped": False, "job_id": job_id, "failed": True}
    jobs.job_complete(job_id=job_id, result={"session_id": session.pk, "total_score": session.total_score,
                                             "grade": session.grade})
    return {"skipped": False, "job_id": job_id}
