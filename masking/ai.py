"""Find personal data on document pages: typed inputs and outputs and the engine dispatch.

Input: each page's words with their boxes (OCR word boxes of a page image, or the PDF text
layer's words scaled to the same pixel grid) and the page image itself (for faces).
Output: `DetectedItem`s, each with a type from ITEM_TYPES, a box in page pixels, the page
number, a confidence, the rule that found it and whether it can be seen on the page.

Engines (`ai.engine()`): `local` runs the rules in masking.local (regular expressions with
checksums and labels, the account holder's name, OpenCV's bundled Haar face cascade); a model
server (ai.providers) runs the same rules and adds what the model names in the page text (names
and addresses the rules may miss), located back on the word boxes. The rules always run: a model
may add boxes, never remove one; when it fails, the rules' items are the answer, labelled
`local` with `fallback_reason` (ai.fallback).
"""
from __future__ import annotations

import ai
from ai import fallback
from masking import local
from masking.local import BOX_PADDING
from masking.local.boxes import overlap_ratio, pad
from masking.local.lines import build_lines, find_text
from masking.types import ITEM_TYPES, DetectedItem, Detection, DetectOptions, PageInput, Word  # noqa: F401 - Word is re-exported


def detect(pages: list[PageInput], options: DetectOptions) -> Detection:
    items = local.detect(pages, options)
    return fallback.run("masking", lambda: Detection(ai.engine(), _merge(items, _openai_items(pages, options))),
                        lambda: Detection("local", items))


# --- openai engine --------------------------------------------------------------------------------
SYSTEM_PROMPT = (
    "You find personal data in Korean or English documents (resumes, forms). From the page text, "
    "list every piece of personal data exactly as written: person names, street addresses, phone "
    "numbers, e-mail addresses, resident or foreigner registration numbers, passport and driver's "
    "licence numbers, birth dates, bank account and card numbers, personal profile URLs. Company, "
    "school and product names are not personal data. Answer JSON only."
)
SCHEMA = {
    "type": "object",
    "properties": {"items": {"type": "array", "items": {
        "type": "object",
        "properties": {"type": {"type": "string"}, "text": {"type": "string"}},
        "required": ["type", "text"],
    }}},
    "required": ["items"],
}
MAX_PAGE_CHARS = 6000


def _page_lines(page: PageInput):
    return build_lines(page.words)


def _openai_items(pages: list[PageInput], options: DetectOptions) -> list[DetectedItem]:
    """Strings the model names, found again on the page's lines; the model never supplies boxes."""
    from ai import llm

    found: list[DetectedItem] = []
    for page in pages:
        lines = _page_lines(page)
        text = "\n".join(line.text for line in lines)[:MAX_PAGE_CHARS]
        if not text.strip():
            continue
        answer = llm.chat_json([{"role": "system", "content": SYSTEM_PROMPT},
                                {"role": "user", "content": text}], schema=SCHEMA, purpose="masking")
        for entry in (answer or {}).get("items", [])[:200]:
            kind = str(entry.get("type", "")).strip().lower()
            value = str(entry.get("text", "")).strip()
            if kind not in ITEM_TYPES or kind in ("face", "manual") or len(value) < 2:
                continue
            for box, visible in find_text(lines, value):
                box = pad(box, BOX_PADDING, page.width, page.height)
                found.append(DetectedItem(kind, page.number, box, 0.7, "llm", value, visible))
    return found


def _merge(items: list[DetectedItem], extra: list[DetectedItem]) -> list[DetectedItem]:
    merged = list(items)
    for item in extra:
        if not any(other.page == item.page and overlap_ratio(other.box, item.box) > 0.5 for other in merged):
            merged.append(item)
    return merged
