"""Seed 000 §7 over HTTP against a real daphne + Celery worker: draft → poll → masking_completed,
the masked files themselves, bad input, authentication and ownership."""
from __future__ import annotations

import io
import struct
import subprocess
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from pypdf import PdfReader

from core import storage
from core.models import Job
from masking.models import MaskedFile
from tests.documents import files
from tests.documents.conftest import api_session, poll
from tests.factories import make_user, stored_files
from tests.masking import corpus

ITEM_KEYS = {"type", "location", "page", "confidence", "rule", "visible"}


def _owner(name: str = corpus.OWNER_EN):
    user = make_user()
    user.full_name = name
    user.save(update_fields=["full_name"])
    return user


def _draft(session, base, *, data: bytes, file_type: str, transport: str = "multipart", name: str = "file.bin",
           mode: str | None = None):
    fields = {"file_type": file_type, **({"mode": mode} if mode else {})}
    if transport == "multipart":
        return session.post(f"{base}/ai/masking/draft", data=fields, files={"file": (name, data)}, timeout=30)
    stored = default_storage.save(f"client-uploads/{name}", ContentFile(data))
    return session.post(f"{base}/ai/masking/draft", json={**fields, "file_url": base + storage.signed_url(stored)},
                        timeout=30)


def _created(response) -> str:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == {"message": "masking_task_created", "data": {"task_id": body["data"]["task_id"],
                                                                 "status": "processing"}}
    return body["data"]["task_id"]


def _completed(response, task_id: str) -> dict:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["message"] == "masking_completed"
    assert set(body["data"]) == {"task_id", "status", "result"}
    assert body["data"]["task_id"] == task_id and body["data"]["status"] == "completed"
    result = body["data"]["result"]
    assert {"masked_file_url", "detected_items"} <= set(result)
    assert result["engine"] == "local"
    for item in result["detected_items"]:
        assert set(item) == ITEM_KEYS
        assert set(item["location"]) == {"x", "y", "width", "height"}
        assert all(isinstance(v, int) for v in item["location"].values())
    return result


def _ocr(image: Image.Image) -> str:
    from ai import ocr

    buf = io.BytesIO()
    image.save(buf, format="PNG")
    try:
        return ocr.extract(buf.getvalue(), file_type="image").text
    except Exception:  # noqa: BLE001 - nothing readable left is fine
        return ""


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == "@")


def test_resume_image_is_masked(live_url):
    user = _owner()
    session = api_session(user)
    lines, _owner_name = corpus.english_resume(__import__("random").Random(3), 0)
    image, planted = corpus.draw_page(lines, with_face=True)
    original = files.png(image)
    task_id = _created(_draft(session, live_url, data=original, file_type="image", name="resume.png"))
    result = _completed(poll(session, live_url, task_id), task_id)

    types = {item["type"] for item in result["detected_items"]}
    assert {"name", "phone", "email", "address", "birth_date", "profile_url", "passport", "face"} <= types
    phone = next(i for i in result["detected_items"] if i["type"] == "phone")
    truth = next(p for p in planted if p.type == "phone")
    loc = phone["location"]
    assert loc["x"] <= truth.box[0] and loc["x"] + loc["width"] >= truth.box[0] + truth.box[2]

    masked = session.get(result["masked_file_url"], timeout=30)
    assert masked.status_code == 200
    out = Image.open(io.BytesIO(masked.content))
    assert out.format == "PNG" and out.size == image.size
    text = _squash(_ocr(out))
    for p in planted:
        if p.text:
            assert _squash(p.text) not in text, p
    assert "experience" in text  # the rest of the page is still there

    record = MaskedFile.objects.get(job_id=task_id)
    assert record.owner == user and record.status == "ready"
    with default_storage.open(record.source_name, "rb") as fh:
        assert fh.read() == original  # the original is kept, untouched
    assert Job.objects.get(id=task_id).attempts == 1


def test_pdf_from_file_url_has_no_text_layer_and_lists_hidden_text(live_url, tmp_path):
    user = _owner(corpus.OWNER_KO)
    session = api_session(user)
    lines, _ = corpus.korean_form(__import__("random").Random(5), 0)
    pdf, planted = corpus.digital_pdf(lines)
    # white text under the page: in the text layer, invisible on the page
    from pypdf import PdfWriter
    from reportlab.pdfgen import canvas

    overlay = io.BytesIO()
    c = canvas.Canvas(overlay, pagesize=(595.27, 841.89))
    c.setFillColorRGB(1, 1, 1)
    c.setFont("Helvetica", 12)
    c.drawString(60, 60, "Hidden contact 010-9876-5432")
    c.save()
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.pages[0].merge_page(PdfReader(io.BytesIO(overlay.getvalue())).pages[0])
    writer.add_metadata({"/Author": corpus.OWNER_KO, "/Title": "이력서"})
    buf = io.BytesIO()
    writer.write(buf)

    task_id = _created(_draft(session, live_url, data=buf.getvalue(), file_type="pdf", transport="json",
                              name="form.pdf", mode="blur"))
    result = _completed(poll(session, live_url, task_id), task_id)
    items = result["detected_items"]
    hidden = [i for i in items if not i["visible"]]
    assert [i["type"] for i in hidden] == ["phone"]
    assert {"foreigner_id", "driver_license", "bank_account", "card_number", "address", "name"} <= \
        {i["type"] for i in items if i["visible"]}

    masked = session.get(result["masked_file_url"], timeout=30)
    assert masked.status_code == 200 and masked.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(masked.content))
    assert reader.metadata is None
    root = reader.trailer["/Root"]
    assert "/Names" not in root and "/AcroForm" not in root and "/Outlines" not in root
    for page in reader.pages:
        assert "/Annots" not in page
        assert not (page.extract_text() or "").strip()
    path = tmp_path / "masked.pdf"
    path.write_bytes(masked.content)
    assert not subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.strip()
    assert corpus.OWNER_KO.encode() not in masked.content and b"Author" not in masked.content
    from pdf2image import convert_from_bytes

    text = _squash(" ".join(_ocr(page) for page in convert_from_bytes(masked.content, dpi=200)))
    for p in planted:
        assert _squash(p.text) not in text, p


def _bomb_png() -> bytes:
    """A valid PNG header that claims 40000×40000 pixels (1.6 gigapixels) over a tiny body."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 40000, 40000, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b"")


BAD_UPLOADS = [
    ("wrong_magic", files.disguised_html(), "image", 400, 4001, "invalid_file_type"),
    ("pdf_declared_image", files.digital_pdf([["just a pdf page with words"]]), "image", 400, 4001, "invalid_file_type"),
    ("zero_bytes", b"", "image", 400, 4001, "invalid_file_type"),
    ("decompression_bomb", _bomb_png(), "image", 413, 4132, "image_too_large"),
    ("encrypted_pdf", files.encrypted_pdf(), "pdf", 400, 4001, "invalid_file_type"),
    ("broken_pdf", b"%PDF-1.7\n1 0 obj <<>> garbage", "pdf", 400, 4001, "invalid_file_type"),
    ("too_many_pages", files.many_pages_pdf(51), "pdf", 413, 4131, "too_many_pages"),
    ("unknown_file_type", files.blank_png(), "docx", 400, 4001, "invalid_file_type"),
]


def _nothing_stored(user, before: set[str]) -> None:
    assert not Job.objects.filter(owner=user).exists()
    assert not MaskedFile.objects.filter(owner=user).exists()
    assert stored_files("masking") == before


@pytest.mark.parametrize("case,data,file_type,status,number,message", BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS])
def test_bad_uploads_are_refused_and_nothing_is_stored(live_url, case, data, file_type, status, number, message):
    user, before = make_user(), stored_files("masking")
    response = api_session(user).post(f"{live_url}/ai/masking/draft", data={"file_type": file_type},
                                      files={"file": ("x.bin", data)}, timeout=60)
    assert response.status_code == status, response.text
    assert response.json() == {"message": message, "error_code": number, "data": None}
    _nothing_stored(user, before)


@pytest.mark.parametrize("body,status,number,message", [
    ({"file_type": "image"}, 400, 4003, "missing_required_field"),
    ({"file_url": "https://example.com/a.png"}, 400, 4003, "missing_required_field"),
    ({"file_url": "http://127.0.0.1:1/a.png", "file_type": "image"}, 404, 4041, "file_not_found"),
    ({"file_url": "http://10.0.0.8/resume.pdf", "file_type": "pdf"}, 404, 4041, "file_not_found"),
    ({"file_url": "http://169.254.169.254/latest/meta-data", "file_type": "image"}, 404, 4041, "file_not_found"),
    ({"file_url": "http://2130706433/a.png", "file_type": "image"}, 404, 4041, "file_not_found"),
    ({"file_url": "file:///etc/passwd", "file_type": "image"}, 404, 4041, "file_not_found"),
    ({"file_url": "https://example.com/a.png", "file_type": "gif"}, 400, 4001, "invalid_file_type"),
    ({"file_url": "https://example.com/a\x00.png", "file_type": "image"}, 400, 4000, "invalid_request"),
    ({"file_url": "https://example.com/a.png", "file_type": "image", "mode": "pixelate"}, 400, 4000, "invalid_request"),
])
def test_bad_json_requests(live_url, body, status, number, message):
    user, before = make_user(), stored_files("masking")
    response = api_session(user).post(f"{live_url}/ai/masking/draft", json=body, timeout=30)
    assert response.status_code == status, response.text
    assert response.json()["error_code"] == number and response.json()["message"] == message
    _nothing_stored(user, before)


def test_authentication_errors(live_url):
    response = __import__("requests").post(f"{live_url}/ai/masking/draft", json={"file_type": "image"}, timeout=10)
    assert response.status_code == 401 and response.json() == {"message": "unauthorized", "error_code": 4010, "data": None}
    response = __import__("requests").post(f"{live_url}/ai/masking/draft", json={"file_type": "image"}, timeout=10,
                                           headers={"Authorization": "Bearer not.a.token"})
    assert response.status_code == 401 and response.json()["error_code"] == 4012


def test_other_users_cannot_see_a_masking_task(live_url):
    owner, stranger = _owner(), make_user()
    session = api_session(owner)
    task_id = _created(_draft(session, live_url, data=files.png(files.text_image(["Phone: 010-2345-6789"])),
                              file_type="image"))
    result = _completed(poll(session, live_url, task_id), task_id)
    other = api_session(stranger)
    response = other.get(f"{live_url}/ai/task/{task_id}", timeout=10)
    assert response.status_code == 404 and response.json()["error_code"] == 4042
    record = MaskedFile.objects.get(job_id=task_id)
    assert other.get(f"{live_url}/masking/{record.pk}", timeout=10, allow_redirects=False).status_code in (302, 404)
    assert [i["type"] for i in result["detected_items"]] == ["phone"]


def test_a_job_that_fails_in_the_worker_records_its_code_and_keeps_nothing(db):
    """The original vanished before the worker ran: 404 file_not_found on the task, files removed."""
    from masking import services
    from masking.tasks import masking_run_task  # noqa: F401 - the task module imports cleanly

    user = make_user()
    job = services.masking_start(owner=user, file_type="image", data=files.png(files.text_image(["x 010-1111-2222"])))
    record = MaskedFile.objects.get(job=job)
    default_storage.delete(record.source_name)
    assert services.masking_run(job_id=job.id) is True
    job.refresh_from_db()
    record.refresh_from_db()
    assert job.status == "failed" and job.error_code == "file_not_found"
    assert record.status == "failed" and not record.source_name and not record.masked_name
    assert services.masking_run(job_id=job.id) is False  # a redelivery does nothing


def test_confirm_checks_the_reviewed_boxes(db):
    """Reviewed boxes must be on the file's pages; boxes partly off the page are clipped."""
    from masking import services

    user = make_user()
    job = services.masking_start(owner=user, file_type="image",
                                 data=files.png(files.text_image(["연락처 010-2222-3333", "자기소개"])))
    assert services.masking_run(job_id=job.id)
    record = MaskedFile.objects.get(job=job)
    assert record.status == "ready" and [i["type"] for i in record.items] == ["phone"]
    for bad in ("not a list", [{"page": 2, "x": 1, "y": 1, "width": 5, "height": 5}],
                [{"page": 1, "x": "nan", "y": 0, "width": 5, "height": 5}], [{"page": 1}], [[1, 2, 3, 4]]):
        with pytest.raises(ValueError):
            services.masking_confirm(masked=record, boxes=bad)
    first_name = record.masked_name
    services.masking_confirm(masked=record, boxes=[{"page": 1, "x": -50, "y": 140, "width": 300, "height": 70},
                                                   {"page": 1, "x": 5000, "y": 0, "width": 10, "height": 10}],
                             mode="blur")
    record.refresh_from_db()
    assert record.status == "confirmed" and record.mode == "blur"
    assert record.reviewed_boxes == [{"page": 1, "type": "manual", "box": [0, 140, 250, 70]}]
    assert record.masked_name != first_name and default_storage.exists(record.masked_name)
    with default_storage.open(record.masked_name, "rb") as fh:
        out = Image.open(fh)
        out.load()
    with default_storage.open(record.source_name, "rb") as fh:
        original = Image.open(fh).convert("RGB")
    x, y, w, h = record.items[0]["box"]  # the phone box was dropped in review: shown as it was
    assert list(out.convert("RGB").crop((x, y, x + w, y + h)).getdata()) == list(original.crop((x, y, x + w, y + h)).getdata())
    drawn = (0, 140, 250, 210)  # "자기소개", blurred over
    assert list(out.convert("RGB").crop(drawn).getdata()) != list(original.crop(drawn).getdata())
    assert min(out.convert("L").crop(drawn).getdata()) > 60  # no crisp black strokes left


def test_unreachable_allowed_host_fails_the_job_cleanly(db, settings):
    """An allow-listed host that does not answer: the worker records 404 file_not_found 4041 and
    stores nothing; polling shows the failure (no job left processing)."""
    from rest_framework.test import APIClient

    from masking import services

    settings.FILE_URL_ALLOWED_HOSTS = ["127.0.0.1:9"]  # discard port: nothing listens
    settings.FILE_URL_TIMEOUT = 3
    user = make_user()
    job = services.masking_start(owner=user, file_type="pdf", file_url="http://127.0.0.1:9/resume.pdf")
    assert services.masking_run(job_id=job.id)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "file_not_found"
    record = MaskedFile.objects.get(job=job)
    assert record.status == "failed" and record.stored_bytes == 0 and not record.source_name
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/ai/task/{job.id}")
    assert response.status_code == 404
    assert response.json()["message"] == "file_not_found" and response.json()["error_code"] == 4041
    assert response.json()["data"]["status"] == "failed"
    assert not stored_files(record.folder)
