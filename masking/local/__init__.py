"""The local engine for finding personal data: rules over each page's lines, the account
holder's own name wherever it appears, and faces from OpenCV's bundled cascade."""
from __future__ import annotations

import re

from masking.ai import DetectedItem, DetectOptions, PageInput
from masking.local import rules
from masking.local.boxes import overlap_ratio, pad
from masking.local.lines import build_lines, find_text

BOX_PADDING = 3  # pixels around each word box, so anti-aliased edges of glyphs are covered too


def name_variants(name: str) -> list[str]:
    """A name as people write it: as given, family name first or last (Latin), and in capitals."""
    name = re.sub(r"\s+", " ", (name or "").strip())
    if len(name.replace(" ", "")) < 2:
        return []
    variants = {name}
    parts = name.split(" ")
    if len(parts) >= 2 and re.fullmatch(r"[A-Za-z' .-]+", name):
        variants.add(" ".join(parts[-1:] + parts[:-1]))
        variants.add(" ".join(parts[1:] + parts[:1]))
    return sorted(variants, key=len, reverse=True)


_SPLIT_HANGUL = re.compile(r"(?<=[가-힣]) (?=[가-힣])")


def _find(text: str) -> list[rules.Hit]:
    """Rules over the line as read, and over the line with the spaces OCR puts inside Korean
    words ("서 울 특별시") taken out; spans of the second map back to the line's characters."""
    hits = rules.find(text)
    if _SPLIT_HANGUL.search(text):
        index = [i for i, ch in enumerate(text) if not (ch == " " and _SPLIT_HANGUL.match(text, i))]
        compact = "".join(text[i] for i in index)
        for hit in rules.find(compact):
            hits.append(rules.Hit(hit.type, index[hit.start], index[hit.end - 1] + 1, hit.confidence, hit.rule))
    return hits


def detect(pages: list[PageInput], options: DetectOptions) -> list[DetectedItem]:
    items: list[DetectedItem] = []
    for page in pages:
        lines = build_lines(page.words)
        page_items: list[DetectedItem] = []
        for line in lines:
            for hit in rules.resolve(_find(line.text)):
                box = line.box(hit.start, hit.end)
                if box is None:
                    continue
                page_items.append(DetectedItem(hit.type, page.number, pad(box, BOX_PADDING, page.width, page.height),
                                               hit.confidence, hit.rule, line.text[hit.start:hit.end],
                                               line.visible(hit.start, hit.end)))
        for owner_name in options.owner_names:
            for variant in name_variants(owner_name):
                for box, visible in find_text(lines, variant):
                    box = pad(box, BOX_PADDING, page.width, page.height)
                    if not any(i.type == "name" and overlap_ratio(i.box, box) > 0.6 for i in page_items):
                        page_items.append(DetectedItem("name", page.number, box, 0.95, "owner_name", variant, visible))
        if options.faces and page.image is not None:
            from masking.local.faces import find_faces

            for box, confidence in find_faces(page.image):
                page_items.append(DetectedItem("face", page.number, box, confidence, "haar_face"))
        items.extend(page_items)
    return items
