"""A bounded schemathesis run over every operation of /openapi.json, as a normal user and as
staff: no input a client can send may make the server answer 5xx (issue 18), and every answer
must be one the schema documents - its status code, Content-Type, headers and body (issue 17).
Generic on purpose: it walks whatever the schema lists, so the endpoints of every app are
covered as soon as they are in the schema.

Not required: `negative_data_rejection` and `positive_data_acceptance`. The seeds' servers are
lenient where the schema is typed (a number sent for a string field is taken as its text, an
unreadable `page_size` falls back to the default) and refuse, in their own formats, inputs no
schema states (blank or whitespace-only text, control characters, state such as "answer a
question first"); bench/bench_api_fuzz.py reports both."""
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
# what the bounded run requires of every response (schemathesis check names)
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,"
          "response_schema_conformance")


@pytest.fixture(scope="module")
def fuzz_server(start_app):
    """Its own server, worker and queue, with the fuzzing throttle budget (settings.test API_FUZZ_BUDGET)."""
    return start_app(API_FUZZ_BUDGET="1")


# Operations the run leaves out: logging out would revoke the one token every other request carries
# (tests/core/test_token_attacks.py covers it).
SKIPPED = {"POST /api/auth/logout"}


def _operations(schema: dict) -> set[str]:
    methods = {"get", "put", "post", "patch", "delete"}
    return {f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item
            if method in methods} - SKIPPED


def run_fuzz(base_url: str, user, workdir: Path, *, max_examples: int, checks: str, timeout: int,
             seed: int = 18) -> tuple[subprocess.CompletedProcess, set[str], Path]:
    """One schemathesis run over every operation of base_url's /openapi.json as `user`; also used
    by bench/bench_api_fuzz.py for the longer run. Returns the process, the operations, the report."""
    from accounts.services import access_token_issue

    token = access_token_issue(user=user)
    schema = requests.get(base_url + "/openapi.json", timeout=30).json()
    _write_config(workdir / "schemathesis.toml", schema, _owned_ids(user))
    report = workdir / "report.ndjson"
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("schemathesis")), "run", base_url + "/openapi.json",
         "--checks", checks, "--max-examples", str(max_examples), "--seed", str(seed),
         "--phases", "examples,coverage,fuzzing", "--workers", "2", "--no-shrink", "--continue-on-failure",
         "--request-timeout", str(REQUEST_TIMEOUT), "--suppress-health-check", "all",
         "-H", f"Authorization: Bearer {token}", "--report", "ndjson", "--report-ndjson-path", str(report)],
        cwd=workdir, capture_output=True, text=True, timeout=timeout,
    )
    return proc, _operations(schema), report


def make_identity(kind: str):
    """The fuzzing user: a normal account, or staff (the staff-only operations reach their logic)."""
    from accounts.models import User

    return User.objects.create_user(username=f"fuzz-{kind}", email=f"fuzz-{kind}@example.com",
                                    password="Fuzz-Budget-2026", is_staff=kind == "staff")


@pytest.mark.parametrize("identity", ["user", "staff"])
def test_every_operation_answers_as_documented_and_never_5xx(fuzz_server, transactional_db, tmp_path, identity):
    started = time.monotonic()
    proc, operations, report = run_fuzz(fuzz_server.url, make_identity(identity), tmp_path,
                                        max_examples=MAX_EXAMPLES, checks=CHECKS, timeout=600)
    elapsed = time.monotonic() - started
    output = proc.stdout + proc.stderr
    print(output[-6000:])
    print(f"schemathesis as {identity}: {len(operations)} operations in {elapsed:.0f} s")
    found = failures(report)
    assert not found, f"{found}\n{output[-8000:]}"
    assert proc.returncode == 0, output[-8000:]
    statuses = _statuses(report)
    assert operations <= set(statuses), sorted(operations - set(statuses))  # every operation was reached
    throttled = {op: counts[429] for op, counts in statuses.items() if counts.get(429)}
    assert not throttled, throttled  # its own budget: answers, not 429s
    assert not any(code >= 500 for counts in statuses.values() for code in counts)


def failures(report: Path) -> dict[str, Counter]:
    """Failed checks per check name and operation, from schemathesis' NDJSON event log."""
    found: dict[str, Counter] = {}
    for line in report.read_text().splitlines():
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished.get("recorder") or {}
        for checks in (recorder.get("checks") or {}).values():
            for check in checks:
                if "fail" in str(check.get("status", "")).lower():
                    found.setdefault(check["name"], Counter())[recorder["label"]] += 1
    return found


def _owned_ids(user) -> list:
    """Ids of records the fuzzing user owns, so operations on `{id}` reach their logic, not only 404."""
    from accounts.services import api_key_create
    from assistant.services import room_create
    from avatar.services import session_create
    from coverletters.models import CoverLetter
    from core.services import job_create
    from interviews import services as interviews
    from interviews.models import InterviewSession
    from postings.models import JobPosting

    posting = JobPosting.objects.create(owner=user, title="백엔드 개발자", company="카카오페이", position="백엔드 개발자",
                                        original_text="자격요건\n- Python 3년 이상\n우대사항\n- Redis 경험")
    letter = CoverLetter.objects.create(owner=user, job_posting=posting, title="자기소개서",
                                        content="결제 시스템의 안정성을 높인 경험이 있습니다.")
    ids: list = [posting.pk, letter.pk]
    for source in (InterviewSession.Source.VOICE, InterviewSession.Source.SESSIONS):
        session = interviews.session_start(owner=user, source=source, language="ko", posting=posting)
        interviews.turn_next(session=session, speak=False)
        ids.append(session.pk)
    ids.append(job_create(kind="documents.ocr", owner=user).id)
    ids.append(session_create(owner=user, user_id="fuzz").session_id)
    ids.append(room_create(owner=user, title="fuzz").pk)
    ids.append(api_key_create(owner=user, name="fuzz")[0].pk)
    return ids


def _write_config(path: Path, schema: dict, ids: list) -> None:
    """Every path parameter of every operation draws from the owned ids half of the time (numeric
    ids also as strings, for the string parameters that match digits only). A response schema
    schemathesis cannot follow or a body it cannot read fails the run: it would go unchecked. The
    SKIPPED operations are not run."""
    names = sorted({param["name"] for item in schema["paths"].values() for op in item.values() if isinstance(op, dict)
                    for param in op.get("parameters", []) if param.get("in") == "path"})
    values = ids + [str(value) for value in ids if isinstance(value, int)]
    lines = ["[warnings]", 'fail-on = ["unresolvable_reference", "missing_deserializer"]', "",
             "[dictionaries.owned]", f"values = {json.dumps(values)}", "", "[parameters]"]
    lines += [f'"path.{name}" = {{ dictionary = "owned", probability = 0.5 }}' for name in names]
    for name in sorted(SKIPPED):
        lines += ["", "[[operations]]", f"include-name = {json.dumps(name)}", "enabled = false"]
    path.write_text("\n".join(lines) + "\n")


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
