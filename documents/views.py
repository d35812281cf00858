"""'내 문서' pages: upload and follow jobs, search, read pages with their OCR boxes, delete.

Uploads and polling go through the seed 000 API with the session (see static/documents/);
these views render the lists, the search results and the page images.
"""
from __future__ import annotations

import io
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

import ai
from core.errors import seed000_messages
from core.models import Job
from core.storage import signed_url
from core.views import private
from documents import selectors, services
from documents.models import Document, DocumentType
from documents.text import query_terms

PAGE_IMAGE_WIDTH = 1100  # pixels; enough to read the text under the OCR boxes
BROWSER_IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp", "image/bmp"}


@login_required
@require_GET
def document_list(request):
    user = request.user
    doc_type = request.GET.get("type", "")
    if doc_type not in DocumentType.values:
        doc_type = ""
    query = request.GET.get("q", "").strip()[:500]
    passages = selectors.search(user=user, query=query, types=[doc_type] if doc_type else None, k=8) if query else []
    recent = timezone.now() - timedelta(days=1)
    jobs = [job for job in selectors.active_jobs(user, since=timezone.now() - timedelta(days=7))
            if job.status != Job.Status.FAILED or job.created_at >= recent][:20]
    documents = list(selectors.documents_for(user)[:100])
    used = selectors.storage_used(user)
    context = {
        "documents": documents,
        "jobs": jobs,
        "query": query,
        "terms": query_terms(query) or ([query] if query else []),
        "passages": passages,
        "doc_type": doc_type,
        "doc_types": DocumentType.choices,
        "upload_types": [(value, label) for value, label in DocumentType.choices],
        "engine": ai.engine(),
        "used_mb": round(used / (1024 * 1024), 1),
        "quota_mb": round(settings.USER_STORAGE_QUOTA_BYTES / (1024 * 1024)),
        "used_percent": min(100, round(100 * used / max(1, settings.USER_STORAGE_QUOTA_BYTES))),
        "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        "error_messages": seed000_messages(),
    }
    return render(request, "documents/list.html", context)


@login_required
@require_GET
def document_detail(request, pk: int):
    document = selectors.document_for(request.user, pk)
    pages = []
    for page in document.pages or []:
        width, height = page.get("width") or 0, page.get("height") or 0
        boxes = []
        if width and height:
            for word in page.get("words") or []:
                x, y, w, h = (word.get("box") or [0, 0, 0, 0])[:4]
                boxes.append({
                    "text": word.get("text", ""), "confidence": round(100 * float(word.get("confidence") or 0)),
                    "left": round(100 * x / width, 3), "top": round(100 * y / height, 3),
                    "width": round(100 * w / width, 3), "height": round(100 * h / height, 3),
                })
        pages.append({**page, "boxes": boxes, "ratio": round(100 * height / width, 3) if width and height else None})
    return render(request, "documents/detail.html", {
        "document": document, "pages": pages, "has_file": bool(document.file.name),
        "chunk_count": document.chunks.count(), "engine": ai.engine(),
    })


def _render_page_png(document: Document, number: int) -> bytes:
    with default_storage.open(document.file.name, "rb") as fh:
        data = fh.read()
    if document.file_type == "pdf":
        from pdf2image import convert_from_bytes

        images = convert_from_bytes(data, first_page=number, last_page=number, size=(PAGE_IMAGE_WIDTH, None))
        if not images:
            raise Http404
        image = images[0]
    else:
        from PIL import Image, ImageSequence

        source = Image.open(io.BytesIO(data))
        frames = list(ImageSequence.Iterator(source))
        if number > len(frames):
            raise Http404
        image = frames[number - 1].convert("RGB")
        if image.width > PAGE_IMAGE_WIDTH:
            image = image.resize((PAGE_IMAGE_WIDTH, round(image.height * PAGE_IMAGE_WIDTH / image.width)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@login_required
@require_GET
def page_image(request, pk: int, number: int):
    """The picture of one page, for the owner only: PDFs are rendered on demand (and cached),
    browser-readable images are served as they were uploaded through a signed link."""
    document = selectors.document_for(request.user, pk)
    if not document.file.name or number < 1 or number > max(1, document.page_count):
        raise Http404
    if document.file_type == "image" and document.mime_type in BROWSER_IMAGE_TYPES and number == 1:
        return HttpResponseRedirect(signed_url(document.file.name, max_age=300))
    key = f"documents:page:{document.pk}:{document.version}:{number}"
    png = cache.get(key)
    if png is None:
        if not default_storage.exists(document.file.name):
            raise Http404
        png = _render_page_png(document, number)
        cache.set(key, png, 600)
    return private(HttpResponse(png, content_type="image/png"))


@login_required
@require_POST
def document_delete(request, pk: int):
    document = selectors.document_for(request.user, pk)
    name = document.display_name
    services.document_delete(document=document)
    messages.success(request, _("Deleted “%(name)s”, its file and its vectors.") % {"name": name})
    return redirect("documents:list")
