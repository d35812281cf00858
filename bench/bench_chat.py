"""`POST /ai/chat` (local engine) over a real server: time to the first streamed token and to the
final `complete` event, p50/p95, for three kinds of turns: a document question answered from the
user's resume (RAG with citations), a schedule question (tool_required) and small talk."""
import time

import requests
from common import figure, latency_figures, live_app, setup_django

setup_django("bench_chat")

from django.contrib.auth import get_user_model  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from core.sse import iter_events  # noqa: E402
from documents.services import document_store_text  # noqa: E402

ROUNDS = 30
RESUME = [
    {"page": 1, "text": "김벤치 백엔드 개발자. 결제 플랫폼 백엔드 4년. Java, Spring Boot, MySQL, Redis."},
    {"page": 2, "text": "주문 이벤트 파이프라인: Kafka 기반 주문 이벤트 파이프라인을 설계해 처리량을 3배 늘렸습니다. "
                        "Kafka Streams로 정산 지연을 6시간에서 40분으로 줄였습니다. 사내 결제 API 응답 시간 35% 단축."},
    {"page": 3, "text": "Side project: a recommendation API in Python and FastAPI; click-through rate up 12 percent."},
]
QUESTIONS = {"rag": "내 이력서에서 Kafka 경험은?", "tool": "이번 주 일정 알려줘", "smalltalk": "안녕"}

User = get_user_model()
user, _ = User.objects.get_or_create(username="bench_chat", defaults={"email": "bench_chat@example.com"})
document_store_text(owner=user, doc_type="resume", document_id="bench_resume", text="", pages=RESUME,
                    title="bench_resume.pdf")
token = str(RefreshToken.for_user(user).access_token)


def one_turn(session, base, message, room):
    start = time.perf_counter()
    first = final = None
    body = None
    with session.post(base + "/ai/chat", json={"room_id": room, "user_id": "bench", "message": message},
                      headers={"Accept": "text/event-stream"}, stream=True, timeout=60) as response:
        response.raise_for_status()
        for event in iter_events(response.iter_content(chunk_size=None)):
            if event["event"] == "token" and first is None:
                first = time.perf_counter() - start
            if event["event"] == "complete":
                final = time.perf_counter() - start
                body = event["data"]
    return first, final, body


with live_app(worker=False, AI_ENGINE="local", THROTTLE_USER="100000/min") as app:
    base = app.url
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    for name, message in QUESTIONS.items():
        one_turn(session, base, message, f"warmup_{name}")  # first request per process loads code and caches
        firsts, finals = [], []
        for i in range(ROUNDS):
            first, final, body = one_turn(session, base, message, f"bench_{name}_{i % 5}")
            assert body is not None, "no complete event"
            if name == "rag":
                assert "[1]" in body["data"]["response"], body
            if first is not None:
                firsts.append(first)
            finals.append(final)
        if firsts:
            latency_figures(f"chat_{name}_first_token", firsts)
        latency_figures(f"chat_{name}_complete", finals)
    figure("chat_rounds_per_kind", ROUNDS, "requests")
