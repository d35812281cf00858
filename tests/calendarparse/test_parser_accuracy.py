"""The local parser on twenty realistic postings: stage, date and time right for >= 90 % of stages."""
from datetime import date

import pytest

from calendarparse import local
from tests.calendarparse.postings import EXTRA_POSTINGS, POSTINGS, TODAY


def _triples(result):
    return [(s.stage, s.date.isoformat() if s.date else None, s.time.strftime("%H:%M") if s.time else None)
            for s in result.schedules]


def test_stage_date_time_accuracy_over_twenty_postings(capsys):
    assert len(POSTINGS) == 20
    assert sum(1 for p in POSTINGS if any("가" <= ch <= "힣" for ch in p["text"][:80])) >= 12  # mostly Korean
    expected_total = right = extra = 0
    misses = []
    for posting in POSTINGS:
        got = _triples(local.parse(posting["text"], today=posting.get("today", TODAY)))
        expected_total += len(posting["expected"])
        for item in posting["expected"]:
            if item in got:
                right += 1
            else:
                misses.append((posting["name"], item))
        extra += len([g for g in got if g not in posting["expected"]])
    accuracy = right / expected_total
    precision = right / (right + extra)
    with capsys.disabled():
        print(f"\ncalendar parser: {right}/{expected_total} stages right ({accuracy:.1%}), "
              f"precision {precision:.1%}, misses {misses}")
    assert accuracy >= 0.90, misses
    assert precision >= 0.85


def test_five_more_postings():
    expected = [item for _text, items in EXTRA_POSTINGS for item in items]
    got = [item for text, _items in EXTRA_POSTINGS for item in _triples(local.parse(text, today=TODAY))]
    right = sum(1 for item in expected if item in got)
    assert right / len(expected) >= 0.9, [item for item in expected if item not in got]


@pytest.mark.parametrize("text, expected", [
    ("서류 마감: 2026년 1월 15일(목) 18:00까지", ("서류 마감", date(2026, 1, 15), "18:00")),
    ("코딩테스트 1/15(금) 14시", ("코딩테스트", date(2027, 1, 15), "14:00")),
    ("서류 접수 ~ 01.15", ("서류 마감", date(2027, 1, 15), None)),
    ("1차 면접: 1월 셋째 주", ("1차 면접", date(2027, 1, 18), None)),
    ("임원 면접 1.20 ~ 1.24 오후 2시", ("임원 면접", date(2027, 1, 20), "14:00")),
    ("인적성검사(GSAT) 2027.4.17 오전 9시", ("인적성검사(GSAT)", date(2027, 4, 17), "09:00")),
    ("Application deadline: Jan 15, 2027 5 PM", ("Application deadline", date(2027, 1, 15), "17:00")),
])
def test_single_forms(text, expected):
    [item] = local.parse(text, today=TODAY).schedules
    assert (item.stage, item.date, item.time.strftime("%H:%M") if item.time else None) == expected


def test_range_keeps_its_end_and_week_is_marked():
    [interview] = local.parse("임원 면접 1.20 ~ 1.24", today=TODAY).schedules
    assert interview.end_date == date(2027, 1, 24)
    [week] = local.parse("1차 면접: 1월 셋째 주", today=TODAY).schedules
    assert week.note == "주간 일정" and week.end_date == date(2027, 1, 22)


def test_no_date_deadlines_say_so():
    result = local.parse("백엔드 개발자 채용\n접수 기간: 채용 시 마감", today=TODAY)
    [deadline] = result.schedules
    assert (deadline.stage, deadline.date, deadline.kind) == ("서류 마감", None, "deadline")
    assert deadline.note == "채용 시 마감" and result.notes == ["채용 시 마감"]
    rolling = local.parse("[상시채용] iOS 개발자", today=TODAY)
    assert rolling.schedules[0].date is None and "#상시채용" in rolling.hashtags


def test_early_closing_is_a_note_on_a_dated_deadline():
    result = local.parse("마감일: 2026년 12월 15일 (채용 시 조기 마감)\n코딩테스트(12/20)", today=TODAY)
    assert [(s.stage, s.date, s.note) for s in result.schedules] == [
        ("서류 마감", date(2026, 12, 15), "조기 마감"), ("코딩테스트", date(2026, 12, 20), "")]
    assert result.notes == []


def test_years_never_fall_in_the_past_by_accident():
    # read on 2026-12-01, "1/5" is next January; a posting dated 2026-01-02 keeps its own year
    [item] = local.parse("서류 마감 1/5", today=TODAY).schedules
    assert item.date == date(2027, 1, 5)
    dated = local.parse("게시일: 2026.01.02\n서류 마감 1/15\n면접 2/3", today=TODAY)
    assert [s.date for s in dated.schedules] == [date(2026, 1, 15), date(2026, 2, 3)]
    crossing = local.parse("서류 마감 2026.12.28\n코딩테스트 1/4", today=date(2026, 12, 20))
    assert [s.date for s in crossing.schedules] == [date(2026, 12, 28), date(2027, 1, 4)]


def test_company_position_hashtags():
    result = local.parse(POSTINGS[0]["text"], today=TODAY)
    assert result.company == "카카오" and "백엔드" in result.position
    assert result.hashtags[:3] == ["#카카오", "#백엔드", "#신입"]


def test_text_without_schedule_has_no_stages():
    assert local.parse("Java와 Spring을 다룰 줄 아는 분을 찾습니다.", today=TODAY).schedules == []
