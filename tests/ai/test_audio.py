"""ai.audio: decoding browser/file formats, encoding, validation and speech/pause measurement."""
import io
import wave

import numpy as np
import pytest

from ai import audio
from ai.errors import STTError
from tests.ai import media


@pytest.fixture(scope="module")
def speech_wav():
    return media.espeak_wav(media.ENGLISH_ANSWERS[0])


@pytest.mark.parametrize("fmt, codec", [("webm", "opus"), ("opus", "opus"), ("mp3", "mp3"), ("m4a", "aac")])
def test_decodes_browser_and_file_formats_made_by_pyav(speech_wav, fmt, codec):
    original = audio.decode(speech_wav)
    encoded = audio.encode(original.samples, original.sample_rate, fmt)
    assert encoded[:4] != speech_wav[:4]  # really re-encoded, not the WAV again
    decoded = audio.decode(encoded)
    assert codec in decoded.codec
    assert decoded.sample_rate == 16000 and decoded.samples.dtype == np.float32
    assert decoded.duration == pytest.approx(original.duration, abs=0.08)
    # Lossy codecs keep the loudness contour: per-frame energy of both tracks correlates strongly.
    a = audio.frame_energies(original.samples, 16000)
    b = audio.frame_energies(decoded.samples, 16000)
    n = min(a.size, b.size)
    assert np.corrcoef(np.maximum(a[:n], -80), np.maximum(b[:n], -80))[0, 1] > 0.9


def test_wav_input_at_any_rate_becomes_16k_mono(speech_wav):
    with wave.open(io.BytesIO(speech_wav)) as w:
        assert w.getframerate() == 22050
        source_seconds = w.getnframes() / w.getframerate()
    stereo = io.BytesIO()
    mono = audio.decode(speech_wav, sample_rate=44100).samples
    with wave.open(stereo, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(np.repeat((mono * 32767).astype("<i2"), 2).tobytes())
    for data in (speech_wav, stereo.getvalue()):
        decoded = audio.decode(data)
        assert decoded.sample_rate == 16000 and decoded.samples.ndim == 1
        assert decoded.duration == pytest.approx(source_seconds, abs=0.02)
    assert audio.duration(speech_wav) == pytest.approx(source_seconds, abs=0.02)


def test_decode_accepts_a_path(tmp_path, speech_wav):
    path = tmp_path / "answer.wav"
    path.write_bytes(speech_wav)
    assert audio.decode(path).duration == pytest.approx(audio.decode(speech_wav).duration)


@pytest.mark.parametrize("data, why", [
    (b"", "empty"),
    (bytes(range(256)) * 40, "random bytes"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "truncated WAV header"),
    (b"\x1aE\xdf\xa3" + b"\x00" * 300, "webm magic with nothing inside"),
])
def test_invalid_audio_gets_a_clear_error(data, why):
    with pytest.raises(STTError) as err:
        audio.decode(data)
    assert err.value.code == "STT_INVALID_AUDIO", why
    assert not err.value.retryable


def test_missing_file_is_invalid_audio(tmp_path):
    with pytest.raises(STTError) as err:
        audio.decode(tmp_path / "nope.webm")
    assert err.value.code == "STT_INVALID_AUDIO"


def test_truncated_webm_header_is_invalid_audio(speech_wav):
    webm = audio.encode(audio.decode(speech_wav).samples, 16000, "webm")
    with pytest.raises(STTError) as err:
        audio.decode(webm[:60])
    assert err.value.code == "STT_INVALID_AUDIO"


def test_too_long_audio_is_refused_before_transcription():
    long_wav = media.wav_bytes(media.silence(11 * 60, rate=8000), 8000)
    with pytest.raises(STTError) as err:
        audio.decode(long_wav)
    assert err.value.code == "STT_AUDIO_TOO_LONG"
    assert "600" in err.value.message
    # The same limit holds when the container declares no duration (MediaRecorder webm streams).
    samples = np.random.default_rng(1).normal(0, 0.05, 16000 * 8).astype(np.float32)
    webm = audio.encode(samples, 16000, "webm")
    with pytest.raises(STTError) as err:
        audio.decode(webm, max_seconds=5)
    assert err.value.code == "STT_AUDIO_TOO_LONG"


def test_encode_formats_and_pcm_round_trip():
    t = np.arange(16000) / 16000
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    pcm = audio.float_to_pcm16(tone)
    assert len(pcm) == 32000
    assert np.max(np.abs(audio.pcm16_to_float(pcm) - tone)) < 1e-4
    assert audio.encode(tone, 16000, "wav")[:4] == b"RIFF"
    assert audio.encode(tone, 16000, "mp3")[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3")
    assert audio.encode(tone, 16000, "opus")[:4] == b"OggS"
    assert audio.rms_dbfs(tone) == pytest.approx(20 * np.log10(0.5 / np.sqrt(2)), abs=0.05)
    up = audio.resample(tone, 16000, 24000)
    assert up.size == pytest.approx(24000, abs=64)
    with pytest.raises(ValueError):
        audio.encode(tone, 16000, "xyz")


def test_speech_activity_finds_speech_and_the_long_pause(speech_wav):
    speech = audio.decode(speech_wav).samples
    clip = audio.speech_activity(speech)  # espeak pads the clip with its own short silences
    lead, tail = clip.speech[0].start, speech.size / 16000 - clip.speech[-1].end
    assert 0 <= lead < 0.2 and 0 <= tail < 0.5
    track = np.concatenate([media.silence(0.5), speech, media.silence(2.5), speech, media.silence(0.4)])
    activity = audio.speech_activity(track)
    assert activity.total_seconds == pytest.approx(track.size / 16000)
    assert len(activity.long_pauses(2.0)) == 1
    pause = activity.long_pauses(2.0)[0]
    # The pause is the inserted 2.5 s plus espeak's own padding around it, give or take a frame.
    assert 2.5 <= pause.duration <= 2.5 + tail + lead + 0.1
    second_onset = 0.5 + speech.size / 16000 + 2.5
    assert second_onset - 0.03 <= pause.end <= second_onset + lead + 0.1  # 30 ms frames
    assert activity.longest_pause == pause.duration
    # Speech time excludes the silences (espeak's own short gaps make it a little less than 2× the clip).
    assert 0.75 * 2 * speech.size / 16000 < activity.speech_seconds <= 2 * speech.size / 16000 + 0.1
    assert activity.speech[0].start == pytest.approx(0.5, abs=0.1)


def test_silence_and_steady_noise_have_no_speech():
    assert not audio.has_speech(media.silence(3))
    noise = np.random.default_rng(0).normal(0, 0.003, 16000 * 3).astype(np.float32)
    assert not audio.has_speech(noise)
    assert audio.speech_activity(noise).speech_seconds == 0
