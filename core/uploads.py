"""Upload validation shared by every app that accepts files (documents, masking, calendar…).

The type of a file is decided by its content (magic bytes, then a real parse), never by its
name or the client's Content-Type, so a renamed or disguised file is refused. Limits: size
(UPLOAD_MAX_BYTES), pages (UPLOAD_MAX_PAGES), pixels per image or rendered page
(UPLOAD_MAX_PIXELS), no encrypted PDFs, no PDFs with scripts or embedded files, no polyglots
(another format before a PDF header or after a PDF/PNG/JPEG end marker), and a per-user storage quota
(USER_STORAGE_QUOTA_BYTES) summed over the providers apps register with `register_usage`.
"""
from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import Callable

from django.conf import settings

logger = logging.getLogger(__name__)

# Pages are rendered for OCR at up to this resolution; the pixel limit applies to the result.
RENDER_DPI = 300

FILE_KINDS = ("pdf", "image")

# (magic prefix, offset, kind, mime, extension)
_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", 0, "image", "image/png", "png"),
    (b"\xff\xd8\xff", 0, "image", "image/jpeg", "jpg"),
    (b"II*\x00", 0, "image", "image/tiff", "tif"),
    (b"MM\x00*", 0, "image", "image/tiff", "tif"),
    (b"BM", 0, "image", "image/bmp", "bmp"),
]
_PIL_FORMATS = {"PNG": "png", "JPEG": "jpg", "TIFF": "tif", "BMP": "bmp", "WEBP": "webp"}


class UploadError(Exception):
    """A file we will not accept. `code` is one of:

    empty_file, file_too_large, invalid_file_type (unknown or disguised content), broken_file,
    encrypted_file, too_many_pages, image_too_large, quota_exceeded.
    """

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code
        self.message = message or code


@dataclass(frozen=True)
class UploadInfo:
    kind: str  # "pdf" | "image"
    mime: str
    extension: str
    size: int
    pages: int
    width: int | None = None  # images only, in pixels
    height: int | None = None


def sniff(data: bytes) -> tuple[str, str, str] | None:
    """(kind, mime, extension) from the first bytes, or None for anything we do not accept."""
    head = data[:1024]
    # PDF readers accept a header preceded by a little junk; so do we, the parser decides later.
    if b"%PDF-" in head:
        return "pdf", "application/pdf", "pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "image/webp", "webp"
    for magic, offset, kind, mime, ext in _SIGNATURES:
        if head[offset:offset + len(magic)] == magic:
            return kind, mime, ext
    return None


def check_size(size: int) -> None:
    if size <= 0:
        raise UploadError("empty_file", "The file is empty.")
    if size > settings.UPLOAD_MAX_BYTES:
        raise UploadError("file_too_large",
                          f"The file is larger than {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB.")


def validate_upload(data: bytes, *, declared_type: str | None = None) -> UploadInfo:
    """Check a whole file's bytes. `declared_type` ("pdf"/"image") must match the content."""
    check_size(len(data))
    sniffed = sniff(data)
    if sniffed is None:
        raise UploadError("invalid_file_type", "Only PDF and image files (PNG, JPEG, WebP, TIFF, BMP) are accepted.")
    kind, mime, ext = sniffed
    if declared_type and declared_type != kind:
        raise UploadError("invalid_file_type", f"The file's content is {kind}, not {declared_type}.")
    if kind == "pdf":
        return _validate_pdf(data, mime, ext)
    return _validate_image(data)


# Another format's signature in front of a PDF header, or markup in an image: a polyglot file.
_FOREIGN_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x7fELF", b"MZ", b"<")
_MARKUP = re.compile(rb"<\s*(?:script|html|body|svg|iframe|object|embed|\?php)\b", re.IGNORECASE)
# PDF features that run code or open other files when the PDF is opened.
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")
_TRAILER_SLACK = 64  # bytes after the end marker some writers leave (whitespace, a NUL pad)


def _polyglot(message: str) -> UploadError:
    return UploadError("invalid_file_type", message)


def _check_pdf_envelope(data: bytes) -> None:
    """Nothing before the header but a little junk, nothing after the last %%EOF but padding."""
    start = data.find(b"%PDF-")
    if any(data[:start].lstrip().startswith(magic) for magic in _FOREIGN_MAGIC):
        raise _polyglot("The file starts as another format and also claims to be a PDF.")
    end = data.rfind(b"%%EOF")
    tail = data[end + 5:] if end >= 0 else b""
    if len(tail.strip(b"\r\n\t \x00")) > _TRAILER_SLACK:
        raise _polyglot("The PDF carries another file after its end.")


def _pdf_is_active(reader, data: bytes) -> bool:
    """JavaScript, launch actions, embedded files or XFA forms: in the raw bytes, and in the
    catalog and pages once parsed (object streams hide names from the raw scan)."""
    if _PDF_ACTIVE.search(data):
        return True
    root = reader.trailer.get("/Root")
    root = root.get_object() if root is not None else {}
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    if any(key in names for key in ("/JavaScript", "/EmbeddedFiles")) or "/AA" in root:
        return True
    form = root.get("/AcroForm")
    if form is not None and "/XFA" in form.get_object():
        return True
    action = root.get("/OpenAction")
    action = action.get_object() if action is not None else {}
    return isinstance(action, dict) and action.get("/S") in ("/JavaScript", "/Launch")


def _validate_pdf(data: bytes, mime: str, ext: str) -> UploadInfo:
    from pypdf import PdfReader

    _check_pdf_envelope(data)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on malformed input
        raise UploadError("broken_file", "The PDF cannot be read.") from exc
    if encrypted:
        raise UploadError("encrypted_file", "Encrypted or password-protected PDFs are not accepted.")
    try:
        active = _pdf_is_active(reader, data)
    except Exception as exc:  # noqa: BLE001
        raise UploadError("broken_file", "The PDF cannot be read.") from exc
    if active:
        raise UploadError("invalid_file_type", "PDFs with scripts, launch actions or embedded files are not accepted.")
    try:
        pages = reader.pages
        count = len(pages)
        if count > settings.UPLOAD_MAX_PAGES:
            raise UploadError("too_many_pages", f"The PDF has {count} pages; the limit is {settings.UPLOAD_MAX_PAGES}.")
        for number, page in enumerate(pages, start=1):
            box = page.mediabox
            pixels = (float(box.width) / 72 * RENDER_DPI) * (float(box.height) / 72 * RENDER_DPI)
            if pixels > settings.UPLOAD_MAX_PIXELS:
                raise UploadError("image_too_large", f"Page {number} is too large to render.")
    except UploadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise UploadError("broken_file", "The PDF cannot be read.") from exc
    if count == 0:
        raise UploadError("broken_file", "The PDF has no pages.")
    return UploadInfo(kind="pdf", mime=mime, extension=ext, size=len(data), pages=count)


def _validate_image(data: bytes) -> UploadInfo:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only; nothing decoded yet
            fmt = image.format
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError as exc:
        raise UploadError("image_too_large", "The image has too many pixels.") from exc
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on malformed input
        raise UploadError("broken_file", "The image cannot be read.") from exc
    if fmt not in _PIL_FORMATS:
        raise UploadError("invalid_file_type", f"Image format {fmt} is not accepted.")
    _check_image_envelope(data, fmt)
    if width * height > settings.UPLOAD_MAX_PIXELS:
        raise UploadError("image_too_large", f"The image is {width}×{height}; it has too many pixels.")
    if frames > settings.UPLOAD_MAX_PAGES:
        raise UploadError("too_many_pages", f"The image has {frames} frames; the limit is {settings.UPLOAD_MAX_PAGES}.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # a truncated or corrupt body fails here, before any OCR work
    except Exception as exc:  # noqa: BLE001
        raise UploadError("broken_file", "The image is damaged.") from exc
    return UploadInfo(kind="image", mime=Image.MIME.get(fmt, "application/octet-stream"),
                      extension=_PIL_FORMATS[fmt], size=len(data), pages=frames, width=width, height=height)


def _check_image_envelope(data: bytes, fmt: str) -> None:
    """No markup anywhere in the image and nothing after its end marker (JPEG+HTML polyglots)."""
    if _MARKUP.search(data):
        raise _polyglot("The image carries markup (HTML or script).")
    marker = {"PNG": b"IEND\xaeB`\x82", "JPEG": b"\xff\xd9"}.get(fmt)
    if marker:
        end = data.rfind(marker)  # none at all: a truncated image, which decoding refuses as broken
        if end >= 0 and len(data[end + len(marker):].strip(b"\x00\r\n")) > _TRAILER_SLACK:
            raise _polyglot("The image carries another file after its end.")


# --- Per-user storage quota ---------------------------------------------------------------------
_usage_providers: list[Callable] = []


def register_usage(provider: Callable) -> None:
    """Apps that keep user files register `provider(user) -> bytes stored` (in AppConfig.ready)."""
    if provider not in _usage_providers:
        _usage_providers.append(provider)


def storage_used(user) -> int:
    return sum(int(provider(user) or 0) for provider in _usage_providers)


def check_quota(user, incoming: int, *, replacing: int = 0) -> None:
    """Refuse a file that would take the user over the quota (`replacing` bytes are freed by it)."""
    used = storage_used(user)
    if used - replacing + incoming > settings.USER_STORAGE_QUOTA_BYTES:
        raise UploadError("quota_exceeded", "Your storage quota is full; delete some documents first.")
