"""What runs each AI capability right now: the data behind seed 001's `GET /api/config`.

`active_config()` has the seed's keys (stt, llm, tts, avatar, optimization, with the same field
names) plus `engine` and `embeddings`; the avatar API can return it as is.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

from ai import embedded_llm, embeddings, providers
from ai.status import embedded_status

LOCAL_LLM_TEMPERATURE = 0.0  # the rule engine is deterministic
OPENAI_LLM_TEMPERATURE = 0.3  # ai.llm.chat's default
EMBEDDED_LLM_TEMPERATURE = 0.0  # greedy: the apps ask the embedded model for reproducible wording
LOCAL_STT_MODELS = {"en": "tiny.en", "ko": "base"}
LOCAL_TTS_VOICES = {"ko": "ko", "en": "en-us"}
AVATAR = {"fps": 25, "resolution": [512, 512], "use_tensorrt": False}


def active_config() -> dict[str, Any]:
    language = (getattr(settings, "LANGUAGE_CODE", "ko") or "ko").split("-")[0]
    chosen = {capability: providers.get(capability) for capability in ("stt", "llm", "tts", "embeddings")}

    def model(capability: str) -> str:
        return chosen[capability].endpoint().model

    if chosen["stt"].remote:
        stt = {"provider": chosen["stt"].name, "model": model("stt"), "language": language}
    else:
        stt = {"provider": "faster-whisper", "model": "+".join(LOCAL_STT_MODELS.values()), "language": language,
               "models": dict(LOCAL_STT_MODELS)}
    if chosen["llm"].name == "embedded":  # the packaged model behind llama.cpp's server (ai/embedded_llm.py)
        status, reason = embedded_status()
        llm = {"provider": "llama.cpp", "model": model("llm"), "temperature": EMBEDDED_LLM_TEMPERATURE,
               "status": status, "fallback": "local-rules", "time_budget_s": embedded_llm.budget(),
               **({"reason": reason} if reason else {})}
    elif chosen["llm"].remote:
        llm = {"provider": chosen["llm"].name, "model": model("llm"), "temperature": OPENAI_LLM_TEMPERATURE}
    else:
        llm = {"provider": "local-rules", "model": "ai.nlp", "temperature": LOCAL_LLM_TEMPERATURE}
    if chosen["tts"].remote:
        tts = {"provider": chosen["tts"].name, "model": model("tts"),
               "voice_id": getattr(settings, "OPENAI_TTS_VOICE", "alloy")}
    else:
        tts = {"provider": "espeak-ng", "model": "espeak-ng", "voice_id": LOCAL_TTS_VOICES.get(language, "ko"),
               "voices": dict(LOCAL_TTS_VOICES)}
    if chosen["embeddings"].remote:
        embed = {"provider": chosen["embeddings"].name, "model": model("embeddings"), "dim": embeddings.dimension()}
    else:
        embed = {"provider": "hashing", "model": embeddings.model_name("local"), "dim": embeddings.dimension()}
    return {
        "engine": providers.engine(),
        "stt": stt,
        "llm": llm,
        "tts": tts,
        "embeddings": embed,
        "avatar": dict(AVATAR, resolution=list(AVATAR["resolution"])),
        "optimization": {"enable_cache": True,  # TTS audio is cached by content
                         "enable_batching": True, "batch_size": embeddings.BATCH_SIZE},
    }
