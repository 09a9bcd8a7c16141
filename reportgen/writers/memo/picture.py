"""Chart pictures in the memo, copied into the PDF rather than decoded and compressed again.

A PNG's pixel data (its IDAT chunks) is a zlib stream with one filter byte per row: exactly what a
PDF image holds with /FlateDecode and a PNG predictor (/DecodeParms << /Predictor 15 >>). So an
8-bit RGB or grey, non-interlaced PNG without transparency (what the charts stage writes) goes into
the PDF as it is: no decoding, no compression, in every one of reportlab's passes (the PDF image
object is in reportlab_internals.py). Any other PNG (alpha, palette, 16-bit, interlaced) is decoded
and compressed once per process, over white.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from functools import lru_cache
from pathlib import Path

from reportlab.platypus import Flowable

from reportgen.writers.memo.reportlab_internals import Pixels, draw_pixels

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PASS_THROUGH = {0: ("DeviceGray", 1), 2: ("DeviceRGB", 3)}  # PNG colour type -> PDF colour space, channels


def read_pixels(path: Path) -> Pixels:
    """The picture at `path` as PDF-ready pixels (cached by content)."""
    return _pixels(Path(path).read_bytes())


@lru_cache(maxsize=64)
def _pixels(content: bytes) -> Pixels:
    name = "png" + hashlib.sha1(content).hexdigest()
    return _png_as_is(content, name) or _decoded(content, name)


def _png_as_is(content: bytes, name: str) -> Pixels | None:
    """The PNG's own compressed rows, when a PDF reader can take them unchanged; else None."""
    if not content.startswith(PNG_SIGNATURE):
        return None
    pos, idat, header = len(PNG_SIGNATURE), [], None
    while pos + 8 <= len(content):
        length, kind = struct.unpack(">I4s", content[pos:pos + 8])
        body = content[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind in (b"tRNS", b"PLTE"):
            return None
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None or not idat:
        return None
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or interlace or colour_type not in PASS_THROUGH:
        return None
    space, channels = PASS_THROUGH[colour_type]
    return Pixels(name, width, height, space, channels, b"".join(idat), predictor=True)


def _decoded(content: bytes, name: str) -> Pixels:
    """Any other image: decoded once, laid on white, compressed once."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(content)) as image:
        image.load()
        if image.mode in ("RGBA", "LA", "PA", "P") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            image = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
        rgb = image.convert("RGB")
    return Pixels(name, rgb.width, rgb.height, "DeviceRGB", 3, zlib.compress(rgb.tobytes()), predictor=False)


class Picture(Flowable):
    """A PNG placed at `width` x `height` points; read when drawn."""

    def __init__(self, path: Path, width: float, height: float, h_align: str = "CENTER"):
        super().__init__()
        self.path = Path(path)
        self.drawWidth, self.drawHeight = width, height  # noqa: N815 - reportlab's names
        self.hAlign = h_align

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        draw_pixels(self.canv, read_pixels(self.path), 0, 0, self.drawWidth, self.drawHeight)
