"""Answers written from tool results (local engine), in Korean or English."""
from __future__ import annotations

from datetime import date, timedelta

from ai.nlp.korean import josa

KO_WEEKDAYS = "월화수목금토일"
EN_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MAX_ITEMS = 20


def _parse_day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def day_label(day: date, ko: bool) -> str:
    return f"{day.month}/{day.day}({KO_WEEKDAYS[day.weekday()]})" if ko else f"{EN_WEEKDAYS[day.weekday()]} {day.month}/{day.day}"


def range_label(params: dict, today: date, ko: bool) -> str:
    start, end = _parse_day(params.get("start_date")), _parse_day(params.get("end_date"))
    if not start or not end:
        return "요청하신 기간" if ko else "that period"
    monday = today - timedelta(days=today.weekday())
    span = f"{start.month}/{start.day}~{end.month}/{end.day}"
    if (start, end) == (monday, monday + timedelta(days=6)):
        return f"이번 주({span})" if ko else f"this week ({span})"
    if (start, end) == (monday + timedelta(weeks=1), monday + timedelta(weeks=1, days=6)):
        return f"다음 주({span})" if ko else f"next week ({span})"
    if start == end:
        if start == today:
            return f"오늘 {day_label(start, ko)}" if ko else f"today ({day_label(start, ko)})"
        if start == today + timedelta(days=1):
            return f"내일 {day_label(start, ko)}" if ko else f"tomorrow ({day_label(start, ko)})"
        return day_label(start, ko)
    following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    if start.day == 1 and end == following - timedelta(days=1):
        return f"{start.month}월" if ko else start.strftime("%B")
    return span


def from_tool(result: dict, params: dict, *, language: str, today: date) -> str:
    """The reply to a tool result (ours, or the client's `tool_result`)."""
    ko = language == "ko"
    tool = str(result.get("tool") or "")
    if not result.get("success", False):
        reason = str(result.get("error") or result.get("message") or "")[:200]
        if ko:
            return f"{_tool_name(tool, True)} 결과를 받지 못했습니다.{' (' + reason + ')' if reason else ''} 잠시 후 다시 시도해 주세요."
        return f"The {_tool_name(tool, False)} step did not succeed{' (' + reason + ')' if reason else ''}. Please try again shortly."
    data = result.get("data")
    if tool == "get_schedule":
        return schedule_answer(data, params, ko=ko, today=today)
    if tool == "add_schedule":
        return added_answer(data if isinstance(data, dict) else (data[0] if isinstance(data, list) and data else {}),
                            params, ko=ko)
    if tool == "get_interview_history":
        return interview_answer(data, ko=ko)
    if tool == "get_match_report":
        return match_answer(data, ko=ko)
    if tool == "search_documents":
        items = [d for d in data or [] if isinstance(d, dict)][:3]
        if not items:
            return "문서에서 관련 내용을 찾지 못했습니다." if ko else "Nothing relevant was found in your documents."
        return "\n".join(f"• {d.get('title', '')}: “{str(d.get('text', ''))[:160]}”" for d in items)
    return ("도구 결과를 받았습니다." if ko else "I received the tool's result.")


def _tool_name(tool: str, ko: bool) -> str:
    names = {"get_schedule": ("일정 조회", "schedule lookup"), "add_schedule": ("일정 추가", "add-schedule"),
             "get_interview_history": ("면접 기록 조회", "interview history"),
             "get_match_report": ("매칭 리포트 조회", "match report"), "search_documents": ("문서 검색", "document search")}
    return names.get(tool, ("도구 실행", "tool"))[0 if ko else 1]


def _items(data) -> list[dict]:
    if isinstance(data, dict):
        data = data.get("items") or data.get("schedules") or data.get("events") or [data]
    return [item for item in (data if isinstance(data, list) else []) if isinstance(item, dict)][:MAX_ITEMS]


def schedule_answer(data, params: dict, *, ko: bool, today: date) -> str:
    label = range_label(params or {}, today, ko)
    items = []
    for item in _items(data):
        day = _parse_day(item.get("date"))
        title = str(item.get("title") or item.get("stage") or ("일정" if ko else "Event"))[:120]
        clock = str(item.get("time") or "")[:5]
        items.append((day or date.max, clock or "99:99", day, clock, title))
    items.sort(key=lambda item: item[:2])
    if not items:
        return (f"{label}에는 등록된 일정이 없습니다. 채용공고에서 ‘일정 추출’을 누르면 전형 일정을 캘린더에 넣을 수 있어요."
                if ko else f"Nothing is scheduled for {label}. Use “Extract schedule” on a job posting to add its dates.")
    lines = [f"• {day_label(day, ko) if day else '?'}{' ' + clock if clock else ''} {title}" for _d, _c, day, clock, title in items]
    upcoming = [day for _d, _c, day, _clock, _t in items if day and day >= today]
    if ko:
        head = f"{label} 일정은 {len(items)}건입니다."
        if upcoming:
            gap = (upcoming[0] - today).days
            head += " 가장 가까운 일정은 " + ("오늘입니다." if gap == 0 else "내일입니다." if gap == 1 else f"{gap}일 뒤입니다.")
    else:
        head = f"You have {len(items)} item{'s' if len(items) != 1 else ''} {label}:"
    return "\n".join([head, *lines])


def added_answer(item: dict, params: dict, *, ko: bool) -> str:
    title = str(item.get("title") or params.get("title") or ("일정" if ko else "event"))[:120]
    day = _parse_day(item.get("date") or params.get("date"))
    clock = str(item.get("time") or params.get("time") or "")[:5]
    when = (f"{day.month}월 {day.day}일({KO_WEEKDAYS[day.weekday()]})" if ko else day_label(day, False)) if day else ""
    if ko:
        return f"‘{title}’ 일정을 {when}{' ' + clock if clock else ''}에 캘린더에 추가했습니다."
    return f"Added “{title}” to your calendar on {when}{' at ' + clock if clock else ''}."


def interview_answer(data, *, ko: bool) -> str:
    sessions = _items(data)
    if not sessions:
        return ("아직 리포트가 나온 모의면접이 없습니다. 모의면접을 한 번 끝까지 진행하면 점수와 개선점을 바탕으로 팁을 드릴게요."
                if ko else "You have no finished mock interview with a report yet. Finish one and I will give tips from it.")
    scores = [s.get("total_score") for s in sessions if isinstance(s.get("total_score"), (int, float))]
    weaknesses = _top([w for s in sessions for w in s.get("weaknesses") or [] if isinstance(w, str)])
    guide = _top([g for s in sessions for g in s.get("guide") or [] if isinstance(g, str)])
    strengths = _top([w for s in sessions for w in s.get("strengths") or [] if isinstance(w, str)])
    lines = []
    if ko:
        head = f"최근 모의면접 {len(sessions)}회의 리포트를 보면"
        head += f" 평균 {round(sum(scores) / len(scores))}점입니다." if scores else " 다음과 같습니다."
        lines.append(head)
        if strengths:
            lines.append("잘하고 있는 점: " + strengths[0])
        for text in weaknesses[:2]:
            lines.append("• 보완할 점: " + text)
        for text in guide[:2]:
            lines.append("• 다음 연습 때: " + text)
    else:
        lines.append(f"Across your last {len(sessions)} mock interview{'s' if len(sessions) != 1 else ''}"
                     + (f" you averaged {round(sum(scores) / len(scores))} points." if scores else ":"))
        if strengths:
            lines.append("Going well: " + strengths[0])
        lines += ["• To improve: " + text for text in weaknesses[:2]]
        lines += ["• Next practice: " + text for text in guide[:2]]
    if len(lines) == 1:
        lines.append("리포트에 구체적인 개선점이 아직 없습니다." if ko else "The reports list no specific points yet.")
    return "\n".join(lines)


def _top(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item[:200])
    return out


def match_answer(data, *, ko: bool) -> str:
    matches = _items(data)
    if not matches:
        return ("아직 이력서와 채용공고를 매칭한 기록이 없습니다. 채용공고 페이지의 ‘이력서 매칭’에서 분석해 보세요."
                if ko else "You have not matched a resume against a posting yet. Try “Match my resume” on a posting.")
    latest = matches[0]
    name = " ".join(str(latest.get(k) or "") for k in ("company", "position")).strip() or ("채용공고" if ko else "the posting")
    score, grade = latest.get("score"), latest.get("grade")
    missing = [str(s) for s in latest.get("missing_skills") or []][:5]
    matched = [str(s) for s in latest.get("matched_skills") or []][:5]
    advice = [str(s) for s in latest.get("recommendations") or []][:2]
    if ko:
        lines = [f"가장 최근 매칭은 {josa(name, '과/와')}의 결과로 {score}점({grade})입니다."]
        if matched:
            lines.append("맞는 기술: " + ", ".join(matched))
        if missing:
            lines.append("부족한 기술: " + ", ".join(missing))
        lines += ["• " + a for a in advice]
    else:
        lines = [f"Your latest match, against {name}, scored {score} ({grade})."]
        if matched:
            lines.append("Matched: " + ", ".join(matched))
        if missing:
            lines.append("Missing: " + ", ".join(missing))
        lines += ["• " + a for a in advice]
    return "\n".join(lines)


def thanks_text(ko: bool) -> str:
    return ("천만에요! 일정이나 문서에 대해 더 궁금한 게 있으면 언제든 물어보세요." if ko
            else "You're welcome! Ask me any time about your schedule or your documents.")


def help_text(ko: bool) -> str:
    if ko:
        return ("안녕하세요! 취업 준비를 도와드릴게요. 이런 것을 할 수 있어요.\n"
                "• 일정: “이번 주 일정 알려줘”, “1월 20일 오후 2시 카카오 1차 면접 일정 추가해줘”\n"
                "• 내 문서 질문: “내 이력서에서 Kafka 경험은?” (출처와 쪽수를 함께 알려 드려요)\n"
                "• 모의면접 팁: “지난 면접 피드백 정리해줘”\n"
                "• 매칭 결과: “최근 매칭 결과에서 부족한 기술은?”")
    return ("Hi! I can help with your job search:\n"
            "• Schedule: “What's on this week?”, “Add Kakao first interview on Jan 20 at 2 PM”\n"
            "• Your documents: “What does my resume say about Kafka?” (with sources and pages)\n"
            "• Interview tips: “Summarise my mock interview feedback”\n"
            "• Match reports: “Which skills was I missing in my last match?”")
