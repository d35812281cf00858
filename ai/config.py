"""What runs each AI capability right now: the data behind seed 001's `GET /api/config`.

`active_config()` has the seed's keys (stt, llm, tts, avatar, optimization, with the same field
names) plus `engine` and `embeddings`; the avatar API can return it as is.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

from ai import embeddings
from ai.status import engine

LOCAL_LLM_TEMPERATURE = 0.0  # the rule engine is deterministic
OPENAI_LLM_TEMPERATURE = 0.3  # ai.llm.chat's default
EMBEDDED_LLM_TEMPERATURE = 0.0  # greedy: the apps ask the embedded model for reproducible wording
LOCAL_STT_MODELS = {"en": "tiny.en", "ko": "base"}
LOCAL_TTS_VOICES = {"ko": "ko", "en": "en-us"}
AVATAR = {"fps": 25, "resolution": [512, 512], "use_tensorrt": False}


def active_config() -> dict[str, Any]:
    openai = engine() == "openai"
    language = (getattr(settings, "LANGUAGE_CODE", "ko") or "ko").split("-")[0]
    if openai:
        stt = {"provider": "openai", "model": settings.OPENAI_STT_MODEL, "language": language}
        llm = {"provider": "openai", "model": settings.OPENAI_MODEL, "temperature": OPENAI_LLM_TEMPERATURE}
        tts = {"provider": "openai", "model": settings.OPENAI_TTS_MODEL,
               "voice_id": getattr(settings, "OPENAI_TTS_VOICE", "alloy")}
        embed = {"provider": "openai", "model": settings.OPENAI_EMBEDDING_MODEL, "dim": embeddings.dimension()}
    else:
        stt = {"provider": "faster-whisper", "model": "+".join(LOCAL_STT_MODELS.values()), "language": language,
               "models": dict(LOCAL_STT_MODELS)}
        llm = {"provider": "local-rules", "model": "ai.nlp", "temperature": LOCAL_LLM_TEMPERATURE}
        tts = {"provider": "espeak-ng", "model": "espeak-ng", "voice_id": LOCAL_TTS_VOICES.get(language, "ko"),
               "voices": dict(LOCAL_TTS_VOICES)}
        embed = {"provider": "hashing", "model": embeddings.model_name("local"), "dim": embeddings.dimension()}
        if engine() == "embedded":  # speech, embeddings and OCR stay local; the packaged model writes
            from ai import embedded_llm

            status, reason = embedded_llm.status()
            llm = {"provider": "llama.cpp", "model": embedded_llm.MODEL_NAME, "temperature": EMBEDDED_LLM_TEMPERATURE,
                   "status": status, "fallback": "local-rules", "time_budget_s": embedded_llm.budget(),
                   **({"reason": reason} if reason else {})}
    return {
        "engine": engine(),
        "stt": stt,
        "llm": llm,
        "tts": tts,
        "embeddings": embed,
        "avatar": dict(AVATAR, resolution=list(AVATAR["resolution"])),
        "optimization": {"enable_cache": True,  # TTS audio is cached by content
                         "enable_batching": True, "batch_size": embeddings.BATCH_SIZE},
    }
