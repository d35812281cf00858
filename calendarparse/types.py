"""Typed outputs of the calendar parse task: the one shape both engines return (calendarparse.local
from rules, calendarparse.ai from a model's JSON), which calendarparse.ai re-exports."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass
class Schedule:
    stage: str
    date: date | None
    time: time | None = None
    kind: str = "other"
    end_date: date | None = None  # a range: "면접 1.20 ~ 1.24"
    note: str = ""  # e.g. "채용 시 마감" when there is no date, "주간 일정" for "1월 셋째 주"
    source: str = ""  # the line it was read from

    def public(self) -> dict:
        """The seed's schedule item: stage, date (YYYY-MM-DD or null), time (HH:MM or null)."""
        return {"stage": self.stage, "date": self.date.isoformat() if self.date else None,
                "time": self.time.strftime("%H:%M") if self.time else None}

    def as_form(self) -> dict:
        return {**self.public(), "kind": self.kind, "end_date": self.end_date.isoformat() if self.end_date else None,
                "note": self.note}


@dataclass
class CalendarParse:
    company: str
    position: str
    schedules: list[Schedule]
    hashtags: list[str]
    notes: list[str] = field(default_factory=list)
    engine: str = "local"
    language: str = "ko"
    base_date: date | None = None  # the date years were inferred from (posting date or today)

    def public(self) -> dict:
        """The documented `data` of `calendar_parsed`."""
        return {"success": True, "company": self.company, "position": self.position,
                "schedules": [s.public() for s in self.schedules], "hashtags": list(self.hashtags)}
