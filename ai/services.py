"""Writes for the ai app: usage records."""
from __future__ import annotations

import logging

from django.core.exceptions import SynchronousOnlyOperation
from django.db import DatabaseError, transaction

log = logging.getLogger(__name__)


def usage_record(*, capability: str, engine: str, model: str, purpose: str = "", prompt_tokens: int = 0,
                 completion_tokens: int = 0, latency_ms: int = 0, error_code: str = "") -> None:
    """Best-effort: accounting must never break the call it accounts for (no DB, async context,
    a broken outer transaction), so failures are logged and swallowed inside a savepoint."""
    from ai.models import LLMUsage

    try:
        with transaction.atomic():
            LLMUsage.objects.create(
                capability=capability, engine=engine, model=model[:120], purpose=purpose[:80],
                prompt_tokens=max(0, prompt_tokens), completion_tokens=max(0, completion_tokens),
                total_tokens=max(0, prompt_tokens) + max(0, completion_tokens),
                latency_ms=max(0, latency_ms), error_code=error_code[:50],
            )
    except (DatabaseError, SynchronousOnlyOperation, RuntimeError) as exc:  # RuntimeError: DB blocked in tests
        log.debug("usage not recorded: %s", exc)
