"""What a chat message asks for (local engine): a schedule range, a new schedule, interview
tips, a match report, help, or (by default) a question about the user's documents."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ai.nlp import dates as nlp_dates

SCHEDULE = re.compile(r"일정|스케줄|캘린더|달력|schedule|calendar|agenda|what'?s\s+on|upcoming"
                      r"|언제.{0,12}(면접|마감|테스트|발표|시험)|(면접|마감|코딩\s*테스트|발표|시험).{0,8}(언제|있어|있나|있니|있는지)",
                      re.I)
ADD = re.compile(r"추가|등록|넣어|저장해|잡아|\badd\b|\bput\b|\bsave\b|\bcreate\b", re.I)
INTERVIEW = re.compile(r"면접\s*(?:기록|결과|피드백|리포트|후기|연습|팁|조언|약점|점수|준비)|모의\s*면접|면접.{0,10}(?:어땠|개선|보완|약점)"
                       r"|interview\s+(?:history|feedback|tips?|results?|reports?|practice)|mock\s+interview"
                       r"|내\s*약점|부족한\s*점|개선할\s*점|weak(?:ness|nesses)?\b", re.I)
MATCH = re.compile(r"매칭|적합도|합격\s*가능성|match(?:ing)?\b|부족한\s*기술|missing\s+skills|공고.{0,10}(?:맞|부합)", re.I)
THANKS = re.compile(r"고마워|고맙|감사(?:합니다|해요|해)|thank", re.I)
GREETING = re.compile(r"^\s*(?:안녕|하이|반가|hello\b|hi\b|hey\b)", re.I)
HELP = re.compile(r"뭘?\s*할\s*수|무엇을\s*할|무슨\s*일을|도움말|사용법|\bhelp\b|what\s+can\s+you", re.I)
_RANGE_ONLY = re.compile(r"^\s*(?:그럼|그러면|and|what about)?\s*(?:이번|다음|지난|다다음)\s*(?:주|달)|^\s*(?:next|this|last)\s+(?:week|month)"
                         r"|^\s*(?:오늘|내일|모레|today|tomorrow)", re.I)
_ADD_TAIL = re.compile(r"(?:일정|스케줄|schedule|event)?\s*(?:을|를)?\s*(?:내\s*)?(?:캘린더|달력|calendar)?\s*(?:에|에다|to\s+(?:my\s+)?)?\s*"
                       r"(?:추가|등록|넣어|저장|잡아|add|put|save|create)\S*(?:\s*(?:줘|주세요|줄래|해줘|해\s*줘|해주세요|please))*[\s.!?]*$", re.I)
_ADD_HEAD = re.compile(r"^\s*(?:please\s+)?(?:add|put|save|create)\s+(?:an?\s+)?(?:event\s+)?", re.I)


@dataclass
class Intent:
    kind: str  # schedule | add_schedule | interview | match | greeting | thanks | help | documents
    tool: str = ""
    params: dict = field(default_factory=dict)


def detect(message: str, today: date, history: list[dict] | None = None) -> Intent:
    text = message or ""
    mentions = nlp_dates.parse_dates(text, today, future_only=True)
    dated = [m for m in mentions if m.date]
    if dated and ADD.search(text) and not re.search(r"\?|알려|보여|뭐|있어|있나", text):
        return Intent("add_schedule", "add_schedule", _add_params(text, dated, mentions))
    asks_day = bool(dated) and re.search(r"뭐\s*있|무슨\s*일|anything\s+on|what'?s\s+(?:on|happening)", text, re.I)
    if SCHEDULE.search(text) or asks_day or (_RANGE_ONLY.search(text) and _previous_was_schedule(history)):
        start, end = date_range(text, today, dated)
        return Intent("schedule", "get_schedule", {"start_date": start.isoformat(), "end_date": end.isoformat()})
    if INTERVIEW.search(text):
        return Intent("interview", "get_interview_history", {"limit": 5})
    if MATCH.search(text):
        return Intent("match", "get_match_report", {})
    if HELP.search(text):
        return Intent("help")
    if GREETING.search(text) and len(text) < 20:
        return Intent("greeting")
    if THANKS.search(text) and len(text) < 30:
        return Intent("thanks")
    return Intent("documents")


def _previous_was_schedule(history: list[dict] | None) -> bool:
    users = [m.get("content", "") for m in history or [] if m.get("role") == "user"]
    return bool(users) and bool(SCHEDULE.search(users[-1]))


def date_range(text: str, today: date, dated=None) -> tuple[date, date]:
    """The period a schedule question is about, in the user's calendar (weeks start on Monday)."""
    monday = today - timedelta(days=today.weekday())
    lowered = text.lower()
    if re.search(r"다다음\s*주", text):
        return monday + timedelta(weeks=2), monday + timedelta(weeks=2, days=6)
    if re.search(r"다음\s*주|차주|next\s+week", lowered):
        return monday + timedelta(weeks=1), monday + timedelta(weeks=1, days=6)
    if re.search(r"지난\s*주|저번\s*주|last\s+week", lowered):
        return monday - timedelta(weeks=1), monday - timedelta(days=1)
    if re.search(r"이번\s*주|금주|this\s+week", lowered):
        return monday, monday + timedelta(days=6)
    if re.search(r"주말|weekend", lowered):
        return monday + timedelta(days=5), monday + timedelta(days=6)
    if re.search(r"다음\s*달|next\s+month", lowered):
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if re.search(r"이번\s*달|this\s+month", lowered):
        return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])
    dated = dated if dated is not None else [m for m in nlp_dates.parse_dates(text, today, future_only=True) if m.date]
    if dated:
        days = sorted(m.date for m in dated)
        if dated[0].approx == "week":
            return days[0], days[0] + timedelta(days=6)
        return days[0], days[-1]
    month = re.search(r"(?<!\d)(\d{1,2})\s*월(?!\s*\d)", text)
    if month and 1 <= int(month.group(1)) <= 12:
        number = int(month.group(1))
        year = today.year + (1 if number < today.month else 0)
        return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
    return today, today + timedelta(days=13)  # "내 일정 알려줘": the next two weeks


def _add_params(text: str, dated, mentions) -> dict:
    first = dated[0]
    clock = first.time or next((m.time for m in mentions if not m.date and m.time), None)
    title = text
    for mention in sorted(mentions, key=lambda m: m.span, reverse=True):
        title = title[:mention.span[0]] + " " + title[mention.span[1]:]
    title = _ADD_HEAD.sub("", _ADD_TAIL.sub("", title))
    title = re.sub(r"^\s*(?:에|에는|on|at)\s+", "", title)
    title = re.sub(r"\s+(?:on|at)\s*$", "", title)
    title = " ".join(title.replace(",", " ").split()).strip(" .!?~-:")
    return {"title": title or "일정", "date": first.date.isoformat(), "time": clock.strftime("%H:%M") if clock else None}
