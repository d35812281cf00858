"""'내 문서' pages: list, search, page viewer with OCR boxes, page images, delete, admin, browser."""
from __future__ import annotations

import base64
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from core import services as core_services
from core.models import Job
from documents import services
from documents.models import Chunk, Document
from tests.documents import files
from tests.factories import make_user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ingest(user, data: bytes, document_id: str, file_type: str, doc_type: str = "resume") -> Document:
    staged, info = services.stage_upload(owner=user, data=data, declared_type=file_type)
    job = core_services.job_create(kind=services.JOB_KIND, owner=user, params={
        "doc_type": doc_type, "document_id": document_id, "file_type": file_type, "client_user_id": "",
        "title": f"{document_id}.{info.extension}", "source": "upload", "staged_name": staged, "staged_size": info.size})
    services.document_ingest(job_id=job.id)
    return Document.objects.get(owner=user, document_id=document_id)


def test_pages_require_login(db):
    response = Client().get("/documents")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_list_shows_documents_jobs_and_highlighted_search(db):
    user = make_user()
    services.document_store_text(owner=user, doc_type="resume", document_id="cv",
                                 text="토스페이먼츠 결제를 연동하고 멱등키를 도입해 중복 결제를 막았습니다.", title="백엔드 이력서")
    core_services.job_create(kind=services.JOB_KIND, owner=user, params={"document_id": "queued", "title": "scan.pdf"})
    failed = core_services.job_create(kind=services.JOB_KIND, owner=user, params={"document_id": "blank", "title": "blank.png"})
    core_services.job_fail(job_id=failed.id, error_code="ocr_processing_failed", error_message="no text")
    Job.objects.filter(id=failed.id).update(result={"reason": "no_text"})

    response = _client(user).get("/documents", {"q": "멱등키 중복 결제"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>내 문서</h1>" in html and "백엔드 이력서" in html
    assert "<mark>멱등키</mark>" in html and "<mark>중복</mark>" in html
    assert "임베딩: local" in html  # which engine produced the vectors
    assert 'data-task-id="' in html and "scan.pdf" in html
    assert "OCR 처리 중 오류가 발생했습니다." in html and "이 파일에서 읽을 수 있는 텍스트가 없습니다." in html
    assert 'href="/documents"' in html  # the navigation entry appears

    empty = _client(user).get("/documents", {"q": "블록체인 스마트 컨트랙트"}).content.decode()
    assert "data-search-empty" in empty or "<mark>" not in empty


def test_search_results_are_only_mine(db):
    user, other = make_user(), make_user()
    services.document_store_text(owner=other, doc_type="resume", document_id="secret",
                                 text="다른 사람의 비밀 프로젝트: 양자 암호 통신 모듈 개발")
    html = _client(user).get("/documents", {"q": "양자 암호 통신"}).content.decode()
    assert "비밀 프로젝트" not in html


def test_detail_draws_ocr_boxes_over_the_page(db):
    user = make_user()
    document = _ingest(user, files.png(files.text_image(files.POSTING_LINES)), "posting", "image", "job_posting")
    page = document.pages[0]
    html = _client(user).get(f"/documents/{document.pk}").content.decode()
    assert html.count('class="ocr-box') == len(page["words"]) >= 10
    assert "OCR로 읽음" in html and f"/documents/{document.pk}/pages/1.png" in html
    # box positions are percentages of the page, inside it
    lefts = [float(x) for x in re.findall(r"left:([0-9.]+)%", html)]
    assert lefts and all(0 <= x <= 100 for x in lefts)
    assert "Kafka" in html


def test_page_images_are_rendered_or_signed_for_the_owner_only(db):
    user, other = make_user(), make_user()
    pdf_doc = _ingest(user, files.scanned_pdf(files.text_image(files.SCANNED_LINES)), "scan", "pdf", "portfolio")
    png_bytes = files.png(files.text_image(files.POSTING_LINES))
    png_doc = _ingest(user, png_bytes, "shot", "image", "job_posting")
    client = _client(user)

    rendered = client.get(f"/documents/{pdf_doc.pk}/pages/1.png")
    assert rendered.status_code == 200 and rendered["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(rendered.content))
    assert image.width == 1100 and image.height > 200
    assert client.get(f"/documents/{pdf_doc.pk}/pages/2.png").status_code == 404

    signed = client.get(f"/documents/{png_doc.pk}/pages/1.png")
    assert signed.status_code == 302 and signed["Location"].startswith("/files/")
    assert b"".join(client.get(signed["Location"]).streaming_content) == png_bytes

    intruder = _client(other)
    assert intruder.get(f"/documents/{pdf_doc.pk}/pages/1.png").status_code == 404
    assert intruder.get(f"/documents/{png_doc.pk}").status_code == 404


def test_delete_is_post_only_and_owner_only(db, django_capture_on_commit_callbacks):
    user, other = make_user(), make_user()
    document = _ingest(user, files.digital_pdf(files.RESUME_PAGES), "cv", "pdf")
    name = document.file.name
    assert _client(user).get(f"/documents/{document.pk}/delete").status_code == 405
    assert _client(other).post(f"/documents/{document.pk}/delete").status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(user).post(f"/documents/{document.pk}/delete", follow=True)
    assert response.status_code == 200 and "삭제했습니다" in response.content.decode()
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not Chunk.objects.filter(owner=user).exists() and not default_storage.exists(name)


def test_delete_needs_the_csrf_token(db):
    user = make_user()
    document = services.document_store_text(owner=user, doc_type="resume", document_id="cv", text="내용입니다")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(f"/documents/{document.pk}/delete").status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_admin_lists_and_reruns(db):
    admin = get_user_model().objects.create_superuser(username="docadmin", email="docadmin@example.com",
                                                      password="pw-Admin-2026!")
    user = make_user()
    file_doc = _ingest(user, files.digital_pdf(files.RESUME_PAGES), "cv", "pdf")
    text_doc = services.document_store_text(owner=user, doc_type="portfolio", document_id="pf", text="포트폴리오 내용")
    client = _client(admin)
    assert client.get("/admin/documents/document/").status_code == 200
    assert client.get("/admin/documents/chunk/").status_code == 200
    page = client.get(f"/admin/documents/document/{file_doc.pk}/change/").content.decode()
    assert "Spring Batch" in page and 'name="text"' not in page  # read-only text
    jobs_before = Job.objects.filter(kind=services.JOB_KIND).count()
    response = client.post("/admin/documents/document/", {
        "action": "rerun", "_selected_action": [file_doc.pk, text_doc.pk]}, follow=True)
    assert response.status_code == 200
    assert Job.objects.filter(kind=services.JOB_KIND).count() == jobs_before + 1
    text_doc.refresh_from_db()
    assert text_doc.version == 2
    chunk = Chunk.objects.filter(owner=user).first()
    assert client.post(f"/admin/documents/chunk/{chunk.pk}/change/", {"text": "changed"}).status_code == 403


# --- a real browser -------------------------------------------------------------------------------
@pytest.mark.browser
def test_browser_upload_watch_and_search(live_url, page, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page.goto(f"{live_url}/documents")
    assert page.locator("h1").inner_text() == "내 문서"
    page.select_option("[data-upload-type]", "resume")

    pdf = files.digital_pdf(files.RESUME_PAGES)
    transfer = page.evaluate_handle(
        """(b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], "park_resume.pdf", { type: "application/pdf" }));
            return dt;
        }""", base64.b64encode(pdf).decode())
    page.dispatch_event("[data-dropzone]", "dragenter", {"dataTransfer": transfer})
    page.dispatch_event("[data-dropzone]", "drop", {"dataTransfer": transfer})

    item = page.locator("[data-upload-item]").first
    item.wait_for()
    assert "park_resume.pdf" in item.inner_text()
    # The page reloads itself once the job is done and lists the stored document.
    page.locator("[data-documents] .doc").first.wait_for(timeout=60000)
    assert "park_resume.pdf" in page.locator("[data-documents]").inner_text()
    assert Document.objects.filter(owner=user, doc_type="resume").count() == 1

    page.fill("[data-search-input]", "nightly settlement time")
    page.click("[data-search-form] button[type=submit]")
    results = page.locator("[data-search-results]")
    results.wait_for()
    assert "Reduced nightly settlement time from 6 hours to 40 minutes." in results.inner_text()
    assert page.locator("[data-search-results] mark").count() >= 2

    # Open the document, then check the phone layout has no sideways scrolling.
    page.locator("[data-search-results] a").first.click()
    page.wait_for_url(re.compile(r"/documents/\d+"))
    assert "Spring Batch" in page.locator(".page-text").first.inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_url}/documents")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.errors == []
