"""Reads for the ai app."""
from __future__ import annotations

from datetime import datetime

from django.db.models import Avg, Count, Sum

from ai.models import LLMUsage


def usage_totals(*, since: datetime | None = None, capability: str | None = None) -> dict[str, int]:
    """Calls, tokens and mean latency, e.g. for seed 001's /api/stats."""
    qs = LLMUsage.objects.all()
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    if capability:
        qs = qs.filter(capability=capability)
    agg = qs.aggregate(calls=Count("id"), prompt=Sum("prompt_tokens"), completion=Sum("completion_tokens"),
                       total=Sum("total_tokens"), latency=Avg("latency_ms"))
    return {"calls": agg["calls"] or 0, "prompt_tokens": agg["prompt"] or 0,
            "completion_tokens": agg["completion"] or 0, "total_tokens": agg["total"] or 0,
            "average_latency_ms": round(agg["latency"] or 0)}
