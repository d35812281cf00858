"""Reads on the hiring calendar, always narrowed to one user."""
from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from calendarparse.models import CalendarEvent, CalendarFeed


def events_for(user) -> QuerySet[CalendarEvent]:
    if user is None or not user.is_authenticated:
        return CalendarEvent.objects.none()
    return CalendarEvent.objects.filter(owner=user).select_related("posting")


def events_between(user, start: date, end: date) -> QuerySet[CalendarEvent]:
    """Events on any day from `start` to `end` inclusive (a range event counts on each of its days)."""
    return events_for(user).filter(
        Q(date__range=(start, end)) | Q(date__lt=start, end_date__gte=start)).order_by("date", "time", "id")


def week_bounds(day: date, *, weeks_ahead: int = 0) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday()) + timedelta(weeks=weeks_ahead)
    return monday, monday + timedelta(days=6)


def event_for(user, pk) -> CalendarEvent:
    """The user's event or CalendarEvent.DoesNotExist (another user's id is simply not found)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise CalendarEvent.DoesNotExist from exc
    return events_for(user).get(pk=pk)


def feed_for(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(owner=user).first() if user and user.is_authenticated else None


def feed_by_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 64:
        return None
    return CalendarFeed.objects.select_related("owner").filter(token=token, owner__is_active=True).first()
