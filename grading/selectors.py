"""Reads for the coding test; every lookup is narrowed to the requesting user."""
from __future__ import annotations

from grading.models import ExamParticipant, ExamSession, Problem, PromptMessage, Submission


def participant_for(user, participant_id: int) -> ExamParticipant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ExamParticipant.objects.select_related("exam").filter(pk=participant_id, user=user).first()


def session_for(user, session_id: int, *, participant_id: int | None = None) -> ExamSession | None:
    if not getattr(user, "is_authenticated", False):
        return None
    qs = ExamSession.objects.select_related("participant__exam", "problem", "spec").filter(
        pk=session_id, participant__user=user)
    if participant_id is not None:
        qs = qs.filter(participant_id=participant_id)
    return qs.first()


def submission_for(user, submission_id: int) -> Submission | None:
    if not getattr(user, "is_authenticated", False):
        return None
    qs = Submission.objects.select_related("session__participant__exam", "spec__problem")
    if not user.is_staff:
        qs = qs.filter(session__participant__user=user)
    return qs.filter(submission_id=submission_id).first()


def latest_verdicts(session: ExamSession) -> list[dict]:
    """Per-test verdicts of the session's latest graded submission; inputs only for samples."""
    submission = session.submissions.filter(status=Submission.Status.DONE).order_by("-finished_at").first()
    if submission is None:
        return []
    return [{"ordinal": r.ordinal, "verdict": r.verdict, "sample": r.is_sample, "message": r.message,
             "input": r.test.input_data if r.is_sample else None}
            for r in submission.results.select_related("test")]


def history(session: ExamSession) -> list[PromptMessage]:
    return list(session.messages.order_by("turn"))


def report_visible(user, submission: Submission) -> bool:
    """Staff always; the candidate once the exam has closed."""
    if user.is_staff:
        return True
    return submission.session.participant.user_id == user.pk and submission.session.participant.exam.is_closed()


def problems_listed():
    return Problem.objects.prefetch_related("specs").order_by("difficulty", "id")
