"""Assistant pages (session login): rooms, the conversation, the page's own stream where the server
runs tools and shows cards (local engine)."""
import pytest
from django.test import Client

from assistant.models import ChatMessage, ChatRoom
from calendarparse.models import CalendarEvent
from tests.assistant.conftest import chat, citations, final


@pytest.fixture
def browser(user):
    client = Client()
    client.force_login(user)
    return client


def test_login_required(client):
    response = client.get("/assistant")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_home_opens_a_room_and_lists_documents(browser, user, documents):
    response = browser.get("/assistant")
    room = ChatRoom.objects.get(owner=user)
    assert response.status_code == 302 and response["Location"] == f"/assistant/rooms/{room.pk}"
    page = browser.get(response["Location"]).content.decode()
    assert "김지원_이력서.pdf" in page and "민수_이력서.pdf" not in page and "data-example" in page
    assert "local" in page  # the engine is named


def test_page_stream_runs_the_schedule_tool_and_shows_a_card(browser, user, events):
    room = ChatRoom.objects.create(owner=user)
    response = chat(browser, {"message": "이번 주 일정 알려줘"}, url=f"/assistant/rooms/{room.pk}/messages")
    body = final(response)
    [card] = [e["data"] for e in response.events if e["event"] == "card"]
    assert card["tool"] == "get_schedule" and card["success"]
    titles = [item["title"] for item in card["data"]]
    assert titles == ["카카오 1차 면접", "네이버 서류 마감"] and "비밀회사 면접" not in titles
    assert body["data"]["tool_used"]["tool"] == "get_schedule"
    assert "카카오 1차 면접" in body["data"]["response"]
    stored = ChatMessage.objects.filter(room=room, role="assistant").get()
    assert stored.cards == [card]
    page = browser.get(f"/assistant/rooms/{room.pk}").content.decode()
    assert "이번 주 일정 알려줘" in page and '"get_schedule"' in page  # the card is kept with the message


def test_page_adds_a_schedule_to_the_calendar(browser, user):
    room = ChatRoom.objects.create(owner=user)
    body = final(chat(browser, {"message": "1월 20일 오후 2시 카카오 1차 면접 일정 추가해줘"},
                      url=f"/assistant/rooms/{room.pk}/messages"))
    event = CalendarEvent.objects.get(owner=user)
    assert (event.company, event.stage, event.kind, event.time.strftime("%H:%M")) == ("카카오", "1차 면접", "interview", "14:00")
    assert event.date.month == 1 and event.date.day == 20 and event.source == "assistant"
    assert "추가했습니다" in body["data"]["response"]


def test_page_rag_answer_has_citations_linking_to_the_page(browser, user, documents):
    resume = documents[0]
    room = ChatRoom.objects.create(owner=user)
    response = chat(browser, {"message": "내 이력서에서 Kafka 경험은?"}, url=f"/assistant/rooms/{room.pk}/messages")
    assert citations(response)[0]["document_pk"] == resume.pk
    page = browser.get(f"/assistant/rooms/{room.pk}").content.decode()
    assert f'href="/documents/{resume.pk}#page-2"' in page


def test_other_users_rooms_are_404(browser, other_user):
    theirs = ChatRoom.objects.create(owner=other_user, title="비밀")
    assert browser.get(f"/assistant/rooms/{theirs.pk}").status_code == 404
    response = chat(browser, {"message": "안녕"}, url=f"/assistant/rooms/{theirs.pk}/messages")
    assert response.status_code == 404 and response.json()["error_code"] == 4040
    assert browser.post(f"/assistant/rooms/{theirs.pk}/delete").status_code == 404
    assert ChatRoom.objects.filter(pk=theirs.pk).exists()


def test_new_and_delete_room(browser, user):
    response = browser.post("/assistant/rooms/new")
    room = ChatRoom.objects.get(owner=user)
    assert response["Location"] == f"/assistant/rooms/{room.pk}"
    assert browser.post(f"/assistant/rooms/{room.pk}/delete").status_code == 302
    assert not ChatRoom.objects.filter(owner=user).exists()


def test_empty_message_on_the_page_is_400(browser, user):
    room = ChatRoom.objects.create(owner=user)
    response = chat(browser, {"message": " "}, url=f"/assistant/rooms/{room.pk}/messages")
    assert response.status_code == 400 and response.json()["error_code"] == 4003


def test_page_interview_tips_and_match_report_come_from_the_users_own_records(browser, user, other_user):
    from interviews.models import InterviewSession
    from postings.models import JobPosting, ResumeMatch

    InterviewSession.objects.create(owner=user, position="백엔드 개발자", status="completed", total_score=68, grade="C",
                                    report={"total_score": 68, "grade": "C",
                                            "strength_patterns": ["5개 답변 중 4개에서 본인의 역할이 분명합니다."],
                                            "weakness_patterns": ["5개 답변 중 3개에서 성과를 수치로 말하지 않았습니다."],
                                            "learning_guide": ["답변마다 결과를 숫자 하나로 마무리해 보세요."]})
    InterviewSession.objects.create(owner=other_user, position="비밀", status="completed", total_score=99,
                                    report={"total_score": 99, "weakness_patterns": ["다른 사람의 약점"]})
    room = ChatRoom.objects.create(owner=user)
    tips = final(chat(browser, {"message": "지난 모의면접 피드백 정리해줘"}, url=f"/assistant/rooms/{room.pk}/messages"))
    text = tips["data"]["response"]
    assert "평균 68점" in text and "성과를 수치로" in text and "숫자 하나로" in text and "다른 사람" not in text

    posting = JobPosting.objects.create(owner=user, title="카카오", company="카카오", position="백엔드",
                                        original_text="x")
    ResumeMatch.objects.create(owner=user, posting=posting, score=72, grade="B", engine="local", result={
        "matching": {"matched_skills": ["Java"], "missing_skills": ["Kubernetes"],
                     "recommendations": ["쿠버네티스 배포 경험을 쌓으세요"]}})
    report = final(chat(browser, {"message": "최근 매칭 결과에서 부족한 기술은?"}, url=f"/assistant/rooms/{room.pk}/messages"))
    assert "72점(B)" in report["data"]["response"] and "Kubernetes" in report["data"]["response"]
