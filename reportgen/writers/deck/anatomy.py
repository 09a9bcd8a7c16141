"""A slide master file read as PowerPoint reads it: every master, its layouts, their placeholders,
the artwork drawn on them, the background and the look of the text a placeholder holds.

Placeholders are told apart by type and idx as ECMA-376 defines them: a `p:ph` without `type` is an
object placeholder (`obj`), one without `idx` has no index of its own (LibreOffice writes them so);
python-pptx reads a missing idx as 0, which is the title's, so `give_indexes` numbers them before
any slide is made from a layout. A layout placeholder without a position takes its master's
placeholder of the same type (a subtitle or object one takes the master's body).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from lxml import etree
from PIL import Image
from pptx.presentation import Presentation
from pptx.slide import SlideLayout, SlideMaster

from reportgen.writers.deck.layout import Box
from reportgen.writers.deck.pptx_internals import Element, qn
from reportgen.writers.deck.pptx_internals import element as xml_of
from reportgen.writers.deck.theme import Theme, colour_of, fill_colour, gradient_colours, read_theme

TITLES = ("title", "ctrTitle")
FOOTERS = ("dt", "ftr", "sldNum", "hdr")
TEXT = ("body", "obj", "subTitle")
MASTER_TYPE = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}  # what a layout placeholder inherits from
SHAPES = ("p:sp", "p:pic", "p:grpSp", "p:graphicFrame", "p:cxnSp")
WHITE = "FFFFFF"


@dataclass(frozen=True)
class Placeholder:
    type: str  # as the file names it: title, ctrTitle, subTitle, body, obj, dt, ftr, sldNum, pic, ...
    idx: int | None  # None: the file gives none
    box: Box | None  # its own position, else its master placeholder's
    name: str

    @property
    def label(self) -> str:
        return f"{self.type}" + (f" idx {self.idx}" if self.idx is not None else "")


@dataclass(frozen=True)
class Artwork:
    """A picture or drawn shape of the master or the layout, which text must keep clear of."""

    kind: str  # picture, shape, group, graphic, line
    box: Box
    fill: tuple[str, ...]  # the colours it shows (its fill, or a picture's darkest and lightest)
    name: str
    picture: Image.Image | None = field(default=None, compare=False, repr=False)  # a small copy, to look under a box
    covers: bool = True  # fills its whole box (a free-form shape, such as a sun's rays, may not)
    opacities: tuple[float, ...] = ()  # the opacities of a see-through fill (a glow): it tints what lies under it

    def colours_under(self, box: Box) -> tuple[str, ...]:
        """The colours the artwork shows where it meets `box` (a picture: that part of it)."""
        return tuple(picture_colours(self.picture, self.box, box)) or self.fill


@dataclass(frozen=True)
class TextLook:
    """What a consultant gets by typing into a placeholder: colour, typeface, size, bold."""

    colour: str | None = None
    typeface: str = ""
    size: float | None = None
    bold: bool | None = None


@dataclass(frozen=True)
class LayoutInfo:
    master: int  # 1-based, in file order
    name: str
    placeholders: tuple[Placeholder, ...]
    artwork: tuple[Artwork, ...]  # the master's (unless the layout hides them) and the layout's own
    background: tuple[str, ...]  # the colours the background shows
    background_picture: Image.Image | None = field(compare=False, repr=False)  # a small copy of a picture background
    master_boxes: tuple[tuple[str, Box], ...]  # the master's placeholders: (type, box)
    layout: SlideLayout = field(compare=False, repr=False)
    given: tuple[str, ...] = ()  # the boxes the mapping gives ("title", "body"): taken as they are
    numbered: bool = False  # its artwork (the master's or its own) draws the slide number itself
    hides_graphics: bool = False  # slides of it hide the master's and layout's artwork (PowerPoint's "Hide background graphics")

    def background_under(self, box: Box, slide: Box) -> tuple[str, ...]:
        """The background's colours under `box` (a picture background: that part of it)."""
        return tuple(picture_colours(self.background_picture, slide, box)) or self.background

    def master_box(self, kind: str) -> Box | None:
        return next((box for t, box in self.master_boxes if t == kind), None)

    def of(self, *types: str) -> list[Placeholder]:
        return [p for p in self.placeholders if p.type in types]

    @property
    def content(self) -> list[Placeholder]:
        """Placeholders other than date, footer, header and slide number."""
        return [p for p in self.placeholders if p.type not in FOOTERS]

    @property
    def structure(self) -> str:
        """The content placeholders as a sorted list of types, e.g. `obj, title`."""
        return ", ".join(sorted(p.type for p in self.content)) or "none"


@dataclass(frozen=True)
class MasterInfo:
    number: int
    theme: Theme
    layouts: tuple[LayoutInfo, ...]
    slides: int  # how many of the file's own slides but the first use this master
    first_slide: bool  # the file's first slide uses it (the cover's master)


def give_indexes(prs: Presentation) -> None:
    """Number every non-title placeholder of every layout that has no idx, as PowerPoint does on saving.

    A slide placeholder inherits from the layout placeholder of the same idx; without this, every
    such placeholder would inherit from the title (python-pptx reads a missing idx as 0).
    """
    for master in prs.slide_masters:
        taken = _indexes(xml_of(master))
        for layout in master.slide_layouts:
            used = taken | _indexes(xml_of(layout))
            next_idx = max(used | {9}) + 1
            for ph in xml_of(layout).iter(qn("p:ph")):
                if ph.get("idx") is None and ph.get("type", "obj") not in TITLES:
                    ph.set("idx", str(next_idx))
                    next_idx += 1


FIELD_STUBS = ("<date/time>", "<footer>", "<header>")  # what LibreOffice writes for a field it could not export


def drop_field_stubs(prs: Presentation) -> None:
    """Remove the text boxes of masters and layouts that hold nothing but a LibreOffice field name (`<date/time>`):
    LibreOffice writes some masters' date and footer fields so, and every slide would print them as they are."""
    for master in prs.slide_masters:
        for owner in (master, *master.slide_layouts):
            tree = xml_of(owner).find(f"{qn('p:cSld')}/{qn('p:spTree')}")
            for shape in list(tree if tree is not None else []):
                texts = {(t.text or "").strip() for t in shape.iter(qn("a:t"))} - {""}
                if shape.tag == qn("p:sp") and shape.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}") is None \
                        and texts and texts <= set(FIELD_STUBS):
                    tree.remove(shape)


def _indexes(element: Element) -> set[int]:
    return {int(ph.get("idx")) for ph in element.iter(qn("p:ph")) if (ph.get("idx") or "").isdigit()}


def read_masters(prs: Presentation, slide_masters: list[tuple[int, bool]] | None = None) -> list[MasterInfo]:
    """Every slide master of the file with its layouts; `slide_masters` is (master number, is first) per own slide."""
    uses = slide_masters or []
    masters = []
    for number, master in enumerate(prs.slide_masters, start=1):
        theme = read_theme(master)
        layouts = tuple(read_layout(number, master, layout, theme) for layout in master.slide_layouts)
        masters.append(MasterInfo(number, theme, layouts, sum(1 for m, first in uses if m == number and not first),
                                  any(m == number and first for m, first in uses)))
    return masters


def read_layout(number: int, master: SlideMaster, layout: SlideLayout, theme: Theme) -> LayoutInfo:
    master_boxes = {_ph(el)[0]: _own_box(el) for el in _placeholder_elements(xml_of(master))}
    placeholders = []
    for element in _placeholder_elements(xml_of(layout)):
        kind, idx = _ph(element)
        box = _own_box(element) or master_boxes.get(MASTER_TYPE.get(kind, kind))
        placeholders.append(Placeholder(kind, idx, box, element.find(f".//{qn('p:cNvPr')}").get("name", "")))
    shows_master = xml_of(layout).get("showMasterSp", "1") not in ("0", "false")
    artwork = (_artwork(master, theme) if shows_master else []) + _artwork(layout, theme)
    background, picture = _background(layout, theme)
    if not background:
        background, picture = _background(master, theme)
    background = background or (theme.slot("bg1") or WHITE,)
    boxes = tuple((kind, box) for kind, box in master_boxes.items() if box is not None)
    numbered = (shows_master and _draws_number(master)) or _draws_number(layout)
    return LayoutInfo(number, layout.name, tuple(placeholders), tuple(artwork), tuple(background), picture, boxes, layout,
                      numbered=numbered)


def _draws_number(owner: SlideMaster | SlideLayout) -> bool:
    """Does a shape of the master or layout that is no placeholder show a slide-number field (LibreOffice writes some so)?"""
    tree = xml_of(owner).find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    return any(el.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}") is None and any(f.get("type") == "slidenum" for f in el.iter(qn("a:fld")))
               for el in (tree if tree is not None else []))


def _placeholder_elements(root: Element) -> list[Element]:
    tree = root.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    return [el for el in tree if el.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}") is not None] if tree is not None else []


def _ph(element: Element) -> tuple[str, int | None]:
    ph = element.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}")
    idx = ph.get("idx")
    return ph.get("type", "obj"), int(idx) if idx is not None and idx.isdigit() else None


def _own_box(element: Element) -> Box | None:
    xfrm = element.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
    if xfrm is None:
        xfrm = element.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
    if xfrm is None:
        xfrm = element.find(qn("p:xfrm"))
    off, ext = (xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))) if xfrm is not None else (None, None)
    if off is None or ext is None:
        return None
    return Box(int(off.get("x", "0")), int(off.get("y", "0")), int(ext.get("cx", "0")), int(ext.get("cy", "0")))


def _artwork(owner: SlideMaster | SlideLayout, theme: Theme) -> list[Artwork]:
    tree = xml_of(owner).find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    found = []
    for element in tree if tree is not None else []:
        tag = etree.QName(element).localname
        if f"p:{tag}" not in SHAPES or element.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}") is not None:
            continue
        box = _own_box(element)
        if box is None or box.width <= 0 and box.height <= 0:
            continue
        colours = _shape_colours(owner, element, box, theme)
        blip = element.find(f".//{qn('a:blip')}")
        picture = _small_picture(owner, blip.get(qn("r:embed"))) if blip is not None else None
        if tag == "sp" and not colours and not "".join(element.itertext()).strip():
            continue  # no fill, no line, no text: nothing to see
        kind = {"pic": "picture", "grpSp": "group", "graphicFrame": "graphic", "cxnSp": "line"}.get(tag, "shape")
        if element.find(f".//{qn('a:blip')}") is not None:
            kind = "picture"  # a group or a shape filled with a picture counts as one
        name = element.find(f".//{qn('p:cNvPr')}").get("name", "") or f"unnamed {kind}"
        free_form = element.find(f"{qn('p:spPr')}/{qn('a:custGeom')}") is not None
        opacities = _opacities(element)
        found.append(Artwork(kind, box, tuple(colours), name, picture, covers=not free_form and not opacities,
                             opacities=opacities))
    return found


def _opacities(element: Element) -> tuple[float, ...]:
    """The opacities (below 1) of the colours of a shape's fill, or () when its fill is opaque."""
    props = element.find(qn("p:spPr"))
    fills = [props.find(qn(tag)) for tag in ("a:solidFill", "a:gradFill")] if props is not None else []
    found = {int(a.get("val", "100000")) / 100000 for f in fills if f is not None for a in f.iter(qn("a:alpha"))}
    return tuple(sorted(o for o in found if o < 1.0))


def _shape_colours(owner: SlideMaster | SlideLayout, element: Element, box: Box, theme: Theme) -> list[str]:
    """The colours a shape shows: its solid or gradient fill, its line, the pixels of its picture."""
    colours: list[str] = []
    for props in element.iter(qn("p:spPr")):
        solid = fill_colour(props, theme)
        colours += [solid] if solid else gradient_colours(props, theme)
        line = props.find(qn("a:ln"))
        if line is not None and line.find(qn("a:noFill")) is None:
            colours += [c for c in [fill_colour(line, theme)] if c]
    for blip in element.iter(qn("a:blip")):
        colours += picture_colours(_small_picture(owner, blip.get(qn("r:embed"))))
    return list(dict.fromkeys(colours))


def _background(owner: SlideMaster | SlideLayout, theme: Theme) -> tuple[tuple[str, ...], Image.Image | None]:
    bg = xml_of(owner).find(f"{qn('p:cSld')}/{qn('p:bg')}")
    if bg is None:
        return (), None
    props = bg.find(qn("p:bgPr"))
    if props is not None:
        solid = fill_colour(props, theme)
        if solid:
            return (solid,), None
        blip = props.find(f"{qn('a:blipFill')}/{qn('a:blip')}")
        if blip is not None:
            picture = _small_picture(owner, blip.get(qn("r:embed")))
            return tuple(picture_colours(picture)), picture
        return tuple(gradient_colours(props, theme)), None
    ref = bg.find(qn("p:bgRef"))
    colour = colour_of(ref[0], theme) if ref is not None and len(ref) else None
    return ((colour,) if colour else ()), None


SAMPLE = 64  # pictures are looked at as SAMPLE x SAMPLE pixels


def _small_picture(owner: SlideMaster | SlideLayout, r_id: str | None) -> Image.Image | None:
    """A SAMPLE x SAMPLE RGB copy of a picture of the master, or None when Pillow cannot read it (EMF, SVG)."""
    try:
        blob = owner.part.related_part(r_id).blob
        with Image.open(io.BytesIO(blob)) as image:
            image.draft("RGB", (SAMPLE, SAMPLE))
            return image.convert("RGBA").resize((SAMPLE, SAMPLE)).convert("RGB")
    except Exception:  # noqa: BLE001 - a picture Pillow cannot read: nothing known of its colours
        return None


def picture_colours(picture: Image.Image | None, frame: Box | None = None, box: Box | None = None) -> list[str]:
    """The darkest, middle and lightest colours the picture shows much of (5th, 50th and 95th brightness
    percentiles), within the part of it under `box` when the picture fills `frame`."""
    if picture is None:
        return []
    if frame is not None and box is not None and frame.width > 0 and frame.height > 0:
        def at(value: int, start: int, size: int) -> int:
            return min(SAMPLE, max(0, round((value - start) / size * SAMPLE)))
        left, right = at(box.left, frame.left, frame.width), at(box.right, frame.left, frame.width)
        top, bottom = at(box.top, frame.top, frame.height), at(box.bottom, frame.top, frame.height)
        if box.right <= frame.left or box.left >= frame.right or box.bottom <= frame.top or box.top >= frame.bottom:
            return []
        left, top = min(left, SAMPLE - 1), min(top, SAMPLE - 1)
        right, bottom = max(right, left + 1), max(bottom, top + 1)  # a box narrower than a sample is its nearest pixel
        picture = picture.crop((left, top, right, bottom))
    raw = picture.tobytes()
    pixels = sorted(zip(raw[0::3], raw[1::3], raw[2::3], strict=True), key=lambda p: 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2])
    picks = (pixels[len(pixels) // 20], pixels[len(pixels) // 2], pixels[-1 - len(pixels) // 20])
    return list(dict.fromkeys("".join(f"{c:02X}" for c in p) for p in picks))


def text_look(layout: SlideLayout, kind: str, theme: Theme) -> TextLook:
    """The look of text typed into the layout's placeholder of type `kind`: the layout placeholder's
    own text properties, then its master placeholder's, then the master's text styles."""
    master = xml_of(layout.slide_master)
    sources = [el for el in _placeholder_elements(xml_of(layout)) if _ph(el)[0] == kind]
    sources += [el for el in _placeholder_elements(master) if _ph(el)[0] == MASTER_TYPE.get(kind, kind)]
    style = {"title": "p:titleStyle", "ctrTitle": "p:titleStyle"}.get(kind, "p:bodyStyle" if kind in TEXT else "p:otherStyle")
    styles = master.find(f"{qn('p:txStyles')}/{qn(style)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    props = [rpr for el in sources for rpr in _run_properties(el)] + ([styles] if styles is not None else [])
    colour = next((c for c in (fill_colour(p, theme) for p in props) if c), None)
    latin = next((p.find(qn("a:latin")).get("typeface", "") for p in props if p.find(qn("a:latin")) is not None), "")
    size = next((int(p.get("sz")) / 100 for p in props if (p.get("sz") or "").isdigit()), None)
    bold = next((p.get("b") in ("1", "true") for p in props if p.get("b") is not None), None)
    return TextLook(colour, theme.font(latin) if latin else "", size, bold)


def _run_properties(element: Element) -> list[Element]:
    """lstStyle level 1, then the first paragraph's runs and end mark (where LibreOffice keeps the look)."""
    body = element.find(qn("p:txBody"))
    if body is None:
        return []
    found = body.findall(f"{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    first = body.find(qn("a:p"))
    if first is not None:
        found += first.findall(f"{qn('a:r')}/{qn('a:rPr')}") + first.findall(qn("a:endParaRPr"))
    return found
