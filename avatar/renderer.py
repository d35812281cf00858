"""A friendly 2D interviewer face drawn with Pillow: blinking, idle motion, a mouth per viseme.

Frames are 512×512 JPEG. A face is fully described by a small state (mouth shape, eye
openness, head offset), so encoded frames are cached per state: after the first seconds of a
session almost every frame is a dictionary hit, which is what lets one process serve many
sessions at 25 fps. Drawing happens at twice the size and is scaled down for smooth edges.
"""
from __future__ import annotations

import io
import math
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

SIZE = 512
FPS = 25
SS = 2  # supersampling factor for the head layer
JPEG_QUALITY = 82

SKIN = (244, 205, 178)
SKIN_SHADE = (226, 178, 150)
HAIR = (58, 44, 40)
SUIT = (44, 62, 96)
SHIRT = (245, 247, 250)
TIE = (196, 72, 72)
LIP = (186, 92, 92)
MOUTH_IN = (92, 34, 42)
TEETH = (252, 252, 250)
TONGUE = (214, 104, 112)
IRIS = (70, 52, 40)
BROW = (62, 46, 40)

# Mouth shapes: (half width, open height, roundness 0..1, teeth shown, tongue shown)
MOUTHS = {
    "rest": (46, 0, 0.0, False, False),
    "mbp": (42, 0, 0.0, False, False),
    "aa": (44, 40, 0.3, True, True),
    "ee": (52, 18, 0.0, True, False),
    "ih": (46, 24, 0.15, True, False),
    "oh": (32, 36, 0.9, False, True),
    "uw": (22, 20, 1.0, False, False),
    "fv": (46, 10, 0.0, True, False),
    "l": (42, 22, 0.2, True, True),
    "s": (48, 8, 0.0, True, False),
}
VISEMES = tuple(MOUTHS)
BLINK_LEVELS = (1.0, 0.55, 0.1)


@dataclass(frozen=True)
class FaceState:
    viseme: str = "rest"
    blink: int = 0  # index into BLINK_LEVELS
    dx: int = 0  # head offset in output pixels
    dy: int = 0
    brow: int = 0  # 0 neutral, 1 raised (while listening)


def _gradient() -> Image.Image:
    y = np.linspace(0, 1, SIZE, dtype=np.float32)[:, None]
    top, bottom = np.array([226, 236, 246], np.float32), np.array([188, 204, 224], np.float32)
    rows = top * (1 - y) + bottom * y
    img = np.repeat(rows[:, None, :], SIZE, axis=1).reshape(SIZE, SIZE, 3)
    return Image.fromarray(img.astype(np.uint8), "RGB")


class FaceRenderer:
    """Draws frames; thread-safe; one per process is enough (see `renderer()`)."""

    def __init__(self, cache_size: int = 1500):
        self._lock = threading.Lock()
        self._cache: OrderedDict[FaceState, bytes] = OrderedDict()
        self._cache_size = cache_size
        self.hits = 0
        self.misses = 0
        self._background = self._draw_background()
        self._head = self._draw_head()

    # --- static layers ---------------------------------------------------------------------------
    def _draw_background(self) -> Image.Image:
        img = _gradient()
        d = ImageDraw.Draw(img)
        # shoulders and suit
        d.rounded_rectangle((70, 400, 442, 600), radius=120, fill=SUIT)
        d.polygon([(206, 392), (306, 392), (256, 470)], fill=SHIRT)
        d.polygon([(246, 408), (266, 408), (272, 470), (256, 490), (240, 470)], fill=TIE)
        d.rectangle((228, 350, 284, 404), fill=SKIN_SHADE)  # neck
        return img

    def _draw_head(self) -> Image.Image:
        s = SS
        w = h = 360 * s
        img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        d = ImageDraw.Draw(img)
        cx, cy = w // 2, h // 2
        # ears
        for side in (-1, 1):
            ex = cx + side * 118 * s
            d.ellipse((ex - 22 * s, cy - 10 * s, ex + 22 * s, cy + 44 * s), fill=SKIN_SHADE)
        # face
        d.ellipse((cx - 120 * s, cy - 150 * s, cx + 120 * s, cy + 150 * s), fill=SKIN)
        # hair: a cap over the top with a side parting
        d.chord((cx - 128 * s, cy - 168 * s, cx + 128 * s, cy + 40 * s), 180, 360, fill=HAIR)
        d.ellipse((cx - 110 * s, cy - 126 * s, cx + 30 * s, cy - 66 * s), fill=HAIR)
        d.ellipse((cx - 20 * s, cy - 134 * s, cx + 118 * s, cy - 70 * s), fill=HAIR)
        # cheeks
        for side in (-1, 1):
            ch = cx + side * 70 * s
            d.ellipse((ch - 22 * s, cy + 40 * s, ch + 22 * s, cy + 62 * s), fill=(247, 186, 170))
        # nose
        d.line((cx + 4 * s, cy - 4 * s, cx - 6 * s, cy + 36 * s, cx + 8 * s, cy + 40 * s), fill=SKIN_SHADE,
               width=5 * s, joint="curve")
        return img

    # --- per state -------------------------------------------------------------------------------
    def _draw_features(self, state: FaceState) -> Image.Image:
        s = SS
        head = self._head.copy()
        d = ImageDraw.Draw(head)
        cx, cy = head.width // 2, head.height // 2
        openness = BLINK_LEVELS[state.blink]
        brow_lift = 8 * s if state.brow else 0
        for side in (-1, 1):
            ex, ey = cx + side * 52 * s, cy - 12 * s
            rw, rh = 24 * s, max(2 * s, int(17 * s * openness))
            if openness > 0.3:
                d.ellipse((ex - rw, ey - rh, ex + rw, ey + rh), fill=(255, 255, 255))
                ir = min(rh, 13 * s)
                d.ellipse((ex - 13 * s, ey - ir, ex + 13 * s, ey + ir), fill=IRIS)
                pr = min(rh, 6 * s)
                d.ellipse((ex - 6 * s, ey - pr, ex + 6 * s, ey + pr), fill=(20, 16, 16))
                d.ellipse((ex + 3 * s, ey - 7 * s, ex + 8 * s, ey - 2 * s), fill=(255, 255, 255))
                d.arc((ex - rw, ey - rh, ex + rw, ey + rh), 200, 340, fill=(60, 40, 36), width=3 * s)
            else:
                d.arc((ex - rw, ey - 8 * s, ex + rw, ey + 8 * s), 20, 160, fill=(60, 40, 36), width=4 * s)
            by = ey - 30 * s - brow_lift
            d.line((ex - 26 * s, by + 3 * s, ex, by - 5 * s, ex + 26 * s, by + 3 * s), fill=BROW,
                   width=7 * s, joint="curve")
        self._draw_mouth(d, cx, cy + 82 * s, state.viseme)
        return head

    def _draw_mouth(self, d: ImageDraw.ImageDraw, mx: int, my: int, viseme: str) -> None:
        s = SS
        half, open_h, round_, teeth, tongue = MOUTHS.get(viseme, MOUTHS["rest"])
        half, open_h = half * s, open_h * s
        if open_h == 0:
            if viseme == "mbp":  # pressed lips
                d.rounded_rectangle((mx - half, my - 5 * s, mx + half, my + 5 * s), radius=5 * s, fill=LIP)
            else:  # a gentle smile
                d.arc((mx - half, my - 26 * s, mx + half, my + 12 * s), 20, 160, fill=LIP, width=6 * s)
            return
        box = (mx - half, my - open_h // 2, mx + half, my + open_h // 2 + 4 * s)
        radius = int(min(half, open_h) * (0.35 + 0.65 * round_))
        d.rounded_rectangle(box, radius=max(radius, 3 * s), fill=MOUTH_IN, outline=LIP, width=6 * s)
        if teeth:
            d.rectangle((mx - half + 10 * s, box[1] + 5 * s, mx + half - 10 * s, box[1] + 5 * s + min(10 * s, open_h // 3)),
                        fill=TEETH)
        if tongue and open_h > 16 * s:
            d.ellipse((mx - half // 2, box[3] - open_h // 2, mx + half // 2, box[3] - 4 * s), fill=TONGUE)

    def render(self, state: FaceState) -> bytes:
        """The state's frame as JPEG bytes (cached)."""
        with self._lock:
            hit = self._cache.get(state)
            if hit is not None:
                self._cache.move_to_end(state)
                self.hits += 1
                return hit
        data = self.render_uncached(state)
        with self._lock:
            self.misses += 1
            self._cache[state] = data
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return data

    def render_uncached(self, state: FaceState) -> bytes:
        head = self._draw_features(state).resize((360, 360), Image.Resampling.BILINEAR)
        frame = self._background.copy()
        frame.paste(head, (76 + state.dx, 36 + state.dy), head)
        out = io.BytesIO()
        frame.save(out, "JPEG", quality=JPEG_QUALITY)
        return out.getvalue()

    def image(self, state: FaceState) -> Image.Image:
        return Image.open(io.BytesIO(self.render(state))).convert("RGB")


_renderer: FaceRenderer | None = None
_renderer_lock = threading.Lock()


def renderer() -> FaceRenderer:
    global _renderer
    with _renderer_lock:
        if _renderer is None:
            _renderer = FaceRenderer()
        return _renderer


# --- animation -------------------------------------------------------------------------------------

class Animator:
    """Face state over time: blinks every 2–5 s, a slow idle sway, the mouth from a viseme track.

    Time is the session's own clock in seconds; `speech` is the current utterance's viseme track
    [(start, end, viseme)] relative to `speech_start`.
    """

    def __init__(self, seed: int = 0):
        self._rng = random.Random(seed)
        self._next_blink = 1.5 + self._rng.random() * 2
        self.speech: list[tuple[float, float, str]] = []
        self.speech_start = 0.0
        self.speech_end = 0.0
        self.listening = False

    def say(self, track: list[tuple[float, float, str]], start: float, duration: float) -> None:
        self.speech, self.speech_start, self.speech_end = track, start, start + duration

    def stop(self) -> None:
        self.speech, self.speech_end = [], 0.0

    def viseme_at(self, t: float) -> str:
        if not self.speech or not self.speech_start <= t < self.speech_end:
            return "rest"
        rel = t - self.speech_start
        track = self.speech
        lo, hi = 0, len(track)
        while lo < hi:  # last segment whose start <= rel
            mid = (lo + hi) // 2
            if track[mid][0] <= rel:
                lo = mid + 1
            else:
                hi = mid
        if lo == 0:
            return "rest"
        start, end, vis = track[lo - 1]
        return vis if rel < end else "rest"

    def state(self, t: float) -> FaceState:
        if t >= self._next_blink + 0.2:
            self._next_blink = t + 2.0 + self._rng.random() * 3.0
        phase = t - self._next_blink
        blink = 0 if phase < 0 else (1 if phase < 0.05 else 2 if phase < 0.13 else 1 if phase < 0.2 else 0)
        speaking = bool(self.speech) and self.speech_start <= t < self.speech_end
        amp = 3.0 if speaking else 2.0
        dx = int(round(amp * math.sin(t * 0.9) / 2)) * 2
        dy = int(round((1.5 * math.sin(t * 1.7 + 1.0) + (1.0 if speaking else 0.0) * math.sin(t * 6.0)) / 2)) * 2
        return FaceState(self.viseme_at(t), blink, dx, dy, 1 if self.listening and not speaking else 0)
