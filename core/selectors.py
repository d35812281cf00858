"""Reads on shared records: ownership, jobs and how `GET /ai/task/{task_id}` shows each job kind.

Ownership: every owned model names its owner `owner`; someone else's row answers exactly like a
missing one, so ids never reveal what exists.

Task renderers: an app with pollable jobs registers its kind in its AppConfig.ready with the
message and `result` its contract shows (failure codes go in core.errors.SEED000_CODES). A kind
nobody registered answers `task_completed` with the job's stored result. `result(job, request)`
builds the answer when it is polled (so links it holds, such as signed file URLs, are fresh).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

from core.models import Job, is_job_id

OWNER_FIELD = "owner"


def owned_by(queryset: QuerySet, user, *, owner_field: str = OWNER_FIELD) -> QuerySet:
    """`queryset` narrowed to rows whose `owner_field` is `user`; nothing for anonymous users."""
    if user is None or not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(**{owner_field: user})


def owned_or_404(queryset: QuerySet | type[Model], user, pk=None, *, owner_field: str = OWNER_FIELD,
                 **lookup) -> Model:
    """The one object (`pk`, or `lookup`) that belongs to `user`, else Http404.

    Malformed ids (a word where a number or UUID is expected) are 404 too, never 500.
    """
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    if pk is not None:
        lookup["pk"] = pk
    try:
        return owned_by(queryset, user, owner_field=owner_field).get(**lookup)
    except (queryset.model.DoesNotExist, queryset.model.MultipleObjectsReturned, ValueError, TypeError,
            ValidationError, OverflowError) as exc:
        raise Http404 from exc


def job_for(user, job_id: str) -> Job | None:
    """A job the user owns, else None (another user's job is indistinguishable from a missing one;
    an id that is not of the shape we issue never reaches the database)."""
    if not (user and user.is_authenticated and is_job_id(job_id)):
        return None
    return Job.objects.filter(id=job_id, owner=user).first()


@dataclass(frozen=True)
class TaskRenderer:
    completed_message: str = "task_completed"
    result: Callable[[Job, Any], Any] = lambda job, request=None: job.result


_renderers: dict[str, TaskRenderer] = {}


def register_task_renderer(kind: str, *, completed_message: str = "task_completed",
                           result: Callable[[Job, Any], Any] | None = None) -> None:
    _renderers[kind] = TaskRenderer(completed_message=completed_message,
                                    result=result or (lambda job, request=None: job.result))


def task_renderer(kind: str) -> TaskRenderer:
    return _renderers.get(kind, TaskRenderer())
