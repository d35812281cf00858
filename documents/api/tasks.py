"""How `GET /ai/task/{task_id}` answers for each kind of background job.

Documents registers its OCR job here; other apps with pollable jobs (masking) register their
own kind with the message and `result` their contract shows, and their failure codes with
`documents.errors.register_code`. A kind nobody registered answers `task_completed` with the
job's stored result. `result(job, request)` builds the answer when it is polled (so links it
holds, such as signed file URLs, are fresh and absolute).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from core.models import Job


@dataclass(frozen=True)
class TaskRenderer:
    completed_message: str = "task_completed"
    result: Callable[[Job, Any], Any] = lambda job, request=None: job.result


_renderers: dict[str, TaskRenderer] = {}


def register_task_renderer(kind: str, *, completed_message: str = "task_completed",
                           result: Callable[[Job, Any], Any] | None = None) -> None:
    _renderers[kind] = TaskRenderer(completed_message=completed_message,
                                    result=result or (lambda job, request=None: job.result))


def renderer_for(kind: str) -> TaskRenderer:
    return _renderers.get(kind, TaskRenderer())
