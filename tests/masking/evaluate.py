"""Score detection on the corpus: recall and precision per type (used by the tests and bench/)."""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from masking.local.boxes import intersection


@dataclass
class Score:
    planted: int = 0
    found: int = 0
    detected: int = 0
    correct: int = 0
    misses: list = field(default_factory=list)
    false_hits: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.detected if self.detected else 1.0


def run_detection(doc):
    """(pages, items, seconds) through the app's own page reader and detector."""
    from masking import ai as masking_ai
    from masking import pages as page_reader

    started = time.perf_counter()
    pages = page_reader.read_pages(doc.data, doc.kind)
    detection = masking_ai.detect([page.detection_input() for page in pages],
                                  masking_ai.DetectOptions(owner_names=(doc.owner,) if doc.owner else ()))
    return pages, detection.items, time.perf_counter() - started


def _covers(detected_box, planted_box) -> bool:
    area = planted_box[2] * planted_box[3]
    return area > 0 and intersection(detected_box, planted_box) / area >= 0.6


def _touches(detected_box, planted_box) -> bool:
    area = detected_box[2] * detected_box[3]
    return _covers(detected_box, planted_box) or (area > 0 and intersection(detected_box, planted_box) / area >= 0.3)


def score(results) -> dict[str, Score]:
    """`results`: [(doc, items)]. A planted value is found when an item of its type covers 60% of it;
    an item is correct when it lies mostly on a planted value of its type."""
    scores: dict[str, Score] = defaultdict(Score)
    for doc, items in results:
        for planted in doc.planted:
            s = scores[planted.type]
            s.planted += 1
            if any(i.type == planted.type and i.page == planted.page and _covers(i.box, planted.box) for i in items):
                s.found += 1
            else:
                s.misses.append((doc.name, planted.text))
        for item in items:
            s = scores[item.type]
            s.detected += 1
            if any(p.type == item.type and p.page == item.page and _touches(item.box, p.box) for p in doc.planted):
                s.correct += 1
            else:
                s.false_hits.append((doc.name, item.text, item.rule))
    return dict(scores)


def table(scores: dict[str, Score]) -> str:
    rows = [f"{'type':<15} {'planted':>7} {'recall':>7} {'detected':>8} {'precision':>9}"]
    for kind in sorted(scores):
        s = scores[kind]
        rows.append(f"{kind:<15} {s.planted:>7} {s.recall:>7.3f} {s.detected:>8} {s.precision:>9.3f}")
    return "\n".join(rows)
