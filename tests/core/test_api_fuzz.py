"""A bounded schemathesis run over every operation of /openapi.json: no input a client can send
may make the server answer 5xx (issue 18). Generic on purpose: it walks whatever the schema lists,
so the endpoints of every app are covered as soon as they are in the schema."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))  # per operation and phase: keeps the run to minutes
REQUEST_TIMEOUT = 30


@pytest.fixture(scope="module")
def fuzz_server(start_app):
    """Its own server, worker and queue, with the fuzzing throttle budget (settings.test API_FUZZ_BUDGET)."""
    return start_app(API_FUZZ_BUDGET="1")


def _operations(schema: dict) -> set[str]:
    methods = {"get", "put", "post", "patch", "delete"}
    return {f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item if method in methods}


def test_no_operation_answers_with_a_server_error(fuzz_server, transactional_db, tmp_path):
    from accounts.models import User
    from accounts.services import access_token_issue

    user = User.objects.create_user(username="fuzzer", email="fuzzer@example.com", password="Fuzz-Budget-2026",
                                    is_staff=True)
    token = access_token_issue(user=user)
    schema = requests.get(fuzz_server.url + "/openapi.json", timeout=30).json()
    operations = _operations(schema)
    report = tmp_path / "report.ndjson"
    started = time.monotonic()
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("schemathesis")), "run", fuzz_server.url + "/openapi.json",
         "--checks", "not_a_server_error", "--max-examples", str(MAX_EXAMPLES), "--seed", "18",
         "--phases", "examples,coverage,fuzzing", "--workers", "2", "--no-shrink",
         "--request-timeout", str(REQUEST_TIMEOUT), "--suppress-health-check", "all",
         "-H", f"Authorization: Bearer {token}", "--report", "ndjson", "--report-ndjson-path", str(report)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    elapsed = time.monotonic() - started
    output = proc.stdout + proc.stderr
    print(output[-6000:])
    print(f"schemathesis: {len(operations)} operations in {elapsed:.0f} s")
    assert proc.returncode == 0, output[-8000:]
    statuses = _statuses(report)
    assert operations <= set(statuses), sorted(operations - set(statuses))  # every operation was reached
    throttled = {op: counts[429] for op, counts in statuses.items() if counts.get(429)}
    assert not throttled, throttled  # its own budget: answers, not 429s
    assert not any(code >= 500 for counts in statuses.values() for code in counts)


def _statuses(report: Path) -> dict[str, Counter]:
    """Response status codes per operation, from schemathesis' NDJSON event log."""
    seen: dict[str, Counter] = {}
    for line in report.read_text().splitlines():
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished.get("recorder") or {}
        for interaction in (recorder.get("interactions") or {}).values():
            response = interaction.get("response") or {}
            if response.get("status_code"):
                seen.setdefault(recorder["label"], Counter())[response["status_code"]] += 1
    return seen
