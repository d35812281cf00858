"""Recordings the speech tests make: interview answers with domain words and numbers, each with
the question it answers and the skill names a session would pass as hotwords. Read by espeak-ng
and, for English, by the Piper voice in tests/ai/piper_voice.py. Used by tests/ai/test_speech_eval.py
and bench/bench_quality.py."""
from __future__ import annotations

TERMS_EN = ["PostgreSQL", "Python", "Django", "Kafka", "Redis", "Kubernetes", "Docker", "AWS"]
TERMS_KO = ["PostgreSQL", "Python", "Django", "Kafka", "Redis", "Kubernetes", "Docker", "AWS"]

ENGLISH = [
    ("You said your team moved the database. What was your own part in that?",
     "I led a team of four engineers during the migration to PostgreSQL"),
    ("How did you make the checkout faster?",
     "I added a Redis cache and the response time dropped from 800 to 120 milliseconds"),
    ("Tell me about the event pipeline you built.",
     "We used Kafka to process twenty thousand orders per second"),
    ("How did you deploy the service?",
     "I moved our Django services to Kubernetes and cut deployment time by half"),
]
KOREAN = [
    ("본인의 역할은 무엇이었나요?", "제가 PostgreSQL 이전을 맡아 네 명의 엔지니어와 함께 진행했습니다"),
    ("그 결과는 어땠나요?", "처리량을 초당 2천 건에서 8천 건으로 늘렸습니다"),
    ("어떤 방법을 쓰셨나요?", "Redis 캐시를 도입해서 응답 시간을 절반으로 줄였습니다"),
]
