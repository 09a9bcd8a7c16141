"""Every touch of python-pptx's internals, in one place: its XML layer (`pptx.oxml`), its package
(`pptx.opc`, `pptx.package`, `pptx.parts`) and the private attributes of its objects.

Checked against python-pptx 1.0.2 (with lxml 6.1); pyproject.toml caps python-pptx below 1.1. After
an upgrade, run the deck tests: the byte-identical builds and the part-index test fail first if
anything here no longer holds. No other module may import these internals (tests/writers/
test_internals.py checks that); the rest of the deck writer uses python-pptx's public API, and
DrawingML elements (the file format, ECMA-376) through the accessors below.

- Speed: python-pptx compiles the same XPath expressions on every call and builds the same
  namespaced tag names for every element; `speed_up_pptx` compiles each once and remembers each tag.
- The part index: python-pptx finds a free part name (for a notes page, an image) and looks for an
  equal image already in the deck by walking every relationship of every part, each time it adds
  one: quadratic in the slides. `index_parts` reads the package once and keeps the names and the
  images' hashes up to date, giving the same names python-pptx would (same rules: the highest free
  number up to count + 1 for a part, the lowest free number for an image), so the file is byte for
  byte the same. It holds while nothing is removed from the package once the index exists (index a
  deck after its master's own slides are dropped, before building).
- Elements: the lxml element behind a python-pptx object, for what its API does not offer (bullets,
  fields, East Asian fonts, shape names, removing a shape).
"""

from __future__ import annotations

import sys
from bisect import insort
from collections.abc import Callable
from functools import lru_cache
from typing import IO, Any

from lxml import etree
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.package import Package
from pptx.parts.image import Image, ImagePart
from pptx.presentation import Presentation
from pptx.text.text import _Paragraph as Paragraph
from pptx.text.text import _Run as Run

__all__ = ["Element", "Paragraph", "PartIndex", "Run", "element", "index_parts", "paragraph_element",
           "paragraph_properties", "picture_properties", "qn", "remove_shape", "run_properties", "set_slide_name",
           "slide_id_list", "speed_up_pptx", "text_body", "theme_part_xml"]

Element = etree._Element  # what the accessors return: DrawingML / PresentationML elements

# speed -----------------------------------------------------------------------------------------

_applied = False


def speed_up_pptx() -> None:
    """Cache python-pptx's XPath compilation and tag-name lookups (idempotent; changes no byte of the output)."""
    global _applied
    if _applied:
        return
    from pptx.oxml import ns, xmlchemy

    compiled: dict[str, Callable[[Any], Any]] = {}

    def xpath(self: Any, xpath_str: str) -> Any:
        expression = compiled.get(xpath_str)
        if expression is None:
            expression = compiled[xpath_str] = etree.XPath(xpath_str, namespaces=ns._nsmap)
        return expression(self)

    xmlchemy.BaseOxmlElement.xpath = xpath
    original, cached = ns.qn, lru_cache(maxsize=None)(ns.qn)
    for name, module in list(sys.modules.items()):  # every module that imported qn by name
        if name.startswith("pptx") and getattr(module, "qn", None) is original:
            module.qn = cached
    _applied = True


# the part index --------------------------------------------------------------------------------

IMAGE_PREFIX = "/ppt/media/image"


class PartIndex:
    """Part names by prefix, image numbers and images by SHA-1, for one package."""

    def __init__(self, package: Package):
        self.package = package
        self.names: set[str] = set()
        self.counts: dict[str, int] = {}  # part names per prefix asked about so far
        self.image_numbers: list[int] = []  # sorted
        self.images: dict[str, ImagePart] = {}
        for part in package.iter_parts():
            self._add(part.partname)
            if isinstance(part, ImagePart):
                self.images.setdefault(part.sha1, part)

    def _add(self, partname: str) -> None:
        self.names.add(str(partname))
        for prefix in self.counts:
            self.counts[prefix] += partname.startswith(prefix)
        if partname.startswith(IMAGE_PREFIX) and PackURI(partname).idx is not None:
            insort(self.image_numbers, PackURI(partname).idx)

    def next_partname(self, tmpl: str) -> PackURI:
        """python-pptx's OpcPackage.next_partname, from the index."""
        prefix = tmpl[: (tmpl % 42).find("42")]
        if prefix not in self.counts:
            self.counts[prefix] = sum(1 for name in self.names if name.startswith(prefix))
        for n in range(self.counts[prefix] + 1, 0, -1):
            candidate = tmpl % n
            if candidate not in self.names:
                self._add(candidate)
                return PackURI(candidate)
        raise RuntimeError(f"no free part name for {tmpl}")  # pragma: no cover - as in python-pptx

    def next_image_partname(self, ext: str) -> PackURI:
        """python-pptx's Package.next_image_partname, from the index."""
        number = len(self.image_numbers) + 1
        for i, taken in enumerate(self.image_numbers):
            if i + 1 < taken:
                number = i + 1
                break
        partname = PackURI(f"{IMAGE_PREFIX}{number}.{ext}")
        self._add(partname)
        return partname

    def get_or_add_image_part(self, image_file: str | IO[bytes]) -> ImagePart:
        """The deck's image part holding this picture, added when the deck has none yet."""
        image = Image.from_file(image_file)
        part = self.images.get(image.sha1)
        if part is None:
            part = self.images[image.sha1] = ImagePart.new(self.package, image)
        return part


def index_parts(package: Package) -> PartIndex:
    """Make `package` (a presentation's `prs.part.package`) find part names and equal images through an
    index from now on."""
    index = PartIndex(package)
    package.next_partname = index.next_partname  # instance attributes: this package only
    package.next_image_partname = index.next_image_partname
    package.__dict__["_image_parts"] = index  # where python-pptx keeps its lazily made image finder
    return index


# elements --------------------------------------------------------------------------------------

def element(obj: Any) -> Element:
    """The XML element of a python-pptx shape, slide, placeholder or text frame."""
    return obj._element


def paragraph_element(paragraph: Paragraph) -> Element:
    """The `a:p` element of a paragraph."""
    return paragraph._p


def paragraph_properties(paragraph: Paragraph) -> Element:
    """The paragraph's `a:pPr`, added when it has none."""
    return paragraph._p.get_or_add_pPr()


def run_properties(run: Run) -> Element:
    """The run's `a:rPr`, added when it has none."""
    return run._r.get_or_add_rPr()


def text_body(frame: Any) -> Element:
    """The `p:txBody` (or `a:txBody`) element of a text frame."""
    return frame._txBody


def picture_properties(picture: Any) -> Element:
    """A picture's `p:cNvPr` (its name, description and title)."""
    return picture._element.nvPicPr.cNvPr


def set_slide_name(slide: Any, name: str) -> None:
    """Name a slide (`p:cSld/@name`): what PowerPoint's selection pane and a reader's outline show."""
    slide._element.cSld.set("name", name)


def remove_shape(shape: Any) -> None:
    """Remove a shape (a placeholder the slide does not use) from its slide."""
    shape._element.getparent().remove(shape._element)


def theme_part_xml(master: Any) -> bytes | None:
    """The XML of a slide master's theme part (its colours and fonts), or None when it has none."""
    from pptx.opc.constants import RELATIONSHIP_TYPE

    try:
        return master.part.part_related_by(RELATIONSHIP_TYPE.THEME).blob
    except KeyError:
        return None


def slide_id_list(prs: Presentation) -> Element:
    """The presentation's `p:sldIdLst`: the slides in order, to drop or reorder them."""
    return prs.slides._sldIdLst
