"""Reads for masking: a user's masked files."""
from __future__ import annotations

from masking.models import MaskedFile


def masked_files_for(user):
    return MaskedFile.objects.filter(owner=user).select_related("job", "document")


def masked_file_for(user, pk: int) -> MaskedFile:
    """The user's masked file; another user's id raises DoesNotExist like a missing one."""
    return masked_files_for(user).get(pk=pk)


def masked_file_for_task(user, task_id: str) -> MaskedFile | None:
    return masked_files_for(user).filter(job_id=task_id).first()
