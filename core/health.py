"""Real checks behind GET /health (seed 001 HealthResponse)."""
from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from ai.status import DEGRADED, DOWN, OPERATIONAL, capability_status


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
            row = cursor.fetchone()
        return OPERATIONAL if row else DEGRADED
    except Exception:  # noqa: BLE001 - any failure means the database is unusable
        return DOWN


def _redis() -> str:
    try:
        cache.set("health:ping", 1, 5)
        return OPERATIONAL if cache.get("health:ping") == 1 else DEGRADED
    except Exception:  # noqa: BLE001
        return DOWN


def _worker() -> str:
    from config.celery import app

    try:
        replies = app.control.ping(timeout=1.0)
    except Exception:  # noqa: BLE001
        return DOWN
    return OPERATIONAL if replies else DOWN


def gpu_info() -> dict:
    info = {"gpu_available": False, "gpu_memory_used_mb": 0, "gpu_memory_total_mb": 0}
    if not shutil.which("nvidia-smi"):
        return info
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=memory.used,memory.total", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=3, check=True,
        ).stdout
        used, total = (sum(int(v) for v in col) for col in zip(*(line.split(",") for line in out.strip().splitlines())))
        return {"gpu_available": total > 0, "gpu_memory_used_mb": used, "gpu_memory_total_mb": total}
    except (subprocess.SubprocessError, ValueError, OSError):
        return info


def _sandbox() -> str:
    from grading.sandbox import health_cached

    ok, _ = health_cached()  # grading refuses to run unconfined when this is down
    return OPERATIONAL if ok else DOWN


def health_report() -> dict:
    services = capability_status()
    services["redis"] = _redis()
    services["database"] = _database()
    services["worker"] = _worker()
    services["sandbox"] = _sandbox()
    if DOWN in (services["database"], services["redis"]):
        status = "unhealthy"
    elif any(value != OPERATIONAL for value in services.values()):
        status = "degraded"
    else:
        status = "healthy"
    return {
        "status": status,
        "version": settings.APP_VERSION,
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        **gpu_info(),
        "services": services,
    }
