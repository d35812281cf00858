"""Calendar pages (session login): parse → confirm → save, month view, edit, .ics and the feed."""
from datetime import date, time

import pytest
from django.test import Client
from icalendar import Calendar

from calendarparse.models import CalendarEvent, CalendarFeed
from calendarparse.services import user_today
from postings.models import JobPosting
from tests.calendarparse.postings import POSTINGS


@pytest.fixture
def browser(user):
    client = Client()
    client.force_login(user)
    return client


def _confirm_post(rows, *, company="카카오", position="백엔드 개발자", posting=""):
    data = {"company": company, "position": position, "posting": posting, "engine": "local",
            "form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "30"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    return data


def test_login_required(client):
    for url in ("/calendar", "/calendar/new", "/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_paste_parse_and_confirm_form_is_filled(browser):
    response = browser.post("/calendar/new", {"text": POSTINGS[0]["text"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="카카오"' in page and "data-confirm-form" in page
    assert 'value="코딩테스트"' in page and 'value="2027-01-20"' in page and 'value="14:00"' in page
    assert "local" in page  # which engine read it


def test_posting_button_fills_the_form(browser, user, other_user):
    posting = JobPosting.objects.create(owner=user, title="토스", original_text=POSTINGS[8]["text"])
    detail = browser.get(f"/postings/{posting.pk}").content.decode()
    assert f"/calendar/new?posting={posting.pk}" in detail and "data-extract-schedule" in detail
    page = browser.get(f"/calendar/new?posting={posting.pk}").content.decode()
    assert 'value="2027-01-22"' in page and f'value="{posting.pk}"' in page
    theirs = JobPosting.objects.create(owner=other_user, title="x", original_text=POSTINGS[0]["text"])
    assert browser.get(f"/calendar/new?posting={theirs.pk}").status_code == 404
    assert browser.get("/calendar/new?posting=abc").status_code == 404


def test_unparseable_text_shows_a_message_not_500(browser):
    response = browser.post("/calendar/new", {"text": "좋은 회사입니다"})
    assert response.status_code == 400 and "data-parse-error" in response.content.decode()
    assert browser.post("/calendar/new", {"text": ""}).status_code == 400


def test_save_month_view_edit_delete(browser, user, other_user):
    rows = [{"include": "on", "stage": "코딩테스트", "kind": "coding_test", "date": "2027-01-20", "time": "14:00"},
            {"include": "on", "stage": "1차 면접", "kind": "interview", "date": "2027-01-25", "end_date": "2027-01-27"},
            {"stage": "최종 발표", "kind": "final", "date": "2027-02-12"},  # unticked
            {"include": "on", "stage": "", "date": ""}]  # empty extra row
    response = browser.post("/calendar/events", _confirm_post(rows))
    assert response.status_code == 302 and response["Location"] == "/calendar?month=2027-01"
    events = list(CalendarEvent.objects.filter(owner=user).order_by("date"))
    assert [(e.stage, e.date, e.time) for e in events] == [
        ("코딩테스트", date(2027, 1, 20), time(14, 0)), ("1차 면접", date(2027, 1, 25), None)]
    # saving the same rows again updates instead of duplicating
    browser.post("/calendar/events", _confirm_post(rows))
    assert CalendarEvent.objects.filter(owner=user).count() == 2

    page = browser.get("/calendar?month=2027-01").content.decode()
    assert 'class="ev kind-coding_test"' in page and "카카오 코딩테스트" in page
    assert page.count('data-event="%d"' % events[1].pk) == 3  # a range shows on each of its days

    edit = f"/calendar/events/{events[0].pk}/edit"
    assert browser.get(edit).status_code == 200
    response = browser.post(edit, {"company": "카카오", "position": "", "stage": "코딩테스트", "kind": "coding_test",
                                   "date": "2027-01-21", "time": "15:30", "note": "온라인"})
    assert response.status_code == 302
    events[0].refresh_from_db()
    assert (events[0].date, events[0].time, events[0].note) == (date(2027, 1, 21), time(15, 30), "온라인")

    intruder = Client()
    intruder.force_login(other_user)
    assert intruder.get(edit).status_code == 404
    assert intruder.post(f"/calendar/events/{events[0].pk}/delete").status_code == 404
    assert browser.post(f"/calendar/events/{events[0].pk}/delete").status_code == 302
    assert CalendarEvent.objects.filter(owner=user).count() == 1


def test_a_ticked_row_without_date_is_an_error(browser):
    rows = [{"include": "on", "stage": "서류 마감", "kind": "deadline", "date": ""}]
    response = browser.post("/calendar/events", _confirm_post(rows))
    assert response.status_code == 400 and CalendarEvent.objects.count() == 0


def test_this_week_reminders(browser, user):
    today = user_today(user)
    CalendarEvent.objects.create(owner=user, company="네이버", stage="1차 면접", kind="interview", date=today,
                                 time=time(10, 0))
    CalendarEvent.objects.create(owner=user, company="예전", stage="서류 마감", kind="deadline",
                                 date=date(2020, 1, 1))
    page = browser.get("/calendar").content.decode()
    week = page.split("data-this-week", 1)[1].split("</section>", 1)[0]
    assert "네이버 1차 면접" in week and "10:00" in week and "예전" not in week


def _events_of(ics_bytes):
    cal = Calendar.from_ical(ics_bytes)
    return cal, [c for c in cal.walk("VEVENT")]


def test_ics_download_is_valid_icalendar(browser, user, other_user):
    CalendarEvent.objects.create(owner=user, company="카카오", position="백엔드", stage="코딩테스트", kind="coding_test",
                                 date=date(2027, 1, 20), time=time(14, 0))
    CalendarEvent.objects.create(owner=user, company="카카오", stage="1차 면접", kind="interview",
                                 date=date(2027, 1, 25), end_date=date(2027, 1, 27))
    CalendarEvent.objects.create(owner=other_user, company="비밀", stage="면접", date=date(2027, 1, 2))
    response = browser.get("/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    cal, events = _events_of(response.content)
    assert str(cal["VERSION"]) == "2.0" and cal.walk("VTIMEZONE")
    by_summary = {str(e["SUMMARY"]): e for e in events}
    assert set(by_summary) == {"카카오 코딩테스트", "카카오 1차 면접"}
    timed = by_summary["카카오 코딩테스트"]
    start = timed.decoded("DTSTART")
    assert start.isoformat() == "2027-01-20T14:00:00+09:00" and str(timed["DTSTART"].params["TZID"]) == "Asia/Seoul"
    assert timed.walk("VALARM")
    all_day = by_summary["카카오 1차 면접"]
    assert all_day.decoded("DTSTART") == date(2027, 1, 25) and all_day.decoded("DTEND") == date(2027, 1, 28)
    assert b"\r\n" in response.content and len(set(str(e["UID"]) for e in events)) == 2


def test_an_empty_calendar_is_still_a_valid_calendar(browser):
    cal, events = _events_of(browser.get("/calendar.ics").content)
    assert events == [] and cal.walk("VTIMEZONE")


def test_feed_subscription_is_private_and_revocable(browser, user, client):
    CalendarEvent.objects.create(owner=user, company="라인", stage="2차 면접", kind="interview", date=date(2027, 1, 20))
    browser.post("/calendar/feed", {"action": "enable"})
    feed = CalendarFeed.objects.get(owner=user)
    url = f"/calendar/feed/{feed.token}.ics"
    assert url in browser.get("/calendar").content.decode()
    anonymous = client.get(url)  # what Google Calendar does: no cookies, only the token
    assert anonymous.status_code == 200
    _cal, events = _events_of(anonymous.content)
    assert [str(e["SUMMARY"]) for e in events] == ["라인 2차 면접"]
    feed.refresh_from_db()
    assert feed.last_polled_at is not None
    assert client.get("/calendar/feed/wrong-token.ics").status_code == 404

    browser.post("/calendar/feed", {"action": "rotate"})
    new_token = CalendarFeed.objects.get(owner=user).token
    assert new_token != feed.token and client.get(url).status_code == 404
    assert client.get(f"/calendar/feed/{new_token}.ics").status_code == 200
    browser.post("/calendar/feed", {"action": "revoke"})
    assert client.get(f"/calendar/feed/{new_token}.ics").status_code == 404


def test_upload_a_posting_pdf_on_the_page(browser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import text_pdf

    upload = SimpleUploadedFile("posting.pdf", text_pdf(POSTINGS[11]["text"]), content_type="application/pdf")
    page = browser.post("/calendar/new", {"text": "", "file": upload}).content.decode()
    assert 'value="서류 발표"' in page and 'value="2027-01-05"' in page
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    response = browser.post("/calendar/new", {"text": "", "file": bad})
    assert response.status_code == 400 and "data-parse-error" in response.content.decode()


def test_add_by_hand(browser, user):
    page = browser.get("/calendar/new?manual=1").content.decode()
    assert "data-confirm-form" in page and 'name="form-0-stage"' in page
    rows = [{"include": "on", "stage": "커피챗", "kind": "event", "date": "2027-01-05", "time": "19:00"}]
    assert browser.post("/calendar/events", _confirm_post(rows, company="당근")).status_code == 302
    assert CalendarEvent.objects.get(owner=user).title == "당근 커피챗"
