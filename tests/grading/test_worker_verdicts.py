"""Every verdict from a real program in each language, and the escape suite, graded by a real
Celery worker through the seed 004 HTTP surface."""
from __future__ import annotations

import os
import secrets
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from django.conf import settings

from tests.grading.conftest import PROGRAMS, LiveApi, submit_body

LABELS = {"python3": "python3.11", "cpp17": "c++17", "java17": "java17"}


def _submit_all(api, session, programs: dict[str, tuple[str, str]]) -> dict[str, dict]:
    ids = {}
    for key, (code, language) in programs.items():
        body = submit_body(session, code, language)
        response = api.post("/api/session/submit", body)
        assert response.status_code == 200, response.text
        assert response.json() == {"submissionId": body["submissionId"], "status": "successed"}
        ids[key] = body["submissionId"]
    return {key: api.wait_graded(sid) for key, sid in ids.items()}


def test_every_verdict_in_every_language(live_url, make_user, adder, open_session):
    user = make_user()
    session = open_session(user, adder)
    api = LiveApi(live_url, user)
    programs = {f"{lang}:{verdict}": (code, LABELS[lang])
                for lang, table in PROGRAMS.items() for verdict, code in table.items()}
    results = _submit_all(api, session, programs)
    for key, body in results.items():
        language, expected = key.split(":")
        assert body["status"] == "done", (key, body)
        assert body["verdict"] == expected, (key, body)
        if expected == "CE":
            assert body["compileOutput"] and body["tests"] == []
            continue
        assert [t["ordinal"] for t in body["tests"]] == [1, 2]
        assert all(t["memoryKb"] > 0 for t in body["tests"]), key
        if expected == "AC":
            assert body["passed"] == 2 and all(t["verdict"] == "AC" for t in body["tests"])
            assert max(t["timeMs"] for t in body["tests"]) < 1000
        if expected == "TLE":
            assert all(t["verdict"] == "TLE" for t in body["tests"])
        if expected == "MLE":
            assert body["maxMemoryKb"] >= 100 * 1024 or language == "java17"


ESCAPES = {
    "fork_bomb": "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
    "fork_bomb_cpp": ("#include <unistd.h>\nint main(){{for(;;)fork();}}\n", "cpp"),
    "alloc_2gib": "block = bytearray(2 * 1024 ** 3)\nprint(len(block))\n",
    "infinite_loop": "while True:\n    pass\n",
    "sleep_past_wall": "import time\ntime.sleep(60)\nprint('SAFE')\n",
    "write_outside": (
        "import os\nhits = []\nfor path in {paths!r}:\n    try:\n        with open(path, 'w') as f:\n            f.write('x')\n"
        "        hits.append(path)\n    except OSError:\n        pass\n"
        "print('SAFE')\n"),
    "network": (
        "import socket\nleaks = []\nfor port in {ports!r}:\n    try:\n        socket.create_connection(('127.0.0.1', port), timeout=2)\n"
        "        leaks.append(port)\n    except OSError:\n        pass\n"
        "for path in {sockets!r}:\n    try:\n        s = socket.socket(socket.AF_UNIX)\n        s.connect(path)\n        leaks.append(path)\n"
        "    except OSError:\n        pass\n"
        "print('LEAK' if leaks else 'SAFE')\n"),
    "environ": (
        "import os\nsecrets = ('DATABASE_URL', 'DJANGO_SETTINGS_MODULE', 'SECRET', 'REDIS', 'OPENAI', 'PATH=/root')\n"
        "found = [k for k in os.environ if any(s in k for s in secrets)]\n"
        "for pid in os.listdir('/proc'):\n    if pid.isdigit():\n        try:\n            data = open(f'/proc/{{pid}}/environ', 'rb').read().decode()\n"
        "            found += [s for s in secrets if s in data]\n        except OSError:\n            pass\n"
        "print('LEAK' if found else 'SAFE')\n"),
    "project_files": (
        "import os\nfound = []\nfor path in {files!r}:\n    try:\n        open(path, 'rb').read(10)\n        found.append(path)\n"
        "    except OSError:\n        pass\nfor d in ('/work', '/root', '/home', '/var', '/srv', '/opt'):\n    if os.path.exists(d):\n"
        "        found.append(d)\nprint('LEAK' if found else 'SAFE')\n"),
    "kill_others": (
        "import os, signal\nfor pid in {pids!r}:\n    try:\n        os.kill(pid, signal.SIGKILL)\n    except OSError:\n        pass\n"
        "try:\n    os.kill(-1, signal.SIGKILL)\nexcept OSError:\n    pass\nprint('SAFE')\n"),
    "huge_output": "import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n",
}


def _live_sandbox_processes(uid: int) -> list[int]:
    """Processes of the sandbox uid that still run (zombies wait for the host's init to reap them)."""
    deadline = time.monotonic() + 5
    while True:
        live = [p.pid for p in psutil.process_iter(["uids", "status"])
                if p.info["uids"] and p.info["uids"].real == uid and p.info["status"] != psutil.STATUS_ZOMBIE]
        if not live or time.monotonic() > deadline:
            return live
        time.sleep(0.2)


@pytest.fixture
def escape_problem(db):
    from grading import services
    from grading.models import Problem

    problem = Problem.objects.create(slug=f"escape-{secrets.token_hex(3)}", title="탈출 시도", title_en="Escape attempts")
    services.problem_spec_create(problem=problem, statement="SAFE를 출력하세요.", time_limit_ms=1000, memory_limit_mb=128,
                                 tests=[("", "SAFE\n", True)])
    return problem


def test_escape_suite_is_contained(live_url, make_user, escape_problem, open_session, _app_server):
    from config.celery import app

    user = make_user()
    session = open_session(user, escape_problem)
    api = LiveApi(live_url, user)
    token = secrets.token_hex(6)
    base = Path(settings.BASE_DIR)
    outside = [f"/tmp/escape-{token}", str(base / f"escape-{token}"), f"/root/escape-{token}", f"/box/escape-{token}",
               f"/usr/escape-{token}", f"/etc/escape-{token}"]
    sentinel = subprocess.Popen(["sleep", "300"])
    worker = _app_server.worker
    port = int(live_url.rsplit(":", 1)[1])
    redis_socket = str(next(base.glob("var/**/*.socket"), base / "var/redis/redis.socket"))
    project_files = [str(base / "config/settings/base.py"), str(base / "manage.py"), redis_socket,
                     *[str(p) for p in list(base.glob("var/**/*"))[:5]], "/proc/1/root/etc/shadow"]
    programs = {}
    for name, program in ESCAPES.items():
        code, lang = (program if isinstance(program, tuple) else (program, "python3.11"))
        code = code.format(paths=outside, ports=[port, 6379, 5432], sockets=[redis_socket], files=project_files,
                           pids=[worker.pid, sentinel.pid, os.getpid(), 1])
        programs[name] = (code, lang)
    try:
        results = _submit_all(api, session, programs)
        verdicts = {name: body["verdict"] for name, body in results.items()}
        assert all(body["status"] == "done" for body in results.values()), results
        for name in ("write_outside", "network", "environ", "project_files", "kill_others"):
            assert verdicts[name] == "AC", (name, results[name])  # the program itself found nothing to leak
        assert verdicts["alloc_2gib"] == "MLE"
        assert verdicts["infinite_loop"] == "TLE"
        assert verdicts["sleep_past_wall"] == "TLE"
        assert results["sleep_past_wall"]["tests"][0]["message"] == "wall-clock limit exceeded"
        assert verdicts["fork_bomb"] in ("TLE", "RE") and verdicts["fork_bomb_cpp"] in ("TLE", "RE")
        assert verdicts["huge_output"] == "RE"
        assert results["huge_output"]["tests"][0]["message"] == "output limit exceeded"
        for path in outside:
            assert not os.path.exists(path), path
        assert sentinel.poll() is None, "a sandboxed program killed a host process"
        assert worker.poll() is None and app.control.ping(destination=[_app_server.worker_name], timeout=2)
        uid = int(getattr(settings, "GRADING_SANDBOX_UID", 64000))
        assert _live_sandbox_processes(uid) == [], "sandboxed processes outlived their run"
    finally:
        sentinel.kill()
        sentinel.wait()
