"""Server-rendered pages: start form and history, the room, the result page, ownership."""
import re

from django.urls import reverse

from interviews import services
from interviews.models import InterviewSession
from tests.interviews.conftest import STRONG_KO, WEAK_KO


def test_start_page_lists_only_my_choices_and_starts_an_interview(client, make_user, posting_for, resume_for,
                                                                   letter_for):
    user, other = make_user(), make_user()
    posting = posting_for(user)
    resume = resume_for(user)
    letter = letter_for(user, posting)
    foreign = posting_for(other)
    client.force_login(user)
    page = client.get(reverse("interviews:list"))
    html = page.content.decode()
    assert page.status_code == 200 and "모의면접" in html
    assert f'value="{posting.pk}"' in html and f'value="{foreign.pk}"' not in html
    assert f'value="{resume.pk}"' in html and f'value="{letter.pk}"' in html

    refused = client.post(reverse("interviews:list"), {"posting": foreign.pk, "interview_type": "technical",
                                                        "language": "ko"})
    assert refused.status_code == 400 and not InterviewSession.objects.exists()

    started = client.post(reverse("interviews:list"), {"posting": posting.pk, "resume": resume.pk,
                                                        "cover_letter": letter.pk, "interview_type": "personality",
                                                        "language": "ko"})
    session = InterviewSession.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse("interviews:room", args=[session.pk])
    assert session.source == "web" and session.resume_id == resume.pk and session.cover_letter_id == letter.pk
    room = client.get(started["Location"]).content.decode()
    turn = session.turns.get()
    assert turn.question in room and turn.question_audio.name.startswith("tts-cache/")
    assert re.search(r'data-question-audio preload="auto" src="/files/[^"]+"', room)
    assert 'data-answer-url="/api/interviews/%d/answer"' % session.pk in room

    history = client.get(reverse("interviews:list")).content.decode()
    assert f'data-session="{session.pk}"' in history and "계속하기" in history


def test_result_page_shows_report_chart_and_transcripts(client, make_user, posting_for):
    user = make_user()
    session = services.session_start(owner=user, posting=posting_for(user), language="ko")
    for text in (WEAK_KO, STRONG_KO):
        turn = services.turn_next(session=session, speak=False)
        services.turn_evaluate(turn=services.turn_answer_text(turn=turn, text=text))
    services.report_request(session=session, ended_by="manual")
    services.report_build(session_id=session.pk)
    client.force_login(user)
    html = client.get(reverse("interviews:result", args=[session.pk])).content.decode()
    session.refresh_from_db()
    assert "면접 결과" in html and session.total_feedback in html
    assert html.count("data-bar=") == 2 and "data-score-chart" in html
    assert html.count("data-transcript") == 2 and "Redis" in html
    assert "조기 종료" in html and "local" in html


def test_another_users_interview_is_not_found(client, make_user):
    owner, other = make_user(), make_user()
    session = services.session_start(owner=owner, position="백엔드 개발자")
    services.turn_next(session=session, speak=False)
    client.force_login(other)
    for name in ("interviews:room", "interviews:result"):
        assert client.get(reverse(name, args=[session.pk])).status_code == 404
    assert client.post(reverse("interviews:delete", args=[session.pk])).status_code == 404
    assert client.post(reverse("interviews:end", args=[session.pk])).status_code == 404
    client.force_login(owner)
    assert client.post(reverse("interviews:delete", args=[session.pk])).status_code == 302
    assert not InterviewSession.objects.filter(pk=session.pk).exists()


def test_pages_need_login(client):
    response = client.get(reverse("interviews:list"))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
