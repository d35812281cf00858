"""What every worker does on its own timer: liveness for /health, and the job sweep.

Every Celery worker writes `health:worker:<queue>` (its hostname and the time) for each queue it
consumes, every WORKER_HEARTBEAT_SECONDS, with a TTL of three intervals, from its own timer.
`/health` reads the key of the queue this web process sends to: one GET on Redis, instead of a
broadcast ping per request (which is what wedged the web processes, see core.broker).

There is no celery beat, so each worker also sends itself the job sweep (core.services.jobs_sweep)
once per lease period (JobSweep). The sweep runs in a pool process like any task: the worker's
main process only publishes, and never opens database connections its pool processes inherit.
"""
from __future__ import annotations

import json
import logging
import time
from functools import lru_cache

from celery import bootsteps
from django.conf import settings

logger = logging.getLogger(__name__)

KEY = "health:worker:{queue}"


@lru_cache(maxsize=1)
def redis_client():
    """A Redis client with short timeouts, for health reads and heartbeat writes."""
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=0.5, socket_connect_timeout=0.5,
                                health_check_interval=0)


def interval() -> float:
    return max(0.5, float(settings.WORKER_HEARTBEAT_SECONDS))


def beat(*, queues: list[str], hostname: str) -> None:
    value = json.dumps({"hostname": hostname, "at": time.time()})
    ttl_ms = int(interval() * 3 * 1000)
    pipe = redis_client().pipeline(transaction=False)
    for queue in queues:
        pipe.set(KEY.format(queue=queue), value, px=ttl_ms)
    pipe.execute()


def last_beat(queue: str, client=None) -> dict | None:
    raw = (client or redis_client()).get(KEY.format(queue=queue))
    return json.loads(raw) if raw else None


class _Repeating(bootsteps.StartStopStep):
    """A worker blueprint step that runs `run(worker)` every `period()` s on the worker's own timer."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def period(self) -> float:
        raise NotImplementedError

    def run(self, worker) -> None:
        raise NotImplementedError

    def start(self, worker):
        self.tref = worker.timer.call_repeatedly(self.period(), self.run, (worker,), priority=10)

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None


class WorkerHeartbeat(_Repeating):
    """Worker blueprint step: beats from the worker's own timer, so a wedged worker stops beating."""

    def _queues(self, worker) -> list[str]:
        chosen = list(worker.app.amqp.queues.consume_from or {})
        return chosen or [worker.app.conf.task_default_queue]

    def period(self) -> float:
        return interval()

    def run(self, worker) -> None:
        try:
            beat(queues=self._queues(worker), hostname=worker.hostname)
        except Exception as exc:  # noqa: BLE001 - a missed beat must never stop the worker
            logger.warning("worker heartbeat failed: %s", exc)

    def start(self, worker):
        self.run(worker)
        super().start(worker)

    def stop(self, worker):
        super().stop(worker)
        try:  # only our own beat: another worker on the same queue keeps it alive
            for queue in self._queues(worker):
                if (last_beat(queue) or {}).get("hostname") == worker.hostname:
                    redis_client().delete(KEY.format(queue=queue))
        except Exception:  # noqa: BLE001
            pass


class JobSweep(_Repeating):
    """Worker blueprint step: every lease period, send this worker's queue a sweep of the jobs whose
    lease ran out with no worker holding them. A sweep not started within the period expires, so a
    busy worker's queue never piles them up."""

    def period(self) -> float:
        from core import leases

        return leases.seconds()

    def run(self, worker) -> None:
        from core.broker import publish
        from core.tasks import jobs_sweep_task

        try:
            publish(jobs_sweep_task, expires=self.period())
        except Exception as exc:  # noqa: BLE001 - a missed sweep must never stop the worker
            logger.warning("job sweep not sent: %s", exc)
