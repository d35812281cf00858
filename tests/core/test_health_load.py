"""Regression (issue 18): concurrent /health requests must never wedge a web process.

Each concurrent request runs on its own thread (asgiref gives every request its own
ThreadSensitiveContext). `/health` used to broadcast a Celery ping per request; the broadcast
held a broker connection from the process's pool while its producer waited for a second one,
so ten concurrent pings held all ten and waited forever, and every later publish (the report
job of the fifth interview answer) blocked behind them.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.factories import bearer, make_user


def _answer(http, base, session_id, number, timeout):
    return http.post(f"{base}/api/interviews/{session_id}/answer",
                     data={"turn_number": str(number),
                           "answer_text": "I led the cache migration and cut latency from 800 ms to 120 ms."},
                     timeout=timeout)


def test_health_under_concurrency_leaves_the_server_responsive(live_url):
    user = make_user()
    http = requests.Session()
    http.headers.update(bearer(user))
    session_id = http.post(live_url + "/api/interviews/start", json={"language": "en"}, timeout=60).json()["session_id"]
    for number in range(1, 5):
        assert _answer(http, live_url, session_id, number, 60).status_code == 200
    other = http.post(live_url + "/api/interviews/start", json={"language": "en"}, timeout=60).json()["session_id"]
    assert _answer(http, live_url, other, 1, 60).status_code == 200

    def probe(_):
        started = time.monotonic()
        try:
            status = requests.get(live_url + "/health", timeout=10).status_code
        except requests.RequestException:
            status = None
        return status, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(probe, range(200)))
    assert all(status == 200 for status, _ in results), [r for r in results if r[0] != 200][:5]
    times = sorted(elapsed for _, elapsed in results)
    print(f"health under 20-way load: median {times[100] * 1000:.0f} ms, p95 {times[190] * 1000:.0f} ms")

    # Both web processes share the port: ask several times so each one is asked.
    for _ in range(6):
        started = time.monotonic()
        body = requests.get(live_url + "/health", timeout=2).json()
        assert time.monotonic() - started < 2
        assert body["services"]["worker"] == "operational", body
    started = time.monotonic()
    response = http.post(f"{live_url}/api/interviews/{other}/generate-feedback", timeout=2)
    assert response.status_code == 200, response.text
    assert time.monotonic() - started < 2
    started = time.monotonic()
    response = _answer(http, live_url, session_id, 5, 2)
    assert response.status_code == 200, response.text
    assert response.json()["interview_completed"] is True
    assert time.monotonic() - started < 2

    # The jobs were really published: the worker finishes both reports.
    from interviews.models import InterviewSession

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        states = set(InterviewSession.objects.filter(pk__in=[session_id, other]).values_list("report_status", flat=True))
        if states == {"completed"}:
            break
        time.sleep(0.5)
    assert states == {"completed"}, states
