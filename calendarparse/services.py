"""Writes for the hiring calendar: parse input (text or a fetched file), save events, the feed.

Files come through the documents app's own path: `core.urlguard.fetch` (SSRF-safe), upload
validation and OCR step (`documents.services.upload_pages_extract`), so the same
limits and the same seed 000 codes apply (file_not_found 4041, invalid_file_type 4001,
file_too_large 4130, ocr_processing_failed 5001, ai_service_unavailable 5031).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ai.errors import AIError
from calendarparse import ai as calendar_ai
from calendarparse.local.stages import find_stages, kind_of  # noqa: F401 - find_stages is public for the assistant
from calendarparse.models import CalendarEvent, CalendarFeed, EventKind, new_feed_token
from core import urlguard
from documents import services as document_services
from core.errors import DomainError, register_seed000
DocumentError = document_services.DocumentError

MAX_TEXT_CHARS = 50_000

# Seed 000 §6 codes. 4010/4011 are also the auth codes of the common table; these come with
# HTTP 400, which tells them apart (the seed's own numbering, kept as written).
register_seed000("no_input_provided", 400, 4010, _("Send file_url or text (at least one)."))
register_seed000("parse_failed", 400, 4011, _("No schedule could be read from this posting."))


class CalendarError(DomainError):
    """A failure with one of core.errors.SEED000_CODES."""


def user_today(user=None) -> date:
    """Today in the user's time zone (Asia/Seoul unless the profile says otherwise)."""
    zone = getattr(user, "time_zone", "") or settings.TIME_ZONE
    try:
        return timezone.now().astimezone(ZoneInfo(zone)).date()
    except Exception:  # noqa: BLE001 - an unknown zone name falls back to the site's
        return timezone.localdate()


def text_from_file_url(file_url: str) -> str:
    """The text of a posting image or PDF behind `file_url` (text layer first, then OCR)."""
    try:
        fetched = urlguard.fetch(file_url)
    except urlguard.FetchError as exc:
        raise CalendarError("file_too_large" if exc.code == "too_large" else "file_not_found", exc.message) from exc
    return text_from_upload(fetched.data)


def text_from_upload(data: bytes) -> str:
    """The text of an uploaded posting image or PDF (the calendar page's file field)."""
    try:
        pages = document_services.upload_pages_extract(data=data)
    except DocumentError as exc:
        raise CalendarError(exc.code, exc.message) from exc
    return "\n\n".join(page["text"] for page in pages if page["text"])


def calendar_parse(*, text: str = "", file_url: str = "", today: date) -> calendar_ai.CalendarParse:
    """Parse `text`, the file behind `file_url`, or both (the file's text first)."""
    parts = []
    if file_url:
        parts.append(text_from_file_url(file_url))
    if text:
        parts.append(text)
    combined = "\n\n".join(p for p in parts if p.strip())
    if not combined.strip():
        raise CalendarError("parse_failed", "The input holds no text.")
    try:
        return calendar_ai.parse_schedule(combined[:MAX_TEXT_CHARS], today=today)
    except calendar_ai.ParseFailed as exc:
        raise CalendarError("parse_failed", str(exc)) from exc
    except AIError as exc:
        raise CalendarError("ai_service_unavailable" if exc.retryable else "parse_failed", exc.message) from exc


@dataclass
class EventInput:
    stage: str
    date: date
    time: time | None = None
    kind: str = ""
    end_date: date | None = None
    note: str = ""


def event_create(*, owner, company: str, position: str, item: EventInput, posting=None, source: str = "parse",
                 engine: str = "") -> CalendarEvent:
    kind = item.kind if item.kind in EventKind.values else kind_of(item.stage)
    end_date = item.end_date if item.end_date and item.end_date > item.date else None
    return CalendarEvent.objects.create(
        owner=owner, company=company.strip()[:200], position=position.strip()[:200], stage=item.stage.strip()[:100],
        kind=kind, date=item.date, time=item.time, end_date=end_date, note=item.note.strip()[:300], posting=posting,
        source=source, engine=engine[:10])


def events_save(*, owner, company: str, position: str, items: list[EventInput], posting=None, source: str = "parse",
                engine: str = "") -> list[CalendarEvent]:
    """Save the confirmed rows of a parse; a row already on the calendar (same company, stage,
    date) is updated rather than duplicated."""
    saved = []
    with transaction.atomic():
        for item in items:
            existing = CalendarEvent.objects.filter(owner=owner, company=company.strip()[:200],
                                                    stage=item.stage.strip()[:100], date=item.date).first()
            if existing is not None:
                existing.time, existing.end_date, existing.note = item.time, item.end_date, item.note[:300]
                existing.position = position.strip()[:200] or existing.position
                existing.save()
                saved.append(existing)
            else:
                saved.append(event_create(owner=owner, company=company, position=position, item=item,
                                          posting=posting, source=source, engine=engine))
    return saved


def event_update(*, event: CalendarEvent, company: str, position: str, item: EventInput) -> CalendarEvent:
    event.company, event.position = company.strip()[:200], position.strip()[:200]
    event.stage, event.date, event.time = item.stage.strip()[:100], item.date, item.time
    event.kind = item.kind if item.kind in EventKind.values else kind_of(item.stage)
    event.end_date = item.end_date if item.end_date and item.end_date > item.date else None
    event.note = item.note.strip()[:300]
    event.save()
    return event


def event_delete(*, event: CalendarEvent) -> None:
    event.delete()


def feed_enable(*, owner, rotate: bool = False) -> CalendarFeed:
    """The user's subscription feed; `rotate` gives it a new token (the old URL stops working)."""
    feed, created = CalendarFeed.objects.get_or_create(owner=owner)
    if rotate and not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed


def feed_revoke(*, owner) -> None:
    CalendarFeed.objects.filter(owner=owner).delete()


def feed_polled(*, feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_polled_at=timezone.now())


def as_datetime(event: CalendarEvent) -> datetime | None:
    if event.time is None:
        return None
    return datetime.combine(event.date, event.time, tzinfo=ZoneInfo(settings.TIME_ZONE))
