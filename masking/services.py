"""Writes for masking: start a masking job, run it, confirm reviewed boxes, delete.

A masking job keeps three kinds of private files in its own storage folder: the original
(never changed, never served to anyone but its owner's review page), one PNG per page (what
the boxes are drawn on), and the masked file. Bad input is refused before anything is stored;
a job that fails later removes whatever it had stored and records its seed 000 code.
"""
from __future__ import annotations

import logging
import math
import secrets
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core import services as core_services
from core import uploads, urlguard
from core.broker import task_named
from core.errors import job_failure
from core.models import Job
from masking import ai as masking_ai
from masking import pages as page_reader
from masking import render
from masking.errors import MaskingError, from_upload_error
from masking.models import MaskedFile

logger = logging.getLogger(__name__)

JOB_KIND = "masking.draft"
FILE_TYPES = ("image", "pdf")
MODES = tuple(MaskedFile.Mode.values)
MAX_REVIEWED_BOXES = 1000


def public_item(item: dict) -> dict:
    """One detected item as the API shows it (seed 000 §7 `type` + `location`, then our extras)."""
    x, y, w, h = item["box"]
    return {"type": item["type"], "location": {"x": x, "y": y, "width": w, "height": h}, "page": item["page"],
            "confidence": item["confidence"], "rule": item["rule"], "visible": item.get("visible", True)}


# --- start ----------------------------------------------------------------------------------------
def _validated(owner, data: bytes, file_type: str) -> uploads.UploadInfo:
    try:
        info = uploads.validate_upload(data, declared_type=file_type)
        uploads.check_quota(owner, info.size)
    except uploads.UploadError as exc:
        raise from_upload_error(exc) from exc
    return info


def _save(name: str, data: bytes) -> str:
    return default_storage.save(name, ContentFile(data))


def _title_from_url(url: str) -> str:
    return url.split("?")[0].rstrip("/").rsplit("/", 1)[-1][:255]


def masking_start(*, owner, file_type: str, mode: str = MaskedFile.Mode.BLACK, file_url: str = "",
                  data: bytes | None = None, file_name: str = "", document=None) -> Job:
    """Check the file (or the URL), keep the original privately, and queue the masking job.

    A URL on an allow-listed host is checked now (scheme, host, addresses) and downloaded by
    the worker; a link to our own storage is read and validated now, like an upload.
    """
    if file_type not in FILE_TYPES:
        raise MaskingError("invalid_file_type")
    if mode not in MODES:
        raise MaskingError("invalid_file_type", "mode must be black or blur.", reason="invalid_mode")
    title = (file_name or "")[:255]
    info = None
    if data is None:
        try:
            target = urlguard.check_url(file_url)
        except urlguard.FetchError as exc:
            raise MaskingError("file_not_found", exc.message, reason=exc.code) from exc
        title = title or _title_from_url(file_url)
        if target.kind == "storage":
            try:
                data = urlguard.fetch(file_url).data
            except urlguard.FetchError as exc:
                raise MaskingError("file_too_large" if exc.code == "too_large" else "file_not_found",
                                   exc.message, reason=exc.code) from exc
    if data is not None:
        info = _validated(owner, data, file_type)
    folder = f"masking/{owner.pk}/{secrets.token_hex(8)}"
    source_name = _save(f"{folder}/original.{info.extension}", data) if info else ""
    try:
        with transaction.atomic():
            job = core_services.job_create(kind=JOB_KIND, owner=owner, params={
                "file_type": file_type, "mode": mode,
                **({"file_url": file_url} if not source_name else {})})
            masked = MaskedFile.objects.create(
                owner=owner, job=job, document=document, title=title or f"{file_type}", file_type=file_type,
                mode=mode, folder=folder, source_name=source_name, source_mime=info.mime if info else "",
                stored_bytes=info.size if info else 0)
            job.params["masked_file_id"] = masked.pk
            job.save(update_fields=["params"])
            core_services.job_enqueue(job=job, task=task_named("masking.masking_run"))
    except Exception:
        if source_name:
            default_storage.delete(source_name)
        raise
    return job


def masking_start_from_document(*, document, mode: str = MaskedFile.Mode.BLACK) -> Job:
    """"Mask before sharing": a masking job over a stored document's original file."""
    if not document.file.name or document.file_type not in FILE_TYPES or not default_storage.exists(document.file.name):
        raise MaskingError("file_not_found", "This document has no stored PDF or image to mask.")
    with default_storage.open(document.file.name, "rb") as fh:
        data = fh.read()
    return masking_start(owner=document.owner, file_type=document.file_type, mode=mode, data=data,
                         file_name=document.display_name, document=document)


# --- run (worker) ---------------------------------------------------------------------------------
def _load_source(masked: MaskedFile, params: dict) -> tuple[bytes, uploads.UploadInfo]:
    if masked.source_name:
        if not default_storage.exists(masked.source_name):
            raise MaskingError("file_not_found", "The uploaded file is no longer stored.")
        with default_storage.open(masked.source_name, "rb") as fh:
            data = fh.read()
        try:
            return data, uploads.validate_upload(data, declared_type=masked.file_type)
        except uploads.UploadError as exc:
            raise from_upload_error(exc) from exc
    try:
        data = urlguard.fetch(params.get("file_url", "")).data
    except urlguard.FetchError as exc:
        raise MaskingError("file_too_large" if exc.code == "too_large" else "file_not_found",
                           exc.message, reason=exc.code) from exc
    info = _validated(masked.owner, data, masked.file_type)
    masked.source_name = _save(f"{masked.folder}/original.{info.extension}", data)
    masked.source_mime = info.mime
    masked.stored_bytes = info.size
    masked.save(update_fields=["source_name", "source_mime", "stored_bytes", "updated_at"])
    return data, info


def _owner_names(owner) -> tuple[str, ...]:
    name = (getattr(owner, "full_name", "") or "").strip()
    return (name,) if name else ()


def _write_masked(masked: MaskedFile, images, dpis: list[int], boxes_by_page: dict[int, list]) -> tuple[str, int]:
    """Burn the boxes into the page images and store the masked file; returns (name, size)."""
    burned = [render.burn(image, boxes_by_page.get(number, []), masked.mode)
              for number, image in enumerate(images, start=1)]
    if masked.file_type == "pdf":
        data, extension = render.pdf_file(burned, dpis), "pdf"
    else:
        data, extension, _mime = render.image_file(burned)
    name = _save(f"{masked.folder}/masked-{secrets.token_hex(4)}.{extension}", data)
    return name, len(data)


def _run(job: Job, masked: MaskedFile) -> dict:
    started = time.perf_counter()

    def progress(value: int) -> None:
        core_services.job_progress(job_id=job.id, progress=value)

    data, info = _load_source(masked, job.params)
    # A run again after a worker died mid-way: the previous attempt's previews and masked file go first.
    _delete_folder(masked, keep=masked.source_name)
    progress(15)
    pages = page_reader.read_pages(data, info.kind)
    progress(70)
    detection = masking_ai.detect([page.detection_input() for page in pages],
                                  masking_ai.DetectOptions(owner_names=_owner_names(masked.owner)))
    progress(85)
    page_records, stored = [], info.size
    for page in pages:
        png = page_reader.png_bytes(page.image)
        name = _save(f"{masked.folder}/page-{page.number}.png", png)
        stored += len(png)
        page_records.append({"page": page.number, "width": page.image.width, "height": page.image.height,
                             "image": name, "source": page.source, "dpi": page.dpi or 0})
    items = [item.as_dict() for item in detection.items]
    boxes = {}
    for item in items:
        if item["visible"]:
            boxes.setdefault(item["page"], []).append(item["box"])
    masked_name, size = _write_masked(masked, [page.image for page in pages], [page.dpi or 0 for page in pages], boxes)
    masked.pages = page_records
    masked.items = items
    masked.engine = detection.engine
    masked.masked_name = masked_name
    masked.stored_bytes = stored + size
    masked.status = MaskedFile.Status.READY
    masked.seconds = round(time.perf_counter() - started, 3)
    masked.save()
    return {"masked_file_id": masked.pk, "masked_file": masked_name, "engine": detection.engine,
            "detected_items": [public_item(item) for item in items]}


def masking_run(*, job_id: str) -> bool:
    """The masking job: claim, fetch, validate, read pages, detect, store previews and the masked
    file. False when another delivery had already claimed the job. A failed job, or one ended
    without running (its worker died too often), leaves no file behind."""
    outcome = core_services.run_claimed_job(job_id=job_id, work=_masking_work, on_failure=_masking_failed)
    return not outcome["skipped"]


def _masking_work(job: Job) -> dict:
    masked = MaskedFile.objects.select_related("owner").filter(job=job).first()
    if masked is None:
        raise MaskingError("masking_failed", "The masking record is gone.")
    core_services.job_progress(job_id=job.id, progress=5)
    try:
        return _run(job, masked)
    except Exception as exc:  # noqa: BLE001 - every fault ends as a seed 000 code with its reason
        raise job_failure(exc, error_class=MaskingError, code="masking_failed",
                          timeout_message="Masking took too long.") from exc


def _delete_folder(masked: MaskedFile, *, keep: str = "") -> None:
    names = [masked.source_name, masked.masked_name] + [page.get("image", "") for page in masked.pages or []]
    try:
        _dirs, files = default_storage.listdir(masked.folder)
        names += [f"{masked.folder}/{name}" for name in files]
    except (FileNotFoundError, NotImplementedError, OSError):
        pass
    for name in set(filter(None, names)) - {keep}:
        default_storage.delete(name)


def _masking_failed(job: Job, code: str, message: str) -> None:
    """Remove the files and mark the record failed (the job itself is failed by
    core.services.run_claimed_job)."""
    masked = MaskedFile.objects.filter(job=job).first()
    if masked is None:
        return
    _delete_folder(masked)
    MaskedFile.objects.filter(pk=masked.pk).update(
        status=MaskedFile.Status.FAILED, error_code=code, error_message=message[:2000], source_name="",
        masked_name="", pages=[], items=[], stored_bytes=0, updated_at=timezone.now())


# --- review ---------------------------------------------------------------------------------------
def _clean_boxes(masked: MaskedFile, boxes) -> list[dict]:
    if not isinstance(boxes, list) or len(boxes) > MAX_REVIEWED_BOXES:
        raise ValueError(f"boxes must be a list of at most {MAX_REVIEWED_BOXES} boxes.")
    sizes = {page["page"]: (page["width"], page["height"]) for page in masked.pages}
    cleaned = []
    for entry in boxes:
        if not isinstance(entry, dict):
            raise ValueError("Each box is an object with page, x, y, width and height.")
        try:
            page = int(entry.get("page"))
            values = [float(entry.get(key)) for key in ("x", "y", "width", "height")]
        except (TypeError, ValueError) as exc:
            raise ValueError("Each box needs a page number and numeric x, y, width and height.") from exc
        if page not in sizes or not all(math.isfinite(v) for v in values):
            raise ValueError(f"Box on page {page} is not on this file.")
        width, height = sizes[page]
        x, y, w, h = values
        left, top = max(0.0, x), max(0.0, y)
        right, bottom = min(float(width), x + w), min(float(height), y + h)
        if right - left < 1 or bottom - top < 1:
            continue  # outside the page or empty: nothing to cover
        kind = entry.get("type") if entry.get("type") in masking_ai.ITEM_TYPES else "manual"
        cleaned.append({"page": page, "type": kind,
                        "box": [round(left), round(top), round(right - left), round(bottom - top)]})
    return cleaned


def masking_confirm(*, masked: MaskedFile, boxes, mode: str | None = None) -> MaskedFile:
    """Make the final masked file from the boxes the user kept and drew (raises ValueError on bad boxes)."""
    if masked.status not in (MaskedFile.Status.READY, MaskedFile.Status.CONFIRMED):
        raise ValueError("This file is not ready for review.")
    if mode is not None:
        if mode not in MODES:
            raise ValueError("mode must be black or blur.")
        masked.mode = mode
    cleaned = _clean_boxes(masked, boxes)
    from PIL import Image

    images = []
    for page in masked.pages:
        with default_storage.open(page["image"], "rb") as fh:
            image = Image.open(fh)
            image.load()
        images.append(image.convert("RGB"))
    by_page: dict[int, list] = {}
    for entry in cleaned:
        by_page.setdefault(entry["page"], []).append(entry["box"])
    old_name, old_size = masked.masked_name, 0
    if old_name and default_storage.exists(old_name):
        old_size = default_storage.size(old_name)
    name, size = _write_masked(masked, images, [page.get("dpi") or 0 for page in masked.pages], by_page)
    masked.masked_name = name
    masked.reviewed_boxes = cleaned
    masked.status = MaskedFile.Status.CONFIRMED
    masked.confirmed_at = timezone.now()
    masked.stored_bytes = max(0, masked.stored_bytes - old_size) + size
    masked.save()
    if old_name and old_name != name:
        transaction.on_commit(lambda: default_storage.delete(old_name))
    return masked


def masked_file_delete(*, masked: MaskedFile) -> None:
    _delete_folder(masked)
    masked.delete()


def review_boxes(masked: MaskedFile) -> list[dict]:
    """The boxes a review starts from: the confirmed ones, else every visible detected item."""
    if masked.reviewed_boxes is not None:
        return masked.reviewed_boxes
    return [{"page": item["page"], "type": item["type"], "box": item["box"], "rule": item["rule"],
             "confidence": item["confidence"]} for item in masked.visible_items]


def usage(user) -> int:
    from django.db.models import Sum

    return MaskedFile.objects.filter(owner=user).aggregate(total=Sum("stored_bytes"))["total"] or 0

