from django.apps import AppConfig


class CalendarparseConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "calendarparse"
