"""Server-rendered pages: the postings list (paste or upload) and a posting's analysis + match view."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.selectors import owned_or_404
from core.views import delete_view
from postings import selectors, services
from postings.forms import PostingForm
from postings.models import JobPosting

# what people read for each code services raise (the API answers with the English message)
ERROR_MESSAGES = {
    "empty_text": gettext_lazy("The posting text is empty."),
    "text_too_long": gettext_lazy("The posting text is too long."),
    "ai_service_unavailable": gettext_lazy("The AI service is temporarily unavailable. Try again shortly."),
    "ocr_no_text": gettext_lazy("No text could be read from the file."),
    "invalid_file_type": gettext_lazy("Only PDF and image files can be uploaded."),
    "empty_file": gettext_lazy("The file is empty."),
    "broken_file": gettext_lazy("The file is damaged and cannot be read."),
    "encrypted_file": gettext_lazy("Password-protected PDFs cannot be read."),
    "file_too_large": gettext_lazy("The file is too large."),
    "too_many_pages": gettext_lazy("The file has too many pages."),
    "image_too_large": gettext_lazy("The image is too large."),
    "quota_exceeded": gettext_lazy("Your storage quota is full; delete some documents first."),
}


def error_message(exc: services.PostingError) -> str:
    return str(ERROR_MESSAGES.get(exc.code, exc.message))


def _own_posting(request, pk: int) -> JobPosting:
    return owned_or_404(selectors.postings_for(request.user).select_related("document"), request.user,
                        pk=pk)


@login_required
def posting_list(request):
    form = PostingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            posting = services.posting_create(
                owner=request.user, text=form.cleaned_data["text"], data=upload.read() if upload else None,
                file_name=upload.name if upload else "", title=form.cleaned_data.get("title", ""),
            )
        except services.PostingError as exc:
            form.add_error(None, error_message(exc))
        else:
            messages.success(request, _("The posting was analysed."))
            return redirect("postings:detail", pk=posting.pk)
    page = Paginator(selectors.postings_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "postings/list.html", {"form": form, "page": page, "postings": page.object_list},
                  status=400 if request.method == "POST" else 200)


@login_required
def posting_detail(request, pk: int):
    posting = _own_posting(request, pk)
    analysis = posting.ai_analysis or {}
    resumes = selectors.resumes_for(request.user)
    return render(request, "postings/detail.html", {
        "posting": posting,
        "analysis": analysis,
        "sections": analysis.get("sections") or [],
        "resumes": resumes,
        "resume_texts": {str(doc.pk): doc.text for doc in resumes},
        "matches": selectors.matches_for(request.user, posting=posting, limit=5),
        "cover_letters": _letters_for(request.user, posting),
    })


def _letters_for(user, posting):
    from coverletters.selectors import letters_for

    return list(letters_for(user).filter(job_posting=posting)[:5])


posting_delete = delete_view(get_object=_own_posting, delete=lambda posting: services.posting_delete(posting=posting),
                             message=gettext_lazy("The posting was deleted."), redirect_to="postings:list")


@login_required
@require_POST
def posting_reanalyze(request, pk: int):
    posting = _own_posting(request, pk)
    try:
        services.posting_reanalyze(posting=posting)
    except services.PostingError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("The posting was analysed again."))
    return redirect("postings:detail", pk=posting.pk)
