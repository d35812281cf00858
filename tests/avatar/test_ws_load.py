"""Many WebSocket clients on one server with pooled database connections (the bounded version of
bench/bench_ws.py's 500-client run): every client connects with its own session and access
token, gets `connected`, a pong, and `session_ended` for its `end_session`, while the server holds
no more database connections than its pools allow."""
from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from django.db import connection
from rest_framework_simplejwt.tokens import RefreshToken

from tests.avatar.conftest import run_async

CLIENTS = 100
POOL = 5  # per web process


@pytest.fixture(scope="module")
def pooled_server(start_app):
    return start_app(DB_POOL_MAX_SIZE=str(POOL), AVATAR_API_RATE="1000000/min")


async def _expect(ws, kind: str) -> dict:
    while True:
        data = json.loads(await asyncio.wait_for(ws.recv(), timeout=60))
        if data["type"] == kind:
            return data
        assert data["type"] != "error", data


def _server_connections() -> int:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                           " AND pid <> pg_backend_pid() AND backend_type = 'client backend'")
            return cursor.fetchone()[0]
    finally:
        connection.close()  # this thread's own connection


def test_many_clients_on_pooled_connections(transactional_db, pooled_server, make_owner, settings):
    from avatar import services

    settings.AVATAR_MAX_SESSIONS_PER_OWNER = settings.AVATAR_MAX_SESSIONS_PER_USER = CLIENTS
    owner, _ = make_owner()
    token = str(RefreshToken.for_user(owner).access_token)
    sessions = [services.session_create(owner=owner, user_id=f"u{i}", language="en").session_id
                for i in range(CLIENTS)]
    url = pooled_server.url.replace("http", "ws")
    everyone, ready, seen = asyncio.Event(), [], []

    async def client(session_id: str):
        async with websockets.connect(f"{url}/ws/{session_id}?token={token}", open_timeout=30,
                                      ping_interval=None) as ws:
            assert (await _expect(ws, "connected"))["session_id"] == session_id
            await ws.send(json.dumps({"type": "ping"}))
            await _expect(ws, "pong")
            ready.append(session_id)
            if len(ready) == CLIENTS:
                everyone.set()
            await asyncio.wait_for(everyone.wait(), timeout=120)
            await ws.send(json.dumps({"type": "end_session"}))
            return (await _expect(ws, "session_ended"))["status"]

    async def run():
        tasks = []
        for session_id in sessions:
            tasks.append(asyncio.create_task(client(session_id)))
            await asyncio.sleep(0.05)
        await asyncio.wait_for(everyone.wait(), timeout=120)
        seen.append(await asyncio.to_thread(_server_connections))  # every socket open at once
        return await asyncio.gather(*tasks)

    statuses = run_async(run())
    assert statuses == ["terminated"] * CLIENTS
    # two web processes and a Celery worker on this database: the pools bound the web side
    assert seen[0] <= 2 * POOL + 4, seen
