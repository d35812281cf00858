"""Reads for masking: a user's masked files."""
from __future__ import annotations

from core.selectors import owned_or_404
from masking.models import MaskedFile


def masked_files_for(user):
    return MaskedFile.objects.filter(owner=user).select_related("job", "document")


def masked_file_for(user, pk) -> MaskedFile:
    """The user's masked file, else Http404 (another user's id answers like a missing one)."""
    return owned_or_404(masked_files_for(user), user, pk)


def masked_file_for_task(user, task_id: str) -> MaskedFile | None:
    return masked_files_for(user).filter(job_id=task_id).first()
