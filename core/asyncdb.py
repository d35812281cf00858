"""Database calls from async code (WebSocket consumers and their middleware) on one bounded pool
of threads per process.

channels' database_sync_to_async is thread-sensitive: outside a per-connection context every socket
of a process queues on one thread; inside one (a thread per connection, as Django gives each HTTP
request) a process with 500 sockets starts 500 threads and, as they close, 500 more to join them,
and the event loop waits for each start (daphne then dropped sockets whose closing handshake it did
not finish within 1 s). A call here is self-contained (channels closes its connection when it
returns), so any thread may run it; there are as many threads as the process's database pool has
connections, since a thread beyond that would only wait for a connection (DB_POOL_TIMEOUT) and fail.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache, wraps

from channels.db import database_sync_to_async
from django.conf import settings

UNPOOLED_THREADS = 20  # without a pool (DB_POOL_MAX_SIZE=0): as many as the default pool has connections


@lru_cache(maxsize=1)
def _threads() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=settings.DB_POOL_MAX_SIZE or UNPOOLED_THREADS, thread_name_prefix="db")


def db(func):
    """`await db(func)(*args)`, or `@db` on a function: run database work on the process's database threads
    (looked up per call, so a test that ends them gets new ones)."""
    @wraps(func)
    async def call(*args, **kwargs):
        return await database_sync_to_async(func, thread_sensitive=False, executor=_threads())(*args, **kwargs)

    return call
