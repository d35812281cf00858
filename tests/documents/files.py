"""Test files made on the spot: digital and scanned PDFs, images of text, odd files."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from tests.factories import digital_pdf, scanned_pdf  # noqa: F401 - the PDF builders, as `files.` names

NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NOTO_KR_INDEX = 1  # the Korean face of the collection

RESUME_PAGES = [
    [
        "Park Minseo - Backend Engineer Resume",
        "Email: minseo.park@example.com",
        "Built a settlement batch system with Spring Batch and Kafka.",
        "Reduced nightly settlement time from 6 hours to 40 minutes.",
    ],
    [
        "Projects",
        "Designed a coupon service handling 3,000 requests per second.",
        "Introduced Redis caching and cut database load by 60 percent.",
        "Mentored two junior developers through code reviews.",
    ],
]

# Drawn into a PNG (a screenshot of a posting) and read with OCR.
POSTING_LINES = [
    "채용공고: 데이터 엔지니어",
    "Kafka and Spark pipeline engineer",
    "실시간 로그 파이프라인 구축",
    "Airflow experience preferred",
]

# Drawn into an image-only PDF (a scanned portfolio) and read with OCR.
SCANNED_LINES = [
    "포트폴리오: 모바일 앱 개발",
    "Flutter delivery app with 50,000 downloads",
    "배달 주문 화면 실행 속도 개선",
    "Firebase push notification service",
]


def text_image(lines: list[str], *, size: int = 44, width: int = 1700) -> Image.Image:
    """White page with black Noto Sans CJK KR text, like a clean scan or screenshot."""
    font = ImageFont.truetype(NOTO_CJK, size, index=NOTO_KR_INDEX)
    step = int(size * 1.9)
    margin = 70
    image = Image.new("L", (width, margin * 2 + step * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((margin, margin + step * i), line, font=font, fill=0)
    return image


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def blank_png(width: int = 800, height: int = 600) -> bytes:
    return png(Image.new("L", (width, height), 255))


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(digital_pdf([["Secret resume"]]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def many_pages_pdf(count: int) -> bytes:
    return digital_pdf([[f"Page {n} of a long document with enough words"] for n in range(1, count + 1)])


def disguised_html() -> bytes:
    """An HTML page a client calls resume.pdf."""
    return b"<!doctype html><html><body><script>alert(1)</script>Resume</body></html>"
