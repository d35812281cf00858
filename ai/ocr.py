"""Text from resumes and postings: PDF text layer first, OCR only for pages that have none.

`extract(data)` detects the type from the bytes (never the file name), reads each PDF page's text
layer with pypdf, renders only pages without meaningful text through poppler (pdf2image), and
OCRs them and images with Tesseract `kor+eng` (word boxes and confidences). EasyOCR is used
instead only when it is installed and its model files are in MODELS_DIR/easyocr (nothing is
downloaded). Limits on bytes, pages and pixels are checked before anything is decoded.
"""
from __future__ import annotations

import csv
import functools
import importlib.util
import io
import os
import re
import subprocess
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps

from ai.errors import OCRError

DEFAULT_DPI = 300  # Tesseract's sweet spot; Hangul strokes blur below ~200 dpi
MIN_DPI = 100
MIN_OCR_WIDTH = 1600  # narrower images (screenshots, phone crops) are upscaled before OCR
TESSERACT_TIMEOUT = 180  # seconds per page
MIN_MEANINGFUL_CHARS = 12  # a page number or a lone header is not a text layer worth trusting
_LANG_RE = re.compile(r"^[a-z_]{3,8}(\+[a-z_]{3,8})*$")

IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"BM", "bmp"),
)


@dataclass(frozen=True)
class OcrWord:
    text: str
    confidence: float  # 0–1
    box: tuple[int, int, int, int]  # x, y, width, height in the page's pixel coordinates


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    text: str
    source: str  # "text": the PDF's own text layer; "ocr": recognised from pixels
    width: int
    height: int
    dpi: int | None = None  # PDF pages: 72 for text-layer pages (points), the render dpi for OCR pages
    words: list[OcrWord] = field(default_factory=list)
    confidence: float | None = None  # mean word confidence of OCR pages


@dataclass(frozen=True)
class OcrResult:
    pages: list[PageText]
    engine: str  # "pdf-text" when no page needed OCR, else the OCR backend ("tesseract" or "easyocr")
    file_type: str  # "pdf" or the image format

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages if p.text).strip()

    @property
    def ocr_pages(self) -> int:
        return sum(1 for p in self.pages if p.source == "ocr")


def detect_type(data: bytes) -> tuple[str, str] | None:
    """("pdf", "pdf") or ("image", format) from magic bytes; None when unrecognised."""
    if b"%PDF-" in data[:1024]:
        return "pdf", "pdf"
    for magic, name in IMAGE_MAGIC:
        if data.startswith(magic):
            return "image", name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image", "webp"
    return None


def extract(data: bytes, *, file_type: str | None = None, languages: str = "kor+eng", max_pages: int = 50,
            max_pixels: int = 40_000_000, dpi: int = DEFAULT_DPI) -> OcrResult:
    if not data:
        raise OCRError("OCR_EMPTY_FILE", "the file is empty")
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise OCRError("OCR_TOO_LARGE", f"the file is larger than {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB")
    if not _LANG_RE.match(languages):
        raise OCRError("OCR_UNSUPPORTED_LANGUAGE", f"invalid OCR languages {languages!r}")
    detected = detect_type(data)
    if detected is None:
        if file_type in ("pdf", "image"):
            raise OCRError("OCR_BROKEN_FILE", f"the file is not a readable {file_type}")
        raise OCRError("OCR_UNSUPPORTED_TYPE", "only PDF and image files (PNG, JPEG, WEBP, TIFF, GIF, BMP) are read")
    kind, fmt = detected
    backend = _backend(languages)
    if kind == "pdf":
        pages, used_ocr = _pdf(data, backend, languages, max_pages, max_pixels, dpi)
    else:
        pages, used_ocr = _image(data, backend, languages, max_pages, max_pixels), True
    if not any(p.text.strip() for p in pages):
        raise OCRError("OCR_NO_TEXT", "no text was found in the file")
    return OcrResult(pages, backend.name if used_ocr else "pdf-text", fmt)


# --- PDF -------------------------------------------------------------------------------------------

def meaningful(text: str) -> bool:
    """A text layer worth trusting: enough letters/digits, and mostly not replacement or private-use glyphs."""
    letters = sum(1 for ch in text if ch.isalnum())
    junk = sum(1 for ch in text if ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF)
    return letters >= MIN_MEANINGFUL_CHARS and junk * 4 < letters


def _pdf(data: bytes, backend, languages: str, max_pages: int, max_pixels: int, dpi: int):
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                    raise OCRError("OCR_ENCRYPTED", "the PDF is password protected")
            except (DependencyError, NotImplementedError) as exc:
                raise OCRError("OCR_ENCRYPTED", f"the PDF uses unsupported encryption: {exc}") from exc
        count = len(reader.pages)
    except OCRError:
        raise
    except FileNotDecryptedError as exc:
        raise OCRError("OCR_ENCRYPTED", "the PDF is password protected") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types for damaged files
        raise OCRError("OCR_BROKEN_FILE", f"the PDF cannot be read: {exc}") from exc
    if count == 0:
        raise OCRError("OCR_BROKEN_FILE", "the PDF has no pages")
    if count > max_pages:
        raise OCRError("OCR_TOO_MANY_PAGES", f"the PDF has {count} pages; the limit is {max_pages}")
    pages, used_ocr = [], False
    for number in range(1, count + 1):
        page = reader.pages[number - 1]
        try:
            text = page.extract_text() or ""
            box = page.mediabox
            width_pt, height_pt = float(box.width), float(box.height)
            if page.rotation % 180:
                width_pt, height_pt = height_pt, width_pt
        except Exception:  # noqa: BLE001 - one damaged page is OCRed instead of failing the file
            text, width_pt, height_pt = "", 612.0, 792.0
        text = _tidy(text)
        if meaningful(text):
            pages.append(PageText(number, text, "text", round(width_pt), round(height_pt), 72))
            continue
        page_dpi = _fit_dpi(width_pt, height_pt, dpi, max_pixels)
        image = _render(data, number, page_dpi)
        pages.append(_ocr_page(image, number, backend, languages, page_dpi))
        used_ocr = True
    return pages, used_ocr


def _fit_dpi(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> int:
    """Lower the render resolution for oversized pages rather than allocate a huge bitmap."""
    area = max(width_pt * height_pt, 1.0) / (72 * 72)
    fitted = min(dpi, int((max_pixels / area) ** 0.5))
    if fitted < MIN_DPI:
        raise OCRError("OCR_TOO_LARGE", "the PDF page is too large to render for OCR")
    return fitted


def _render(data: bytes, number: int, dpi: int) -> Image.Image:
    from pdf2image import convert_from_bytes
    from pdf2image.exceptions import PDFPageCountError, PDFPopplerTimeoutError, PDFSyntaxError

    try:
        images = convert_from_bytes(data, dpi=dpi, first_page=number, last_page=number, grayscale=True,
                                    thread_count=1, timeout=120)
    except PDFPopplerTimeoutError as exc:
        raise OCRError("OCR_TIMEOUT", f"rendering page {number} took too long", retryable=True) from exc
    except (PDFPageCountError, PDFSyntaxError, OSError, ValueError) as exc:
        raise OCRError("OCR_BROKEN_FILE", f"page {number} cannot be rendered: {exc}") from exc
    if not images:
        raise OCRError("OCR_BROKEN_FILE", f"page {number} cannot be rendered")
    return images[0]


# --- images ----------------------------------------------------------------------------------------

def _image(data: bytes, backend, languages: str, max_pages: int, max_pixels: int) -> list[PageText]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))  # reads the header only: size is known before decoding
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise OCRError("OCR_TOO_LARGE", f"the image is too large: {exc}") from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise OCRError("OCR_BROKEN_FILE", f"the image cannot be read: {exc}") from exc
        frames = getattr(image, "n_frames", 1)
        if frames > max_pages:
            raise OCRError("OCR_TOO_MANY_PAGES", f"the image has {frames} pages; the limit is {max_pages}")
        pages = []
        for index in range(frames):
            try:
                image.seek(index)
                width, height = image.size
                if width * height > max_pixels:
                    raise OCRError("OCR_TOO_LARGE", f"the image is {width}×{height} pixels; the limit is "
                                                    f"{max_pixels // 1_000_000} megapixels")
                frame = _prepare(image)
            except OCRError:
                raise
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise OCRError("OCR_TOO_LARGE", f"the image is too large: {exc}") from exc
            except (OSError, SyntaxError, ValueError, EOFError) as exc:
                raise OCRError("OCR_BROKEN_FILE", f"the image cannot be decoded: {exc}") from exc
            pages.append(_ocr_page(frame, index + 1, backend, languages, None))
    return pages


def _prepare(image: Image.Image) -> Image.Image:
    """Upright grayscale on white (transparent PNGs would otherwise turn black)."""
    image.load()
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    return image.convert("L")


# --- OCR backends ----------------------------------------------------------------------------------

def _ocr_page(image: Image.Image, number: int, backend, languages: str, dpi: int | None) -> PageText:
    width, height = image.size
    scale = 1.0
    if width < MIN_OCR_WIDTH:
        scale = min(3.0, MIN_OCR_WIDTH / max(width, 1))
        image = image.resize((round(width * scale), round(height * scale)), Image.Resampling.LANCZOS)
    text, words = backend.recognise(image, languages, dpi)
    if scale != 1.0:  # boxes go back to the caller's pixel grid
        words = [OcrWord(w.text, w.confidence, tuple(round(v / scale) for v in w.box)) for w in words]
    confidence = round(sum(w.confidence for w in words) / len(words), 4) if words else None
    return PageText(number, _tidy(text), "ocr", width, height, dpi, words, confidence)


class Tesseract:
    """Runs the tesseract binary directly (TSV output) so OMP_THREAD_LIMIT=1 applies to it alone:
    setting it process-wide would also throttle CTranslate2's OpenMP threads for Whisper."""
    name = "tesseract"

    def recognise(self, image: Image.Image, languages: str, dpi: int | None):
        missing = set(languages.split("+")) - _tesseract_languages()
        if missing:
            raise OCRError("OCR_UNSUPPORTED_LANGUAGE", f"Tesseract has no data for {', '.join(sorted(missing))}")
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        # psm 4 (one column, variable sizes): on rendered resumes psm 3's layout analysis split the
        # "label: value" lines into bogus columns (page CER 0.16 vs 0.02); side-by-side columns
        # came out the same with both.
        args = ["tesseract", "stdin", "stdout", "-l", languages, "--oem", "1", "--psm", "4"]
        if dpi:
            args += ["--dpi", str(dpi)]
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            proc = subprocess.run(args + ["tsv"], input=buf.getvalue(), capture_output=True, env=env,
                                  timeout=TESSERACT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise OCRError("OCR_TIMEOUT", "text recognition took too long", retryable=True) from exc
        except OSError as exc:
            raise OCRError("OCR_ERROR", f"cannot run tesseract: {exc}") from exc
        if proc.returncode != 0:
            raise OCRError("OCR_ERROR", f"tesseract failed: {proc.stderr.decode(errors='replace')[-300:]}")
        return parse_tsv(proc.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> tuple[str, list[OcrWord]]:
    """Tesseract TSV → page text (lines in reading order, blank line between blocks) and word boxes."""
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    words: list[OcrWord] = []
    lines: dict[tuple[int, int, int], list[str]] = {}
    for row in rows:
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        conf = float(row["conf"])
        if conf < 0:
            continue
        word = row["text"].strip()
        words.append(OcrWord(word, round(conf / 100, 4),
                             (int(row["left"]), int(row["top"]), int(row["width"]), int(row["height"]))))
        lines.setdefault((int(row["block_num"]), int(row["par_num"]), int(row["line_num"])), []).append(word)
    out, previous_block = [], None
    for (block, _, _), line_words in lines.items():
        if previous_block is not None and block != previous_block:
            out.append("")
        out.append(" ".join(line_words))
        previous_block = block
    return "\n".join(out), words


@functools.lru_cache(maxsize=1)
def _tesseract_languages() -> frozenset[str]:
    try:
        proc = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OCRError("OCR_ERROR", f"tesseract is not available: {exc}") from exc
    lines = proc.stdout.decode(errors="replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


class EasyOCR:
    name = "easyocr"
    LANGS = {"kor": "ko", "eng": "en"}

    def __init__(self, model_dir: Path):
        self.model_dir = model_dir
        self._readers: dict[tuple[str, ...], object] = {}

    def _reader(self, languages: str):
        codes = tuple(self.LANGS.get(code, code) for code in languages.split("+"))
        if codes not in self._readers:
            import easyocr

            self._readers[codes] = easyocr.Reader(
                list(codes), gpu=False, model_storage_directory=str(self.model_dir),
                user_network_directory=str(self.model_dir), download_enabled=False, verbose=False)
        return self._readers[codes]

    def recognise(self, image: Image.Image, languages: str, dpi: int | None):
        import numpy as np

        try:
            results = self._reader(languages).readtext(np.asarray(image), detail=1, paragraph=False)
        except Exception as exc:  # noqa: BLE001 - torch/easyocr errors are not typed
            raise OCRError("OCR_ERROR", f"easyocr failed: {exc}") from exc
        words = []
        for points, text, confidence in results:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            x, y = int(min(xs)), int(min(ys))
            words.append(OcrWord(str(text).strip(), round(float(confidence), 4),
                                 (x, y, int(max(xs)) - x, int(max(ys)) - y)))
        words = [w for w in words if w.text]
        return _reading_order_text(words), words


def _reading_order_text(words: list[OcrWord]) -> str:
    """Group boxes into lines by vertical overlap, left to right within a line."""
    lines: list[list[OcrWord]] = []
    for word in sorted(words, key=lambda w: (w.box[1], w.box[0])):
        centre = word.box[1] + word.box[3] / 2
        for line in lines:
            top, height = line[0].box[1], line[0].box[3]
            if top <= centre <= top + height:
                line.append(word)
                break
        else:
            lines.append([word])
    return "\n".join(" ".join(w.text for w in sorted(line, key=lambda w: w.box[0])) for line in lines)


def _easyocr_importable() -> bool:
    return importlib.util.find_spec("easyocr") is not None


def _easyocr_model_dir() -> Path | None:
    """EasyOCR only when importable and its detector and recogniser weights are already on disk."""
    model_dir = Path(settings.MODELS_DIR) / "easyocr"
    if not _easyocr_importable() or not model_dir.is_dir():
        return None
    names = [p.name.lower() for p in model_dir.glob("*.pth")]
    has_detector = any(n.startswith("craft") for n in names)
    has_recogniser = any(n.startswith(("korean", "english", "latin")) for n in names)
    return model_dir if has_detector and has_recogniser else None


_easyocr_backends: dict[Path, EasyOCR] = {}


def _backend(languages: str):
    model_dir = _easyocr_model_dir()
    if model_dir is not None and set(languages.split("+")) <= set(EasyOCR.LANGS):
        return _easyocr_backends.setdefault(model_dir, EasyOCR(model_dir))
    return Tesseract()


def backend_name(languages: str = "kor+eng") -> str:
    return _backend(languages).name


def _tidy(text: str) -> str:
    text = text.replace("\x00", "")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
