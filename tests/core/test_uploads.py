"""core.uploads: type by content, size/page/pixel limits, encrypted PDFs, per-user quota."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from core import uploads
from tests.documents import files


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares width×height without carrying the pixels (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def _image_bytes(fmt: str, size=(120, 80)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (255, 255, 255)).save(buf, format=fmt)
    return buf.getvalue()


@pytest.mark.parametrize("fmt,mime,ext", [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg"),
                                          ("WEBP", "image/webp", "webp"), ("TIFF", "image/tiff", "tif"),
                                          ("BMP", "image/bmp", "bmp")])
def test_images_are_recognised_by_content(fmt, mime, ext):
    info = uploads.validate_upload(_image_bytes(fmt), declared_type="image")
    assert (info.kind, info.mime, info.extension, info.width, info.height) == ("image", mime, ext, 120, 80)


def test_pdf_is_recognised_and_pages_counted():
    info = uploads.validate_upload(files.digital_pdf(files.RESUME_PAGES), declared_type="pdf")
    assert (info.kind, info.mime, info.extension, info.pages) == ("pdf", "application/pdf", "pdf", 2)


@pytest.mark.parametrize("data,declared,code", [
    (files.disguised_html(), "pdf", "invalid_file_type"),
    (b"PK\x03\x04 a docx is a zip", "pdf", "invalid_file_type"),
    (b"GIF89a" + b"\x00" * 40, "image", "invalid_file_type"),
    (files.blank_png(), "pdf", "invalid_file_type"),
    (files.digital_pdf([["x"]]), "image", "invalid_file_type"),
    (b"%PDF-1.7\n%%EOF", "pdf", "broken_file"),
    (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "image", "broken_file"),
    (b"", None, "empty_file"),
])
def test_disguised_broken_and_empty_files_are_refused(data, declared, code):
    with pytest.raises(uploads.UploadError) as excinfo:
        uploads.validate_upload(data, declared_type=declared)
    assert excinfo.value.code == code


def test_truncated_image_is_refused():
    data = _image_bytes("PNG", (400, 400))
    with pytest.raises(uploads.UploadError) as excinfo:
        uploads.validate_upload(data[: len(data) // 2])
    assert excinfo.value.code == "broken_file"


def test_encrypted_pdf_is_refused():
    with pytest.raises(uploads.UploadError) as excinfo:
        uploads.validate_upload(files.encrypted_pdf(), declared_type="pdf")
    assert excinfo.value.code == "encrypted_file"


def test_size_page_and_pixel_limits(settings):
    settings.UPLOAD_MAX_PAGES = 3
    with pytest.raises(uploads.UploadError) as excinfo:
        uploads.validate_upload(files.many_pages_pdf(4))
    assert excinfo.value.code == "too_many_pages"
    assert uploads.validate_upload(files.many_pages_pdf(3)).pages == 3

    settings.UPLOAD_MAX_PIXELS = 1_000_000
    with pytest.raises(uploads.UploadError) as excinfo:
        uploads.validate_upload(_png_header(2000, 1000))
    assert excinfo.value.code == "image_too_large"
    with pytest.raises(uploads.UploadError) as excinfo:  # an A4 page rendered at 300 dpi is 8.7 MP
        uploads.validate_upload(files.digital_pdf([["A4 page"]]))
    assert excinfo.value.code == "image_too_large"
    with pytest.raises(uploads.UploadError) as excinfo:  # beyond Pillow's own bomb guard too
        uploads.validate_upload(_png_header(40000, 40000))
    assert excinfo.value.code == "image_too_large"

    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(uploads.UploadError) as excinfo:
        uploads.validate_upload(files.blank_png(400, 400) + b"\x00" * 1000)
    assert excinfo.value.code == "file_too_large"


def test_quota_counts_every_registered_provider(db, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from documents.models import Document
    from tests.factories import make_user

    user = make_user()
    name = default_storage.save(f"documents/{user.pk}/q.pdf", ContentFile(b"%PDF" + b"0" * 3000))
    Document.objects.create(owner=user, doc_type="resume", document_id="q", file=name, file_size=3004)
    used = uploads.storage_used(user)
    assert used >= 3004
    settings.USER_STORAGE_QUOTA_BYTES = used + 1000
    uploads.check_quota(user, 1000)
    with pytest.raises(uploads.UploadError) as excinfo:
        uploads.check_quota(user, 1001)
    assert excinfo.value.code == "quota_exceeded"
    uploads.check_quota(user, 4000, replacing=3004)  # replacing a file frees its bytes
    default_storage.delete(name)
