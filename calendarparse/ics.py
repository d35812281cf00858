"""iCalendar (RFC 5545) output of a user's hiring calendar, built with the `icalendar` package.

Timed events are in Asia/Seoul with a VTIMEZONE; date-only stages are all-day events (a range
spans its days). Deadlines, tests and interviews carry a reminder the day before.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event, Timezone

PRODID = "-//Interview Coach//Hiring calendar//KO"
DEFAULT_MINUTES = {"interview": 60, "coding_test": 120, "aptitude": 120, "deadline": 30}
REMIND_KINDS = {"deadline", "coding_test", "assignment", "aptitude", "interview"}


def build(events, *, name: str) -> bytes:
    zone_name = settings.TIME_ZONE
    zone = ZoneInfo(zone_name)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", zone_name)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    events = list(events)
    # always present: a calendar needs at least one component (RFC 5545), even with no events yet
    cal.add_component(Timezone.from_tzid(zone_name))
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@interview-coach")
        event.add("dtstamp", stamp)
        event.add("last-modified", item.updated_at)
        event.add("summary", item.title or item.stage)
        if item.time:
            start = datetime.combine(item.date, item.time, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=DEFAULT_MINUTES.get(item.kind, 60)))
        else:
            event.add("dtstart", item.date)
            event.add("dtend", (item.end_date or item.date) + timedelta(days=1))
        description = [part for part in (item.position, item.note) if part]
        if item.end_date and item.time:
            description.append(f"~ {item.end_date.isoformat()}")
        if description:
            event.add("description", "\n".join(description))
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT" if not item.time else "OPAQUE")
        if item.kind in REMIND_KINDS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.title or item.stage)
            alarm.add("trigger", timedelta(days=-1))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
