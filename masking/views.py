"""'개인정보 가리기' pages: upload a file, review the boxes found on each page, confirm, download.

The upload goes through the seed 000 API with the session (static/masking/masking.js); the
review page draws the boxes over each page image and sends the kept and drawn boxes back.
"""
from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.views import delete_view, private
from documents import selectors as document_selectors
from masking import selectors, services
from masking.ai import ITEM_TYPES
from masking.errors import MaskingError
from masking.models import MaskedFile

MAX_CONFIRM_BYTES = 512 * 1024


def _type_labels() -> dict[str, str]:
    index = 0 if (get_language() or settings.LANGUAGE_CODE).startswith("ko") else 1
    return {key: labels[index] for key, labels in ITEM_TYPES.items()}


def _get(request, pk: int) -> MaskedFile:
    return selectors.masked_file_for(request.user, pk)


@login_required
@require_GET
def masked_list(request):
    return render(request, "masking/list.html", {
        "masked_files": list(selectors.masked_files_for(request.user)[:100]),
        "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        "has_name": bool((request.user.full_name or "").strip()),
    })


@login_required
@require_GET
def masked_detail(request, pk: int):
    masked = _get(request, pk)
    labels = _type_labels()
    pages = []
    for page in masked.pages or []:
        pages.append({**page, "ratio": round(100 * page["height"] / page["width"], 3) if page["width"] else 100})
    counts: dict[str, int] = {}
    for item in masked.visible_items:
        counts[item["type"]] = counts.get(item["type"], 0) + 1
    hidden = [{"type": labels.get(item["type"], item["type"]), "page": item["page"],
               "preview": _redact(item.get("text", "")), "rule": item["rule"]} for item in masked.hidden_items]
    return render(request, "masking/detail.html", {
        "masked": masked,
        "pages": pages,
        "boxes": services.review_boxes(masked),
        "labels": labels,
        "counts": sorted(((labels.get(key, key), count) for key, count in counts.items()), key=lambda kv: -kv[1]),
        "hidden": hidden,
    })


def _redact(text: str) -> str:
    """Enough of a hidden string to recognise it, not enough to read it: 010-1234-5678 → 01*********78."""
    text = (text or "").strip()
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 4) + text[-2:]


@login_required
@require_GET
def page_image(request, pk: int, number: int):
    masked = _get(request, pk)
    page = next((p for p in masked.pages or [] if p["page"] == number), None)
    if page is None or not default_storage.exists(page["image"]):
        raise Http404
    with default_storage.open(page["image"], "rb") as fh:
        data = fh.read()
    return private(HttpResponse(data, content_type="image/png"))


@login_required
@require_POST
def masked_confirm(request, pk: int):
    masked = _get(request, pk)
    raw = request.POST.get("boxes", "")
    try:
        if len(raw) > MAX_CONFIRM_BYTES or "\x00" in raw:
            raise ValueError(_("The list of boxes is too long."))
        boxes = json.loads(raw or "[]")
        services.masking_confirm(masked=masked, boxes=boxes, mode=request.POST.get("mode") or None)
    except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
        messages.error(request, _("The boxes could not be used: %(error)s") % {"error": exc})
        return redirect("masking:detail", pk=masked.pk)
    messages.success(request, _("The masked file was made from your %(count)d boxes.")
                     % {"count": len(masked.reviewed_boxes or [])})
    return redirect("masking:detail", pk=masked.pk)


@login_required
@require_GET
def masked_download(request, pk: int):
    masked = _get(request, pk)
    if not masked.masked_name or not default_storage.exists(masked.masked_name):
        raise Http404
    extension = masked.masked_name.rsplit(".", 1)[-1]
    stem = (masked.title.rsplit(".", 1)[0] or "document")[:80]
    response = FileResponse(default_storage.open(masked.masked_name, "rb"), as_attachment=True,
                            filename=f"{stem}_masked.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


masked_delete = delete_view(get_object=_get, delete=lambda masked: services.masked_file_delete(masked=masked),
                            message=gettext_lazy("Deleted the file, its pages and its masked copy."),
                            redirect_to="masking:list")


@login_required
@require_GET
def task_redirect(request, task_id: str):
    masked = selectors.masked_file_for_task(request.user, task_id)
    if masked is None:
        raise Http404
    return redirect("masking:detail", pk=masked.pk)


@login_required
@require_POST
def mask_document(request, pk: int):
    """"Mask before sharing" on a document: start masking its stored file, then review it."""
    document = document_selectors.document_for(request.user, pk)
    mode = request.POST.get("mode") if request.POST.get("mode") in services.MODES else "black"
    try:
        job = services.masking_start_from_document(document=document, mode=mode)
    except MaskingError as exc:
        messages.error(request, exc.message)
        return redirect("documents:detail", pk=document.pk)
    return redirect("masking:detail", pk=job.masked_file.pk)
