"""AI capabilities behind small interfaces (llm, embeddings, stt, tts, ocr) and ai.nlp helpers.

ai/providers.py is the one engine switch: `ai.engine()` is the label of the provider that writes
the apps' AI results ("local", "openai", "embedded"); `ai.remote()` says whether that is a model
server (which can fail, and then the app's local rules answer: see ai/fallback.py).
"""
from ai.providers import engine, remote

__all__ = ["engine", "remote"]
