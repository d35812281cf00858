"""Demo data: the demo posting's hiring schedule on the demo user's calendar. Idempotent."""
from calendarparse import services
from calendarparse.models import CalendarEvent
from postings.selectors import demo_posting


def load(*, user, texts: dict[str, str]) -> list[CalendarEvent]:
    posting = demo_posting(user)
    if posting is None or CalendarEvent.objects.filter(owner=user, posting=posting).exists():
        return []
    try:
        result = services.calendar_parse(text=posting.original_text, today=services.user_today(user))
    except services.CalendarError:
        return []
    items = [services.EventInput(stage=s.stage, date=s.date, time=s.time, kind=s.kind, end_date=s.end_date, note=s.note)
             for s in result.schedules if s.date]
    return services.events_save(owner=user, company=result.company or posting.company,
                                position=result.position or posting.position, items=items, posting=posting,
                                engine=result.engine)
