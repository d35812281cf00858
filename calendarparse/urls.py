from django.urls import path

from calendarparse import views
from core.errors import surface
from calendarparse.api import views as api

app_name = "calendarparse"
urlpatterns = [
    *surface("seed000", [path("ai/calendar/parse", api.CalendarParseView.as_view(), name="parse")], owns=("ai/",)),
    # pages
    path("calendar", views.calendar_month, name="calendar"),
    path("calendar/new", views.event_new, name="new"),
    path("calendar/events", views.events_save, name="save"),
    path("calendar/events/<int:pk>/edit", views.event_edit, name="edit"),
    path("calendar/events/<int:pk>/delete", views.event_delete, name="delete"),
    path("calendar.ics", views.calendar_ics, name="ics"),
    path("calendar/feed", views.feed_manage, name="feed"),
    path("calendar/feed/<str:token>.ics", views.feed_ics, name="feed-ics"),
]
