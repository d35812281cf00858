"""Server-rendered pages for postings and cover letters (Django test client, session login)."""
import pytest
from django.urls import reverse

from coverletters.models import CoverLetter
from postings.models import JobPosting
from tests.coverletters import fixtures as C
from tests.factories import text_pdf
from tests.postings import fixtures as F


@pytest.fixture
def browser(client, user):
    client.force_login(user)
    return client


def test_navigation_names_resolve():
    assert reverse("postings:list") == "/postings"
    assert reverse("coverletters:list") == "/cover-letters"


def test_login_required(client):
    for url in ("/postings", "/cover-letters", "/postings/1", "/cover-letters/1"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_paste_a_posting_and_see_its_analysis(browser, user):
    response = browser.post("/postings", {"title": "", "text": F.BACKEND_POSTING})
    posting = JobPosting.objects.get(owner=user)
    assert response.status_code == 302 and response["Location"] == f"/postings/{posting.pk}"
    page = browser.get(response["Location"]).content.decode()
    assert "그린커머스" in page and "data-required-skills" in page
    assert "Spring Boot" in page and "Kubernetes" in page and "2026-12-31" in page
    assert "local" in page  # the engine that produced the analysis
    assert "주요업무" in page and "우대사항" in page  # the sections as the posting names them
    assert f'data-posting-id="{posting.pk}"' in page and 'id="resume-texts"' in page
    listing = browser.get("/postings").content.decode()
    assert posting.title in listing and "Java" in listing


def test_upload_a_pdf_posting(browser, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("nurse.pdf", text_pdf(F.NURSING_POSTING), content_type="application/pdf")
    response = browser.post("/postings", {"title": "간호사 공고", "file": upload})
    assert response.status_code == 302
    posting = JobPosting.objects.get(owner=user)
    assert posting.title == "간호사 공고" and posting.company == "서울한빛병원"


def test_form_errors_are_shown_not_500(browser):
    response = browser.post("/postings", {"title": "", "text": "   "})
    assert response.status_code == 400 and "data-form-errors" in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = browser.post("/postings", {"file": SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")})
    assert bad.status_code == 400 and "data-form-errors" in bad.content.decode()
    assert not JobPosting.objects.exists()


def test_cover_letter_pages(browser, user):
    browser.post("/postings", {"text": F.BACKEND_POSTING})
    posting = JobPosting.objects.get(owner=user)
    form = browser.get(f"/cover-letters?posting={posting.pk}").content.decode()
    assert f'<option value="{posting.pk}" selected>' in form

    response = browser.post("/cover-letters", {"job_posting": posting.pk, "title": "", "content": C.PLANTED_LETTER})
    letter = CoverLetter.objects.get(owner=user)
    assert response.status_code == 302 and response["Location"] == f"/cover-letters/{letter.pk}"
    page = browser.get(response["Location"]).content.decode()
    assert 'class="sev-high"' in page and "data-feedback-items" in page
    assert "저는 열정을 가지고 쿠팡에 지원하게 되었습니다." in page
    assert "data-expected-questions" in page and "v1" in page

    edited = browser.post(f"/cover-letters/{letter.pk}", {"job_posting": posting.pk, "title": "수정본",
                                                          "content": C.GOOD_LETTER})
    assert edited.status_code == 302
    page = browser.get(f"/cover-letters/{letter.pk}").content.decode()
    assert "v2" in page and "수정본" in page and "data-versions" in page
    restored = browser.post(f"/cover-letters/{letter.pk}/restore/1")
    assert restored.status_code == 302
    letter.refresh_from_db()
    assert letter.version == 3 and "쿠팡" in letter.content

    browser.post(f"/postings/{posting.pk}/delete")
    assert not JobPosting.objects.exists()
    assert browser.get(f"/cover-letters/{letter.pk}").status_code == 200  # the letter outlives its posting


def test_other_users_pages_are_404(client, user, other_user):
    from postings import services

    posting = services.posting_create(owner=other_user, text=F.DATA_POSTING)
    from coverletters import services as letters

    letter = letters.letter_create(owner=other_user, content=C.GOOD_LETTER)
    client.force_login(user)
    assert client.get(f"/postings/{posting.pk}").status_code == 404
    assert client.post(f"/postings/{posting.pk}/delete").status_code == 404
    assert client.get(f"/cover-letters/{letter.pk}").status_code == 404
    assert client.post(f"/cover-letters/{letter.pk}/delete").status_code == 404
    # someone else's posting id in the form is refused as if it did not exist
    response = client.post("/cover-letters", {"job_posting": posting.pk, "content": "안녕하세요"})
    assert response.status_code in (400, 404)
    assert not CoverLetter.objects.filter(owner=user).exists()


def test_demo_loaders_are_idempotent(user):
    from core.management.commands.load_demo import demo_texts
    from coverletters import demo as letter_demo
    from postings import demo as posting_demo

    texts = demo_texts()
    for _ in range(2):
        posting_demo.load(user=user, texts=texts)
        letter_demo.load(user=user, texts=texts)
    assert JobPosting.objects.filter(owner=user).count() == 1
    letter = CoverLetter.objects.get(owner=user)
    assert letter.job_posting.company == "카카오페이" and letter.version == 1
    assert letter.feedback["engine"] == "local" and letter.ai_feedback
    changed = {**texts, "cover_letter": texts["cover_letter"] + "\n추가 문단입니다."}
    letter_demo.load(user=user, texts=changed)
    letter.refresh_from_db()
    assert letter.version == 2
