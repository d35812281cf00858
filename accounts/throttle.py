"""Login throttling: failed attempts counted per identifier and per client IP in Redis.

Counting happens in the shared cache so every web process sees the same numbers. A window is
fixed: it starts at the first failure and lasts LOGIN_THROTTLE["window"] seconds; a successful
login clears the identifier's count (never the IP's, so one good account cannot unlock a
password-spraying client).
"""
from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

DEFAULTS = {"per_identifier": 5, "per_ip": 20, "window": 15 * 60}
KEY_PREFIX = "login-fail"


@dataclass
class LoginThrottled(Exception):
    retry_after: int  # seconds until the window that blocks this attempt ends


def _config() -> dict:
    return {**DEFAULTS, **getattr(settings, "LOGIN_THROTTLE", {})}


def _key(kind: str, value: str) -> str:
    # hashed so arbitrary user input never becomes part of a cache key verbatim
    digest = hashlib.sha256(value.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"{KEY_PREFIX}:{kind}:{digest}"


def _scopes(identifier: str, ip: str) -> list[tuple[str, int]]:
    config = _config()
    scopes = [(_key("ip", ip or "unknown"), config["per_ip"])]
    if identifier:
        scopes.append((_key("id", identifier), config["per_identifier"]))
    return scopes


def login_check(*, identifier: str, ip: str) -> None:
    """Raise LoginThrottled when this identifier or this IP has used up its failures."""
    now = time.time()
    scopes = _scopes(identifier, ip)
    counts = cache.get_many([key for key, _ in scopes] + [f"{key}:reset" for key, _ in scopes])
    waits = []
    for key, limit in scopes:
        if int(counts.get(key) or 0) >= limit:
            reset_at = float(counts.get(f"{key}:reset") or now + _config()["window"])
            waits.append(max(1, math.ceil(reset_at - now)))
    if waits:
        raise LoginThrottled(retry_after=max(waits))


def login_failed(*, identifier: str, ip: str) -> None:
    window = _config()["window"]
    for key, _ in _scopes(identifier, ip):
        cache.add(key, 0, window)
        cache.add(f"{key}:reset", time.time() + window, window)
        try:
            cache.incr(key)
        except ValueError:  # the window expired between add and incr
            cache.set(key, 1, window)
            cache.set(f"{key}:reset", time.time() + window, window)


def login_succeeded(*, identifier: str) -> None:
    key = _key("id", identifier)
    cache.delete_many([key, f"{key}:reset"])


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""
