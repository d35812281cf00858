"""PostgreSQL restarts under a running web process: during the outage every surface answers 503
in its own format (never 500), and afterwards the same process answers normally again.

It runs on a throw-away embedded cluster of its own (pgserver, migrated here), so stopping the
server never touches the database the other tests share.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time

import pytest
import requests

from core import processes

SETUP = """
import json
from django.test import Client
from accounts.models import User
from accounts import services
from rest_framework_simplejwt.tokens import RefreshToken
user = User.objects.create_user(username="restart", email="restart@example.com", password="Restart-Pass-2026")
_, key = services.api_key_create(owner=user, name="restart")
client = Client()
client.force_login(user)
print(json.dumps({"token": str(RefreshToken.for_user(user).access_token), "key": key,
                  "session": client.cookies["sessionid"].value}))
"""


@pytest.fixture(scope="module")
def cluster(app_env):
    import pgserver
    from django.conf import settings

    pgdata = settings.VAR_DIR / "test-pg-restart"
    shutil.rmtree(pgdata, ignore_errors=True)
    pgdata.mkdir(parents=True)
    server = pgserver.get_server(pgdata, cleanup_mode="delete")
    env = {**app_env, "DATABASE_URL": server.get_uri()}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=processes.BASE_DIR,
                       env=env, check=True, timeout=300)
        out = subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP], cwd=processes.BASE_DIR, env=env,
                             check=True, timeout=120, capture_output=True, text=True).stdout
        yield server, env, json.loads(out.strip().splitlines()[-1])
    finally:
        server.cleanup()
        shutil.rmtree(pgdata, ignore_errors=True)


@pytest.fixture(scope="module")
def web(cluster):
    _server, env, _creds = cluster
    port = processes.free_port()
    procs = processes.spawn_web("127.0.0.1", port, env, processes=1)
    try:
        processes.wait_for_port("127.0.0.1", port, timeout=60, proc=procs[0])
        yield f"http://127.0.0.1:{port}"
    finally:
        processes.stop_all(procs)


def _probes(base: str, creds: dict) -> dict:
    bearer = {"Authorization": f"Bearer {creds['token']}"}
    get = lambda path, **kw: requests.get(base + path, timeout=30, **kw)  # noqa: E731
    return {
        "drf": get("/api/users/me", headers=bearer),
        "seed000": get("/ai/task/task_0123456789abcdef", headers=bearer),
        "seed001": get("/api/stats", headers={"X-API-Key": creds["key"]}),
        "seed004": get("/api/session/submissions/1", headers=bearer),
        "page": get("/accounts/profile", cookies={"sessionid": creds["session"]}),
    }


def _stop(server) -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=server.pgdata, user=server.system_user)


def test_web_process_rides_out_a_database_restart(cluster, web):
    server, _env, creds = cluster
    before = _probes(web, creds)
    assert before["drf"].status_code == 200 and "restart@example.com" in before["drf"].text
    assert before["seed000"].status_code == 404
    assert before["seed001"].status_code == 200
    assert before["seed004"].status_code == 404
    assert before["page"].status_code == 200

    statuses: list[int] = []
    stop = threading.Event()

    def hammer():
        with requests.Session() as http:
            while not stop.is_set():
                try:
                    statuses.append(http.get(web + "/api/users/me", timeout=30,
                                             headers={"Authorization": f"Bearer {creds['token']}"}).status_code)
                except requests.RequestException:
                    statuses.append(-1)
                time.sleep(0.05)

    load = threading.Thread(target=hammer)
    load.start()
    try:
        time.sleep(0.5)
        _stop(server)
        during = _probes(web, creds)
        time.sleep(0.5)
        server.ensure_postgres_running()
        time.sleep(0.5)
    finally:
        stop.set()
        load.join(60)

    for name in ("drf", "seed000", "seed001", "seed004", "page"):
        assert during[name].status_code == 503, (name, during[name].status_code, during[name].text[:300])
        assert during[name].headers.get("Retry-After") == "5", name
    assert during["drf"].json() == {"detail": "The service is briefly unavailable. Try again shortly."}
    assert during["seed000"].json() == {"message": "service_unavailable", "error_code": 5030, "data": None}
    body = during["seed001"].json()["error"]
    assert body["code"] == "SERVICE_UNAVAILABLE" and body["request_id"] == during["seed001"].headers["X-Request-ID"]
    assert during["seed004"].json()["error"] is True
    assert during["seed004"].json()["error_code"] == "SERVICE_UNAVAILABLE"
    assert "text/html" in during["page"].headers["Content-Type"]

    after = _probes(web, creds)
    assert after["drf"].status_code == 200 and "restart@example.com" in after["drf"].text
    assert [after[n].status_code for n in ("seed000", "seed001", "seed004", "page")] == [404, 200, 404, 200]
    deadline = time.monotonic() + 30  # /health refreshes its checks in the background
    while requests.get(web + "/health", timeout=30).json()["services"]["database"] != "operational":
        assert time.monotonic() < deadline, "/health never saw the database again"
        time.sleep(0.5)
    assert set(statuses) <= {200, 503} and 503 in statuses and statuses[-1] == 200, sorted(set(statuses))
    print(f"database restart: {len(statuses)} requests, {statuses.count(503)} answered 503, 0 errors")
