"""Document errors and their seed 000 codes (`{"message", "error_code", "data"}`)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import ApiError

# code → (HTTP status, seed 000 error_code, message shown to people)
SEED000_CODES: dict[str, tuple[int, int, str]] = {
    "invalid_file_type": (400, 4001, _("This file type is not supported.")),
    "invalid_document_type": (400, 4002, _("This document type is not supported.")),
    "missing_required_field": (400, 4003, _("A required field is missing.")),
    "empty_text": (400, 4004, _("The text is empty.")),
    "file_not_found": (404, 4041, _("The file could not be found.")),
    "task_not_found": (404, 4042, _("No task with this task_id was found.")),
    # Limits on uploads: 413 with codes in the 413 family core uses for payload_too_large (4130).
    "file_too_large": (413, 4130, _("The file is too large.")),
    "too_many_pages": (413, 4131, _("The file has too many pages.")),
    "image_too_large": (413, 4132, _("The image has too many pixels.")),
    "storage_quota_exceeded": (413, 4133, _("Your storage quota is full.")),
    "internal_server_error": (500, 5000, _("Server error.")),
    "ocr_processing_failed": (500, 5001, _("Text extraction (OCR) failed.")),
    "embedding_failed": (500, 5002, _("Storing the vector embeddings failed.")),
    "ai_service_unavailable": (503, 5031, _("The AI service is temporarily unavailable.")),
}

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


class DocumentError(Exception):
    """A failure with one of SEED000_CODES; `reason` narrows it (e.g. "no_text", "encrypted_file")."""

    def __init__(self, code: str, message: str = "", *, reason: str = ""):
        assert code in SEED000_CODES, code
        super().__init__(message or code)
        self.code = code
        self.message = message or str(SEED000_CODES[code][2])
        self.reason = reason


def register_code(code: str, status: int, number: int, message) -> None:
    """Other apps that answer through the shared task endpoint add their failure codes here."""
    SEED000_CODES.setdefault(code, (status, number, message))


def api_error(code: str) -> ApiError:
    status, number, message = SEED000_CODES.get(code, SEED000_CODES["internal_server_error"])
    if code not in SEED000_CODES:
        code = "internal_server_error"
    return ApiError(status, code, str(message), number=number)


def status_and_number(code: str) -> tuple[int, int]:
    status, number, _message = SEED000_CODES.get(code, SEED000_CODES["internal_server_error"])
    return status, number
