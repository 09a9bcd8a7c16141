"""Every touch of reportlab's internals, in one place: its settings (`rl_config`), its PDF objects
(`reportlab.pdfbase.pdfdoc`), and the private attributes of its canvas, flowables, tables and fonts.

Checked against reportlab 5.1.0; pyproject.toml caps reportlab below 6. After an upgrade, run the
memo tests: the byte-identical builds, the picture pass-through and the page-break tests fail first
if anything here no longer holds. No other module may import these internals (tests/writers/
test_internals.py checks that); the rest of the memo writer uses reportlab's public API.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import sys
from array import array
from dataclasses import dataclass
from fnmatch import fnmatch
from itertools import accumulate
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFImageXObject, PDFName, PDFPageLabel, PDFStream
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Table

UNTRUSTED = ["trusted.invalid"]  # RFC 2606: a host name that can never exist, so no host is trusted
ARABIC_PAGE_NUMBERS = PDFPageLabel.ARABIC  # the style of canvas.addPageLabel: 1, 2, 3 ...


def configure_reportlab() -> None:
    """No markup may fetch a file or URL; streams are plain (no ASCII85) so identical input gives
    identical bytes. Idempotent."""
    rl_config.trustedHosts = UNTRUSTED
    rl_config.trustedSchemes = []
    rl_config.useA85 = 0


# pictures --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pixels:
    """An image ready for a PDF stream: zlib data, with PNG row filters when `predictor`."""

    name: str  # unique per content: the PDF reuses one image object for equal pictures
    width: int
    height: int
    colour_space: str
    channels: int
    data: bytes
    predictor: bool


class PixelsObject(PDFImageXObject):
    """The PDF image object of `Pixels`: the stream is written as it is (reportlab neither decodes nor compresses it)."""

    def __init__(self, pixels: Pixels):
        super().__init__(pixels.name)
        self.pixels = pixels
        self.width, self.height = pixels.width, pixels.height

    def format(self, document: object) -> bytes:
        p = self.pixels
        stream = PDFStream(content=p.data)
        d = stream.dictionary
        d["Type"] = PDFName("XObject")
        d["Subtype"] = PDFName("Image")
        d["Width"] = p.width
        d["Height"] = p.height
        d["BitsPerComponent"] = 8
        d["ColorSpace"] = PDFName(p.colour_space)
        d["Filter"] = PDFArray([PDFName("FlateDecode")])  # set, so reportlab adds no filter of its own
        if p.predictor:
            # an array, like /Filter: poppler ignores a lone dictionary here and draws the picture black
            d["DecodeParms"] = PDFArray([PDFDictionary({"Predictor": 15, "Colors": p.channels, "BitsPerComponent": 8,
                                                        "Columns": p.width})])
        return stream.format(document)


def draw_pixels(canv: Canvas, pixels: Pixels, x: float, y: float, width: float, height: float) -> None:
    """What canvas.drawImage does, with our image object: one object per picture per document."""
    doc = canv._doc
    ref = doc.getXObjectName(pixels.name)
    if not doc.idToObject.get(ref):
        image = PixelsObject(pixels)
        canv._setXObjects(image)
        doc.Reference(image, ref)
        doc.addForm(pixels.name, image)
    canv._currentPageHasImages = 1
    canv.saveState()
    canv.translate(x, y)
    canv.scale(width, height)
    canv._code.append(f"/{ref} Do")
    canv.restoreState()
    canv._formsinuse.append(pixels.name)


# layout ----------------------------------------------------------------------------------------

def kept_together(flowable: KeepTogether) -> list[Flowable]:
    """The flowables a KeepTogether holds."""
    return list(flowable._content)


def at_top_of_frame(flowable: Flowable) -> bool:
    """Is the frame this flowable is being laid out in still empty (at the top of a page)?"""
    frame = getattr(flowable, "_frame", None)
    return frame is not None and bool(getattr(frame, "_atTop", False))


def table_rows(table: Table) -> int:
    """How many rows a table (or one part of a split table) holds, repeated header rows included."""
    return len(table._cellvalues)


def row_heights(table: Table) -> list[float]:
    """The heights of a table's rows, once it has been wrapped."""
    return list(table._rowHeights)


def table_height(table: Table) -> float:
    """A wrapped table's height."""
    return float(table._height)


# fonts -----------------------------------------------------------------------------------------

def font_code_points(font_name: str) -> frozenset[int]:
    """Code points the registered TrueType font `font_name` has a glyph for (its cmap)."""
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    if face is None or not hasattr(face, "charToGlyph"):
        raise ValueError(f"{font_name} is not a registered TrueType font")
    return frozenset(face.charToGlyph)


# the parsed-font cache -------------------------------------------------------------------------
# reportlab parses a TrueType file in Python each time a TTFont is made (about 0.1 s per NanumGothic
# weight). What it parses is kept (fonts.py: in the user's cache folder, keyed by the font file's
# hash and this reportlab's version) and given back to a face made without parsing.

FACE_FORMAT = 2


def parsed_font(name: str, path: Path) -> TTFont:
    """A TTFont for the TrueType file at `path`: from the parsed-font cache when it holds this file's
    data, else parsed by reportlab (and cached). A cache entry that is damaged is parsed again."""
    from reportgen.fonts import read_cached, write_cached

    data = path.read_bytes()
    key = f"{hashlib.sha256(data).hexdigest()}.reportlab-{reportlab.Version}.{FACE_FORMAT}{sys.byteorder[0]}"
    state = read_cached(key)
    if state is not None:
        try:
            return _restored(name, path, data, state)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError, ZeroDivisionError, binascii.Error):
            pass
    font = TTFont(name, str(path))
    write_cached(key, _encode({k: v for k, v in vars(font.face).items() if k not in _NOT_KEPT}))
    return font


# not kept: the file's bytes (read again), a function, this path, and glyph -> characters, which only
# the parsing itself reads (it is made again from the character map, cheaply)
_NOT_KEPT = {"_ttf_data", "_pdfScale", "filename", "glyphNames", "glyphWidths", "glyphToChar"}


def _restored(name: str, path: Path, data: bytes, state: object) -> TTFont:
    """What TTFont(name, path) makes, with the face's attributes from the cache instead of parsing."""
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    attributes = _decode(state)
    if not isinstance(attributes, dict) or not attributes.get("charWidths") or not attributes.get("charToGlyph"):
        raise ValueError("not a parsed face")
    vars(face).update(attributes)
    face._ttf_data, face.filename = data, str(path)
    face.glyphToChar = {}
    for char, glyph in face.charToGlyph.items():
        face.glyphToChar.setdefault(glyph, []).append(char)
    scale = 1000 / int(face.unitsPerEm)
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    font = TTFont.__new__(TTFont)
    font.fontName, font.face, font.encoding = name, face, TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in (rl_config.unShapedFontGlob or ()))
    return font


def _encode(value: object) -> object:
    """The face's attributes as JSON: ints, floats, strings and lists as they are; tuples, dicts, bytes
    and reportlab's name strings tagged; the large integer tables (glyph widths, positions, the
    character map) as packed 64-bit integers in base64, which load in a few milliseconds."""
    if isinstance(value, TTFNameBytes):
        return {"name": value.ustr}
    if isinstance(value, bytes):
        return {"bytes": value.decode("latin-1")}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        if value and all(type(v) is int for v in value):
            return {"ints": _pack(value)}
        if value and all(type(v) is tuple and len(v) == 2 and all(type(x) is int for x in v) for v in value):
            return {"pairs": _pack([x for v in value for x in v])}
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if value and all(type(k) is int and type(v) is int for k, v in value.items()):
            return {"table": _pack(list(value)), "to": _pack(list(value.values()))}
        if value and all(type(k) is int and type(v) is list and all(type(x) is int for x in v) for k, v in value.items()):
            return {"lists": _pack(list(value)), "lengths": _pack([len(v) for v in value.values()]),
                    "items": _pack([x for v in value.values() for x in v])}
        return {"dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__}")


def _pack(numbers: list[int]) -> str:
    return base64.b64encode(array("q", numbers).tobytes()).decode("ascii")


def _unpack(text: object) -> list[int]:
    if not isinstance(text, str):
        raise TypeError("expected packed integers")
    numbers = array("q")
    numbers.frombytes(base64.b64decode(text, validate=True))
    return numbers.tolist()


def _decode(value: object) -> object:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        raise TypeError("unexpected value")
    tag, content = next(iter(value.items()))
    if tag == "name":
        return TTFNameBytes(str(content).encode("utf-8"))
    if tag == "bytes":
        return str(content).encode("latin-1")
    if tag == "tuple":
        return tuple(_decode(v) for v in content)
    if tag == "ints":
        return _unpack(content)
    if tag == "pairs":
        flat = _unpack(content)
        return list(zip(flat[::2], flat[1::2], strict=True))
    if tag == "table":
        return dict(zip(_unpack(content), _unpack(value["to"]), strict=True))
    if tag == "lists":
        keys, lengths, items = _unpack(content), _unpack(value["lengths"]), _unpack(value["items"])
        if len(keys) != len(lengths) or sum(lengths) != len(items) or min(lengths, default=0) < 0:
            raise ValueError("damaged lists")
        ends = list(accumulate(lengths))
        return {k: items[end - n:end] for k, n, end in zip(keys, lengths, ends, strict=True)}
    if tag == "dict":
        return {_decode(k): _decode(v) for k, v in content}
    raise ValueError(f"unknown tag {tag!r}")
