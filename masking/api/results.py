"""How `GET /ai/task/{task_id}` answers for a completed masking job (seed 000 §7)."""
from __future__ import annotations

from django.urls import reverse

from core.storage import signed_url
from masking.models import MaskedFile
from masking.services import public_item


def masking_result(job, request=None) -> dict:
    masked = MaskedFile.objects.filter(job=job).first()
    stored = job.result or {}
    if masked is None or not masked.masked_name:
        return {"masked_file_url": "", "detected_items": stored.get("detected_items", []),
                "engine": stored.get("engine", ""), "review_url": "", "reviewed": False}
    review = reverse("masking:detail", args=[masked.pk])
    return {
        "masked_file_url": signed_url(masked.masked_name, request=request),
        "detected_items": [public_item(item) for item in masked.items],
        "engine": masked.engine,
        "review_url": request.build_absolute_uri(review) if request is not None else review,
        "reviewed": masked.reviewed_boxes is not None,
    }

