"""Which provider runs each AI capability: one registry, chosen by settings.

Capabilities are `llm`, `embeddings`, `stt`, `tts` and `ocr`. A provider either runs in-process
(`local`: the apps' rules for llm, e5/hashing embeddings, faster-whisper, espeak-ng,
tesseract/easyocr) or speaks the OpenAI protocol at an endpoint (`openai`: OpenAI or any
compatible server; an embedded model server is the same protocol at another base URL).

- settings.AI_ENGINE (`local`, `openai`, `embedded`) picks a preset from ENGINES;
- settings.AI_PROVIDERS ({"stt": "local", …}, env `AI_PROVIDERS=stt=local,tts=local`) overrides
  single capabilities.

A new provider is one `register(Provider(...))` (plus, for a protocol other than OpenAI's, its
code in the capability's module, e.g. ai/stt.py); apps never name providers: they ask
`remote()` (is the llm a model server?) or `serves(task)` (is this task sent to it?) and label
results with `engine()`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ai import embedded_llm

CAPABILITIES = ("llm", "embeddings", "stt", "tts", "ocr")
LOCAL = "local"

# AI_ENGINE presets: capability -> provider name.
ENGINES: dict[str, dict[str, str]] = {
    "local": dict.fromkeys(CAPABILITIES, LOCAL),
    "openai": {"llm": "openai", "embeddings": "openai", "stt": "openai", "tts": "openai", "ocr": LOCAL},
    # issue 16: only the llm goes to the embedded llama.cpp server; speech, embeddings and OCR stay local
    "embedded": {**dict.fromkeys(CAPABILITIES, LOCAL), "llm": "embedded"},
}


@dataclass(frozen=True)
class Endpoint:
    """Where an OpenAI-protocol provider answers, and the model it is asked for."""
    base_url: str
    api_key: str
    timeout: float
    model: str

    @property
    def configured(self) -> bool:
        return bool(self.base_url or self.api_key)


@dataclass(frozen=True)
class Provider:
    capability: str
    name: str  # the engine label results carry ("local", "openai", "embedded")
    endpoint: Callable[[], Endpoint] | None = None  # None: runs in-process
    # The AI tasks (ai.fallback task names) a remote llm provider is asked for; None: all of them.
    # A small model serves only the tasks written and measured for it; the rules answer the rest.
    tasks: frozenset[str] | None = None

    @property
    def remote(self) -> bool:
        return self.endpoint is not None

    def serves(self, task: str) -> bool:
        return self.remote and (self.tasks is None or task in self.tasks)


_registry: dict[tuple[str, str], Provider] = {}


def register(provider: Provider) -> Provider:
    if provider.capability not in CAPABILITIES:
        raise ValueError(f"unknown AI capability {provider.capability!r}")
    _registry[(provider.capability, provider.name)] = provider
    return provider


def _openai_endpoint(model_setting: str) -> Callable[[], Endpoint]:
    def endpoint() -> Endpoint:
        return Endpoint(settings.OPENAI_BASE_URL or "", settings.OPENAI_API_KEY or "", float(settings.OPENAI_TIMEOUT),
                        getattr(settings, model_setting))
    return endpoint


for _capability in CAPABILITIES:
    register(Provider(_capability, LOCAL))
register(Provider("llm", "openai", _openai_endpoint("OPENAI_MODEL")))
register(Provider("embeddings", "openai", _openai_endpoint("OPENAI_EMBEDDING_MODEL")))
register(Provider("stt", "openai", _openai_endpoint("OPENAI_STT_MODEL")))
register(Provider("tts", "openai", _openai_endpoint("OPENAI_TTS_MODEL")))


def _embedded_endpoint() -> Endpoint:
    """The packaged model's llama.cpp server (ai/embedded_llm.py), started by `manage.py serve`;
    its timeout is the time budget of one task, after which the rules answer."""
    return Endpoint(settings.EMBEDDED_LLM_URL or "", "embedded", embedded_llm.budget(), embedded_llm.MODEL_NAME)


# The packaged 1.5B model words the rules' follow-up questions, writes the interview report's summary
# and answers questions about the user's documents (interviews/ai.py, assistant/embedded.py).
EMBEDDED_TASKS = frozenset({"interview_question", "interview_report", "assistant_answer"})
register(Provider("llm", "embedded", _embedded_endpoint, tasks=EMBEDDED_TASKS))


def selection() -> dict[str, str]:
    """capability -> provider name for the current settings. An unknown AI_ENGINE means `local`
    (the offline product); `manage.py check` reports it (ai.apps), as it does bad AI_PROVIDERS."""
    chosen = dict(ENGINES.get(getattr(settings, "AI_ENGINE", LOCAL) or LOCAL, ENGINES[LOCAL]))
    for capability, name in (getattr(settings, "AI_PROVIDERS", None) or {}).items():
        if (capability, name) in _registry:
            chosen[capability] = name
    return chosen


def configuration_problems() -> list[str]:
    problems = []
    preset = getattr(settings, "AI_ENGINE", LOCAL) or LOCAL
    if preset not in ENGINES:
        problems.append(f"AI_ENGINE must be one of {', '.join(ENGINES)}, not {preset!r}.")
    for capability, name in ENGINES.get(preset, {}).items():
        if (capability, name) not in _registry:
            problems.append(f"AI_ENGINE={preset} needs a {capability} provider called {name!r}; none is registered.")
    for capability, name in (getattr(settings, "AI_PROVIDERS", None) or {}).items():
        if (capability, name) not in _registry:
            problems.append(f"AI_PROVIDERS: no {capability} provider called {name!r} is registered.")
    return problems


def get(capability: str = "llm", name: str | None = None) -> Provider:
    """The provider that runs `capability` now (or the one called `name`)."""
    name = name or selection()[capability]
    try:
        return _registry[(capability, name)]
    except KeyError:
        raise ImproperlyConfigured(f"No {capability} provider called {name!r} is registered.") from None


def engine(capability: str = "llm") -> str:
    """The engine label of `capability` ("local", "openai", "embedded"): what results are stamped with."""
    return get(capability).name


def remote(capability: str = "llm") -> bool:
    """True when `capability` runs on a model server (so it can fail and fall back to local rules)."""
    return get(capability).remote


def serves(task: str, capability: str = "llm") -> bool:
    """True when `task` goes to a model server now (else the app's local rules answer it)."""
    return get(capability).serves(task)


def endpoint(capability: str = "llm", name: str | None = None) -> Endpoint:
    provider = get(capability, name)
    if provider.endpoint is None:
        raise ImproperlyConfigured(f"The {capability} provider {provider.name!r} runs in-process; it has no endpoint.")
    return provider.endpoint()


def remote_endpoints() -> dict[str, Endpoint]:
    """Endpoint of every capability that runs remotely now (for health checks)."""
    return {c: get(c).endpoint() for c in CAPABILITIES if get(c).remote}
