"""WebSocket load on loopback, bounded in time: WS_CLIENTS clients on the avatar consumer
(seed 001 `/ws/{session_id}?api_key=`) of ONE daphne process, started as `make run` starts it
(pooled database connections, config.settings.test for generous throttles).

Every client has its own live session; the sessions belong to WS_CLIENTS / 50 accounts with an API
key each (seed 001 caps 50 open sessions per key). Clients arrive at WS_RAMP a second, as a crowd
does rather than in one instant; each connects with its account's key and waits for `connected`,
then waits until every client has got there: the barrier opens only when the last socket is
connected (or has failed), so all WS_CLIENTS sockets are open at once from that moment
(`ws_avatar_open_at_once` counts the sockets open when it opens). Then each sends `ping` and waits
for `pong`, sends the small message `end_session` and waits for its reply `session_ended` (the
session is closed and its transcript written), and the server closes the socket (code 1000).

Printed: `ws_avatar_p50/p95/p99`, the ping → pong round trip with every socket open;
`ws_avatar_message_*`, end_session → session_ended; `ws_avatar_connect_*`, TCP + handshake +
`connected`; errors by kind and `ws_avatar_completed: n of N`. Sizes from the environment:
LOAD_WS_CLIENTS (500), LOAD_WS_RAMP (50 new clients a second).
"""
import asyncio
import json
import os
import resource
import time
from datetime import datetime, timezone

from common import figure, live_app, percentile, setup_django

setup_django("bench_ws")

import websockets  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import override_settings  # noqa: E402

from accounts import services as accounts  # noqa: E402
from avatar import services as avatar  # noqa: E402
from avatar.models import AvatarSession  # noqa: E402

WS_CLIENTS = int(os.environ.get("LOAD_WS_CLIENTS", "500"))
WS_RAMP = float(os.environ.get("LOAD_WS_RAMP", "50"))  # new clients a second
SESSIONS_PER_KEY = 50
STEP_TIMEOUT = 60.0  # one answer
RUN_TIMEOUT = 300.0  # the whole run, first connect to last close


def ws_sessions(n: int) -> list[tuple[str, str]]:
    """n live avatar sessions (fresh each run), SESSIONS_PER_KEY per account, with that account's API key."""
    User = get_user_model()
    pairs = []
    for i in range((n + SESSIONS_PER_KEY - 1) // SESSIONS_PER_KEY):
        owner, _ = User.objects.get_or_create(username=f"bench_ws{i}", defaults={"email": f"bench_ws{i}@example.com"})
        AvatarSession.objects.filter(owner=owner).delete()
        owner.api_keys.all().delete()
        _, key = accounts.api_key_create(owner=owner, name="bench_ws")
        with override_settings(AVATAR_MAX_SESSIONS_PER_OWNER=SESSIONS_PER_KEY):
            for j in range(min(SESSIONS_PER_KEY, n - len(pairs))):
                session = avatar.session_create(owner=owner, user_id=f"ws{j}", language="en")
                pairs.append((session.session_id, key))
    return pairs


class Run:
    def __init__(self, n: int):
        self.n = n
        self.steps = {"connect": [], "ping": [], "message": []}
        self.ready = self.completed = self.errors = 0
        self.open_at_once = 0
        self.error_kinds: dict[str, int] = {}
        self.everyone = asyncio.Event()
        self.open_now = 0

    def arrived(self) -> None:
        """A client is connected, or failed: once all are, the barrier opens."""
        if self.ready + self.errors >= self.n and not self.everyone.is_set():
            self.open_at_once = self.open_now
            self.everyone.set()

    def failed(self, exc: Exception) -> None:
        self.errors += 1
        kind = f"{type(exc).__name__}: {exc}"[:120]
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1
        self.arrived()


async def client(url: str, session_id: str, key: str, run: Run) -> None:
    started = time.perf_counter()
    ready = False
    try:
        async with websockets.connect(f"{url}/ws/{session_id}?api_key={key}", open_timeout=STEP_TIMEOUT,
                                      max_size=2 ** 22, ping_interval=None) as ws:
            run.open_now += 1
            try:
                await expect(ws, "connected")
                run.steps["connect"].append(time.perf_counter() - started)
                ready = True
                run.ready += 1
                run.arrived()
                await asyncio.wait_for(run.everyone.wait(), timeout=RUN_TIMEOUT)
                await round_trip(ws, run, "ping", {"type": "ping"}, "pong")
                await round_trip(ws, run, "message", {"type": "end_session"}, "session_ended")
                await asyncio.wait_for(ws.wait_closed(), timeout=STEP_TIMEOUT)  # the server closes
                if ws.close_code != 1000:
                    raise RuntimeError(f"closed with {ws.close_code}")
            finally:
                run.open_now -= 1
        run.completed += 1
    except Exception as exc:  # noqa: BLE001 - counted by kind
        if ready:
            run.ready -= 1  # not counted twice by the barrier
        run.failed(exc)


async def round_trip(ws, run: Run, step: str, message: dict, answer: str) -> None:
    sent = time.perf_counter()
    await ws.send(json.dumps({**message, "timestamp": datetime.now(timezone.utc).isoformat()}))
    await expect(ws, answer)
    run.steps[step].append(time.perf_counter() - sent)


async def expect(ws, kind: str) -> dict:
    while True:
        data = json.loads(await asyncio.wait_for(ws.recv(), timeout=STEP_TIMEOUT))
        if data.get("type") == kind:
            return data
        if data.get("type") == "error":
            raise RuntimeError(f"{data.get('code')}: {data.get('message')}")


async def ws_run(url: str, pairs: list[tuple[str, str]]) -> tuple[Run, float]:
    run = Run(len(pairs))
    started = time.perf_counter()
    tasks = []
    for session_id, key in pairs:
        tasks.append(asyncio.create_task(client(url, session_id, key, run)))
        await asyncio.sleep(1 / WS_RAMP)
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=RUN_TIMEOUT)
    return run, time.perf_counter() - started


def report(consumer: str, run: Run, wall: float) -> None:
    prefix = f"ws_{consumer}"
    pings = [s * 1000 for s in run.steps["ping"]]
    for pct in (50, 95, 99):
        figure(f"{prefix}_p{pct}", percentile(pings, pct), "ms")
    figure(f"{prefix}_errors", run.errors, "clients")
    print(f"{prefix}_completed: {run.completed} of {run.n}", flush=True)
    figure(f"{prefix}_open_at_once", run.open_at_once, "clients")
    for step in ("connect", "message"):
        ms = [s * 1000 for s in run.steps[step]]
        for pct in (50, 95, 99):
            figure(f"{prefix}_{step}_p{pct}", percentile(ms, pct), "ms")
    figure(f"{prefix}_wall_time", wall, "s")
    if run.error_kinds:
        print(f"# {prefix}: errors {run.error_kinds}", flush=True)


def raise_fd_limit() -> None:
    """Each client is a socket here and one in the server (the server lifts its own limit too)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * WS_CLIENTS + 1024
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(hard, wanted), hard))


def main() -> None:
    raise_fd_limit()
    pairs = ws_sessions(WS_CLIENTS + 1)
    # the server runs as `make run` does: pooled connections (config.settings.test turns them off)
    try:
        with open(os.path.join(settings.VAR_DIR, "bench_ws_server.log"), "w") as log, \
                live_app(worker=False, web_processes=1, log=log,  # the server's own account of errors
                         DB_POOL_MAX_SIZE=os.environ.get("DB_POOL_MAX_SIZE", "20")) as app:
            url = f"ws://127.0.0.1:{app.port}"
            asyncio.run(ws_run(url, pairs[-1:]))  # the first connection imports the consumer's code
            run, wall = asyncio.run(ws_run(url, pairs[:-1]))
            report("avatar", run, wall)
    finally:
        AvatarSession.objects.filter(session_id__in=[sid for sid, _ in pairs]).delete()
    figure("ws_machine_load_average_1min", os.getloadavg()[0], "processes")


if __name__ == "__main__":
    main()
