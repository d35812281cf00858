"""Real checks behind GET /health (seed 001 HealthResponse).

`CHECKS` is the list of what /health looks at; an app adds its own with `register(Check(...))`.
A check's function returns a status (`operational | degraded | down`), a `(status, reason)`
pair, or a mapping of several services to either. Every check is bounded by its own timeouts
(0.5 s Redis client, `statement_timeout` on the database) and its result is reused for `ttl`
seconds by the whole process. A stale result is refreshed on a background thread (one per
check) while requests answer with the last result, so /health answers in milliseconds however
many requests arrive at once, and a slow dependency shows up as `degraded` with the reason in
`details` instead of as a slow /health.
Nothing here talks to the workers: their liveness is the heartbeat they write (core.heartbeat).
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from django.conf import settings
from django.db import connection, transaction

from ai.status import DEGRADED, DOWN, OPERATIONAL, capability_status
from core import heartbeat

logger = logging.getLogger(__name__)
Outcome = str | tuple[str, str] | Mapping[str, "str | tuple[str, str]"]
WAIT_FOR_FIRST_RESULT = 1.0  # a process's very first /health waits this long for its first results
STALE_AFTER = 5.0  # a refresh still running after this long makes the check `degraded`


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[], Outcome]
    critical: bool = False  # `down` makes the whole system `unhealthy`
    ttl: float = 1.0  # seconds one result serves every request of this process


@dataclass
class _Slot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Condition = field(default_factory=threading.Condition)
    results: dict[str, tuple[str, str]] | None = None
    at: float = 0.0
    started: float = 0.0


def _slow_seconds() -> float:
    return getattr(settings, "HEALTH_SLOW_MS", 250) / 1000


# ---------------------------------------------------------------------------------------- checks

def _database() -> tuple[str, str]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 500")
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        row = cursor.fetchone()
    return (OPERATIONAL, "") if row else (DEGRADED, "the pgvector extension is not installed")


def _redis() -> str:
    heartbeat.redis_client().ping()
    return OPERATIONAL


def _worker() -> tuple[str, str]:
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    beat = heartbeat.last_beat(queue)
    if not beat:
        return DOWN, f"no worker heartbeat on queue '{queue}'"
    age = time.time() - float(beat.get("at", 0))
    if age > heartbeat.interval() * 2:
        return DEGRADED, f"last worker heartbeat {age:.0f} s ago"
    return OPERATIONAL, ""


CHECKS: list[Check] = [
    Check("ai", capability_status, ttl=10.0),  # stt, llm, tts, avatar (a remote engine is asked over HTTP)
    Check("redis", _redis, critical=True),
    Check("database", _database, critical=True),
    Check("worker", _worker),
]
_slots: dict[str, _Slot] = {}
_slots_lock = threading.Lock()


def register(check: Check) -> None:
    """Add or replace a check (apps call this from AppConfig.ready)."""
    CHECKS[:] = [c for c in CHECKS if c.name != check.name] + [check]


def _normalise(check: Check, outcome: Outcome) -> dict[str, tuple[str, str]]:
    if isinstance(outcome, Mapping):
        items = outcome.items()
    else:
        items = [(check.name, outcome)]
    return {name: (value, "") if isinstance(value, str) else (value[0], value[1] or "") for name, value in items}


def _run(check: Check) -> dict[str, tuple[str, str]]:
    started = time.monotonic()
    try:
        results = _normalise(check, check.run())
    except Exception as exc:  # noqa: BLE001 - any failure of the dependency means it is down
        logger.warning("health check %s failed: %r", check.name, exc)  # the detail stays in the log
        return {check.name: (DOWN, f"check failed ({type(exc).__name__})")}
    elapsed = time.monotonic() - started
    if elapsed > _slow_seconds():
        return {name: (DEGRADED if status == OPERATIONAL else status,
                       reason or f"slow: the check took {elapsed * 1000:.0f} ms")
                for name, (status, reason) in results.items()}
    return results


def _slot(name: str) -> _Slot:
    with _slots_lock:
        return _slots.setdefault(name, _Slot())


def _refresh(check: Check, slot: _Slot) -> None:
    """Runs on its own thread (one per check at a time) so no request waits for a dependency."""
    from django.db import connections

    try:
        slot.results, slot.at = _run(check), time.monotonic()
    finally:
        connections.close_all()  # this thread's own database connection, if the check opened one
        slot.lock.release()
        with slot.done:
            slot.done.notify_all()


def _result(check: Check) -> dict[str, tuple[str, str]]:
    slot = _slot(check.name)
    now = time.monotonic()
    if slot.results is not None and now - slot.at < check.ttl:
        return slot.results
    if slot.lock.acquire(blocking=False):
        slot.started = now
        threading.Thread(target=_refresh, args=(check, slot), name=f"health-{check.name}", daemon=True).start()
    if slot.results is None:  # the first refresh of this process is running: wait a moment for it
        with slot.done:
            slot.done.wait_for(lambda: slot.results is not None,
                               timeout=max(0.0, WAIT_FOR_FIRST_RESULT - (time.monotonic() - slot.started)))
    running = time.monotonic() - slot.started
    if slot.results is None or (slot.lock.locked() and running > STALE_AFTER):
        return {check.name: (DEGRADED, f"slow: no answer after {running * 1000:.0f} ms")}
    return slot.results


_gpu = {"at": -1e9, "info": None}


def gpu_info() -> dict:
    """nvidia-smi's memory figures, refreshed at most once a minute per process."""
    if _gpu["info"] is not None and time.monotonic() - _gpu["at"] < 60:
        return _gpu["info"]
    info = {"gpu_available": False, "gpu_memory_used_mb": 0, "gpu_memory_total_mb": 0}
    if shutil.which("nvidia-smi"):
        try:
            out = subprocess.run(
                ["nvidia-smi", "--query-gpu=memory.used,memory.total", "--format=csv,noheader,nounits"],
                capture_output=True, text=True, timeout=3, check=True,
            ).stdout
            used, total = (sum(int(v) for v in col)
                           for col in zip(*(line.split(",") for line in out.strip().splitlines())))
            info = {"gpu_available": total > 0, "gpu_memory_used_mb": used, "gpu_memory_total_mb": total}
        except (subprocess.SubprocessError, ValueError, OSError):
            pass
    _gpu.update(at=time.monotonic(), info=info)
    return info


def health_report() -> dict:
    services: dict[str, str] = {}
    details: dict[str, str] = {}
    unhealthy = False
    for check in list(CHECKS):
        for name, (status, reason) in _result(check).items():
            services[name] = status
            if reason and status != OPERATIONAL:
                details[name] = reason
            unhealthy = unhealthy or (check.critical and status == DOWN)
    if unhealthy:
        status = "unhealthy"
    elif any(value != OPERATIONAL for value in services.values()):
        status = "degraded"
    else:
        status = "healthy"
    report = {
        "status": status,
        "version": settings.APP_VERSION,
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        **gpu_info(),
        "services": services,
    }
    if details:
        report["details"] = details
    return report
