"""Read a file into pages for masking: one RGB image per page and its words with boxes.

Images: each frame, upright (EXIF), OCR word boxes from ai.ocr on the same pixels.
PDFs: each page rendered by poppler at MASK_DPI (lower for oversized pages); words come from
the page's own text layer (`pdftotext -bbox-layout`, scaled from points to the render's
pixels) when it holds meaningful text, else from OCR of the render; a text page that also
draws images is OCRed too, and words OCR finds outside the text layer's words are added.
A text-layer word whose box leaves no ink on the render (white text, text off the page) is
marked not visible: it is listed for review but there is nothing on the page to cover.
"""
from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from html import unescape

from django.conf import settings
from PIL import Image, ImageOps

from ai.errors import AIError, OCRError
from masking.ai import PageInput, Word
from masking.errors import MaskingError
from masking.local.boxes import overlap_ratio

MASK_DPI = 200  # pixels of the page images and of the masked PDF
MIN_DPI = 72
PDFTOTEXT_TIMEOUT = 60
INK_RANGE = 48  # grey levels between the darkest and lightest pixel under a word that shows


@dataclass
class Page:
    number: int
    image: Image.Image  # RGB
    words: list[Word]
    source: str  # "text" | "text+ocr" (text layer and images read by OCR) | "ocr" | "none" (no text)
    dpi: int | None = None

    def detection_input(self) -> PageInput:
        return PageInput(self.number, self.image.width, self.image.height, self.words, self.source, self.image)


def read_pages(data: bytes, kind: str) -> list[Page]:
    return _pdf_pages(data) if kind == "pdf" else _image_pages(data)


# --- OCR ------------------------------------------------------------------------------------------
def _ocr_words(png: bytes) -> list[Word]:
    from ai import ocr

    try:
        result = ocr.extract(png, file_type="image", max_pages=1, max_pixels=settings.UPLOAD_MAX_PIXELS)
    except OCRError as exc:
        if exc.code == "OCR_NO_TEXT":
            return []
        raise MaskingError("masking_failed", f"Text recognition failed: {exc.message}", reason=exc.code) from exc
    except AIError as exc:
        raise MaskingError("masking_failed", f"Text recognition failed: {exc.message}", reason=exc.code) from exc
    page = result.pages[0]
    return [Word(w.text, tuple(int(v) for v in w.box)) for w in page.words if w.text.strip()]


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


# --- images ---------------------------------------------------------------------------------------
def _image_pages(data: bytes) -> list[Page]:
    try:
        source = Image.open(io.BytesIO(data))
        frames = getattr(source, "n_frames", 1)
        pages = []
        for index in range(frames):
            source.seek(index)
            frame = ImageOps.exif_transpose(source.copy()) if index == 0 else source.copy()
            pages.append(_flatten(frame))
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
        raise MaskingError("invalid_file_type", "The image cannot be decoded.", reason="broken_file") from exc
    return [Page(number, image, _ocr_words(png_bytes(image)), "ocr") for number, image in enumerate(pages, start=1)]


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparent pixels would otherwise turn black."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


# --- PDFs -----------------------------------------------------------------------------------------
_PAGE_RE = re.compile(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", re.S)
_LINE_RE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
_WORD_RE = re.compile(r"<word xMin=\"([\d.-]+)\" yMin=\"([\d.-]+)\" xMax=\"([\d.-]+)\" yMax=\"([\d.-]+)\">(.*?)</word>",
                      re.S)


def text_layer(data: bytes) -> list[tuple[float, float, list[list[tuple[str, tuple[float, float, float, float]]]]]]:
    """Per page: (width pt, height pt, lines of (word, (x0, y0, x1, y1) in points, top-left origin))."""
    try:
        proc = subprocess.run(["pdftotext", "-q", "-bbox-layout", "-enc", "UTF-8", "-", "-"], input=data,
                              capture_output=True, timeout=PDFTOTEXT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MaskingError("masking_failed", f"Reading the PDF's text layer failed: {exc}", reason="pdftotext") from exc
    out = proc.stdout.decode("utf-8", "replace")
    pages = []
    for width, height, body in _PAGE_RE.findall(out):
        lines = []
        for line in _LINE_RE.findall(body):
            words = [(unescape(text), (float(a), float(b), float(c), float(d)))
                     for a, b, c, d, text in _WORD_RE.findall(line)]
            if words:
                lines.append(words)
        pages.append((float(width), float(height), lines))
    return pages


def _open_pdf(data: bytes):
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise MaskingError("invalid_file_type", "Encrypted PDFs are not accepted.", reason="encrypted_file")
        len(reader.pages)
        return reader
    except MaskingError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files
        raise MaskingError("invalid_file_type", "The PDF cannot be read.", reason="broken_file") from exc


def _has_images(reader, number: int) -> bool:
    """Whether a page draws raster images (a scanned ID or a screenshot pasted into a digital
    resume): their text is not in the text layer, so such pages are also read by OCR."""
    def draws_images(resources, depth: int) -> bool:
        xobjects = (resources.get_object().get("/XObject") or {}) if resources else {}
        for xobject in xobjects.get_object().values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                return True
            if xobject.get("/Subtype") == "/Form" and depth < 3 and draws_images(xobject.get("/Resources"), depth + 1):
                return True
        return False

    try:
        return draws_images(reader.pages[number - 1].get("/Resources"), 0)
    except Exception:  # noqa: BLE001 - when in doubt, read the page by OCR too
        return True


def _render(data: bytes, number: int, dpi: int) -> Image.Image:
    from pdf2image import convert_from_bytes
    from pdf2image.exceptions import PDFPageCountError, PDFPopplerTimeoutError, PDFSyntaxError

    try:
        images = convert_from_bytes(data, dpi=dpi, first_page=number, last_page=number, thread_count=1, timeout=120)
    except PDFPopplerTimeoutError as exc:
        raise MaskingError("masking_failed", f"Rendering page {number} took too long.", reason="timeout") from exc
    except (PDFPageCountError, PDFSyntaxError, OSError, ValueError) as exc:
        raise MaskingError("invalid_file_type", f"Page {number} cannot be rendered.", reason="broken_file") from exc
    if not images:
        raise MaskingError("invalid_file_type", f"Page {number} cannot be rendered.", reason="broken_file")
    return images[0].convert("RGB")


def fit_dpi(width_pt: float, height_pt: float, max_pixels: int, dpi: int = MASK_DPI) -> int:
    area = max(width_pt * height_pt, 1.0) / (72 * 72)
    return max(MIN_DPI, min(dpi, int((max_pixels / area) ** 0.5)))


def _shows_ink(gray: Image.Image, box: tuple[int, int, int, int]) -> bool:
    x, y, w, h = box
    if w <= 0 or h <= 0 or x >= gray.width or y >= gray.height or x + w <= 0 or y + h <= 0:
        return False
    low, high = gray.crop((max(0, x), max(0, y), min(gray.width, x + w), min(gray.height, y + h))).getextrema()
    return high - low >= INK_RANGE


def _pdf_pages(data: bytes) -> list[Page]:
    from ai.ocr import meaningful

    reader = _open_pdf(data)
    count = len(reader.pages)
    if count == 0:
        raise MaskingError("invalid_file_type", "The PDF has no pages.", reason="broken_file")
    layer = text_layer(data)
    pages = []
    for number in range(1, count + 1):
        width_pt, height_pt, lines = layer[number - 1] if number <= len(layer) else (612.0, 792.0, [])
        dpi = fit_dpi(width_pt, height_pt, settings.UPLOAD_MAX_PIXELS)
        image = _render(data, number, dpi)
        text = " ".join(word for line in lines for word, _box in line)
        if meaningful(text):
            sx, sy = image.width / width_pt, image.height / height_pt
            gray = image.convert("L")
            words = []
            for line in lines:
                for word, (x0, y0, x1, y1) in line:
                    box = (round(x0 * sx), round(y0 * sy), max(1, round((x1 - x0) * sx)), max(1, round((y1 - y0) * sy)))
                    # grouped into lines by position like OCR words: pdftotext splits a table row
                    # into one line per cell, which would part a label from its value
                    words.append(Word(word, box, -1, _shows_ink(gray, box)))
            source = "text"
            if _has_images(reader, number):
                extra = [w for w in _ocr_words(png_bytes(image))
                         if not any(overlap_ratio(w.box, t.box) > 0.3 for t in words)]
                words += extra
                source = "text+ocr" if extra else source
            pages.append(Page(number, image, words, source, dpi))
        else:
            words = _ocr_words(png_bytes(image))
            pages.append(Page(number, image, words, "ocr" if words else "none", dpi))
    return pages
