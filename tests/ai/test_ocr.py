"""ai.ocr: text layer first, Tesseract kor+eng with word boxes for scans and images, clear errors."""
import io
import sys
import types

import pytest
from PIL import Image

from ai import ocr
from ai.errors import OCRError
from tests.ai import media

RESUME_TEXT = "\n".join(media.RESUME_LINES)


@pytest.fixture(scope="module")
def resume():
    image, font, origins = media.render_lines(media.RESUME_LINES)
    return image, font, origins


def _box_of(page, word):
    hits = [w for w in page.words if w.text.strip(",()") == word]
    assert hits, f"{word!r} not among {[w.text for w in page.words]}"
    return hits[0].box


def test_rendered_korean_english_resume(resume):
    image, font, origins = resume
    result = ocr.extract(media.png_bytes(image))
    page = result.pages[0]
    rate = media.cer(RESUME_TEXT, result.text)
    print(f"OCR CER (rendered resume, Tesseract kor+eng): {rate:.3f}")
    assert rate <= 0.10
    assert result.engine == "tesseract" and result.file_type == "png"
    assert page.source == "ocr" and (page.width, page.height) == image.size
    assert 0.7 < page.confidence <= 1
    # Boxes land where Pillow drew the words.
    for line_no, word in [(4, "PostgreSQL"), (2, "Python"), (2, "네이버"), (0, "이력서"), (6, "Solutions")]:
        expected = media.word_box(image, font, origins[line_no], media.RESUME_LINES[line_no], word)
        assert media.iou(_box_of(page, word), expected) > 0.6, word
    assert all(0 <= w.confidence <= 1 for w in page.words)


def test_small_screenshot_is_upscaled_and_boxes_map_back(resume):
    image, font, origins = resume
    small = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    small.convert("RGB").save(buf, format="JPEG", quality=90)
    result = ocr.extract(buf.getvalue(), file_type="image")
    page = result.pages[0]
    assert result.file_type == "jpeg" and (page.width, page.height) == small.size
    assert media.cer(RESUME_TEXT, result.text) <= 0.15
    expected = media.word_box(image, font, origins[4], media.RESUME_LINES[4], "PostgreSQL")
    half = tuple(v / 2 for v in expected)
    assert media.iou(_box_of(page, "PostgreSQL"), half) > 0.5


def test_transparent_png_is_read_on_white(resume):
    image, _, _ = resume
    rgba = Image.new("RGBA", image.size, (0, 0, 0, 0))
    rgba.putalpha(image.point(lambda v: 255 - v))  # black text, transparent background
    result = ocr.extract(media.png_bytes(rgba))
    assert media.cer(RESUME_TEXT, result.text) <= 0.10


def test_scanned_pdf_takes_the_ocr_path(resume):
    image, _, _ = resume
    result = ocr.extract(media.scanned_pdf(image), file_type="pdf")
    page = result.pages[0]
    assert page.source == "ocr" and result.engine == "tesseract" and result.file_type == "pdf"
    assert page.dpi == ocr.DEFAULT_DPI and page.words
    assert media.cer(RESUME_TEXT, result.text) <= 0.10
    # Page size is the render at page.dpi of a page that is image.size at 200 dpi.
    assert page.width == pytest.approx(image.width * ocr.DEFAULT_DPI / 200, abs=3)


def test_digital_pdf_uses_its_text_layer_without_ocr(monkeypatch):
    pages = [media.RESUME_LINES[:4], media.RESUME_LINES[4:]]
    data = media.digital_pdf(pages)
    monkeypatch.setattr(ocr.Tesseract, "recognise", lambda *a: pytest.fail("digital pages must not be OCRed"))
    result = ocr.extract(data)
    assert [p.source for p in result.pages] == ["text", "text"]
    assert result.engine == "pdf-text" and result.ocr_pages == 0
    assert result.pages[0].text.splitlines() == media.RESUME_LINES[:4]
    assert media.cer(RESUME_TEXT, result.text) == 0
    assert (result.pages[0].width, result.pages[0].height, result.pages[0].dpi) == (595, 842, 72)


def test_mixed_pdf_ocrs_only_the_scanned_page(resume):
    from pypdf import PdfReader, PdfWriter

    image, _, _ = resume
    writer = PdfWriter()
    for data in (media.digital_pdf([media.RESUME_LINES[:3]]), media.scanned_pdf(image)):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    result = ocr.extract(buf.getvalue())
    assert [p.source for p in result.pages] == ["text", "ocr"]
    assert result.engine == "tesseract" and result.ocr_pages == 1
    assert "PostgreSQL" in result.pages[1].text


def test_type_comes_from_content_not_the_declared_type(resume):
    image, _, _ = resume
    result = ocr.extract(media.png_bytes(image), file_type="pdf")  # declared wrongly: content wins
    assert result.file_type == "png" and result.pages[0].source == "ocr"


def test_owner_password_only_pdf_opens_with_the_empty_password():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(media.digital_pdf([media.RESUME_LINES]))))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    result = ocr.extract(buf.getvalue())
    assert result.pages[0].source == "text" and "PostgreSQL" in result.text


# --- errors ----------------------------------------------------------------------------------------

def _code(data: bytes, **kwargs) -> str:
    with pytest.raises(OCRError) as err:
        ocr.extract(data, **kwargs)
    assert err.value.message and not err.value.retryable
    return err.value.code


def test_empty_and_unsupported_files():
    assert _code(b"") == "OCR_EMPTY_FILE"
    assert _code(b"", file_type="pdf") == "OCR_EMPTY_FILE"
    assert _code("이력서 텍스트 파일".encode()) == "OCR_UNSUPPORTED_TYPE"
    assert _code(b"PK\x03\x04 a docx is a zip") == "OCR_UNSUPPORTED_TYPE"
    assert _code(b"plain text, declared as a PDF", file_type="pdf") == "OCR_BROKEN_FILE"


def test_broken_pdfs():
    assert _code(b"%PDF-1.7\n" + bytes(range(256)) * 20) == "OCR_BROKEN_FILE"
    good = media.digital_pdf([media.RESUME_LINES])
    assert _code(good[: len(good) // 3]) == "OCR_BROKEN_FILE"


def test_encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(media.digital_pdf([media.RESUME_LINES]))))
    writer.encrypt(user_password="user-secret", owner_password="owner-secret", algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    assert _code(buf.getvalue()) == "OCR_ENCRYPTED"


def test_too_many_pages():
    data = media.digital_pdf([["page one has enough text here"], ["page two"], ["page three"]])
    assert _code(data, max_pages=2) == "OCR_TOO_MANY_PAGES"


def test_decompression_bomb_is_refused_before_decoding():
    bomb = media.png_header(20000, 20000)  # 400 megapixels declared in a 100-byte file
    assert len(bomb) < 200
    assert _code(bomb) == "OCR_TOO_LARGE"
    assert _code(media.png_header(7000, 7000)) == "OCR_TOO_LARGE"  # under Pillow's own limit, over ours
    assert _code(media.png_header(3000, 3000), max_pixels=1_000_000) == "OCR_TOO_LARGE"


def test_broken_images():
    assert _code(media.png_header(800, 600)) == "OCR_BROKEN_FILE"  # header fine, pixel data missing
    png = media.png_bytes(Image.new("L", (400, 300), 255))
    assert _code(png[:60]) == "OCR_BROKEN_FILE"
    assert _code(b"\xff\xd8\xff\xe0" + b"\x00" * 50) == "OCR_BROKEN_FILE"


def test_blank_scan_has_no_text_and_nothing_is_invented():
    assert _code(media.png_bytes(Image.new("L", (1200, 1600), 255))) == "OCR_NO_TEXT"
    assert _code(media.scanned_pdf(Image.new("L", (1200, 1600), 255))) == "OCR_NO_TEXT"


def test_unknown_language_data_is_a_clear_error(resume):
    assert _code(media.png_bytes(resume[0]), languages="kor+xyz") == "OCR_UNSUPPORTED_LANGUAGE"
    assert _code(media.png_bytes(resume[0]), languages="kor; rm") == "OCR_UNSUPPORTED_LANGUAGE"


# --- backend choice --------------------------------------------------------------------------------

def test_easyocr_only_when_installed_and_its_models_are_present(settings, tmp_path, monkeypatch, resume):
    settings.MODELS_DIR = tmp_path
    assert ocr.backend_name() == "tesseract"  # easyocr is not installed here
    seen = {}

    class Reader:  # stands in for easyocr.Reader: same constructor and readtext() shapes
        def __init__(self, langs, **kwargs):
            seen.update(langs=langs, **kwargs)

        def readtext(self, array, detail, paragraph):
            seen["shape"] = array.shape
            return [([[10, 50], [110, 50], [110, 80], [10, 80]], "경력", 0.91),
                    ([[130, 52], [300, 52], [300, 82], [130, 82]], "Python", 0.88),
                    ([[10, 120], [200, 120], [200, 150], [10, 150]], "Django", 0.95)]

    monkeypatch.setitem(sys.modules, "easyocr", types.SimpleNamespace(Reader=Reader))
    monkeypatch.setattr(ocr, "_easyocr_importable", lambda: True)
    assert ocr.backend_name() == "tesseract"  # importable, but no model files yet
    (tmp_path / "easyocr").mkdir()
    (tmp_path / "easyocr" / "craft_mlt_25k.pth").write_bytes(b"weights")
    assert ocr.backend_name() == "tesseract"  # detector without a recogniser
    (tmp_path / "easyocr" / "korean_g2.pth").write_bytes(b"weights")
    assert ocr.backend_name() == "easyocr"
    result = ocr.extract(media.png_bytes(resume[0]))
    assert result.engine == "easyocr"
    assert seen["langs"] == ["ko", "en"] and seen["download_enabled"] is False and seen["gpu"] is False
    assert seen["model_storage_directory"] == str(tmp_path / "easyocr")
    page = result.pages[0]
    assert page.text == "경력 Python\nDjango"
    # Boxes come back in the caller's pixels (the page was upscaled for recognition).
    scale = seen["shape"][1] / resume[0].width
    assert page.words[0].box == tuple(round(v / scale) for v in (10, 50, 100, 30))
