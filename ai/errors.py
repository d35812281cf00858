"""One error type for every AI capability; it says whether a retry can help.

`code` uses the seed documents' names (LLM_TIMEOUT, LLM_RATE_LIMIT, LLM_ERROR,
LLM_INVALID_RESPONSE, STT_ERROR, STT_INVALID_AUDIO, STT_NO_SPEECH, TTS_ERROR, TTS_INVALID_TEXT,
OCR_* …) so API layers can map them to their own envelopes.
"""
from __future__ import annotations


class AIError(Exception):
    capability = "ai"

    def __init__(self, code: str, message: str = "", *, retryable: bool = False):
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.retryable = retryable


class LLMError(AIError):
    capability = "llm"


class EmbeddingError(AIError):
    capability = "embeddings"


class STTError(AIError):
    capability = "stt"


class TTSError(AIError):
    capability = "tts"


class OCRError(AIError):
    capability = "ocr"
