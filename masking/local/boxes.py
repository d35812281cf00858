"""Box arithmetic in page pixels: (x, y, width, height)."""
from __future__ import annotations

Box = tuple[int, int, int, int]


def union(boxes: list[Box]) -> Box:
    left = min(b[0] for b in boxes)
    top = min(b[1] for b in boxes)
    right = max(b[0] + b[2] for b in boxes)
    bottom = max(b[1] + b[3] for b in boxes)
    return left, top, right - left, bottom - top


def pad(box: Box, pixels: int, width: int, height: int) -> Box:
    """Grow a box on every side (at least `pixels`; more for tall text, whose OCR boxes are often
    a little narrow at the ends), clipped to the page."""
    dx = max(pixels, round(0.25 * box[3]))
    dy = max(pixels, round(0.15 * box[3]))
    left = max(0, box[0] - dx)
    top = max(0, box[1] - dy)
    right = min(width, box[0] + box[2] + dx) if width else box[0] + box[2] + dx
    bottom = min(height, box[1] + box[3] + dy) if height else box[1] + box[3] + dy
    return left, top, max(0, right - left), max(0, bottom - top)


def area(box: Box) -> int:
    return max(0, box[2]) * max(0, box[3])


def intersection(a: Box, b: Box) -> int:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0, w) * max(0, h)


def overlap_ratio(a: Box, b: Box) -> float:
    """Intersection over the smaller box: 1.0 when one box lies inside the other."""
    smaller = min(area(a), area(b))
    return intersection(a, b) / smaller if smaller else 0.0
