"""The user's hiring calendar: events saved from a parsed posting, and a private feed URL."""
from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    APPLICATION = "application", _("Application opens")
    DEADLINE = "deadline", _("Deadline")
    RESULT = "result", _("Results")
    CODING_TEST = "coding_test", _("Coding test")
    ASSIGNMENT = "assignment", _("Assignment")
    APTITUDE = "aptitude", _("Aptitude test")
    INTERVIEW = "interview", _("Interview")
    FINAL = "final", _("Final announcement")
    ONBOARDING = "onboarding", _("Start date")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


class CalendarEvent(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_events")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # stable iCalendar UID
    company = models.CharField(_("company"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    posting = models.ForeignKey("postings.JobPosting", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="calendar_events", verbose_name=_("job posting"))
    source = models.CharField(_("added from"), max_length=20, default="parse")  # parse | manual | assistant
    engine = models.CharField(_("parsed by"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date", "time", "id"]
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")
        indexes = [models.Index(fields=["owner", "date"], name="calendar_owner_date")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return " ".join(part for part in (self.company, self.stage) if part)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A private subscription URL (`/calendar/feed/<token>.ics`) for Google or Apple Calendar.
    Revoking deletes the row; a new one gets a new token, so an old link stops working."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed of {self.owner_id}"
