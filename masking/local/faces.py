"""Faces on a page image with OpenCV's bundled Haar cascade (ships inside opencv-python-headless).

The frontal-face cascade runs on a copy scaled to at most MAX_SIDE pixels (an ID photo on a
resume is large; the cascade's cost grows with the pixel count). A second cascade (alt2) must
agree with each candidate, which removes most false hits on text and table lines; the box is
grown to cover hair and chin.
"""
from __future__ import annotations

import functools

MAX_SIDE = 1200
MIN_FACE = 36  # pixels on the scaled copy


@functools.lru_cache(maxsize=1)
def _cascades():
    import cv2

    cv2.setNumThreads(1)  # workers scale by processes; the shared cores are few
    default = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    alt2 = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_alt2.xml")
    if default.empty() or alt2.empty():
        raise RuntimeError("OpenCV's bundled face cascades could not be loaded")
    return default, alt2


def find_faces(image) -> list[tuple[tuple[int, int, int, int], float]]:
    """(box in the image's pixels, confidence) for each face found."""
    import cv2
    import numpy as np

    gray = np.asarray(image.convert("L"))
    height, width = gray.shape
    scale = min(1.0, MAX_SIDE / max(width, height))
    small = cv2.resize(gray, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA) \
        if scale < 1.0 else gray
    default, alt2 = _cascades()
    candidates = default.detectMultiScale(small, scaleFactor=1.1, minNeighbors=5, minSize=(MIN_FACE, MIN_FACE))
    confirmations = alt2.detectMultiScale(small, scaleFactor=1.1, minNeighbors=3, minSize=(MIN_FACE, MIN_FACE))
    found = []
    for (x, y, w, h) in candidates:
        agreed = any(_overlap((x, y, w, h), tuple(c)) > 0.4 for c in confirmations)
        if not agreed:
            continue
        grow_x, grow_top, grow_bottom = 0.2 * w, 0.35 * h, 0.25 * h
        left = max(0, (x - grow_x) / scale)
        top = max(0, (y - grow_top) / scale)
        right = min(width, (x + w + grow_x) / scale)
        bottom = min(height, (y + h + grow_bottom) / scale)
        found.append(((round(left), round(top), round(right - left), round(bottom - top)), 0.9))
    return found


def _overlap(a, b) -> float:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    smaller = min(a[2] * a[3], b[2] * b[3])
    return max(0, w) * max(0, h) / smaller if smaller else 0.0
