"""The session video: the interviewer's face with its voice and the candidate's audio, as MP4
(H.264 + AAC through PyAV), written to private storage by a Celery job.

Frames are redrawn from what the session stored (each reply's audio, offset and viseme track),
with the same renderer and animation the live session used, so the video matches what the
candidate saw without keeping 25 JPEGs a second during the interview.
"""
from __future__ import annotations

import os
import tempfile
from fractions import Fraction

import av
import numpy as np
from django.core.files import File
from django.core.files.storage import default_storage

from ai import audio as audio_mod
from avatar import renderer as face
from avatar.models import AvatarSession

AUDIO_RATE = 24_000
MAX_SECONDS = 2 * 60 * 60 + 60


def _read_pcm(name: str) -> np.ndarray:
    with default_storage.open(name, "rb") as fh:
        return audio_mod.pcm16_to_float(fh.read())


def _timeline(session: AvatarSession):
    voices = []
    for m in session.messages.filter(role="ai").exclude(audio_file="").order_by("offset"):
        voices.append((m.offset, m.duration, [tuple(v) for v in (m.visemes or [])], _read_pcm(m.audio_file)))
    candidate = []
    for r in session.recordings.order_by("offset"):
        samples = _read_pcm(r.audio_file)
        if r.sample_rate != AUDIO_RATE:
            samples = audio_mod.resample(samples, r.sample_rate, AUDIO_RATE)
        candidate.append((r.offset, samples))
    return voices, candidate


def render_session(*, session_pk: int, progress=lambda p: None) -> str:
    session = AvatarSession.objects.get(pk=session_pk)
    voices, candidate = _timeline(session)
    end = 1.0
    for offset, duration, _, samples in voices:
        end = max(end, offset + samples.size / AUDIO_RATE)
    for offset, samples in candidate:
        end = max(end, offset + samples.size / AUDIO_RATE)
    end = min(end + 0.5, MAX_SECONDS)
    mix = np.zeros(int(end * AUDIO_RATE) + 1, np.float32)
    for offset, samples in [(o, s) for o, _, _, s in voices] + candidate:
        at = int(offset * AUDIO_RATE)
        n = max(0, min(samples.size, mix.size - at))
        mix[at:at + n] += samples[:n]
    np.clip(mix, -1.0, 1.0, out=mix)
    progress(5)

    fd, path = tempfile.mkstemp(suffix=".mp4")
    os.close(fd)
    try:
        _encode(path, mix, voices, end, session, progress)
        with open(path, "rb") as fh:
            name = f"avatar/{session.session_id}/session.mp4"
            if default_storage.exists(name):
                default_storage.delete(name)
            return default_storage.save(name, File(fh))
    finally:
        os.unlink(path)


def _encode(path: str, mix: np.ndarray, voices, end: float, session: AvatarSession, progress) -> None:
    renderer = face.renderer()
    animator = face.Animator(seed=hash(session.session_id) & 0xFFFF)
    frames_total = int(end * face.FPS)
    images: dict = {}
    with av.open(path, "w", format="mp4") as out:
        vstream = out.add_stream("libx264", rate=face.FPS)
        vstream.width = vstream.height = face.SIZE
        vstream.pix_fmt = "yuv420p"
        vstream.options = {"preset": "veryfast", "crf": "26"}
        astream = out.add_stream("aac", rate=AUDIO_RATE)
        astream.layout = "mono"
        voice_index = 0
        for i in range(frames_total):
            t = i / face.FPS
            while voice_index + 1 < len(voices) and voices[voice_index + 1][0] <= t:
                voice_index += 1
            if voices and voices[voice_index][0] <= t < voices[voice_index][0] + voices[voice_index][1]:
                offset, duration, track, _ = voices[voice_index]
                if animator.speech_start != offset or not animator.speech:
                    animator.say(track, offset, duration)
            else:
                animator.stop()
            state = animator.state(t)
            image = images.get(state)
            if image is None:
                image = np.asarray(renderer.image(state))
                if len(images) > 300:
                    images.clear()
                images[state] = image
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, face.FPS)
            for packet in vstream.encode(frame):
                out.mux(packet)
            if i % 250 == 0:
                progress(5 + int(85 * i / max(1, frames_total)))
        for packet in vstream.encode():
            out.mux(packet)
        step = 1024
        pts = 0
        for start in range(0, mix.size, step * 20):
            block = mix[start:start + step * 20]
            frame = av.AudioFrame.from_ndarray(block.reshape(1, -1), format="flt", layout="mono")
            frame.sample_rate = AUDIO_RATE
            frame.pts = pts
            frame.time_base = Fraction(1, AUDIO_RATE)
            pts += block.size
            for packet in astream.encode(frame):
                out.mux(packet)
        for packet in astream.encode():
            out.mux(packet)
    progress(95)
