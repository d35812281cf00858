"""Burn boxes into page images and write the masked file.

Black boxes are filled solid. Blur first pixelates the box to blocks about half a text line
high, then blurs it: pixelation alone can sometimes be reversed for short digit strings, and
a Gaussian blur alone leaves large type readable. The masked PDF holds only the page images:
no text layer, annotations, outlines, attachments or document information are carried over.
"""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFilter

Box = tuple[int, int, int, int]


def burn(image: Image.Image, boxes: list[Box], mode: str) -> Image.Image:
    out = image.convert("RGB").copy()
    draw = ImageDraw.Draw(out)
    for x, y, w, h in boxes:
        left, top = max(0, int(x)), max(0, int(y))
        right, bottom = min(out.width, int(x + w)), min(out.height, int(y + h))
        if right <= left or bottom <= top:
            continue
        if mode == "blur":
            region = out.crop((left, top, right, bottom))
            block = max(6, min(right - left, bottom - top) // 2)
            small = region.resize((max(1, (right - left) // block), max(1, (bottom - top) // block)),
                                  Image.Resampling.BOX)
            region = small.resize(region.size, Image.Resampling.NEAREST)
            region = region.filter(ImageFilter.GaussianBlur(radius=max(4, block // 2)))
            out.paste(region, (left, top))
        else:
            draw.rectangle((left, top, right - 1, bottom - 1), fill=(0, 0, 0))
    return out


def image_file(pages: list[Image.Image]) -> tuple[bytes, str, str]:
    """(bytes, extension, mime) of a masked image: PNG, or a multi-page TIFF for multi-frame input."""
    buf = io.BytesIO()
    if len(pages) == 1:
        pages[0].save(buf, format="PNG", optimize=False)
        return buf.getvalue(), "png", "image/png"
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    return buf.getvalue(), "tif", "image/tiff"


def pdf_file(pages: list[Image.Image], dpis: list[int]) -> bytes:
    """A PDF of page images only (JPEG at high quality), without any document information."""
    from pypdf import PdfWriter

    buf = io.BytesIO()
    first, rest = pages[0], pages[1:]
    # Pillow writes one resolution for all pages; pages rendered at another dpi keep their size in points.
    first.save(buf, format="PDF", save_all=True, append_images=rest, resolution=float(dpis[0] if dpis else 200),
               quality=90)
    writer = PdfWriter(clone_from=io.BytesIO(buf.getvalue()))
    writer.metadata = None
    for page, dpi in zip(writer.pages, dpis):
        if dpis and dpi != dpis[0]:
            page.scale_by(dpis[0] / dpi)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
