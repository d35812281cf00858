"""Masking failures and their seed 000 codes (registered in core's registry so
`GET /ai/task/{task_id}` answers a failed masking job with them)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import register_seed000
from documents.services import UPLOAD_CODES, DocumentError

register_seed000("masking_failed", 500, 5003, _("Masking failed."))


class MaskingError(DocumentError):
    """`code` is a seed 000 code name (invalid_file_type, file_not_found, masking_failed, …)."""


def from_upload_error(exc) -> MaskingError:
    """core.uploads.UploadError → the code documents uses for the same fault."""
    return MaskingError(UPLOAD_CODES.get(exc.code, "invalid_file_type"), exc.message, reason=exc.code)
