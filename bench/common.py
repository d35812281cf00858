"""Helpers for benchmarks: an isolated set of embedded services, a live app on them, and figure
printing."""
import os
import statistics
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def setup_django(var_subdir: str = "bench") -> None:
    """Benchmarks use their own embedded PostgreSQL/Redis under var/<var_subdir> (unless URLs are set)."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("VAR_DIR", str(BASE_DIR / "var" / var_subdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@dataclass
class LiveApp:
    url: str
    port: int
    web: list = field(default_factory=list)  # the daphne processes
    worker: subprocess.Popen | None = None


@contextmanager
def live_app(*, worker: bool = True, web_processes: int = 2, log=subprocess.DEVNULL, **env: str):
    """The app as `make run` serves it, on a free loopback port and this benchmark's services:
    `web_processes` daphne servers (and a Celery worker unless `worker=False`) with `env` on top
    of config.settings.test; output goes to `log`. Yields a LiveApp once the web answers; stops
    every process on the way out."""
    from core import processes

    child_env = processes.child_env(DJANGO_SETTINGS_MODULE="config.settings.test", **env)
    port = processes.free_port()
    app = LiveApp(f"http://127.0.0.1:{port}", port)
    try:
        app.web = processes.spawn_web("127.0.0.1", port, child_env, processes=web_processes, stdout=log, stderr=log)
        if worker:
            app.worker = processes.spawn_worker(child_env, concurrency=2, stdout=log, stderr=log)
        processes.wait_for_port("127.0.0.1", port, timeout=60)
        yield app
    finally:
        processes.stop_all([*app.web, *([app.worker] if app.worker else [])])


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def figure(name: str, value: float, unit: str) -> None:
    print(f"{name}: {value:.4g} {unit}", flush=True)


def latency_figures(prefix: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    figure(f"{prefix}_p50", percentile(ms, 50), "ms")
    figure(f"{prefix}_p95", percentile(ms, 95), "ms")
    figure(f"{prefix}_mean", statistics.fmean(ms), "ms")
