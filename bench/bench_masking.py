"""Masking figures on the generated corpus (tests/masking/corpus.py: 24 Korean and English
resumes and forms as PNG screenshots, JPEG photos with rotation and noise, scanned PDFs and
digital PDFs): seconds per page through detection and output, p50/p95 per kind of input, and
recall/precision per type of personal data.

Presidio side by side: when PRESIDIO_PYTHON names an interpreter with presidio-analyzer
(e.g. `python3 -m venv var/presidio && var/presidio/bin/pip install presidio-analyzer==2.2.366`;
var/presidio/bin/python is used when present), bench/presidio_runner.py analyses the very same
lines (our OCR / text-layer words, so only detection differs) and its spans are boxed and scored
the same way. It runs offline only with spaCy's blank pipeline (the usual en_core_web_lg is a
download), so it has no PERSON/LOCATION recognition; it analyses text, so it finds no faces.
"""
import json
import os
import subprocess
import sys
import time

import django
from common import BASE_DIR, figure, percentile

sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("VAR_DIR", str(BASE_DIR / "var" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from masking import render  # noqa: E402
from masking.ai import DetectedItem  # noqa: E402
from masking.local.lines import build_lines  # noqa: E402
from tests.masking import corpus, evaluate  # noqa: E402

KINDS = {"png": "image", "photo": "photo", "scan_pdf": "scanned_pdf", "text_pdf": "text_pdf"}

docs = corpus.build()
per_kind: dict[str, list[float]] = {}
results = []
page_lines = []
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
    page_lines.append((doc, [(p.number, build_lines(p.words)) for p in pages]))

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


# --- Presidio on the same lines ------------------------------------------------------------------
PRESIDIO_TYPES = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "CREDIT_CARD": "card_number", "URL": "profile_url",
                  "KR_RRN": "resident_id", "KR_FRN": "foreigner_id", "KR_PASSPORT": "passport",
                  "KR_DRIVER_LICENSE": "driver_license", "PERSON": "name", "LOCATION": "address",
                  "DATE_TIME": "birth_date", "US_BANK_NUMBER": "bank_account", "IBAN_CODE": "bank_account"}
presidio_python = os.environ.get("PRESIDIO_PYTHON") or str(BASE_DIR / "var" / "presidio" / "bin" / "python")
if not os.path.exists(presidio_python):
    print(f"# presidio: not measured (no interpreter at {presidio_python}; see this script's docstring)")
    sys.exit(0)
requests = [{"text": line.text} for _doc, pages in page_lines for _n, lines in pages for line in lines]
started = time.perf_counter()
proc = subprocess.run([presidio_python, str(BASE_DIR / "bench" / "presidio_runner.py")], input=json.dumps(requests),
                      capture_output=True, text=True, timeout=1800)
if proc.returncode != 0:
    print(f"# presidio: failed: {proc.stderr[-500:]}")
    sys.exit(0)
answers = iter(json.loads(proc.stdout))
presidio_results = []
for doc, pages in page_lines:
    items = []
    for number, lines in pages:
        for line in lines:
            for span in next(answers):
                kind = PRESIDIO_TYPES.get(span["type"])
                box = line.box(span["start"], span["end"])
                if kind and box:
                    items.append(DetectedItem(kind, number, box, span["score"], span["type"]))
    presidio_results.append((doc, items))
lines_total = max(1, len(requests))
figure("presidio_seconds_per_line", (time.perf_counter() - started) / lines_total, "s")
theirs = evaluate.score(presidio_results)
for kind in sorted(scores):
    s = theirs.get(kind, evaluate.Score(planted=scores[kind].planted))
    if not s.planted:
        s.planted = scores[kind].planted
    figure(f"presidio_recall_{kind}", s.recall, "")
    figure(f"presidio_precision_{kind}", s.precision, "")
planted_p = sum(s.planted for s in scores.values())
found_p = sum(theirs[k].found for k in theirs)
detected_p = sum(theirs[k].detected for k in theirs)
correct_p = sum(theirs[k].correct for k in theirs)
figure("presidio_recall_all", found_p / planted_p, "")
figure("presidio_precision_all", correct_p / detected_p if detected_p else 1.0, "")
