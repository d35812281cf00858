"""The product's one fallback policy for AI tasks (README, "Architecture").

When the llm is a model server (`openai`, `embedded`) and it fails — unreachable, timeout, rate
limit, server error, or an answer that is not the JSON the task's schema asks for — the user gets
the local rules' result, stamped with the engine that really produced it (`engine="local"`) and
the reason (`fallback_reason`, the AI error code). Never a silent mix of the two. Only when the
local rules fail too does the error reach the app, which answers with its documented
"service unavailable" code.
"""
from __future__ import annotations

import logging
from typing import Callable, TypeVar

from ai import providers
from ai.errors import AIError

log = logging.getLogger(__name__)
T = TypeVar("T")

INVALID_RESPONSE = "LLM_INVALID_RESPONSE"


def run(task: str, remote: Callable[[], T], local: Callable[[], T], *,
        committed: Callable[[], bool] | None = None) -> T:
    """`remote()` when the llm is a model server that serves `task` (ai.providers), `local()`
    otherwise or when `remote()` fails.

    Results are dataclasses with `engine` and `fallback_reason` fields (or lists of them).
    `committed()` says whether a streamed answer already reached the user: then a failure is
    raised as is (what was said stands; the app ends the stream with its error event)."""
    if not providers.serves(task):  # local llm, or a model server not asked for this task
        return local()
    try:
        return remote()
    except AIError as exc:
        if committed is not None and committed():
            raise
        reason = exc.code
        log.warning("%s: the %s llm failed (%s); answering with the local rules", task, providers.engine(), reason)
    except (ValueError, TypeError, KeyError) as exc:  # schema-valid JSON whose values cannot be used
        reason = INVALID_RESPONSE
        log.warning("%s: unusable answer from the %s llm (%r); answering with the local rules", task,
                    providers.engine(), exc)
    return mark(local(), reason)


def mark(result: T, reason: str) -> T:
    """Stamp a local result (or each of a list of them) as a fallback for `reason`."""
    for item in result if isinstance(result, list) else [result]:
        item.engine = providers.LOCAL
        item.fallback_reason = reason
    return result
