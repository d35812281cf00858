from django.core.management import call_command

from calendarparse.models import CalendarEvent


def test_demo_loader_puts_the_demo_postings_schedule_on_the_calendar(db, settings):
    settings.AI_ENGINE = "local"
    call_command("load_demo")
    events = list(CalendarEvent.objects.filter(owner__username=settings.DEMO_USER["username"]))
    assert any(e.kind == "deadline" for e in events) and any(e.stage == "코딩테스트" for e in events)
    call_command("load_demo")  # idempotent
    assert CalendarEvent.objects.count() == len(events)
