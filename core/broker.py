"""Publishing Celery tasks from a request without an unbounded wait.

Why this exists (issue 18): Celery's own paths can wait for the broker forever. A control
broadcast (`app.control.ping`) holds a connection of the process's pool while its pidbox
producer takes a *second* connection from the same pool with `block=True` and no timeout;
daphne runs every concurrent request on its own thread, so ten concurrent broadcasts held all
ten pooled connections and waited for an eleventh forever, and every later `task.delay()` in
that process queued behind them. Here a publish takes exactly one pooled connection, with
`broker_pool_acquire_timeout`, and publishes on it (no producer-pool round trip); the
connection's socket timeouts and the bounded publish retry policy (settings) bound the rest.
"""
from __future__ import annotations

import logging
import socket

from django.conf import settings
from kombu.exceptions import KombuError, OperationalError

logger = logging.getLogger(__name__)


class BrokerUnavailable(RuntimeError):
    """The broker could not take the message within the configured bounds."""


def publish(task, args: tuple = (), **options) -> str:
    """Send `task` with `args`; returns the Celery task id, or raises BrokerUnavailable."""
    app = task.app
    try:
        with app.connection_or_acquire() as connection:  # bounded by broker_pool_acquire_timeout
            return task.apply_async(args, connection=connection, **options).id
    except (OperationalError, KombuError, OSError, socket.timeout) as exc:
        raise BrokerUnavailable(f"{task.name}: {exc}") from exc


def own_queue() -> str:
    """The queue of this process's group (CELERY_QUEUE), the one its workers consume."""
    return settings.CELERY_TASK_DEFAULT_QUEUE


def queue_of(task) -> str:
    """The queue this process sends `task` to: the task's own `queue` option, else the app's default
    queue (CELERY_QUEUE: one per group of servers and workers; no task routes are configured)."""
    return task._get_exec_options().get("queue") or own_queue()


def task_named(name: str):
    """The registered Celery task called `name`.

    Services enqueue their app's tasks by name: a task is a thin wrapper that imports the
    services it runs, so services importing tasks back would close an import cycle. A web
    process imports no tasks module by itself; the first lookup of a name it has not seen runs
    Celery's autodiscovery (every installed app's tasks module), which registers them all."""
    from celery import current_app

    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]
