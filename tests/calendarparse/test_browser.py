"""Chromium against the live server: extract a posting's schedule, save it, download the .ics."""
import re
from pathlib import Path

import pytest
from icalendar import Calendar

from calendarparse.models import CalendarEvent
from postings.models import JobPosting
from tests.browser import sign_in
from tests.calendarparse.postings import POSTINGS


@pytest.fixture
def user(transactional_db):
    from tests.factories import make_user

    return make_user("calendar_user")


@pytest.mark.browser
def test_extract_schedule_from_a_posting_add_it_and_download_ics(live_url, page, user, tmp_path):
    posting = JobPosting.objects.create(owner=user, title="배민 서버 개발자", company="우아한형제들",
                                        original_text=POSTINGS[19]["text"])
    sign_in(page.context, live_url, user)
    page.goto(f"{live_url}/postings/{posting.pk}")
    page.click("[data-extract-schedule]")
    page.wait_for_url(re.compile(r"/calendar/new\?posting=\d+"))
    form = page.locator("[data-confirm-form]")
    assert form.locator('input[name="form-1-stage"]').input_value() == "코딩테스트"
    assert form.locator('input[name="form-1-date"]').input_value() == "2027-01-16"
    assert form.locator('input[name="form-1-time"]').input_value() == "10:00"
    # the user corrects one row and drops another before saving
    form.locator('input[name="form-2-time"]').fill("15:00")
    form.locator('input[name="form-3-include"]').uncheck()
    page.click("[data-save-schedules]")
    page.wait_for_url(re.compile(r"/calendar\?month=2027-01"))
    assert page.locator(".cal-grid .ev").count() == 3
    assert "코딩테스트" in page.locator('td[data-day="2027-01-16"]').inner_text()
    assert CalendarEvent.objects.get(owner=user, stage="1차 면접").time.strftime("%H:%M") == "15:00"

    with page.expect_download() as info:
        page.click("[data-ics-download]")
    path = Path(tmp_path) / "cal.ics"
    info.value.save_as(path)
    cal = Calendar.from_ical(path.read_bytes())
    summaries = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert summaries == sorted(["우아한형제들 서류 마감", "우아한형제들 코딩테스트", "우아한형제들 1차 면접"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_url}/calendar?month=2027-01")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.errors == []
