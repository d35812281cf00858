"""ai.config.active_config (seed 001 GET /api/config body) and ai.status against the fake server."""
from __future__ import annotations

from ai.config import active_config
from ai.status import OPERATIONAL, DOWN, capability_status

SEED_KEYS = {"stt": {"provider", "model", "language"}, "llm": {"provider", "model", "temperature"},
             "tts": {"provider", "voice_id"}, "avatar": {"fps", "resolution", "use_tensorrt"},
             "optimization": {"enable_cache", "enable_batching", "batch_size"}}


def _has_seed_shape(config: dict) -> None:
    for section, keys in SEED_KEYS.items():
        assert keys <= set(config[section]), section
    assert config["avatar"] == {"fps": 25, "resolution": [512, 512], "use_tensorrt": False}
    assert config["optimization"]["enable_cache"] is True and config["optimization"]["batch_size"] > 0


def test_local_engine_config(settings):
    settings.AI_ENGINE = "local"
    config = active_config()
    _has_seed_shape(config)
    assert config["engine"] == "local"
    assert config["stt"]["provider"] == "faster-whisper" and config["stt"]["models"] == {"en": "tiny.en", "ko": "base"}
    assert config["stt"]["language"] == "ko"
    assert config["llm"]["provider"] == "local-rules"
    assert config["tts"]["provider"] == "espeak-ng" and config["tts"]["voice_id"] == "ko"
    assert config["embeddings"] == {"provider": "hashing", "model": "hashing-ngram-v1-384", "dim": 384}


def test_openai_engine_config(settings, openai_engine):
    settings.OPENAI_MODEL = "llama3.1:8b"
    settings.OPENAI_STT_MODEL = "whisper-large-v3"
    config = active_config()
    _has_seed_shape(config)
    assert config["engine"] == "openai"
    assert config["llm"] == {"provider": "openai", "model": "llama3.1:8b", "temperature": 0.3}
    assert config["stt"]["provider"] == "openai" and config["stt"]["model"] == "whisper-large-v3"
    assert config["tts"]["provider"] == "openai" and config["tts"]["voice_id"]
    assert config["embeddings"] == {"provider": "openai", "model": settings.OPENAI_EMBEDDING_MODEL, "dim": 384}
    assert openai_engine.requests == []  # describing the configuration calls nothing


def test_status_checks_the_remote_server(settings, openai_engine):
    status = capability_status()
    assert status["llm"] == status["stt"] == status["tts"] == OPERATIONAL
    [request] = openai_engine.requests
    assert (request.method, request.path, request.headers["authorization"]) == ("GET", "/v1/models", "Bearer test-key")
    openai_engine.fail(503)
    assert capability_status()["llm"] == DOWN
