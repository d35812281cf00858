"""Load on loopback, bounded in time, against the processes `make run` starts (daphne on one shared
socket, config.settings.test for generous throttles):

- the main read endpoints with N concurrent clients, each its own keep-alive connection:
  documents list page, job postings, interview history, avatar sessions, /api/config, /health;
- the assistant's SSE stream (`POST /ai/chat`, a RAG answer from the user's resume) with N
  concurrent clients (time to the final `complete` event).

The WebSocket load (500 clients on one daphne process) is bench/bench_ws.py. Every part prints
p50/p95/p99, throughput and errors as `name: value unit`. Sizes come from the environment:
LOAD_HTTP_CLIENTS (32), LOAD_HTTP_SECONDS (10), LOAD_SSE_CLIENTS (16), LOAD_SSE_SECONDS (10).
"""
import json
import os
import threading
import time

import requests
from common import figure, live_app, percentile, setup_django

setup_django("bench_load")

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts import services as accounts  # noqa: E402
from core.sse import iter_events  # noqa: E402
from documents.services import document_store_text  # noqa: E402
from interviews import services as interviews  # noqa: E402
from postings import services as postings  # noqa: E402

HTTP_CLIENTS = int(os.environ.get("LOAD_HTTP_CLIENTS", "32"))
HTTP_SECONDS = float(os.environ.get("LOAD_HTTP_SECONDS", "10"))
SSE_CLIENTS = int(os.environ.get("LOAD_SSE_CLIENTS", "16"))
SSE_SECONDS = float(os.environ.get("LOAD_SSE_SECONDS", "10"))

RESUME = [
    {"page": 1, "text": "김벤치 백엔드 개발자. 결제 플랫폼 백엔드 4년. Java, Spring Boot, MySQL, Redis."},
    {"page": 2, "text": "주문 이벤트 파이프라인: Kafka 기반 주문 이벤트 파이프라인을 설계해 처리량을 3배 늘렸습니다. "
                        "Kafka Streams로 정산 지연을 6시간에서 40분으로 줄였습니다."},
]
POSTING = ("백엔드 개발자 채용 (하루마켓)\n주요업무: 결제 API 개발, 주문 이벤트 파이프라인 운영\n"
           "자격요건: Python 또는 Java 3년 이상, PostgreSQL, Redis\n우대사항: Kafka 운영 경험")


def latency_block(prefix: str, seconds: list[float], errors: int, wall: float) -> None:
    ms = [s * 1000 for s in seconds]
    for pct in (50, 95, 99):
        figure(f"{prefix}_p{pct}", percentile(ms, pct), "ms")
    figure(f"{prefix}_throughput", len(ms) / wall if wall else 0.0, "req/s")
    figure(f"{prefix}_errors", errors, "requests")


def fixtures():
    """One user with documents, postings and interviews to list; credentials for every surface."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench_load", defaults={"email": "bench_load@example.com"})
    document_store_text(owner=user, doc_type="resume", document_id="bench_resume", text="", pages=RESUME,
                        title="bench_resume.pdf")
    for i in range(12 - user.documents.filter(doc_type="attachment").count()):
        document_store_text(owner=user, doc_type="attachment", document_id=f"bench_attachment_{i}",
                            text=f"첨부 {i}: " + RESUME[1]["text"], title=f"attachment_{i}.txt")
    from postings.models import JobPosting
    for _ in range(10 - JobPosting.objects.filter(owner=user).count()):
        postings.posting_create(owner=user, text=POSTING)
    from interviews.models import InterviewSession
    for _ in range(10 - InterviewSession.objects.filter(owner=user).count()):
        interviews.session_start(owner=user)
    _, api_key = accounts.api_key_create(owner=user, name="bench_load")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return user, str(RefreshToken.for_user(user).access_token), api_key, cookie


# --- HTTP reads ------------------------------------------------------------------------------------
def http_load(base: str, token: str, api_key: str, cookie: str) -> None:
    endpoints = {
        "documents_page": ("/documents", {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}),
        "job_postings": ("/api/job-postings", {"Authorization": f"Bearer {token}"}),
        "interview_history": ("/api/interviews/history", {"Authorization": f"Bearer {token}"}),
        "avatar_sessions": ("/api/sessions?user_id=load0", {"X-API-Key": api_key}),
        "avatar_config": ("/api/config", {"X-API-Key": api_key}),
        "health": ("/health", {}),
    }
    for name, (path, headers) in endpoints.items():
        requests.get(base + path, headers=headers, timeout=30).raise_for_status()  # warm the code path
        seconds, errors, statuses = run_clients(HTTP_CLIENTS, HTTP_SECONDS, lambda s: _get(s, base + path, headers))
        latency_block(f"load_http_{name}_{HTTP_CLIENTS}_clients", seconds, errors, HTTP_SECONDS)
        if statuses:
            print(f"# {name}: error statuses {dict(statuses)}", flush=True)


def _get(session: requests.Session, url: str, headers: dict) -> int:
    response = session.get(url, headers=headers, timeout=30)
    response.content  # noqa: B018 - read the whole body
    return response.status_code


def run_clients(n: int, duration: float, call) -> tuple[list[float], int, dict]:
    """n threads, each with its own keep-alive session, calling `call` until the time is up."""
    seconds: list[float] = []
    statuses: dict = {}
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client():
        session = requests.Session()
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status = call(session)
            except Exception as exc:  # noqa: BLE001 - counted as an error
                status = type(exc).__name__
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    seconds.append(elapsed)
                else:
                    statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return seconds, sum(statuses.values()), statuses


# --- SSE -------------------------------------------------------------------------------------------
def sse_load(base: str, token: str) -> None:
    counter = iter(range(10 ** 9))

    def turn(session: requests.Session):
        room = f"load_{next(counter) % 50}"
        body = None
        with session.post(base + "/ai/chat", json={"room_id": room, "user_id": "bench", "message": "내 이력서에서 Kafka 경험은?"},
                          headers={"Accept": "text/event-stream", "Authorization": f"Bearer {token}"},
                          stream=True, timeout=60) as response:
            if response.status_code != 200:
                return response.status_code
            for event in iter_events(response.iter_content(chunk_size=None)):
                if event["event"] == "complete":
                    body = event["data"]
        return 200 if body is not None and "[1]" in body["data"]["response"] else "incomplete"

    requests.post(base + "/ai/chat", json={"room_id": "warmup", "user_id": "bench", "message": "안녕"},
                  headers={"Authorization": f"Bearer {token}"}, timeout=60)
    seconds, errors, statuses = run_clients(SSE_CLIENTS, SSE_SECONDS, turn)
    latency_block(f"load_sse_chat_{SSE_CLIENTS}_clients", seconds, errors, SSE_SECONDS)
    if statuses:
        print(f"# sse: error statuses {dict(statuses)}", flush=True)


def main() -> None:
    user, token, api_key, cookie = fixtures()
    # the servers run as `make run` does: pooled connections (config.settings.test turns them off)
    env = {"AVATAR_API_RATE": "1000000/min", "DB_POOL_MAX_SIZE": os.environ.get("DB_POOL_MAX_SIZE", "20")}
    with live_app(worker=False, **env) as app:
        http_load(app.url, token, api_key, cookie)
        sse_load(app.url, token)
    figure("load_machine_load_average_1min", os.getloadavg()[0], "processes")


if __name__ == "__main__":
    main()
