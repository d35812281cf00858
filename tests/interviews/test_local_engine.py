"""The local engine through the interview services: grounded first questions, follow-ups on what an
answer leaves out or on a technology it names, no repeats, at most five, a rubric that ranks a
strong answer above a weak one with quoted evidence, delivery analytics from real audio, reports."""
import io
import wave

import numpy as np
import pytest

from ai.errors import STTError
from interviews import services
from interviews.models import InterviewSession, InterviewTurn
from tests.interviews.conftest import STRONG_EN, STRONG_KO, WEAK_EN, WEAK_KO, espeak_wav


def _session(user, **kw):
    kw.setdefault("source", InterviewSession.Source.WEB)
    return services.session_start(owner=user, **kw)


def _answer(session, text):
    turn = services.turn_next(session=session, speak=False)
    return services.turn_answer_text(turn=turn, text=text)


def test_technical_opening_comes_from_a_posting_requirement_and_the_resume(make_user, posting_for, resume_for):
    user = make_user()
    posting = posting_for(user)
    resume_for(user)
    session = _session(user, posting=posting, interview_type="technical", language="ko")
    turn = services.turn_next(session=session, speak=False)
    requirements = session.posting_facts["requirements"]
    assert requirements, session.posting_facts
    assert turn.order == 1 and not turn.is_followup and turn.kind == "opening"
    assert any(req[:15] in turn.question for req in requirements), turn.question
    assert turn.grounding and turn.grounding[0]["doc_type"] == "resume"
    assert turn.question_engine == "local"


def test_personality_opening_asks_the_cover_letters_expected_question(make_user, posting_for, letter_for):
    user = make_user()
    letter = letter_for(user, posting_for(user))
    session = _session(user, cover_letter=letter, interview_type="personality", language="ko")
    turn = services.turn_next(session=session, speak=False)
    assert session.posting_id == letter.job_posting_id  # the letter's posting is used
    assert turn.kind == "invited"
    assert turn.question == "결제 정산 배치 지연을 해결한 과정에서 본인의 역할은 무엇이었나요?"


def test_a_vague_answer_is_asked_what_was_done_first_then_how_much(make_user, posting_for):
    user = make_user()
    session = _session(user, posting=posting_for(user), language="ko")
    _answer(session, WEAK_KO)
    follow = services.turn_next(session=session, speak=False)
    assert follow.order == 2 and follow.is_followup and follow.kind == "followup:method"
    assert "구체적으로" in follow.question and "본인" in follow.question
    quoted = follow.question.split("‘")[1].split("’")[0]
    assert quoted.rstrip("…") in WEAK_KO  # the follow-up quotes the answer it follows
    services.turn_answer_text(turn=follow, text=(
        "제가 정산 배치를 맡아 쿼리에 인덱스를 추가하고 작업을 병렬로 나눴습니다. 덕분에 배치가 훨씬 빨라졌고 "
        "운영팀의 야근도 줄었습니다. 처리 순서를 바꾼 이유는 락 경합을 피하기 위해서였습니다."))
    second = services.turn_next(session=session, speak=False)
    assert second.order == 3 and second.kind == "followup:numbers" and "숫자" in second.question


def test_a_complete_answer_naming_a_technology_gets_a_deep_dive_on_it(make_user, posting_for):
    user = make_user()
    session = _session(user, posting=posting_for(user), language="ko")
    _answer(session, STRONG_KO)
    follow = services.turn_next(session=session, speak=False)
    assert follow.is_followup and follow.kind == "followup:skill" and follow.skill == "Redis"
    assert "Redis" in follow.question and "장애" in follow.question


def test_english_follow_ups_name_the_gap(make_user):
    user = make_user()
    session = _session(user, language="en", position="Backend developer")
    first = services.turn_next(session=session, speak=False)
    assert "Backend developer" in first.question
    services.turn_answer_text(turn=first, text=WEAK_EN)
    follow = services.turn_next(session=session, speak=False)
    assert follow.kind == "followup:method" and "exactly" in follow.question
    services.turn_answer_text(turn=follow, text=STRONG_EN)
    deep = services.turn_next(session=session, speak=False)
    assert deep.kind == "followup:skill" and deep.skill in ("Redis", "PostgreSQL")


def test_questions_never_repeat_and_stop_at_five(make_user, posting_for):
    user = make_user()
    session = _session(user, posting=posting_for(user), language="ko")
    for _ in range(5):
        _answer(session, WEAK_KO)
    questions = list(session.turns.values_list("question", flat=True))
    assert len(questions) == 5 and len(set(questions)) == 5
    kinds = list(session.turns.values_list("kind", flat=True))
    assert kinds[0] == "opening"
    # never more than two follow-ups in a row: a new competency comes in
    assert any(not k.startswith("followup") for k in kinds[1:])
    with pytest.raises(services.MaxQuestionsReached):
        services.turn_next(session=session, speak=False)


def test_an_open_question_is_returned_again_rather_than_a_new_one(make_user):
    user = make_user()
    session = _session(user, position="데이터 분석가")
    first = services.turn_next(session=session, speak=False)
    again = services.turn_next(session=session, speak=False)
    assert again.pk == first.pk and session.turns.count() == 1


@pytest.mark.parametrize("language,strong,weak", [("ko", STRONG_KO, WEAK_KO), ("en", STRONG_EN, WEAK_EN)])
def test_rubric_ranks_a_strong_answer_above_a_weak_one_with_quoted_evidence(make_user, language, strong, weak):
    user = make_user()
    session = _session(user, language=language, position="Backend developer")
    question = "결제 시스템의 성능을 개선한 경험을 말씀해 주세요." if language == "ko" else \
        "Tell me about a time you improved the performance of a system."
    turns = []
    for order, text in enumerate((strong, weak), start=1):
        turn = InterviewTurn.objects.create(session=session, order=order, question=question)
        turns.append(services.turn_evaluate(turn=services.turn_answer_text(turn=turn, text=text, allow_overwrite=True)))
    good, bad = (t.evaluation for t in turns)
    assert good["score"] >= bad["score"] + 25, (good["score"], bad["score"])
    assert 0 <= bad["score"] <= 100 and good["engine"] == "local"
    assert set(good) >= {"score", "feedback", "keywords", "strengths", "improvements", "evidence"}
    assert good["evidence"] and all(e["quote"].rstrip("…") in strong for e in good["evidence"])
    assert "Redis" in good["keywords"]
    assert any(ch.isdigit() for s in good["strengths"] for ch in s)  # the quoted numbers are named
    assert bad["improvements"] and turns[1].turn_feedback == bad["feedback"]
    assert turns[1].emotion["source"] == "text"


def test_report_finds_patterns_across_answers(make_user, posting_for):
    user = make_user()
    session = _session(user, posting=posting_for(user), language="ko")
    for text in (WEAK_KO, WEAK_KO + " 열심히 했습니다.", STRONG_KO):
        turn = _answer(session, text)
        services.turn_evaluate(turn=turn)
    services.report_request(session=session, ended_by="manual")
    session = services.report_build(session_id=session.pk)
    scores = [t.evaluation["score"] for t in session.turns.exclude(answered_at=None)]
    assert session.status == "completed" and session.ended_by == "manual"
    assert session.total_score == round(sum(scores) / len(scores))
    assert session.grade and session.total_feedback.startswith("3개 답변의 평균은")
    report = session.report
    assert report["weakness_patterns"] and "수치" in " ".join(report["weakness_patterns"])
    # required skills of the posting that no answer mentioned become study items
    said = (WEAK_KO + STRONG_KO).lower()
    missing = [skill for skill in session.posting_facts["required_skills"] if skill.lower() not in said]
    assert missing and any(missing[0] in item for item in report["learning_guide"])
    assert report["engine"] == "local" and report["answered"] == 3
    assert session.emotion_summary["emotion_scores"].keys() == {"confidence", "nervousness", "excitement"}


def _pad_wav(*chunks: bytes, silence: float) -> bytes:
    """Join espeak WAVs with `silence` seconds between them (one recording with a long pause)."""
    frames, rate = [], None
    for chunk in chunks:
        with wave.open(io.BytesIO(chunk)) as w:
            rate = w.getframerate()
            frames.append(np.frombuffer(w.readframes(w.getnframes()), dtype="<i2"))
    gap = np.zeros(int(rate * silence), dtype="<i2")
    joined = np.concatenate([frames[0], gap, *frames[1:]])
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(joined.tobytes())
    return out.getvalue()


def test_delivery_analytics_from_a_recorded_answer(make_user):
    user = make_user()
    session = _session(user, language="en", position="Backend developer")
    turn = services.turn_next(session=session, speak=False)
    audio = _pad_wav(espeak_wav("Um, I built the payment service with Python and PostgreSQL."),
                     espeak_wav("As a result, errors dropped by forty percent."), silence=2.5)
    turn = services.turn_answer_audio(turn=turn, data=audio, filename="answer.wav")
    d = turn.delivery
    assert turn.answer_source == "voice" and "payment" in turn.answer_text.lower()
    assert d["source"] == "audio" and d["speaking_rate_unit"] == "words_per_minute"
    assert 8 < d["duration"] < 15 and 60 < d["speaking_rate"] < 260
    assert d["long_pauses"] >= 1 and d["longest_pause"] >= 1.5
    emotion = turn.emotion
    assert emotion["source"] == "speech" and "no face" in emotion["method"]
    assert emotion["dominant_emotion"] in emotion["emotion_scores"]
    assert set(emotion["emotion_scores"]) == {"confidence", "nervousness", "excitement"}
    assert turn.stt["engine"] == "local" and turn.stt["language"] == "en" and not turn.stt["fallback"]
    assert turn.answer_audio.name.startswith(f"interviews/{user.pk}/{session.pk}/")


def test_korean_speech_rate_is_in_syllables_per_second(make_user):
    user = make_user()
    session = _session(user, language="ko", position="백엔드 개발자")
    turn = services.turn_next(session=session, speak=False)
    turn = services.turn_answer_audio(turn=turn, data=espeak_wav("안녕하세요 저는 김지원입니다", "ko", 170, 3),
                                      filename="a.wav")
    assert turn.stt["language"] == "ko" and any("\uac00" <= ch <= "\ud7a3" for ch in turn.answer_text)
    assert turn.delivery["speaking_rate_unit"] == "syllables_per_second" and turn.delivery["speaking_rate"] > 0


def test_stt_falls_back_when_the_recording_is_in_the_other_language(make_user):
    user = make_user()
    session = _session(user, language="ko", position="백엔드 개발자")
    turn = services.turn_next(session=session, speak=False)
    turn = services.turn_answer_audio(turn=turn, data=espeak_wav(STRONG_EN), filename="a.wav")
    assert turn.stt["requested_language"] == "ko" and turn.stt["language"] == "en"
    assert turn.stt["fallback"] is True and "response time" in turn.answer_text.lower()


@pytest.mark.parametrize("data,code", [(b"not audio at all" * 50, "STT_INVALID_AUDIO"),
                                       (None, "STT_NO_SPEECH")])
def test_unusable_audio_is_refused_and_nothing_is_stored(make_user, data, code):
    user = make_user()
    session = _session(user, language="en", position="Developer")
    turn = services.turn_next(session=session, speak=False)
    if data is None:  # two seconds of silence
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes(b"\0\0" * 32000)
        data = out.getvalue()
    with pytest.raises(STTError) as err:
        services.turn_answer_audio(turn=turn, data=data, filename="a.wav")
    assert err.value.code == code
    turn.refresh_from_db()
    assert not turn.answered_at and not turn.answer_audio


def test_seed002_fallback_questions_when_generation_does_not_finish(make_user, transactional_db):
    """The 30 s wait, shortened to nothing here, ends with the documented fallback questions."""
    user = make_user()
    session = _session(user, source=InterviewSession.Source.SESSIONS, position="Backend Developer", language="ko")
    turns, job = services.questions_create_waiting(session=session, timeout=0)
    assert [t.order for t in turns] == [1, 2, 3, 4, 5]
    assert all(t.kind == "fallback" for t in turns)
    assert "Backend Developer" in turns[0].question
    assert job.status == "failed" and job.error_code == "timeout"
    # a late worker finds the questions already there and adds none
    assert services.questions_plan(session=session) and session.turns.count() == 5
