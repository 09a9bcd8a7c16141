"""Every touch of reportlab's internals, in one place: its settings (`rl_config`), its PDF objects
(`reportlab.pdfbase.pdfdoc`), and the private attributes of its canvas, flowables, tables and fonts.

Checked against reportlab 5.1.0; pyproject.toml caps reportlab below 6. After an upgrade, run the
memo tests: the byte-identical builds, the picture pass-through and the page-break tests fail first
if anything here no longer holds. No other module may import these internals (tests/writers/
test_internals.py checks that); the rest of the memo writer uses reportlab's public API.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFImageXObject, PDFName, PDFPageLabel, PDFStream
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
