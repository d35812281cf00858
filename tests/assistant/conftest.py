"""Users with documents (a resume whose page 2 mentions Kafka), calendar events and helpers to
read the SSE stream of /ai/chat through Django's test client."""
from datetime import time, timedelta

import pytest

from tests.factories import document
from tests.postings.helpers import stream_events

RESUME_PAGES = [
    {"page": 1, "text": "김지원 백엔드 개발자\n연락처 jiwon@example.com\n경력 요약: 결제 플랫폼 백엔드 4년. Java, Spring Boot, MySQL."},
    {"page": 2, "text": "프로젝트 경험\n주문 이벤트 파이프라인: Kafka 기반 주문 이벤트 파이프라인을 설계해 처리량을 3배 늘렸습니다. "
                        "Kafka Streams로 정산 지연을 6시간에서 40분으로 줄였습니다.\n사내 결제 API 리팩터링: 응답 시간 35% 단축."},
]
PORTFOLIO_TEXT = "포트폴리오\n쇼핑몰 추천 시스템: Python과 Redis로 실시간 추천 API를 만들었습니다. 클릭률 12% 향상."
SECRET_TEXT = "다른 사람 이력서\nKafka 클러스터 운영 10년, 비밀 프로젝트 ORION을 이끌었습니다."


def store_documents(user, other_user=None):
    resume = document(user, pages=RESUME_PAGES, document_id="resume_1", title="김지원_이력서.pdf")
    portfolio = document(user, PORTFOLIO_TEXT, doc_type="portfolio", document_id="pf_1", title="포트폴리오")
    secret = None
    if other_user is not None:
        secret = document(other_user, SECRET_TEXT, document_id="resume_1", title="민수_이력서.pdf")
    return resume, portfolio, secret


@pytest.fixture
def documents(user, other_user):
    return store_documents(user, other_user)


@pytest.fixture
def events(user, other_user):
    from calendarparse.models import CalendarEvent
    from calendarparse.services import user_today

    today = user_today(user)
    monday = today - timedelta(days=today.weekday())
    mine = [CalendarEvent.objects.create(owner=user, company="카카오", stage="1차 면접", kind="interview",
                                         date=monday + timedelta(days=3), time=time(14, 0)),
            CalendarEvent.objects.create(owner=user, company="네이버", stage="서류 마감", kind="deadline",
                                         date=monday + timedelta(days=6)),
            CalendarEvent.objects.create(owner=user, company="토스", stage="코딩테스트", kind="coding_test",
                                         date=monday + timedelta(days=9))]
    CalendarEvent.objects.create(owner=other_user, company="비밀회사", stage="면접", kind="interview",
                                 date=monday + timedelta(days=2))
    return mine


def chat(client, payload, url="/ai/chat"):
    import json

    response = client.post(url, json.dumps(payload), content_type="application/json", HTTP_ACCEPT="text/event-stream")
    if response.get("Content-Type", "").startswith("text/event-stream"):
        response.events = stream_events(response)
    return response


def final(response) -> dict:
    assert response.status_code == 200, response.content
    assert response.events[-1]["event"] == "complete", response.events
    return response.events[-1]["data"]


def tokens(response) -> str:
    return "".join(e["data"]["text"] for e in response.events if e["event"] == "token")


def citations(response) -> list[dict]:
    found = [e["data"]["citations"] for e in response.events if e["event"] == "citations"]
    return found[0] if found else []
