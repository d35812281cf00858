"""ai.stt: local faster-whisper on the packaged weights, the openai engine, and streaming."""
import numpy as np
import pytest

from ai import audio, models_store, stt
from ai.errors import STTError
from tests.ai import media


@pytest.mark.parametrize("index", range(len(media.ENGLISH_ANSWERS)))
def test_english_interview_answers_with_tiny_en(index):
    reference = media.ENGLISH_ANSWERS[index]
    transcript = stt.transcribe(media.espeak_wav(reference), language="en")
    error = media.wer(reference, transcript.text)
    print(f"WER {error:.3f}  ref={reference!r}  hyp={transcript.text!r}")
    assert error <= 0.25
    assert transcript.engine == "local" and transcript.model == "whisper-tiny.en"
    assert transcript.language == "en"
    assert transcript.duration == pytest.approx(audio.decode(media.espeak_wav(reference)).duration, abs=0.01)
    words = transcript.words
    assert len(words) >= len(reference.split()) - 3
    assert all(0 <= w.start <= w.end <= transcript.duration + 0.5 for w in words)
    assert all(a.start <= b.start for a, b in zip(words, words[1:]))
    assert all(0 <= w.probability <= 1 for w in words)
    assert transcript.segments[0].start < 1.0


def test_korean_sentence_through_the_multilingual_base_model():
    transcript = stt.transcribe(media.espeak_wav(media.KOREAN_ANSWER, "ko", speed=175), language="ko")
    rate = media.cer(media.KOREAN_ANSWER, transcript.text)
    print(f"Korean CER (espeak ko -> whisper base): {rate:.3f}  hyp={transcript.text!r}")
    assert transcript.model == "whisper-base" and transcript.language == "ko"
    assert transcript.text.strip()
    assert media.hangul_ratio(transcript.text) > 0.8


def test_webm_opus_recording_from_a_browser_is_transcribed():
    reference = media.ENGLISH_ANSWERS[3]
    samples = audio.decode(media.espeak_wav(reference)).samples
    webm = audio.encode(samples, 16000, "webm")
    transcript = stt.transcribe(webm, language="en-US")
    assert media.wer(reference, transcript.text) <= 0.25


def test_unknown_language_is_detected_and_english_goes_to_tiny_en():
    transcript = stt.transcribe(media.espeak_wav(media.ENGLISH_ANSWERS[0]))
    assert transcript.language == "en"
    assert transcript.model == "whisper-tiny.en"
    assert media.wer(media.ENGLISH_ANSWERS[0], transcript.text) <= 0.25


def test_silence_is_no_speech_not_an_invented_transcript():
    with pytest.raises(STTError) as err:
        stt.transcribe(media.wav_bytes(media.silence(3), 16000), language="en")
    assert err.value.code == "STT_NO_SPEECH"


@pytest.mark.parametrize("data", [b"", b"\x00\x01garbage" * 50])
def test_empty_and_corrupted_audio(data):
    with pytest.raises(STTError) as err:
        stt.transcribe(data, language="ko")
    assert err.value.code == "STT_INVALID_AUDIO"


def test_multilingual_model_is_assembled_once_and_verified(tmp_path):
    info = models_store.ensure_multilingual_model(tmp_path)
    model = info.path / "model.bin"
    assert model.stat().st_size == models_store.BASE_MODEL_SIZE
    assert models_store._sha256(model) == models_store.BASE_MODEL_SHA256
    assert {p.name for p in info.path.iterdir()} >= {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}
    assert not list(info.path.glob("*.tmp"))
    stamp = model.stat().st_mtime_ns
    models_store.ensure_multilingual_model(tmp_path)
    assert model.stat().st_mtime_ns == stamp  # the second call only checks the marker
    # A damaged model (e.g. a full disk mid-copy) is noticed and rebuilt.
    with open(model, "r+b") as fh:
        fh.truncate(1000)
    models_store.ensure_multilingual_model(tmp_path)
    assert model.stat().st_size == models_store.BASE_MODEL_SIZE
    assert models_store._sha256(model) == models_store.BASE_MODEL_SHA256


# --- streaming -------------------------------------------------------------------------------------

def _pcm_chunks(samples: np.ndarray, chunk_ms: int = 100):
    pcm = audio.float_to_pcm16(samples)
    step = 16000 * 2 * chunk_ms // 1000
    return [pcm[i:i + step] for i in range(0, len(pcm), step)]


def test_streaming_gives_interim_then_final_for_an_utterance_followed_by_silence():
    reference = media.ENGLISH_ANSWERS[2]
    speech = audio.decode(media.espeak_wav(reference)).samples
    stream = np.concatenate([media.silence(0.6), speech, media.silence(1.2)])
    transcriber = stt.StreamingTranscriber("en")
    events = []
    for chunk in _pcm_chunks(stream):
        events += transcriber.feed(chunk)
    assert transcriber.flush() == []  # the silence already closed the utterance
    interims = [e for e in events if not e.is_final]
    finals = [e for e in events if e.is_final]
    assert len(interims) >= 2 and len(finals) == 1
    assert events[-1].is_final
    assert all(e.end < finals[0].end + 0.01 for e in interims)
    final = finals[0]
    assert media.wer(reference, final.text) <= 0.25
    assert 0 < final.confidence <= 1
    assert final.start == pytest.approx(0.6, abs=0.35)
    assert final.end == pytest.approx(0.6 + speech.size / 16000, abs=0.5)
    # Interims grow with the utterance: the last one covers more words than the first.
    assert len(interims[-1].text.split()) > len(interims[0].text.split())


def test_streaming_two_utterances_and_flush_finalises_the_open_one():
    first, second = media.ENGLISH_ANSWERS[0], media.ENGLISH_ANSWERS[4]
    a = audio.decode(media.espeak_wav(first)).samples
    b = audio.decode(media.espeak_wav(second)).samples
    transcriber = stt.StreamingTranscriber("en", interim=False)
    events = []
    for chunk in _pcm_chunks(np.concatenate([a, media.silence(1.0), b])):
        events += transcriber.feed(chunk)
    assert [e.is_final for e in events] == [True]
    assert media.wer(first, events[0].text) <= 0.25
    tail = transcriber.flush()
    assert len(tail) == 1 and tail[0].is_final
    assert media.wer(second, tail[0].text) <= 0.25
    assert tail[0].start > events[0].end


def test_streaming_at_48k_input_rate():
    reference = media.ENGLISH_ANSWERS[1]
    speech48 = audio.decode(media.espeak_wav(reference), sample_rate=48000).samples
    transcriber = stt.StreamingTranscriber("en", sample_rate=48000, interim=False)
    pcm = audio.float_to_pcm16(np.concatenate([speech48, np.zeros(48000, np.float32)]))
    events = [e for i in range(0, len(pcm), 9600) for e in transcriber.feed(pcm[i:i + 9600])]
    assert len(events) == 1 and media.wer(reference, events[0].text) <= 0.25


def test_streaming_silence_and_noise_yield_nothing():
    transcriber = stt.StreamingTranscriber("en")
    noise = np.random.default_rng(3).normal(0, 0.002, 16000 * 3).astype(np.float32)
    events = []
    for chunk in _pcm_chunks(np.concatenate([media.silence(2), noise])):
        events += transcriber.feed(chunk)
    assert events + transcriber.flush() == []


# --- openai engine ---------------------------------------------------------------------------------

def test_openai_transcription_with_words_and_segments(openai_engine):
    openai_engine.transcription("I led a team of five engineers. We shipped in March.", language="english")
    wav = media.espeak_wav(media.ENGLISH_ANSWERS[0])
    transcript = stt.transcribe(wav, language="en")
    assert transcript.engine == "openai" and transcript.model == "whisper-1"
    assert transcript.text == "I led a team of five engineers. We shipped in March."
    assert transcript.language == "en"
    assert len(transcript.segments) == 2 and transcript.segments[1].text == "We shipped in March."
    assert [w.word for w in transcript.segments[0].words][:3] == ["I", "led", "a"]
    assert transcript.duration == pytest.approx(audio.decode(wav).duration, abs=0.01)
    request = openai_engine.requests_to("/audio/transcriptions")[0]
    assert request.form["model"] == "whisper-1"
    assert request.form["response_format"] == "verbose_json"
    assert request.form["language"] == "en"
    assert request.files["file"] == wav
    assert request.headers["authorization"] == "Bearer test-key"


def test_openai_retries_a_server_error_then_succeeds(openai_engine):
    openai_engine.fail(503, times=1, retry_after=0).transcription("네, 준비됐습니다.", language="korean")
    transcript = stt.transcribe(media.espeak_wav("네 준비됐습니다", "ko"), language="ko")
    assert transcript.text == "네, 준비됐습니다." and transcript.language == "ko"
    assert len(openai_engine.requests_to("/audio/transcriptions")) == 2


def test_openai_timeout_maps_to_stt_timeout(openai_engine, settings):
    settings.OPENAI_TIMEOUT = 0.5
    openai_engine.slow(3.0, times=3)
    with pytest.raises(STTError) as err:
        stt.transcribe(media.espeak_wav("hello there, how are you"), language="en")
    assert err.value.code == "STT_TIMEOUT" and err.value.retryable


def test_openai_bad_request_is_not_retried(openai_engine):
    openai_engine.fail(400, times=2, message="unsupported file")
    with pytest.raises(STTError) as err:
        stt.transcribe(media.espeak_wav("hello there, how are you"), language="en")
    assert err.value.code == "STT_ERROR" and not err.value.retryable


def test_openai_streaming_sends_each_utterance_as_wav(openai_engine):
    openai_engine.transcription("Thank you for the question.")
    speech = audio.decode(media.espeak_wav("Thank you for the question.")).samples
    transcriber = stt.StreamingTranscriber("en", engine="openai", interim=False)
    events = []
    for chunk in _pcm_chunks(np.concatenate([speech, media.silence(1.0)])):
        events += transcriber.feed(chunk)
    assert [(e.text, e.is_final) for e in events] == [("Thank you for the question.", True)]
    sent = openai_engine.requests_to("/audio/transcriptions")[0].files["file"]
    assert sent[:4] == b"RIFF" and audio.decode(sent).duration == pytest.approx(speech.size / 16000, abs=0.5)


def test_ensure_models_command_prepares_every_local_model(settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.MODELS_DIR = tmp_path
    out = StringIO()
    call_command("ensure_models", stdout=out)
    assert "whisper-tiny.en" in out.getvalue() and str(tmp_path / "whisper-base") in out.getvalue()
    assert (tmp_path / "whisper-base" / "model.bin").stat().st_size == models_store.BASE_MODEL_SIZE
