"""/health: checks from a list, bounded, cached per process, `degraded` with a reason when slow."""
from __future__ import annotations

import threading
import time

import pytest

from core import health


@pytest.fixture
def checks(settings):
    """A clean check list and cache for one test."""
    saved = list(health.CHECKS)
    health._slots.clear()
    settings.HEALTH_SLOW_MS = 50
    yield health.CHECKS
    health.CHECKS[:] = saved
    health._slots.clear()


def _only(checks, *new):
    checks[:] = list(new)


def test_a_slow_dependency_is_degraded_with_its_reason(checks):
    _only(checks, health.Check("slowdep", lambda: (time.sleep(0.12), "operational")[1], ttl=0))
    first = health.health_report()
    assert first["services"]["slowdep"] == "degraded"
    assert first["status"] == "degraded"
    assert first["details"]["slowdep"].startswith("slow: the check took")


def test_a_hanging_dependency_never_holds_up_health(checks):
    release = threading.Event()
    _only(checks, health.Check("hang", lambda: release.wait(10) and "operational", ttl=0))
    try:
        started = time.monotonic()
        first = health.health_report()
        assert time.monotonic() - started < health.WAIT_FOR_FIRST_RESULT + 0.5
        assert first["services"]["hang"] == "degraded" and "no answer" in first["details"]["hang"]
        for _ in range(20):  # every later request answers at once while the check still hangs
            started = time.monotonic()
            report = health.health_report()
            assert time.monotonic() - started < 0.1
            assert report["status"] == "degraded"
    finally:
        release.set()
    time.sleep(0.2)
    assert health.health_report()["services"]["hang"] == "operational"


def test_a_critical_check_that_fails_makes_the_system_unhealthy(checks):
    def broken():
        raise ConnectionError("refused")

    _only(checks, health.Check("store", broken, critical=True, ttl=0), health.Check("extra", lambda: "operational"))
    report = health.health_report()
    assert report["status"] == "unhealthy"
    assert report["services"] == {"store": "down", "extra": "operational"}
    assert report["details"]["store"] == "check failed (ConnectionError)"  # "refused" stays in the log


def test_register_adds_or_replaces_a_check_and_results_are_reused(checks):
    calls = []
    health.register(health.Check("sandbox", lambda: calls.append(1) or ("degraded", "no cgroup"), ttl=60))
    health.register(health.Check("sandbox", lambda: calls.append(2) or ("degraded", "no cgroup"), ttl=60))
    assert [c.name for c in checks].count("sandbox") == 1
    for _ in range(5):
        report = health.health_report()
    assert calls == [2]
    assert report["services"]["sandbox"] == "degraded" and report["details"]["sandbox"] == "no cgroup"


@pytest.mark.django_db(transaction=True)
def test_worker_status_comes_from_the_heartbeat(checks, settings):
    from core import heartbeat

    settings.CELERY_TASK_DEFAULT_QUEUE = f"hb-test-{time.monotonic_ns()}"
    _only(checks, health.Check("worker", health._worker, ttl=0))
    report = health.health_report()
    assert report["services"]["worker"] == "down"
    assert settings.CELERY_TASK_DEFAULT_QUEUE in report["details"]["worker"]
    heartbeat.beat(queues=[settings.CELERY_TASK_DEFAULT_QUEUE], hostname="w1@test")
    health.health_report()  # serves the last result and refreshes it in the background
    time.sleep(0.2)
    assert health.health_report()["services"]["worker"] == "operational"
    heartbeat.redis_client().delete(heartbeat.KEY.format(queue=settings.CELERY_TASK_DEFAULT_QUEUE))
