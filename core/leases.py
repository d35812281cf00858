"""Leases on claimed work: a claimed row stays claimed only while the process doing it is alive.

A worker that claims a row (a Job, a grading submission) sets the row's lease deadline, and a
thread of the same process pushes the deadline forward every third of JOB_LEASE_SECONDS while
the work runs. When the process dies (kill -9, the OOM killer, a lost machine) the deadline
passes, and the broker's redelivery of the task (acks_late) may claim the row again. A
redelivery that finds the lease still held (the first delivery is still working) comes back
when the lease would run out instead of being dropped, so the work is never lost either.

The keeper stops when the work records its outcome (`release`) and at the latest when the Celery
task returns (`task_postrun`), so a lease never outlives its task. Keepers only run inside a
worker's task: code calling a task function directly (tests, management commands) gets the
deadline without a thread.
"""
from __future__ import annotations

import logging
import threading
from datetime import timedelta

from celery.signals import task_postrun
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Q, Value
from django.db.models.functions import Now

logger = logging.getLogger(__name__)

_keepers: dict[tuple[str, object], "_Keeper"] = {}
_lock = threading.Lock()


def seconds() -> float:
    return max(1.0, float(settings.JOB_LEASE_SECONDS))


def deadline():
    """The lease deadline as a database expression (the database's clock, not this machine's)."""
    return Now() + Value(timedelta(seconds=seconds()))


def expired(field: str = "lease_expires_at") -> Q:
    return Q(**{f"{field}__lt": Now()}) | Q(**{f"{field}__isnull": True})


def _current_task():
    from celery import current_task

    task = current_task._get_current_object() if current_task else None
    if task is None or task.request.called_directly or task.request.is_eager:
        return None
    return task


class _Keeper(threading.Thread):
    def __init__(self, queryset, field: str):
        super().__init__(daemon=True, name="lease-keeper")
        self.queryset, self.field = queryset, field
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(seconds() / 3):
                try:
                    if not self.queryset.update(**{self.field: deadline()}):
                        return  # the row was finished or claimed again: nothing left to keep
                except DatabaseError as exc:  # an outage: try again next period, the lease may lapse
                    logger.warning("lease renewal failed: %s", exc)
                    connections.close_all()
        finally:
            connections.close_all()  # this thread's own connection

    def stop(self) -> None:
        self.stopped.set()


def keep(queryset, key: tuple[str, object], field: str = "lease_expires_at") -> None:
    """Renew `field` on `queryset` (the claimed row, filtered on still being claimed) until released."""
    if _current_task() is None:
        return
    keeper = _Keeper(queryset, field)
    with _lock:
        previous = _keepers.pop(key, None)
        _keepers[key] = keeper
    if previous is not None:
        previous.stop()
    keeper.start()


def release(key: tuple[str, object]) -> None:
    with _lock:
        keeper = _keepers.pop(key, None)
    if keeper is not None:
        keeper.stop()


@task_postrun.connect
def _release_all(**kwargs) -> None:
    with _lock:
        keepers = list(_keepers.values())
        _keepers.clear()
    for keeper in keepers:
        keeper.stop()


def redeliver_later(countdown: float) -> None:
    """Inside a worker's task: ask the broker for this task again in `countdown` seconds (raises
    celery's Retry). Outside a task it does nothing. The chain is bounded by the lease holder:
    it ends when the holder finishes or dies (the hard time limit ends it at the latest)."""
    task = _current_task()
    if task is None:
        return
    raise task.retry(countdown=max(1.0, countdown), max_retries=task.request.retries + 1)
