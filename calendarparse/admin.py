from django.contrib import admin

from calendarparse.models import CalendarEvent, CalendarFeed


@admin.register(CalendarEvent)
class CalendarEventAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "company", "stage", "kind", "date", "time", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["company", "position", "stage", "owner__email", "owner__username"]
    raw_id_fields = ["owner", "posting"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "created_at", "last_polled_at"]
    raw_id_fields = ["owner"]
    readonly_fields = ["token"]
