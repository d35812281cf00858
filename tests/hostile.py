"""A hostile-upload corpus made on the spot: every file a careless or malicious client might send
to an upload surface. Each entry says what the file pretends to be (`declared`: pdf, image or
audio); none of them may be accepted or stored anywhere."""
from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass

from tests.ai.media import png_header
from tests.documents.files import RESUME_PAGES, digital_pdf, encrypted_pdf, png, text_image


@dataclass(frozen=True)
class Hostile:
    name: str
    data: bytes
    declared: str  # "pdf" | "image" | "audio"


def zip_bomb(uncompressed_mb: int = 100) -> bytes:
    """A DOCX-shaped zip whose one entry inflates from a few hundred KB to `uncompressed_mb` MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            block = b"\0" * (1 << 20)
            for _ in range(uncompressed_mb):
                entry.write(block)
    return buf.getvalue()


def jpeg_pixel_flood(width: int = 60000, height: int = 60000) -> bytes:
    """A real JPEG whose frame header (SOF0) is rewritten to declare width×height."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buf, format="JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def pdf_with_javascript() -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(digital_pdf(RESUME_PAGES[:1]))).pages:
        writer.add_page(page)
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('pwned');")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def many_pages(count: int = 10_000) -> bytes:
    """A valid PDF of `count` blank pages, written by hand (a page tree with `count` kids)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count %d /Kids [%s] >>" % (count, b" ".join(b"%d 0 R" % (3 + i) for i in range(count)))]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def small_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("payload.html", "<html><script>alert(1)</script></html>")
    return buf.getvalue()


def jpeg(text: str = "Resume") -> bytes:
    buf = io.BytesIO()
    text_image([text], size=28, width=400).convert("RGB").save(buf, format="JPEG")
    return buf.getvalue()


def bmp_pixel_flood(width: int = 50_000, height: int = 50_000) -> bytes:
    """A BMP header declaring width×height 24-bit pixels over a few bytes of body."""
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + len(info) + 64, 0, 0, 14 + len(info)) + info + b"\0" * 64


def wav_header(seconds: float, rate: int = 16000) -> bytes:
    size = int(seconds * rate) * 2
    return (b"RIFF" + struct.pack("<I", 36 + size) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
            + b"data" + struct.pack("<I", size))


def corpus() -> list[Hostile]:
    resume = digital_pdf(RESUME_PAGES)
    rng = os.urandom
    return [
        Hostile("zip_bomb_docx", zip_bomb(), "pdf"),
        Hostile("zip_bomb_docx_as_image", zip_bomb(20), "image"),
        Hostile("png_pixel_flood", png_header(100_000, 100_000), "image"),
        Hostile("jpeg_pixel_flood", jpeg_pixel_flood(), "image"),
        Hostile("bmp_pixel_flood", bmp_pixel_flood(), "image"),
        Hostile("gif_not_accepted", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04"
                                    b"\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", "image"),
        Hostile("elf_as_pdf", b"\x7fELF\x02\x01\x01\x00" + rng(4096), "pdf"),
        Hostile("png_as_pdf", png(text_image(["Resume"], size=28, width=400)), "pdf"),
        Hostile("html_as_pdf", b"<!doctype html><html><body><script>alert(1)</script></body></html>", "pdf"),
        Hostile("svg_with_script", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
                                   b"<script>alert(document.cookie)</script></svg>", "image"),
        Hostile("pdf_with_javascript", pdf_with_javascript(), "pdf"),
        Hostile("encrypted_pdf", encrypted_pdf(), "pdf"),
        Hostile("truncated_pdf", resume[: len(resume) // 2], "pdf"),
        Hostile("malformed_pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n" + rng(2048), "pdf"),
        Hostile("pdf_zip_polyglot", resume + small_zip(), "pdf"),
        Hostile("zip_pdf_polyglot", small_zip()[:200] + resume, "pdf"),
        Hostile("jpeg_html_polyglot", jpeg() + b"<html><body><script>alert(1)</script></body></html>", "image"),
        Hostile("empty", b"", "pdf"),
        Hostile("ten_thousand_pages", many_pages(), "pdf"),
        Hostile("oversize_pdf", b"%PDF-1.4\n" + rng(21 * 1024 * 1024), "pdf"),
        Hostile("huge_audio", wav_header(900) + rng(900 * 16000 * 2), "audio"),
        Hostile("audio_declares_hours", wav_header(4 * 3600), "audio"),
        Hostile("random_bytes_as_audio", rng(64 * 1024), "audio"),
        Hostile("pdf_as_audio", resume, "audio"),
        Hostile("zip_bomb_as_audio", zip_bomb(20), "audio"),
        Hostile("empty_audio", b"", "audio"),
    ]


# --- sending the corpus through every upload surface ----------------------------------------------
SURFACES = ("documents", "masking", "calendar_api", "calendar_page", "interview_audio")
SEED000 = ("documents", "masking", "calendar_api")
CSRF = "hostileCorpusCsrfToken0123456789"  # any 32 letters: Django compares the cookie with the form


def cases(corpus: list[Hostile]) -> list[tuple[str, Hostile]]:
    """(surface, file) pairs: every file to the audio surface (none of them is a usable recording),
    the files that pretend to be documents to the document surfaces."""
    return [(surface, item) for surface in SURFACES for item in corpus
            if surface == "interview_audio" or item.declared != "audio"]


def send(surface: str, base: str, item: Hostile, auth: dict):
    """POST `item` to `surface` as its client would; `auth` has `headers` (a bearer token),
    `session` (a page login cookie) and `interview` (an open seed 003 interview id)."""
    import requests
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from core import storage

    post = lambda path, **kw: requests.post(base + path, timeout=120, **kw)  # noqa: E731
    file_type = item.declared
    if surface == "documents":
        return post("/ai/ocr/extract", headers=auth["headers"], files={"file": (f"{item.name}.bin", item.data)},
                    data={"file_type": file_type, "type": "resume", "user_id": "u1", "document_id": item.name})
    if surface == "masking":
        return post("/ai/masking/draft", headers=auth["headers"], files={"file": (f"{item.name}.bin", item.data)},
                    data={"file_type": file_type})
    if surface == "calendar_api":  # the API takes a link: a signed link to a copy in our storage
        name = default_storage.save(f"client-uploads/{item.name}.bin", ContentFile(item.data))
        try:
            return post("/ai/calendar/parse", headers=auth["headers"], json={"file_url": base + storage.signed_url(name)})
        finally:
            default_storage.delete(name)
    if surface == "calendar_page":
        return post("/calendar/new", cookies={"sessionid": auth["session"], "csrftoken": CSRF},
                    headers={"Referer": base + "/calendar/new"}, data={"csrfmiddlewaretoken": CSRF, "text": ""},
                    files={"file": (f"{item.name}.pdf", item.data)})
    if surface == "interview_audio":
        return post(f"/api/interviews/{auth['interview']}/answer", headers=auth["headers"],
                    data={"turn_number": "1"}, files={"audio": (f"{item.name}.webm", item.data)})
    raise ValueError(surface)


def refused_in_format(surface: str, response) -> bool:
    """A 4xx in the surface's own error format."""
    if not 400 <= response.status_code < 500:
        return False
    if surface == "calendar_page":
        return response.headers.get("Content-Type", "").startswith("text/html")
    body = response.json()
    if surface in SEED000:
        return set(body) == {"message", "error_code", "data"} and 4000 <= body["error_code"] < 5000
    return isinstance(body.get("detail"), str) and bool(body["detail"])


class PeakRss:
    """Samples the resident memory of some processes (and their children) every 20 ms."""

    def __init__(self, groups: dict[str, list[int]]):
        import threading

        self.groups, self.peak, self.base = groups, {}, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self, pids: list[int]) -> int:
        import psutil

        biggest = 0
        for pid in pids:
            try:
                proc = psutil.Process(pid)
                for member in [proc, *proc.children(recursive=True)]:
                    biggest = max(biggest, member.memory_info().rss)
            except psutil.Error:
                continue
        return biggest

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            for name, pids in self.groups.items():
                self.peak[name] = max(self.peak.get(name, 0), self._rss(pids))

    def __enter__(self):
        self.base = {name: self._rss(pids) for name, pids in self.groups.items()}
        self.peak = dict(self.base)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
