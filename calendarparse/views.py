"""The hiring calendar pages: month view with this week's reminders, add from a posting (parse →
confirm/edit form → save), edit and delete an event, .ics download and the private feed."""
from __future__ import annotations

import calendar as pycalendar
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import ai
from core.selectors import owned_or_404
from calendarparse import ics, selectors, services
from calendarparse.forms import EventForm, EventRowFormSet, HeaderForm, ParseForm
from calendarparse.models import CalendarEvent, EventKind
from postings.models import JobPosting

ERROR_MESSAGES = {
    "parse_failed": gettext_lazy("No schedule could be found in this posting. Add the dates by hand below."),
    "ai_service_unavailable": gettext_lazy("The AI service is temporarily unavailable. Try again shortly."),
    "ocr_processing_failed": gettext_lazy("No text could be read from the file."),
    "invalid_file_type": gettext_lazy("Only PDF and image files can be read."),
    "file_too_large": gettext_lazy("The file is too large."),
    "too_many_pages": gettext_lazy("The file has too many pages."),
    "image_too_large": gettext_lazy("The image is too large."),
}


def _month_param(value: str | None, today: date) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


@login_required
@require_GET
def calendar_month(request):
    today = services.user_today(request.user)
    first = _month_param(request.GET.get("month"), today)
    cal = pycalendar.Calendar(firstweekday=0)
    days = list(cal.itermonthdates(first.year, first.month))
    events = list(selectors.events_between(request.user, days[0], days[-1]))
    by_day: dict[date, list[CalendarEvent]] = {}
    for event in events:
        last = min(event.end_date or event.date, days[-1])
        day = max(event.date, days[0])
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    weeks = [[{"date": d, "in_month": d.month == first.month, "today": d == today, "events": by_day.get(d, [])}
              for d in days[i:i + 7]] for i in range(0, len(days), 7)]
    week_start, week_end = selectors.week_bounds(today)
    this_week = list(selectors.events_between(request.user, today, week_end))
    upcoming = list(selectors.events_for(request.user).filter(date__gt=week_end).order_by("date", "time")[:8])
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    feed = selectors.feed_for(request.user)
    return render(request, "calendarparse/month.html", {
        "first": first, "weeks": weeks, "today": today, "this_week": this_week, "week_start": week_start,
        "week_end": week_end, "upcoming": upcoming, "prev_month": previous.strftime("%Y-%m"),
        "next_month": following.strftime("%Y-%m"), "kinds": EventKind.choices, "feed": feed,
        "feed_url": request.build_absolute_uri(reverse("calendarparse:feed-ics", args=[feed.token])) if feed else "",
        "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        "event_count": selectors.events_for(request.user).count(),
    })


def _rows_from_parse(result) -> list[dict]:
    rows = []
    for item in result.schedules:
        rows.append({"include": item.date is not None, "stage": item.stage, "kind": item.kind, "date": item.date,
                     "time": item.time, "end_date": item.end_date, "note": item.note})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request):
    """Parse a posting (pasted, uploaded, or a saved posting's text via ?posting=) into the form."""
    today = services.user_today(request.user)
    parse_form = ParseForm(request.POST or None, request.FILES or None)
    posting = None
    result = None
    error = ""
    text = ""
    if request.GET.get("posting"):
        posting = owned_or_404(JobPosting, request.user, pk=request.GET["posting"])
        text = posting.original_text
    elif request.method == "POST" and parse_form.is_valid():
        text = parse_form.cleaned_data["text"]
        upload = parse_form.cleaned_data.get("file")
        if upload is not None:
            try:
                text = "\n\n".join(p for p in (services.text_from_upload(upload.read()), text) if p)
            except services.CalendarError as exc:
                error = str(ERROR_MESSAGES.get(exc.code, exc.message))
    if text and not error:
        try:
            result = services.calendar_parse(text=text, today=today)
        except services.CalendarError as exc:
            error = str(ERROR_MESSAGES.get(exc.code, exc.message))
    header = HeaderForm(initial={
        "company": (result.company if result else "") or (posting.company if posting else ""),
        "position": (result.position if result else "") or (posting.position if posting else ""),
        "posting": posting.pk if posting else None, "engine": result.engine if result else ""})
    formset = EventRowFormSet(initial=_rows_from_parse(result) if result else [])
    status = 400 if request.method == "POST" and (error or not parse_form.is_valid()) else 200
    return render(request, "calendarparse/new.html", {
        "parse_form": parse_form if not posting else ParseForm(initial={"text": text}), "result": result,
        "error": error, "header": header, "formset": formset, "posting": posting, "engine": ai.engine(),
        "text": text, "manual": request.GET.get("manual") == "1"}, status=status)


@login_required
@require_POST
def events_save(request):
    header = HeaderForm(request.POST)
    formset = EventRowFormSet(request.POST)
    if not header.is_valid() or not formset.is_valid():
        return render(request, "calendarparse/new.html", {
            "parse_form": ParseForm(), "header": header, "formset": formset, "result": None, "error": "",
            "engine": ai.engine(), "confirm_errors": True}, status=400)
    posting = None
    if header.cleaned_data.get("posting"):
        posting = owned_or_404(JobPosting, request.user, pk=header.cleaned_data["posting"])
    items = [services.EventInput(stage=row["stage"].strip(), date=row["date"], time=row.get("time"),
                                 kind=row.get("kind") or "", end_date=row.get("end_date"), note=row.get("note") or "")
             for row in formset.cleaned_data
             if row and row.get("include") and (row.get("stage") or "").strip() and row.get("date")]
    if not items:
        messages.warning(request, _("No rows were ticked with a stage and a date; nothing was added."))
        return redirect("calendarparse:new")
    saved = services.events_save(owner=request.user, company=header.cleaned_data.get("company", ""),
                                 position=header.cleaned_data.get("position", ""), items=items, posting=posting,
                                 engine=header.cleaned_data.get("engine") or "")
    messages.success(request, _("%(count)d schedule(s) added to your calendar.") % {"count": len(saved)})
    return redirect(f"{reverse('calendarparse:calendar')}?month={saved[0].date.strftime('%Y-%m')}")


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    try:
        event = selectors.event_for(request.user, pk)
    except CalendarEvent.DoesNotExist as exc:
        raise Http404 from exc
    form = EventForm(request.POST or None, initial={
        "company": event.company, "position": event.position, "stage": event.stage, "kind": event.kind,
        "date": event.date, "time": event.time, "end_date": event.end_date, "note": event.note})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.event_update(event=event, company=data["company"], position=data["position"], item=services.EventInput(
            stage=data["stage"], date=data["date"], time=data.get("time"), kind=data["kind"],
            end_date=data.get("end_date"), note=data.get("note") or ""))
        messages.success(request, _("The schedule was updated."))
        return redirect(f"{reverse('calendarparse:calendar')}?month={event.date.strftime('%Y-%m')}")
    return render(request, "calendarparse/edit.html", {"form": form, "event": event},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def event_delete(request, pk: int):
    try:
        event = selectors.event_for(request.user, pk)
    except CalendarEvent.DoesNotExist as exc:
        raise Http404 from exc
    month = event.date.strftime("%Y-%m")
    services.event_delete(event=event)
    messages.success(request, _("The schedule was deleted."))
    return redirect(f"{reverse('calendarparse:calendar')}?month={month}")


def _ics_response(events, *, name: str, filename: str | None) -> HttpResponse:
    response = HttpResponse(ics.build(events, name=name), content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_GET
def calendar_ics(request):
    return _ics_response(selectors.events_for(request.user), name=_("Hiring calendar"), filename="hiring-calendar.ics")


@login_required
@require_POST
def feed_manage(request):
    action = request.POST.get("action")
    if action == "revoke":
        services.feed_revoke(owner=request.user)
        messages.success(request, _("The subscription link was turned off. Calendars using it stop updating."))
    else:
        services.feed_enable(owner=request.user, rotate=action == "rotate")
        messages.success(request, _("Your private subscription link is ready. Keep it to yourself."))
    return redirect(reverse("calendarparse:calendar") + "#feed")


@require_GET
def feed_ics(request, token: str):
    """Polled by Google/Apple Calendar: the token is the only credential (revocable)."""
    feed = selectors.feed_by_token(token)
    if feed is None:
        raise Http404
    services.feed_polled(feed=feed)
    return _ics_response(selectors.events_for(feed.owner), name=_("Hiring calendar"), filename=None)
