"""Mock interview figures (local engine): time from an answer upload to the next question being
ready (transcribed, evaluated, next question generated and spoken), over HTTP on a real server.

Voice answers are espeak-ng English recordings (Whisper tiny.en); typed answers show the same
path without speech recognition.
"""
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import requests
from common import figure, latency_figures, live_app, setup_django

setup_django("intv")

from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts.models import User  # noqa: E402
from interviews.models import InterviewTurn  # noqa: E402

ANSWERS = [
    "Our team worked on the payment system and we built many features.",
    "I owned the checkout API. Because queries were slow, I added a Redis cache and latency dropped by 80 percent.",
    "I wrote integration tests with pytest, and production bugs fell by half over two months.",
    "I compared Kafka and RabbitMQ and chose Kafka because we needed replay for the ledger.",
]
SESSIONS = 4
POSTING = ("Backend engineer\nRequirements\n- 3+ years of Python or Java backend development\n"
           "- PostgreSQL schema design and query tuning\n- Docker and Kubernetes deployments\n"
           "Preferred\n- Kafka, Redis\n")


def spoken(text: str, folder: Path) -> bytes:
    path = folder / f"{abs(hash(text))}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "165", "-w", str(path), text], check=True, timeout=60)
    return path.read_bytes()


def main() -> None:
    user = User.objects.create_user(username=f"bench_{uuid.uuid4().hex[:8]}", password="Bench-Interview-2026")
    token = str(RefreshToken.for_user(user).access_token)
    with live_app() as app:
        base = app.url
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {token}"
        with tempfile.TemporaryDirectory() as tmp:
            recordings = [spoken(text, Path(tmp)) for text in ANSWERS]
            audio_seconds = [len(r) / (2 * 22050) for r in recordings]

            def interview(voice: bool) -> list[float]:
                posting = _posting(user)
                start = http.post(base + "/api/interviews/start", json={"posting_id": posting, "language": "en"},
                                  timeout=120)
                start.raise_for_status()
                sid = start.json()["session_id"]
                samples = []
                for number, (text, audio) in enumerate(zip(ANSWERS, recordings), start=1):
                    if voice:
                        payload = {"data": {"turn_number": str(number)},
                                   "files": {"audio": (f"a{number}.wav", audio, "audio/wav")}}
                    else:
                        payload = {"data": {"turn_number": str(number), "answer_text": text}}
                    began = time.perf_counter()
                    reply = http.post(f"{base}/api/interviews/{sid}/answer", timeout=300, **payload)
                    elapsed = time.perf_counter() - began
                    reply.raise_for_status()
                    assert reply.json()["next_turn"]["question_audio_url"], reply.text
                    samples.append(elapsed)
                return samples

            interview(voice=True)  # warm-up: loads Whisper and fills the TTS cache once
            voice = [s for _ in range(SESSIONS) for s in interview(voice=True)]
            typed = [s for _ in range(SESSIONS) for s in interview(voice=False)]
        latency_figures("answer_upload_to_next_question_voice", voice)
        # how much of the voice path is speech recognition (measured by the server, per answer)
        stt = [t.stt["processing_seconds"] for t in InterviewTurn.objects.filter(session__owner=user)
               .exclude(stt=None).order_by("-pk")[:len(voice)]]
        latency_figures("answer_speech_recognition", stt)
        latency_figures("answer_upload_to_next_question_typed", typed)
        figure("answer_audio_seconds_mean", sum(audio_seconds) / len(audio_seconds), "s")
        figure("answers_measured", len(voice) + len(typed), "answers")


def _posting(user) -> int:
    from postings import ai as posting_ai
    from postings.models import JobPosting

    analysis = posting_ai.analyze_posting(POSTING)
    return JobPosting.objects.create(owner=user, title="Backend engineer", original_text=POSTING,
                                     position=analysis.position, company=analysis.company,
                                     ai_analysis=analysis.as_dict()).pk


if __name__ == "__main__":
    main()
