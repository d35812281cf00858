"""Server-rendered pages: cover-letter list, and the editor beside its feedback with version history."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.selectors import owned_or_404
from core.views import delete_view
from coverletters import selectors, services
from coverletters.forms import LetterForm
from coverletters.models import CoverLetter
from postings.selectors import postings_for

ERROR_MESSAGES = {
    "empty_content": gettext_lazy("The cover letter is empty."),
    "content_too_long": gettext_lazy("The cover letter is too long."),
    "ai_service_unavailable": gettext_lazy("The AI service is temporarily unavailable. Try again shortly."),
    "not_found": gettext_lazy("That posting or version was not found."),
}
SEVERITY_LABELS = {"high": gettext_lazy("Must fix"), "medium": gettext_lazy("Improve"),
                   "low": gettext_lazy("Consider"), "good": gettext_lazy("Good")}
SCORE_LABELS = [("coverage", gettext_lazy("Posting keywords")), ("evidence", gettext_lazy("Evidence")),
                ("structure", gettext_lazy("Structure")), ("originality", gettext_lazy("Originality")),
                ("compliance", gettext_lazy("Blind-hiring safety")), ("length", gettext_lazy("Length"))]


def _error(exc: services.LetterError) -> str:
    return str(ERROR_MESSAGES.get(exc.code, exc.message))


def _own_letter(request, pk: int) -> CoverLetter:
    return owned_or_404(selectors.letters_for(request.user), request.user, pk=pk)


def _own_posting(request, pk):
    if not pk:
        return None
    posting = postings_for(request.user).filter(pk=pk).first()
    if posting is None:
        raise Http404
    return posting


@login_required
def letter_list(request):
    postings = list(postings_for(request.user)[:100])
    initial = {}
    if request.GET.get("posting", "").isdigit():
        initial["job_posting"] = int(request.GET["posting"])
    form = LetterForm(request.POST or None, postings=postings, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_create(owner=request.user, content=form.cleaned_data["content"],
                                            job_posting=_own_posting(request, form.cleaned_data.get("job_posting")),
                                            title=form.cleaned_data.get("title", ""))
        except services.LetterError as exc:
            form.add_error(None, _error(exc))
        else:
            messages.success(request, _("Feedback is ready."))
            return redirect("coverletters:detail", pk=letter.pk)
    page = Paginator(selectors.letters_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "coverletters/list.html", {"form": form, "page": page, "letters": page.object_list,
                                                      "has_postings": bool(postings)},
                  status=400 if request.method == "POST" else 200)


@login_required
def letter_detail(request, pk: int):
    letter = _own_letter(request, pk)
    postings = list(postings_for(request.user)[:100])
    form = LetterForm(request.POST or None, postings=postings,
                      initial={"content": letter.content, "title": letter.title, "job_posting": letter.job_posting_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_update(letter=letter, content=form.cleaned_data["content"],
                                   job_posting=_own_posting(request, form.cleaned_data.get("job_posting")),
                                   title=form.cleaned_data.get("title") or "")
        except services.LetterError as exc:
            form.add_error(None, _error(exc))
        else:
            messages.success(request, _("Saved as version %(number)s with new feedback.") % {"number": letter.version})
            return redirect("coverletters:detail", pk=letter.pk)
    feedback = letter.feedback or {}
    items = feedback.get("items") or []
    scores = feedback.get("scores") or {}
    return render(request, "coverletters/detail.html", {
        "letter": letter,
        "form": form,
        "feedback": feedback,
        "items": [{**item, "index": index, "severity_label": SEVERITY_LABELS.get(item.get("severity"), "")}
                  for index, item in enumerate(items)],
        "segments": highlight_segments(letter.content, items),
        "scores": [{"key": key, "label": label, "value": scores.get(key)} for key, label in SCORE_LABELS
                   if scores.get(key) is not None],
        "overall": scores.get("overall"),
        "feedback_lead": (letter.ai_feedback or "").strip().split("\n", 1)[0],
        "keywords": feedback.get("keywords") or {},
        "expected_questions": feedback.get("expected_questions") or [],
        "versions": list(letter.versions.all()),
    }, status=400 if request.method == "POST" else 200)


def highlight_segments(content: str, items: list[dict]) -> list[dict]:
    """The letter cut into plain and highlighted pieces, one highlight per quoted sentence."""
    spans = []
    for index, item in enumerate(items):
        quote = item.get("quote") or ""
        if not quote:
            continue
        start = item.get("start")
        if not isinstance(start, int) or content[start:start + len(quote)] != quote:
            start = content.find(quote)
        if start < 0:
            continue
        spans.append((start, start + len(quote), index, item.get("severity", "low"), item.get("type", "")))
    spans.sort(key=lambda span: (span[0], -(span[1] - span[0])))
    segments, cursor = [], 0
    for start, end, index, severity, kind in spans:
        if start < cursor:
            # the sentence is already highlighted for another remark: link this one to it too
            if segments and segments[-1].get("mark"):
                segments[-1]["also"].append(index)
            continue
        if start > cursor:
            segments.append({"text": content[cursor:start], "mark": False})
        segments.append({"text": content[start:end], "mark": True, "index": index, "severity": severity,
                         "type": kind, "also": []})
        cursor = end
    if cursor < len(content):
        segments.append({"text": content[cursor:], "mark": False})
    return segments


letter_delete = delete_view(get_object=_own_letter, delete=lambda letter: services.letter_delete(letter=letter),
                            message=gettext_lazy("The cover letter was deleted."), redirect_to="coverletters:list")


@login_required
@require_POST
def letter_restore(request, pk: int, number: int):
    letter = _own_letter(request, pk)
    try:
        services.letter_restore(letter=letter, number=number)
    except services.LetterError as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(request, _("Version %(number)s was restored as the current text.") % {"number": number})
    return redirect("coverletters:detail", pk=letter.pk)
