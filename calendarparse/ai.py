"""The calendar AI task: hiring schedules out of a posting (seed 000 §6 `POST /ai/calendar/parse`).

`parse_schedule()` dispatches between the engines: `local` (rules in calendarparse/local, the
default) and `openai` (JSON answer validated against SCHEMA; stage kinds and dates are checked
by the same local rules). Both return a `CalendarParse`.
"""
from __future__ import annotations

import re
from datetime import date, time

import ai
from ai import fallback
from calendarparse import local
from calendarparse.local import stages as stage_rules
from calendarparse.types import CalendarParse, Schedule


class ParseFailed(Exception):
    """No schedule could be read from the input (seed 000 `parse_failed`)."""


def parse_schedule(text: str, *, today: date) -> CalendarParse:
    """Schedules, company, position and hashtags of a posting. `today` is the user's date (Asia/Seoul
    by default): years are inferred from the posting's own date when it shows one, else from today."""
    result = fallback.run("calendar_parse", lambda: _openai_parse(text, today=today),
                          lambda: local.parse(text, today=today))
    if not result.schedules:
        raise ParseFailed("No schedule found in the text.")
    return result


# --------------------------------------------------------------------------- openai engine
SCHEMA = {
    "type": "object",
    "properties": {
        "company": {"type": "string"},
        "position": {"type": "string"},
        "schedules": {"type": "array", "maxItems": 20, "items": {
            "type": "object",
            "properties": {
                "stage": {"type": "string", "minLength": 1},
                "date": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                "time": {"type": ["string", "null"], "pattern": r"^\d{2}:\d{2}$"},
            },
            "required": ["stage", "date", "time"],
        }},
        "hashtags": {"type": "array", "items": {"type": "string"}, "maxItems": 8},
    },
    "required": ["company", "position", "schedules", "hashtags"],
}

PROMPT = """Extract the hiring schedule from this job posting.
Today is {today}. The posting's own date, if it shows one, is {posted}.
Rules:
- One item per stage that has a date: application start/deadline (서류 접수/서류 마감), document results,
  coding test (코딩테스트), assignment (과제), aptitude test (인적성검사 with its name, e.g. SKCT, GSAT),
  interviews (1차 면접, 2차 면접, 임원 면접), final announcement (최종 발표), start date (입사일).
- Use the posting's language for stage names. Dates as YYYY-MM-DD; a missing year is the first
  such date on or after the posting's date. time is HH:MM (24 h) or null.
- A deadline "채용 시 마감"/"until filled" or 상시채용 has date null. Never invent dates.
- hashtags: "#company", "#role keyword", "#신입" or "#경력" and similar, at most 6.

Posting:
{text}"""


def _openai_parse(text: str, *, today: date) -> CalendarParse:
    from ai import llm

    hints = local.parse(text, today=today)  # base date and language, and a fallback for kinds
    data = llm.chat_json([{"role": "user", "content": PROMPT.format(
        today=today.isoformat(), posted=hints.base_date.isoformat() if hints.base_date else "unknown",
        text=text[:20000])}], schema=SCHEMA, name="calendar_parse", purpose="calendar_parse")
    schedules = []
    for item in data["schedules"]:
        stage = " ".join(str(item["stage"]).split())[:100]
        day = _iso_date(item.get("date"))
        clock = _clock(item.get("time"))
        if day is None and item.get("date"):
            continue  # an impossible date is dropped, never guessed
        kind = stage_rules.kind_of(stage)
        schedules.append(Schedule(stage=stage, date=day, time=clock, kind=kind,
                                  note="" if day else stage_rules.undated_note(text)))
    hashtags = [("#" + re.sub(r"\s+", "", str(t)).lstrip("#"))[:40] for t in data["hashtags"] if str(t).strip("# ")]
    return CalendarParse(company=str(data["company"]).strip()[:200] or hints.company,
                         position=str(data["position"]).strip()[:200] or hints.position,
                         schedules=schedules, hashtags=hashtags[:8], notes=hints.notes, engine=ai.engine(),
                         language=hints.language, base_date=hints.base_date)


def _iso_date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _clock(value) -> time | None:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{2}:[0-9]{2}", value):
        return None
    hour, minute = int(value[:2]), int(value[3:])
    return time(hour, minute) if hour < 24 and minute < 60 else None
