"""A master's theme: its colours (through the master's colour map) and fonts, and WCAG contrast.

Colours are six-digit hex strings (`1F2A37`). DrawingML names a colour as an RGB value, a theme slot
(`accent1`, or `tx1`/`bg1` through the master's colour map), a system colour (its last value) or a
preset name, and may shift it (`lumMod`, `lumOff`, `tint`, `shade`); `colour_of` resolves all of these.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, field

from lxml import etree
from pptx.slide import SlideMaster

from reportgen.writers.deck.pptx_internals import Element, qn, theme_part_xml
from reportgen.writers.deck.pptx_internals import element as xml_of

SLOTS = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink")
DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
PRESETS = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000", "blue": "0000FF", "gray": "808080",
           "grey": "808080", "yellow": "FFFF00", "navy": "000080", "darkBlue": "00008B", "darkGray": "A9A9A9"}
FILLS = ("a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:noFill", "a:grpFill")


@dataclass(frozen=True)
class Theme:
    """The colours of a master's theme, by slot, with its colour map, and its heading and body fonts."""

    colours: dict[str, str] = field(default_factory=dict)
    colour_map: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MAP))
    major: tuple[str, str] = ("", "")  # (Latin, East Asian) typeface of headings
    minor: tuple[str, str] = ("", "")  # (Latin, East Asian) typeface of body text

    def slot(self, name: str) -> str | None:
        """The colour of a scheme slot (`accent1`) or a mapped name (`tx1`, `bg1`)."""
        return self.colours.get(self.colour_map.get(name, name))

    def font(self, typeface: str) -> str:
        """A typeface name with the theme's `+mj-lt`, `+mn-ea`... replaced by the theme's fonts."""
        if not typeface.startswith("+"):
            return typeface
        pair = self.major if typeface.startswith("+mj") else self.minor
        return pair[1] if typeface.endswith("-ea") else pair[0]

    @property
    def text_colours(self) -> list[str]:
        """The theme's text and background colours, first the ones text is meant to be written in."""
        return [c for c in (self.slot("tx1"), self.slot("tx2"), self.slot("bg1"), self.slot("bg2")) if c]


def read_theme(master: SlideMaster) -> Theme:
    """The theme of one slide master (colour scheme, colour map, font scheme)."""
    blob = theme_part_xml(master)
    if blob is None:
        return Theme()
    root = etree.fromstring(blob)
    elements = root.find(qn("a:themeElements"))
    scheme = elements.find(qn("a:clrScheme")) if elements is not None else None
    colours: dict[str, str] = {}
    for name in SLOTS:
        slot = scheme.find(qn(f"a:{name}")) if scheme is not None else None
        value = colour_of(slot[0], Theme(colours)) if slot is not None and len(slot) else None
        if value:
            colours[name] = value
    colour_map = dict(DEFAULT_MAP)
    mapping = xml_of(master).find(qn("p:clrMap"))
    if mapping is not None:
        colour_map.update({key: value for key, value in mapping.attrib.items()})
    fonts = elements.find(qn("a:fontScheme")) if elements is not None else None
    return Theme(colours, colour_map, _font_pair(fonts, "a:majorFont"), _font_pair(fonts, "a:minorFont"))


def _font_pair(fonts: Element | None, tag: str) -> tuple[str, str]:
    group = fonts.find(qn(tag)) if fonts is not None else None
    if group is None:
        return ("", "")
    latin, east_asian = group.find(qn("a:latin")), group.find(qn("a:ea"))
    return (latin.get("typeface", "") if latin is not None else "", east_asian.get("typeface", "") if east_asian is not None else "")


def colour_of(element: Element | None, theme: Theme) -> str | None:
    """The hex colour a DrawingML colour element names (`a:srgbClr`, `a:schemeClr`, ...), or None."""
    if element is None:
        return None
    tag = etree.QName(element).localname
    value: str | None = None
    if tag == "srgbClr":
        value = element.get("val")
    elif tag == "schemeClr":
        value = theme.slot(element.get("val", ""))
    elif tag == "sysClr":
        value = element.get("lastClr") or ("000000" if element.get("val") == "windowText" else "FFFFFF")
    elif tag == "prstClr":
        value = PRESETS.get(element.get("val", ""))
    elif tag == "scrgbClr":
        value = "".join(f"{round(int(element.get(c, '0')) / 100000 * 255):02X}" for c in "rgb")
    elif tag == "hslClr":
        r, g, b = colorsys.hls_to_rgb(int(element.get("hue", "0")) / 21600000, int(element.get("lum", "0")) / 100000,
                                      int(element.get("sat", "0")) / 100000)
        value = _hex(r, g, b)
    if value is None or len(value) != 6:
        return None
    return _shift(value.upper(), element)


def fill_colour(parent: Element | None, theme: Theme) -> str | None:
    """The colour of a solid fill directly under `parent` (spPr, bgPr, rPr, tcPr), else None."""
    if parent is None:
        return None
    solid = parent.find(qn("a:solidFill"))
    if solid is None or not len(solid):
        return None
    return colour_of(solid[0], theme)


def gradient_colours(parent: Element | None, theme: Theme) -> list[str]:
    """The colours of a gradient (its stops) or pattern fill (its two colours) directly under `parent`."""
    if parent is None:
        return []
    grad, pattern = parent.find(qn("a:gradFill")), parent.find(qn("a:pattFill"))
    holders = grad.findall(f"{qn('a:gsLst')}/{qn('a:gs')}") if grad is not None else []
    holders += [el for el in (pattern if pattern is not None else []) if el.tag in (qn("a:fgClr"), qn("a:bgClr"))]
    return [c for c in (colour_of(h[0] if len(h) else None, theme) for h in holders) if c]


def _shift(value: str, element: Element) -> str:
    """Apply lumMod/lumOff (in HSL) and tint/shade, the shifts PowerPoint writes for theme tints."""
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    for child in element:
        name, amount = etree.QName(child).localname, int(child.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = min(1.0, max(0.0, lum * amount if name == "lumMod" else lum + amount))
            r, g, b = colorsys.hls_to_rgb(h, lum, s)
        elif name == "tint":
            r, g, b = (1 - (1 - c) * amount for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * amount for c in (r, g, b))
    return _hex(r, g, b)


def _hex(r: float, g: float, b: float) -> str:
    return "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in (r, g, b))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a hex colour."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two hex colours (1 to 21)."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """`colour` moved `share` (0 to 1) of the way towards `other`."""
    parts = [int(colour[i:i + 2], 16) * (1 - share) + int(other[i:i + 2], 16) * share for i in (0, 2, 4)]
    return "".join(f"{round(p):02X}" for p in parts)


def worst_contrast(colour: str, backgrounds: list[str]) -> float:
    """The lowest contrast of `colour` against any of the colours it may sit on."""
    return min((contrast(colour, b) for b in backgrounds), default=21.0)


def readable(colour: str, backgrounds: list[str], minimum: float, choices: list[str]) -> str | None:
    """`colour` when it reaches `minimum` against every background, else the first of `choices` that
    does (the theme's text and background colours), else the best of black and white if it does, else None."""
    for candidate in [colour, *choices]:
        if worst_contrast(candidate, backgrounds) >= minimum:
            return candidate
    best = max(("000000", "FFFFFF"), key=lambda c: worst_contrast(c, backgrounds))
    return best if worst_contrast(best, backgrounds) >= minimum else None


def softened(colour: str, background: str, share: float, minimum: float) -> str:
    """`colour` moved towards the background by up to `share`, keeping `minimum` contrast (secondary text)."""
    step = share
    while step > 0:
        candidate = mix(colour, background, step)
        if contrast(candidate, background) >= minimum:
            return candidate
        step -= 0.05
    return colour


GRAPHIC_RATIO = 3.0  # WCAG 2 (1.4.11): marks of a chart against what they sit on
NEIGHBOURS = 1.15  # two colours side by side (adjacent bars, segments) differ at least this much in contrast, or in hue


def chart_palette(theme: Theme, ground: str = "FFFFFF") -> tuple[str, ...]:
    """The theme's accents (accent1..6) a chart can use: each readable as a mark on `ground` (3:1), each
    unlike the one before it (in lightness or hue), in the theme's order as far as that allows."""
    left = [c for c in dict.fromkeys(theme.slot(f"accent{i}") for i in range(1, 7)) if c and contrast(c, ground) >= GRAPHIC_RATIO]
    ordered: list[str] = []
    while left:
        pick = next((c for c in left if not ordered or _distinct(c, ordered[-1])), None)
        if pick is None:
            break
        ordered.append(pick)
        left.remove(pick)
    return tuple(ordered)


def _distinct(first: str, second: str) -> bool:
    hue = [colorsys.rgb_to_hls(*(int(c[i:i + 2], 16) / 255 for i in (0, 2, 4)))[0] for c in (first, second)]
    apart = min(abs(hue[0] - hue[1]), 1 - abs(hue[0] - hue[1]))
    return contrast(first, second) >= NEIGHBOURS or apart >= 1 / 12
