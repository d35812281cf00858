"""The fake OpenAI-compatible server other tests rely on: protocol details the SDK sees."""
from __future__ import annotations

import io
import wave

import openai
import pytest

from tests.fakeopenai import schema_instance


@pytest.fixture
def client(fake_openai):
    return openai.OpenAI(base_url=fake_openai.url, api_key="test-key", max_retries=0)


def test_unscripted_chat_echoes_and_fills_json_schemas(client, fake_openai):
    reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "안녕하세요"}])
    assert reply.choices[0].message.content == "(fake) 안녕하세요"
    schema = {"type": "object", "required": ["score"], "properties": {
        "score": {"type": "integer", "minimum": 1},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "level": {"enum": ["junior", "senior"]}}}
    reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], response_format={
        "type": "json_schema", "json_schema": {"name": "r", "schema": schema}})
    assert reply.choices[0].message.content == '{"score": 1, "tags": ["example"], "level": "junior"}'
    assert schema_instance(schema) == {"score": 1, "tags": ["example"], "level": "junior"}


def test_embeddings_base64_and_float_agree(client):
    floats = client.embeddings.create(model="e", input=["면접 준비"], dimensions=16, encoding_format="float")
    packed = client.embeddings.create(model="e", input=["면접 준비"], dimensions=16, encoding_format="base64")
    assert len(floats.data[0].embedding) == 16
    assert floats.data[0].embedding == pytest.approx(_decode(packed.data[0].embedding), abs=1e-6)


def _decode(value):
    import base64
    import struct

    if isinstance(value, list):
        return value
    raw = base64.b64decode(value)
    return list(struct.unpack(f"<{len(raw) // 4}f", raw))


def test_speech_returns_real_audio(client, fake_openai):
    wav = client.audio.speech.create(model="tts-1", voice="alloy", input="Tell me about yourself.",
                                     response_format="wav").content
    with wave.open(io.BytesIO(wav)) as audio:
        assert audio.getnchannels() == 1 and audio.getnframes() / audio.getframerate() > 0.5
    mp3 = client.audio.speech.create(model="tts-1", voice="alloy", input="안녕하세요", response_format="mp3").content
    assert mp3[:3] == b"ID3" or mp3[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")
    assert fake_openai.requests_to("/audio/speech")[1].json["input"] == "안녕하세요"


def test_transcription_verbose_json_with_words(client, fake_openai):
    wav = client.audio.speech.create(model="tts-1", voice="alloy", input="Hello there. I am ready.",
                                     response_format="wav").content
    fake_openai.transcription("Hello there. I am ready.", language="english")
    result = client.audio.transcriptions.create(model="whisper-1", file=("answer.wav", wav), language="en",
                                                response_format="verbose_json",
                                                timestamp_granularities=["word", "segment"])
    assert result.text == "Hello there. I am ready." and result.language == "english"
    assert [s.text for s in result.segments] == ["Hello there.", "I am ready."]
    assert result.duration > 0.5 and result.segments[-1].end == pytest.approx(result.duration, abs=0.01)
    assert [w.word for w in result.words] == ["Hello", "there.", "I", "am", "ready."]
    request = fake_openai.requests_to("/audio/transcriptions")[0]
    assert request.form["model"] == "whisper-1" and request.form["language"] == "en"
    assert request.files["file"] == wav


def test_errors_and_auth(client, fake_openai):
    fake_openai.fail(500, kind="embeddings")
    with pytest.raises(openai.InternalServerError):
        client.embeddings.create(model="e", input=["x"])
    with pytest.raises(openai.BadRequestError):
        client.embeddings.create(model="e", input=[""])
    bad = openai.OpenAI(base_url=fake_openai.url, api_key="x", max_retries=0)
    fake_openai.api_key = "right"
    with pytest.raises(openai.AuthenticationError):
        bad.models.list()
    assert [m.id for m in client.with_options(api_key="right").models.list().data][0] == "gpt-4o-mini"
