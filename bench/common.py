"""Helpers for benchmarks: an isolated set of embedded services and figure printing."""
import os
import statistics
import sys
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
