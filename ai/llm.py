"""Chat completions for a remote llm provider (ai.providers: `openai`, `embedded`): plain, JSON
validated against a schema, streamed, with tool calls. Any OpenAI-compatible server works (OpenAI,
Ollama, vLLM, llama.cpp server).
Under `embedded` the server is the packaged model's llama.cpp server (ai/embedded_llm.py): one
attempt per request, the schema as its grammar, and chat_json keeps every task within its time
budget, so ai.fallback can give the rules' answer instead.

The `local` provider does not come through here: apps implement local rules on top of ai.nlp and
reach this module through ai.fallback. Calling chat() while the llm is local raises LLMError so
the mistake is loud.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Iterator, Literal

from jsonschema import Draft202012Validator

from ai import openai_client, providers
from ai.errors import LLMError
from ai.providers import engine, remote
from ai.services import usage_record

Message = dict[str, Any]

__all__ = ["ChatResult", "StreamEvent", "ToolCall", "Usage", "chat", "chat_json", "engine", "function_tool",
           "model_name", "remote", "stream"]


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any]

    def as_message_part(self) -> dict[str, Any]:
        return {"id": self.id, "type": "function",
                "function": {"name": self.name, "arguments": json.dumps(self.arguments, ensure_ascii=False)}}


@dataclass(frozen=True)
class ChatResult:
    text: str
    tool_calls: list[ToolCall]
    usage: Usage
    model: str
    engine: str
    finish_reason: str | None = None
    latency_ms: int = 0

    def assistant_message(self) -> Message:
        """The reply as a message to append before sending tool results back."""
        message: Message = {"role": "assistant", "content": self.text or None}
        if self.tool_calls:
            message["tool_calls"] = [call.as_message_part() for call in self.tool_calls]
        return message


@dataclass(frozen=True)
class StreamEvent:
    """`delta` events carry new text; the last event is `done` with the full text, tool calls
    and usage."""
    kind: Literal["delta", "done"]
    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    usage: Usage | None = None
    finish_reason: str | None = None
    model: str = ""


def function_tool(name: str, description: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """A tool definition in the chat-completions format."""
    return {"type": "function", "function": {"name": name, "description": description, "parameters": parameters}}


def model_name(model: str | None = None) -> str:
    return model or providers.endpoint("llm").model


# ---------------------------------------------------------------- chat
def chat(messages: list[Message], *, model: str | None = None, temperature: float = 0.3,
         max_tokens: int | None = None, tools: list[dict] | None = None, tool_choice: Any = None,
         timeout: float | None = None, response_format: dict | None = None, purpose: str = "chat") -> ChatResult:
    params = _params(messages, model, temperature, max_tokens, tools, tool_choice, timeout, response_format)
    started = time.monotonic()
    attempts = 1 if engine() == "embedded" else openai_client.MAX_ATTEMPTS  # a local server: no retry within a budget
    try:
        response = openai_client.call(lambda: openai_client.client().chat.completions.create(**params),
                                      error=LLMError, prefix="LLM", attempts=attempts)
        result = _result(response, params["model"], _elapsed_ms(started))
    except LLMError as exc:
        _record(params["model"], purpose, Usage(), started, exc.code)
        raise
    _record(result.model, purpose, result.usage, started)
    return result


def _params(messages: list[Message], model: str | None, temperature: float, max_tokens: int | None,
            tools: list[dict] | None, tool_choice: Any, timeout: float | None,
            response_format: dict | None) -> dict[str, Any]:
    if not remote():
        raise LLMError("LLM_ERROR", "The llm provider is 'local': ai.llm serves only model servers; "
                                    "use the app's local rules instead.")
    if not providers.endpoint("llm").base_url and engine() == "embedded":  # never the SDK's default host
        raise LLMError("LLM_ERROR", "The embedded model server is not running (EMBEDDED_LLM_URL is unset).")
    if not messages:
        raise LLMError("LLM_ERROR", "No messages to send.")
    params: dict[str, Any] = {"model": model_name(model), "messages": messages, "temperature": temperature}
    if max_tokens is not None:
        params["max_tokens"] = max_tokens
    if tools:
        params["tools"] = tools
        if tool_choice is not None:
            params["tool_choice"] = tool_choice
    if timeout is not None:
        params["timeout"] = timeout
    if response_format is not None:
        params["response_format"] = response_format
    return params


def _result(response: Any, requested_model: str, latency_ms: int) -> ChatResult:
    choices = getattr(response, "choices", None)
    if not choices or getattr(choices[0], "message", None) is None:
        raise LLMError("LLM_INVALID_RESPONSE", "The model server answered without a message.")
    message = choices[0].message
    calls = [_tool_call(c.id, c.function.name, c.function.arguments)
             for c in (message.tool_calls or []) if getattr(c, "function", None) is not None]
    return ChatResult(text=message.content or "", tool_calls=calls, usage=_usage(response.usage),
                      model=response.model or requested_model, engine=engine(),
                      finish_reason=choices[0].finish_reason, latency_ms=latency_ms)


def _tool_call(call_id: str | None, name: str | None, arguments: str | None) -> ToolCall:
    try:
        parsed = json.loads(arguments) if arguments and arguments.strip() else {}
    except ValueError as exc:
        raise LLMError("LLM_INVALID_RESPONSE", f"Tool call {name!r} has arguments that are not JSON.") from exc
    if not isinstance(parsed, dict) or not name:
        raise LLMError("LLM_INVALID_RESPONSE", "A tool call needs a name and a JSON object of arguments.")
    return ToolCall(id=call_id or "", name=name, arguments=parsed)


def _usage(usage: Any) -> Usage:
    if usage is None:
        return Usage()
    prompt, completion = usage.prompt_tokens or 0, usage.completion_tokens or 0
    return Usage(prompt, completion, usage.total_tokens or prompt + completion)


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _record(model: str, purpose: str, usage: Usage, started: float, error_code: str = "") -> None:
    usage_record(capability="llm", engine=engine(), model=model, purpose=purpose,
                 prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
                 latency_ms=_elapsed_ms(started), error_code=error_code)


# ---------------------------------------------------------------- JSON answers
def chat_json(messages: list[Message], *, schema: dict[str, Any], name: str = "result",
              mode: Literal["json_schema", "json_object"] = "json_schema", purpose: str = "chat_json",
              **kw: Any) -> dict[str, Any]:
    """A JSON object that satisfies `schema`. One repair round trip; then LLM_INVALID_RESPONSE.
    Both requests together stay within `budget` seconds when given (else LLM_TIMEOUT); under
    `embedded` the budget defaults to the endpoint's timeout (EMBEDDED_LLM_BUDGET) and the schema becomes llama.cpp's
    grammar (constrained decoding)."""
    validator = Draft202012Validator(schema)
    validator.check_schema(schema)  # a broken schema is a programming error, not the model's
    budget = kw.pop("budget", None)
    if engine() == "embedded":
        response_format = {"type": "json_object", "schema": schema}  # llama.cpp's constrained decoding
        budget = providers.endpoint("llm").timeout if budget is None else budget  # EMBEDDED_LLM_BUDGET
    elif mode == "json_schema":
        response_format = {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": False}}
    else:
        response_format = {"type": "json_object"}
    deadline = None if budget is None else time.monotonic() + budget
    conversation = _with_schema_instruction(messages, schema)
    result = chat(conversation, response_format=response_format, purpose=purpose, **_within(deadline, kw))
    data, problem = _parse(result.text, validator)
    if problem is None:
        return data
    conversation = [*conversation, {"role": "assistant", "content": result.text},
                    {"role": "user", "content": f"That reply was not valid: {problem}. Reply again with only "
                                                "the corrected JSON object that matches the schema."}]
    result = chat(conversation, response_format=response_format, purpose=f"{purpose}:repair"[:80],
                  **_within(deadline, kw))
    data, problem = _parse(result.text, validator)
    if problem is None:
        return data
    raise LLMError("LLM_INVALID_RESPONSE", f"The model's answer did not match the expected format: {problem}")


def _within(deadline: float | None, kw: dict[str, Any]) -> dict[str, Any]:
    """The request's keyword arguments with a timeout that ends at the task's deadline."""
    if deadline is None:
        return kw
    left = deadline - time.monotonic()
    if left < 0.5:
        raise LLMError("LLM_TIMEOUT", "The embedded model did not answer within the time budget.", retryable=True)
    return {**kw, "timeout": min(left, kw.get("timeout") or left)}


def _with_schema_instruction(messages: list[Message], schema: dict[str, Any]) -> list[Message]:
    instruction = ("Reply with one JSON object only, with no text around it, matching this JSON Schema:\n"
                   + json.dumps(schema, ensure_ascii=False))
    if messages and messages[0].get("role") == "system" and isinstance(messages[0].get("content"), str):
        return [{**messages[0], "content": messages[0]["content"] + "\n\n" + instruction}, *messages[1:]]
    return [{"role": "system", "content": instruction}, *messages]


_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")


def _parse(text: str, validator: Draft202012Validator) -> tuple[Any, str | None]:
    """(data, None) when valid, else (None, what is wrong). Tolerates code fences and prose
    around the object, which local models often add."""
    candidate = _FENCE.sub("", (text or "").strip())
    try:
        data = json.loads(candidate)
    except ValueError:
        start, end = candidate.find("{"), candidate.rfind("}")
        try:
            data = json.loads(candidate[start:end + 1]) if 0 <= start < end else None
        except ValueError:
            data = None
        if data is None:
            return None, "the reply is not a JSON object"
    if not isinstance(data, dict):
        return None, "the reply is JSON but not an object"
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        return None, "; ".join(f"{_path(e.absolute_path)}: {e.message}" for e in errors[:5])
    return data, None


def _path(parts: Any) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


# ---------------------------------------------------------------- streaming
def stream(messages: list[Message], *, model: str | None = None, temperature: float = 0.3,
           max_tokens: int | None = None, tools: list[dict] | None = None, tool_choice: Any = None,
           timeout: float | None = None, purpose: str = "stream") -> Iterator[StreamEvent]:
    """Text deltas as they arrive, then one `done` event. Opening the stream is retried;
    a failure after text was yielded is raised (it cannot be replayed)."""
    params = _params(messages, model, temperature, max_tokens, tools, tool_choice, timeout, None)
    params.update(stream=True, stream_options={"include_usage": True})
    started = time.monotonic()
    try:
        response = openai_client.call(lambda: openai_client.client().chat.completions.create(**params),
                                      error=LLMError, prefix="LLM")
    except LLMError as exc:
        _record(params["model"], purpose, Usage(), started, exc.code)
        raise
    parts: list[str] = []
    calls: dict[int, dict[str, str]] = {}
    usage, finish, model_used = Usage(), None, params["model"]
    try:
        for chunk in response:
            model_used = getattr(chunk, "model", None) or model_used
            if getattr(chunk, "usage", None) is not None:
                usage = _usage(chunk.usage)
            for choice in chunk.choices or []:
                delta = choice.delta
                if delta is not None and delta.content:
                    parts.append(delta.content)
                    yield StreamEvent("delta", text=delta.content)
                for piece in (delta.tool_calls if delta is not None else None) or []:
                    _merge_tool_delta(calls, piece)
                finish = choice.finish_reason or finish
    except openai_client.TRANSPORT_ERRORS as exc:
        code, retryable, message = openai_client.classify(exc, "LLM")
        _record(model_used, purpose, usage, started, code)
        raise LLMError(code, message, retryable=retryable) from exc
    finally:
        response.close()
    tool_calls = [_tool_call(c["id"], c["name"], c["arguments"]) for _, c in sorted(calls.items())]
    _record(model_used, purpose, usage, started)
    yield StreamEvent("done", text="".join(parts), tool_calls=tool_calls, usage=usage, finish_reason=finish,
                      model=model_used)


def _merge_tool_delta(calls: dict[int, dict[str, str]], piece: Any) -> None:
    """Streamed tool calls arrive as fragments keyed by index: id and name once, arguments in parts."""
    entry = calls.setdefault(piece.index or 0, {"id": "", "name": "", "arguments": ""})
    if piece.id:
        entry["id"] = piece.id
    function = piece.function
    if function is not None:
        if function.name:
            entry["name"] += function.name
        if function.arguments:
            entry["arguments"] += function.arguments
