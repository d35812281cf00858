"""Document errors; their seed 000 codes live in core.errors.SEED000_CODES."""
from __future__ import annotations

from core.errors import SEED000_CODES, DomainError

# core.uploads.UploadError codes → ours
UPLOAD_CODES = {
    "empty_file": "invalid_file_type",
    "invalid_file_type": "invalid_file_type",
    "broken_file": "invalid_file_type",
    "encrypted_file": "invalid_file_type",
    "file_too_large": "file_too_large",
    "too_many_pages": "too_many_pages",
    "image_too_large": "image_too_large",
    "quota_exceeded": "storage_quota_exceeded",
}

# ai.errors.OCRError codes → ours
OCR_CODES = {
    "OCR_EMPTY_FILE": "invalid_file_type",
    "OCR_BROKEN_FILE": "invalid_file_type",
    "OCR_ENCRYPTED": "invalid_file_type",
    "OCR_UNSUPPORTED_TYPE": "invalid_file_type",
    "OCR_TOO_MANY_PAGES": "too_many_pages",
    "OCR_TOO_LARGE": "image_too_large",
    "OCR_NO_TEXT": "ocr_processing_failed",
}


class DocumentError(DomainError):
    """A failure with one of core.errors.SEED000_CODES; `reason` narrows it (e.g. "no_text",
    "encrypted_file")."""

    def __init__(self, code: str, message: str = "", *, reason: str = ""):
        assert code in SEED000_CODES, code
        super().__init__(code, message, reason=reason)
