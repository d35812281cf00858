"""The local engine for finding personal data: rules over each page's lines, the account
holder's own name wherever it appears, and faces from OpenCV's bundled cascade."""
from __future__ import annotations

import re

from masking.types import DetectedItem, DetectOptions, PageInput
from masking.local import rules
from masking.local.boxes import overlap_ratio, pad
from masking.local.faces import find_faces
from masking.local.lines import Line, build_lines, find_text, line_of

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


# Headings of form cells whose value is written below them ("생년월일" over "1990.01.01").
_HEADING = re.compile(r"""
    주민\s?등록\s?번호|외국인\s?등록\s?번호|여권\s?번호|운전\s?면허(?:\s?번호)?|생년월일|성\s?명|이\s?름|현?\s?주\s?소|
    연락처|휴대\s?폰|전화\s?번호|이메일|계좌\s?번호|카드\s?번호|예금주|
    Date\s+of\s+Birth|Birth\s?date|DOB|Full\s+Name|Name|Address|Phone|Mobile|E-?mail|Passport(?:\s+No\.?)?|
    (?:Bank\s+)?Account(?:\s+No\.?)?|Card\s+(?:No\.?|Number)
""", re.I | re.X)


def _cells_below(heading: Line, below: Line) -> list[tuple[str, list]]:
    """(heading text, value words) for each heading on `heading` whose column holds words on `below`."""
    marks = [m for m in _HEADING.finditer(heading.text)]
    if not marks:
        return []
    # the heading line must be headings only (besides separators), else it is an ordinary line
    rest = _HEADING.sub("", heading.text)
    if re.search(r"[0-9A-Za-z가-힣]", rest):
        return []
    height = max(w.box[3] for w in heading.words)
    gap = min(w.box[1] for w in below.words) - max(w.box[1] + w.box[3] for w in heading.words)
    if gap > 2.5 * height:
        return []
    cells = []
    for index, mark in enumerate(marks):
        words = heading.words_in(mark.start(), mark.end())
        left = min(w.box[0] for w in words) - height
        right = (min(w.box[0] for w in heading.words_in(marks[index + 1].start(), marks[index + 1].end()))
                 if index + 1 < len(marks) else float("inf"))
        values = [w for w in below.words if left <= w.box[0] + w.box[2] / 2 < right]
        if values:
            cells.append((mark.group(), values))
    return cells


def _below_heading_hits(lines: list[Line]):
    """Rules run on "heading: value" for values written under their heading; yields (Line, Hit)
    where the Line holds only the value's words."""
    for heading, below in zip(lines, lines[1:]):
        for label, values in _cells_below(heading, below):
            value_line = line_of(values)
            prefix = f"{label}: "
            for hit in rules.resolve(_find(prefix + value_line.text)):
                if hit.start >= len(prefix):
                    yield value_line, rules.Hit(hit.type, hit.start - len(prefix), hit.end - len(prefix),
                                                hit.confidence, hit.rule + "_below")


def _wrapped_addresses(lines: list[Line]):
    """Addresses broken over two lines ("서울특별시 강남구" / "테헤란로 152, 12층"): the address rules run
    on each pair of neighbouring lines joined, and a hit that crosses the break is boxed on each
    line separately. Yields (Line, Hit) like the one-line rules."""
    for first, second in zip(lines, lines[1:]):
        height = max(w.box[3] for w in first.words)
        gap = min(w.box[1] for w in second.words) - max(w.box[1] + w.box[3] for w in first.words)
        if gap > 1.5 * height:
            continue
        joined = first.text + " " + second.text
        cut = len(first.text)
        if any(h.type == "address" and h.end >= cut - 1 and re.search(r"\d", first.text[h.start:h.end])
               for h in _find(first.text)):
            continue  # the first line ends with a whole address (it has its number); the next is something else
        for hit in rules.resolve([h for h in _find(joined) if h.type == "address"]):
            if hit.start < cut < hit.end and re.search(r"\d", joined[cut:hit.end]):
                yield first, rules.Hit("address", hit.start, cut, hit.confidence, hit.rule + "_wrapped")
                yield second, rules.Hit("address", 0, hit.end - cut - 1, hit.confidence, hit.rule + "_wrapped")


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
        for line, hit in [*_below_heading_hits(lines), *_wrapped_addresses(lines)]:
            box = line.box(hit.start, hit.end)
            if box is None:
                continue
            box = pad(box, BOX_PADDING, page.width, page.height)
            if not any(overlap_ratio(i.box, box) > 0.6 for i in page_items):
                page_items.append(DetectedItem(hit.type, page.number, box, hit.confidence, hit.rule,
                                               line.text[hit.start:hit.end], line.visible(hit.start, hit.end)))
        for owner_name in options.owner_names:
            for variant in name_variants(owner_name):
                for box, visible in find_text(lines, variant):
                    box = pad(box, BOX_PADDING, page.width, page.height)
                    if not any(i.type == "name" and overlap_ratio(i.box, box) > 0.6 for i in page_items):
                        page_items.append(DetectedItem("name", page.number, box, 0.95, "owner_name", variant, visible))
        if options.faces and page.image is not None:
            for box, confidence in find_faces(page.image):
                page_items.append(DetectedItem("face", page.number, box, confidence, "haar_face"))
        items.extend(page_items)
    return items
