"""One OpenAI-compatible client per configuration, and the retry policy every capability shares.

The SDK's own retries are off (max_retries=0) so that retries, backoff and error codes are
decided here: only retryable failures (timeouts, 429, 5xx, connection errors) are retried.
"""
from __future__ import annotations

import logging
import random
import threading
import time
from typing import Callable, TypeVar

import httpx2
import openai
from ai import providers
from ai.errors import AIError

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_ATTEMPTS = 3
BACKOFF_BASE = 0.5  # seconds; doubled each attempt, with jitter
BACKOFF_CAP = 8.0

TRANSPORT_ERRORS = (openai.OpenAIError, httpx2.HTTPError, httpx2.StreamError)

_clients: dict[tuple, openai.OpenAI] = {}
_lock = threading.Lock()


def client(capability: str = "llm", provider: str | None = None) -> openai.OpenAI:
    """Client for the endpoint of `provider` (default: the one that runs `capability` now; tests
    change settings, so the cache is keyed on the endpoint)."""
    endpoint = providers.endpoint(capability, provider)
    key = (endpoint.base_url or None, endpoint.api_key, endpoint.timeout)
    with _lock:
        if key not in _clients:
            _clients[key] = openai.OpenAI(
                base_url=key[0], api_key=key[1] or "no-key",  # local servers (Ollama, vLLM) ignore it
                timeout=key[2], max_retries=0,
            )
        return _clients[key]


def classify(exc: BaseException, prefix: str) -> tuple[str, bool, str]:
    """(code, retryable, message) for an SDK or transport exception, codes like LLM_TIMEOUT."""
    if isinstance(exc, openai.APITimeoutError):
        return f"{prefix}_TIMEOUT", True, "The model server did not answer in time."
    if isinstance(exc, openai.APIConnectionError):
        return f"{prefix}_ERROR", True, f"Could not reach the model server: {exc}"
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429:
            return f"{prefix}_RATE_LIMIT", True, "The model server's rate limit was exceeded."
        if status == 408:
            return f"{prefix}_TIMEOUT", True, "The model server timed out."
        return f"{prefix}_ERROR", status >= 500 or status == 409, f"Model server error {status}: {_message(exc)}"
    if isinstance(exc, openai.APIResponseValidationError):
        return f"{prefix}_INVALID_RESPONSE", False, "The model server's answer did not have the expected shape."
    if isinstance(exc, httpx2.TimeoutException):  # raised while reading a stream
        return f"{prefix}_TIMEOUT", True, "The model server stopped answering."
    if isinstance(exc, httpx2.HTTPError):
        return f"{prefix}_ERROR", True, f"Connection to the model server failed: {exc}"
    return f"{prefix}_ERROR", False, f"{type(exc).__name__}: {exc}"


def _message(exc: openai.APIStatusError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body)
    return str(error.get("message") if isinstance(error, dict) else error or exc.message)[:300]


def retry_delay(exc: BaseException, attempt: int) -> float:
    """Honour the server's Retry-After (capped), otherwise exponential backoff with jitter."""
    response = getattr(exc, "response", None)
    if response is not None:
        for header, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
            value = response.headers.get(header)
            try:
                if value is not None:
                    return min(BACKOFF_CAP, max(0.0, float(value) * scale))
            except ValueError:
                continue
    return min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt)) * (0.5 + random.random() / 2)


def call(fn: Callable[[], T], *, error: type[AIError], prefix: str, attempts: int = MAX_ATTEMPTS) -> T:
    """Run fn, retrying retryable failures up to `attempts` times; raise `error` with a seed code."""
    for attempt in range(attempts):
        try:
            return fn()
        except TRANSPORT_ERRORS as exc:
            code, retryable, message = classify(exc, prefix)
            if not retryable or attempt == attempts - 1:
                raise error(code, message, retryable=retryable) from exc
            delay = retry_delay(exc, attempt)
            log.warning("%s (attempt %d/%d), retrying in %.2fs", code, attempt + 1, attempts, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")
