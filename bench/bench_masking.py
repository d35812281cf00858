"""Masking figures on the generated corpus (tests/masking/corpus.py: 24 Korean and English
resumes and forms as PNG screenshots, JPEG photos with rotation and noise, scanned PDFs and
digital PDFs): seconds per page through detection and output, p50/p95 per kind of input, and
recall/precision per type of personal data.

Presidio is not measured: presidio-analyzer needs a spaCy language model (en_core_web_lg by
default), which is downloaded at run time and ships in no package we may install, and it has no
recognisers for Korean resident registration numbers, Korean addresses or Korean names.
"""
import os
import sys
import time

import django
from common import BASE_DIR, figure, percentile

sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("VAR_DIR", str(BASE_DIR / "var" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from masking import render  # noqa: E402
from tests.masking import corpus, evaluate  # noqa: E402

KINDS = {"png": "image", "photo": "photo", "scan_pdf": "scanned_pdf", "text_pdf": "text_pdf"}

docs = corpus.build()
per_kind: dict[str, list[float]] = {}
results = []
for doc in docs:
    started = time.perf_counter()
    pages, items, _ = evaluate.run_detection(doc)
    burned = [render.burn(p.image, [i.box for i in items if i.page == p.number and i.visible], "black") for p in pages]
    if doc.kind == "pdf":
        render.pdf_file(burned, [p.dpi for p in pages])
    else:
        render.image_file(burned)
    seconds = (time.perf_counter() - started) / max(1, len(pages))
    per_kind.setdefault(KINDS[doc.variant], []).append(seconds)
    results.append((doc, items))

figure("masking_corpus_documents", len(docs), "docs")
for kind, values in per_kind.items():
    figure(f"masking_seconds_per_page_{kind}_p50", percentile(values, 50), "s")
    figure(f"masking_seconds_per_page_{kind}_p95", percentile(values, 95), "s")
images = per_kind["image"] + per_kind["photo"]
figure("masking_seconds_per_page_any_image_p50", percentile(images, 50), "s")
figure("masking_seconds_per_page_any_image_p95", percentile(images, 95), "s")
scores = evaluate.score(results)
for kind in sorted(scores):
    figure(f"masking_recall_{kind}", scores[kind].recall, "")
    figure(f"masking_precision_{kind}", scores[kind].precision, "")
planted = sum(s.planted for s in scores.values())
found = sum(s.found for s in scores.values())
detected = sum(s.detected for s in scores.values())
correct = sum(s.correct for s in scores.values())
figure("masking_recall_all", found / planted, "")
figure("masking_precision_all", correct / detected if detected else 1.0, "")
