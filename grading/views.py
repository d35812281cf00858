"""Pages: the problem list, the exam room (editor, helper chat, run on samples, submit with
live verdicts), the report, and the staff problem editor and reports."""
from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.selectors import owned_or_404
from grading import markdown, selectors, services
from grading.forms import ExamForm, ProblemSpecForm
from grading.models import Exam, ExamSession, Language, Problem, Submission


@login_required
def problem_list(request):
    if request.method == "POST":
        problem = get_object_or_404(Problem, pk=request.POST.get("problem") if str(request.POST.get("problem", "")).isdigit() else 0)
        try:
            session = services.session_open(user=request.user, problem=problem)
        except services.GradingError as exc:
            messages.error(request, exc.message)
            return redirect("grading:list")
        return redirect("grading:room", pk=session.pk)
    sessions = (ExamSession.objects.filter(participant__user=request.user)
                .select_related("problem", "spec", "participant__exam").prefetch_related("submissions"))
    return render(request, "grading/list.html", {"problems": selectors.problems_listed(), "sessions": sessions})


def _session(request, pk) -> ExamSession:
    return owned_or_404(ExamSession.objects.select_related("problem", "spec", "participant__exam"), request.user,
                        owner_field="participant__user", pk=pk)


@login_required
def room(request, pk: int):
    session = _session(request, pk)
    spec = session.spec
    submissions = session.submissions.filter(is_final=True).order_by("-created_at")[:10]
    return render(request, "grading/room.html", {
        "session": session, "problem": session.problem, "spec": spec, "exam": session.participant.exam,
        "statement": markdown.render(spec.statement), "statement_en": markdown.render(spec.statement_en),
        "samples": spec.tests.filter(is_sample=True), "history": selectors.history(session),
        "languages": [(value, label) for value, label in Language.choices if value in spec.languages],
        "submissions": submissions, "starter_code": session.draft_code,
        "draft_language": session.draft_language or Language.PYTHON3,
    })


@login_required
@require_POST
def run_samples(request, pk: int):
    """Grade the editor's code on the sample tests only (not a submission, no report)."""
    session = _session(request, pk)
    try:
        body = json.loads(request.body or b"{}")
        code, language = str(body.get("code", "")), str(body.get("language", ""))
    except (ValueError, AttributeError):
        return HttpResponseBadRequest("invalid JSON")
    language = services.language_from_label(language)
    if not code.strip() or "\x00" in code or len(code) > 100_000 or language not in session.spec.languages:
        return JsonResponse({"error": _("Write some code and choose an allowed language.")}, status=400)
    if not session.participant.exam.is_open():
        return JsonResponse({"error": _("The exam is not open.")}, status=409)
    try:
        submission, _created = services.submission_create(session=session, spec=session.spec, language=language,
                                                          language_label=language, code=code, is_final=False)
    except services.QueueUnavailable:
        return JsonResponse({"error": _("Grading is unavailable right now. Try again shortly.")}, status=503)
    return JsonResponse({"submissionId": submission.submission_id})


@login_required
def report(request, submission_id: int):
    submission = selectors.submission_for(request.user, submission_id)
    if submission is None or not submission.is_final:
        raise Http404
    visible = selectors.report_visible(request.user, submission)
    return render(request, "grading/report.html", {
        "submission": submission, "session": submission.session, "results": submission.results.all(),
        "report": getattr(submission, "report", None) if visible else None, "visible": visible,
        "exam": submission.session.participant.exam,
        "messages_log": selectors.history(submission.session) if visible else [],
    })


@staff_member_required
def staff_home(request):
    if request.method == "POST":
        exam_form = ExamForm(request.POST)
        if exam_form.is_valid():
            data = exam_form.cleaned_data
            exam = services.exam_open(title=data["title"], starts_at=data["starts_at"], ends_at=data["ends_at"],
                                      problems=list(data["problems"]), users=data["participants"])
            messages.success(request, _("Exam opened for %(n)d participant(s).") % {"n": len(data["participants"])})
            return redirect(f"{request.path}#exam-{exam.pk}")
    else:
        exam_form = ExamForm()
    exams = Exam.objects.prefetch_related("problems", "participants__user", "participants__sessions__submissions")[:20]
    submissions = (Submission.objects.filter(is_final=True).select_related("session__participant__user", "spec__problem",
                                                                           "report").order_by("-created_at")[:50])
    return render(request, "grading/staff.html", {"problems": selectors.problems_listed(), "submissions": submissions,
                                                  "exams": exams, "exam_form": exam_form})


@staff_member_required
def staff_problem_edit(request, pk: int | None = None):
    problem = get_object_or_404(Problem, pk=pk) if pk else None
    spec = problem.latest_spec if problem else None
    if request.method == "POST":
        form = ProblemSpecForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                if problem is None:
                    if Problem.objects.filter(slug=data["slug"]).exists():
                        form.add_error("slug", _("This slug is taken."))
                        return render(request, "grading/staff_problem.html", {"form": form, "problem": problem})
                    problem = Problem.objects.create(slug=data["slug"], title=data["title"], created_by=request.user)
                problem.title, problem.title_en, problem.techniques = data["title"], data["title_en"], data["technique_list"]
                problem.save()
                spec = services.problem_spec_create(
                    problem=problem, statement=data["statement"], statement_en=data["statement_en"],
                    constraints=data["constraints"], time_limit_ms=data["time_limit_ms"],
                    memory_limit_mb=data["memory_limit_mb"], languages=data["languages"], checker=data["checker"],
                    reference_solution=data["reference_solution"], tests=data["parsed_tests"])
            messages.success(request, _("Saved version %(v)s.") % {"v": spec.version})
            return redirect("grading:staff")
    else:
        initial = {}
        if problem and spec:
            tests = "\n===\n".join(f"{t.input_data.rstrip()}\n---\n{t.expected_output.rstrip()}" for t in spec.tests.all())
            initial = {"title": problem.title, "title_en": problem.title_en, "slug": problem.slug,
                       "techniques": ", ".join(problem.techniques), "statement": spec.statement,
                       "statement_en": spec.statement_en, "constraints": spec.constraints,
                       "time_limit_ms": spec.time_limit_ms, "memory_limit_mb": spec.memory_limit_mb,
                       "languages": spec.languages, "tests": tests, "samples": spec.tests.filter(is_sample=True).count(),
                       "checker": spec.checker, "reference_solution": spec.reference_solution}
        form = ProblemSpecForm(initial=initial)
    return render(request, "grading/staff_problem.html", {"form": form, "problem": problem, "spec": spec})
