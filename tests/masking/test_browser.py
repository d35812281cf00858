"""In Chromium: upload a resume image, review the boxes (remove one, draw one), confirm and
download the masked file; and "mask before sharing" from a document's page."""
from __future__ import annotations

import random
import re

import pytest
from PIL import Image

from documents.models import Document
from masking.models import MaskedFile
from tests.browser import log_in
from tests.documents import files
from tests.factories import make_user
from tests.masking import corpus

pytestmark = pytest.mark.browser


def _user(name="masker"):
    return make_user(name, full_name=corpus.OWNER_KO)


def test_upload_review_confirm_download(live_url, page, tmp_path):
    user = _user()
    log_in(page, live_url, user.username)
    lines, _ = corpus.korean_resume(random.Random(7), 0)
    lines.append([("추천인: 홍길순 선배 (전 직장 팀장)", None)])  # a name no rule knows: drawn by hand below
    image, planted = corpus.draw_page(lines, with_face=True)
    path = tmp_path / "resume.png"
    image.save(path)

    page.goto(f"{live_url}/masking")
    page.set_input_files("[data-mask-file]", str(path))
    page.wait_for_url(re.compile(r".*/masking/\d+$"), timeout=90000)
    page.wait_for_selector(".review-canvas .mask-box")
    boxes = page.locator(".review-canvas .mask-box")
    found = boxes.count()
    types = {boxes.nth(i).get_attribute("data-type") for i in range(found)}
    assert {"name", "phone", "email", "resident_id", "address", "face"} <= types
    assert "local" in page.text_content(".mask-summary")

    # remove the face box (the user wants the photo kept) and draw a box over the referee's name
    page.locator(".mask-box[data-type=face]").first.click()
    assert boxes.count() == found - 1
    canvas = page.locator(".review-canvas").first
    remark_y = 160 + int(40 * 2.1) * (len(lines) - 1)
    rect = canvas.bounding_box()
    scale = rect["width"] / image.width
    page.mouse.wheel(0, rect["y"] + remark_y * scale - 450)  # bring the line to the middle of the window
    page.wait_for_function("window.scrollY > 0")
    rect = canvas.bounding_box()
    page.mouse.move(rect["x"] + 130 * scale, rect["y"] + (remark_y - 10) * scale)
    page.mouse.down()
    page.mouse.move(rect["x"] + 1200 * scale, rect["y"] + (remark_y + 60) * scale, steps=5)
    page.mouse.up()
    assert page.locator(".mask-box.manual").count() == 1
    assert boxes.count() == found
    page.click("[data-confirm-boxes]")
    page.wait_for_selector(".msg.success")

    record = MaskedFile.objects.get(owner=user)
    assert record.status == "confirmed"
    assert sum(1 for b in record.reviewed_boxes if b["type"] == "manual") == 1
    assert not any(b["type"] == "face" for b in record.reviewed_boxes)

    with page.expect_download() as info:
        page.click("[data-download]")
    download = info.value
    assert download.suggested_filename.endswith("_masked.png")
    out = Image.open(download.path())
    assert out.size == image.size
    pixels = out.convert("L")
    face = next(p for p in planted if p.type == "face")
    cx, cy = face.box[0] + face.box[2] // 2, face.box[1] + face.box[3] // 2
    assert pixels.getpixel((cx, cy)) > 100  # the removed box left the photo as it was
    assert pixels.getpixel((600, remark_y + 20)) == 0  # the drawn box is burned in black
    for p in planted:
        if p.type in ("phone", "email", "resident_id"):
            x, y, w, h = p.box
            assert pixels.crop((x, y, x + w, y + h)).getextrema() == (0, 0), p
    assert page.errors == []


def test_mask_before_sharing_from_a_document(live_url, page):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    user = _user("sharer")
    data = files.png(files.text_image(["이력서", "연락처: 010-3456-7890", "이메일: sharer@example.com"]))
    name = default_storage.save(f"documents/{user.pk}/resume.png", ContentFile(data))
    document = Document.objects.create(owner=user, doc_type="resume", document_id="resume_1", file=name,
                                       file_type="image", mime_type="image/png", file_size=len(data),
                                       text="이력서", pages=[], status="ready", title="resume.png")
    log_in(page, live_url, user.username)
    page.goto(f"{live_url}/documents/{document.pk}")
    page.click("[data-mask-document]")
    page.wait_for_url(re.compile(r".*/masking/\d+$"))
    page.wait_for_selector(".review-canvas .mask-box", timeout=90000)
    types = page.locator(".mask-box").evaluate_all("els => els.map(e => e.dataset.type)")
    assert sorted(types) == ["email", "phone"]
    record = MaskedFile.objects.get(owner=user)
    assert record.document_id == document.pk
    with default_storage.open(document.file.name, "rb") as fh:
        assert fh.read() == data  # the document's own file is untouched
    assert page.errors == []


def test_a_refused_upload_shows_the_error_in_words(live_url, page):
    from core.errors import SEED000_CODES

    user = _user("refused")
    log_in(page, live_url, user.username)
    page.goto(f"{live_url}/masking")
    with page.expect_response(re.compile(r".*/ai/masking/draft$")) as answer:
        page.set_input_files("[data-mask-file]", files=[{"name": "resume.pdf", "mimeType": "application/pdf",
                                                         "buffer": b"this is not a PDF"}])
    code = answer.value.json()["message"]
    page.wait_for_selector("[data-mask-status].error")
    assert page.text_content("[data-mask-status]") == str(SEED000_CODES[code][2])  # the code in words, in English
    assert all("status of 4" in e for e in page.errors), page.errors  # only the console's note of the refusal
