"""OCR figures: seconds per page for a digital PDF page (text layer) and a scanned page (Tesseract)."""
import os
import statistics
import sys
import time

import django
from common import BASE_DIR, figure

# Settings only (MODELS_DIR, storage): no database, so no migrate and no embedded PostgreSQL.
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("VAR_DIR", str(BASE_DIR / "var" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from ai import ocr  # noqa: E402
from tests.ai import media  # noqa: E402

# One full A4 page of resume text, as text layer and as a 200 dpi scan of the same content.
lines = (media.RESUME_LINES * 5)[:32]
digital = media.digital_pdf([lines])
page, _, _ = media.render_lines(lines, size=34, width=1654)
scanned = media.scanned_pdf(page.resize((1654, 2339)) if page.height < 2339 else page, dpi=200)


def per_page(data: bytes, runs: int) -> float:
    ocr.extract(data)  # warm caches (tesseract language list, fonts)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = ocr.extract(data)
        times.append((time.perf_counter() - started) / len(result.pages))
    return statistics.median(times)


figure("ocr_seconds_per_page_digital", per_page(digital, 10), "s")
figure("ocr_seconds_per_page_scanned", per_page(scanned, 3), "s")
