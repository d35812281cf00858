"""AI capabilities behind small interfaces (llm, embeddings, stt, tts, ocr) and ai.nlp helpers.

`ai.engine()` tells apps which engine runs their AI tasks: "local" (offline rules) or "openai".
"""
from ai.status import engine

__all__ = ["engine"]
