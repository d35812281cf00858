"""Pages: the start page with history, the interview room, and the result page with replay."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import ai
from interviews import selectors, services
from interviews.forms import StartForm
from interviews.local import bank
from interviews.models import MAX_TURNS, InterviewSession


def _own(request, pk: int) -> InterviewSession:
    try:
        return selectors.session_for(request.user, pk)
    except InterviewSession.DoesNotExist:
        raise Http404 from None


@login_required
def interview_list(request):
    form = StartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter, posting = data["cover_letter"], data["posting"]
        session = services.session_start(
            owner=request.user, source=InterviewSession.Source.WEB, interview_type=data["interview_type"],
            language=data["language"], posting=posting or (letter.job_posting if letter else None),
            cover_letter=letter, resume=data["resume"], position=data["position"].strip())
        services.turn_next(session=session, speak=True)
        return redirect("interviews:room", pk=session.pk)
    page = Paginator(selectors.sessions_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "interviews/list.html", {"form": form, "page": page, "sessions": page.object_list,
                                                    "max_turns": MAX_TURNS},
                  status=400 if request.method == "POST" else 200)


@login_required
def interview_room(request, pk: int):
    session = _own(request, pk)
    turns = selectors.turns_of(session)
    current = turns[-1] if turns and not turns[-1].answered_at else None
    if current is None:
        return redirect("interviews:result", pk=session.pk)
    return render(request, "interviews/room.html", {
        "session": session, "turns": turns, "current": current, "max_turns": MAX_TURNS,
        "answered": [t for t in turns if t.answered_at],
        "question_audio_url": selectors.audio_url(current.question_audio),
    })


def _chart(turns) -> list[dict]:
    """Bars for an inline SVG: one per answered question, height proportional to the score."""
    bars = []
    answered = [t for t in turns if t.answered_at]
    width = 100 / max(1, len(answered))
    for index, turn in enumerate(answered):
        score = turn.score if turn.score is not None else 0
        bars.append({"order": turn.order, "score": score, "x": round(index * width + width * 0.2, 2),
                     "width": round(width * 0.6, 2), "height": round(score * 0.8, 2), "y": round(90 - score * 0.8, 2),
                     "label_x": round(index * width + width / 2, 2),
                     "tone": "ok" if score >= 75 else ("warn" if score >= 55 else "bad")})
    return bars


@login_required
def interview_result(request, pk: int):
    session = _own(request, pk)
    turns = selectors.turns_of(session)
    lang = session.language
    rows = []
    for turn in turns:
        rows.append({
            "turn": turn,
            "question_audio_url": selectors.audio_url(turn.question_audio),
            "answer_audio_url": selectors.audio_url(turn.answer_audio),
            "evaluation": turn.evaluation or {},
            "delivery": turn.delivery or {},
            "emotion": turn.emotion or {},
            "competency": bank.competency_label(turn.competency, lang) if turn.competency else "",
        })
    report = session.report or {}
    return render(request, "interviews/result.html", {
        "session": session, "rows": rows, "report": report, "bars": _chart(turns),
        "answered": sum(1 for t in turns if t.answered_at), "max_turns": MAX_TURNS,
        "open_turn": turns[-1] if turns and not turns[-1].answered_at else None,
        "pending": session.report_status == InterviewSession.ReportStatus.PENDING,
        "delivery_summary": report.get("delivery_summary") or {},
        "current_engine": ai.engine(),
    })


@login_required
@require_POST
def interview_end(request, pk: int):
    session = _own(request, pk)
    answered = services.answered_count(session)
    try:
        services.report_request(session=session, ended_by="auto" if answered >= MAX_TURNS else "manual")
    except services.NoAnswers:
        messages.error(request, _("Answer at least one question before ending the interview."))
        return redirect("interviews:room", pk=session.pk)
    return redirect("interviews:result", pk=session.pk)


@login_required
@require_POST
def interview_delete(request, pk: int):
    session = _own(request, pk)
    services.session_delete(session=session)
    messages.success(request, _("The interview was deleted."))
    return redirect("interviews:list")
