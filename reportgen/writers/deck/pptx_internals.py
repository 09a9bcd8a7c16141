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
- Native charts: python-pptx writes a chart's embedded workbook with XlsxWriter's defaults, which turn a
  text cell starting with `=` into a formula and stamp the workbook with the current time.
  `chart_data` gives chart data whose workbook writer (python-pptx's own, so the layout and the
  chart's cell references stay its) opens the workbook with `strings_to_formulas`, `strings_to_urls`
  and `strings_to_numbers` off and the build's date as its created date (XlsxWriter already dates its
  zip entries 1980-01-01). Checked with XlsxWriter 3.3. The chart accessors below add what the
  chart API lacks: a log scale, a label's own number format, a chart space without
  fill or border, a fixed plot area, a chart frame's alt text, and axis ids the schema accepts (python-pptx writes
  negative ones). python-pptx has no combo chart: `as_line_plot` moves series of a chart's first plot into
  a `c:lineChart` of their own, on the same axes or on a second pair (a hidden category axis and a value
  axis at the right), the way PowerPoint writes a combo chart.
"""

from __future__ import annotations

import datetime as dt
import sys
from bisect import insort
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property, lru_cache
from typing import IO, Any

from lxml import etree
from pptx.chart.axis import ValueAxis
from pptx.chart.data import BubbleChartData, CategoryChartData, XyChartData
from pptx.chart.xlsx import BubbleWorkbookWriter, CategoryWorkbookWriter, XyWorkbookWriter
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.package import Package
from pptx.parts.image import Image, ImagePart
from pptx.presentation import Presentation
from pptx.text.text import _Paragraph as Paragraph
from pptx.text.text import _Run as Run

__all__ = ["Element", "Paragraph", "PartIndex", "Run", "as_line_plot", "chart_data", "chart_frame_properties", "chart_space",
           "element", "font_properties", "hide_chart_fill", "hide_legend_entries",
           "index_parts", "label_no_wrap", "label_number_format", "log_scale", "paragraph_element",
           "paragraph_properties", "picture_properties", "plot_area_layout", "qn", "remove_shape", "run_properties", "series_element",
           "set_slide_name", "slide_id_list", "speed_up_pptx", "text_body", "theme_part_xml", "unsigned_axis_ids", "value_axis_at_end",
           "workbook_blob"]

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


# native charts ---------------------------------------------------------------------------------

WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


class _SafeWorkbook:
    """python-pptx's workbook writers, opening the workbook with safe cells and a fixed created date."""

    created: dt.datetime

    @contextmanager
    def _open_worksheet(self, xlsx_file: IO[bytes]) -> Iterator[tuple[Any, Any]]:
        from xlsxwriter import Workbook

        workbook = Workbook(xlsx_file, WORKBOOK_OPTIONS)
        workbook.set_properties({"created": self.created})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _CategoryWriter(_SafeWorkbook, CategoryWorkbookWriter):
    pass


class _XyWriter(_SafeWorkbook, XyWorkbookWriter):
    pass


class _BubbleWriter(_SafeWorkbook, BubbleWorkbookWriter):
    pass


def _safe(base: type, writer: type) -> type:
    class Safe(base):  # type: ignore[misc, valid-type]
        created: dt.datetime

        @cached_property
        def _workbook_writer(self) -> Any:
            made = writer(self)
            made.created = self.created
            return made

    Safe.__name__ = base.__name__
    return Safe


_CHART_DATA = {"category": _safe(CategoryChartData, _CategoryWriter), "xy": _safe(XyChartData, _XyWriter),
               "bubble": _safe(BubbleChartData, _BubbleWriter)}


def chart_data(kind: str, created: dt.datetime) -> Any:
    """python-pptx chart data (`category`, `xy` or `bubble`) whose embedded workbook keeps text as text
    and carries `created` (UTC) as its date."""
    data = _CHART_DATA[kind]()
    data.created = created.astimezone(dt.UTC).replace(tzinfo=None)
    return data


def workbook_blob(chart: Any) -> bytes:
    """The bytes of a chart's embedded workbook."""
    return chart.part.chart_workbook.xlsx_part.blob


def chart_space(chart: Any) -> Element:
    """A chart's `c:chartSpace` element."""
    return chart._chartSpace


def series_element(series: Any) -> Element:
    """A series' `c:ser` element."""
    return series._element


def font_properties(font: Any) -> Element:
    """The `a:defRPr` or `a:rPr` behind a python-pptx Font (of a chart, an axis, a legend, a data label)."""
    return font._rPr


def chart_frame_properties(frame: Any) -> Element:
    """A chart's graphic frame `p:cNvPr` (its name, description and title)."""
    return frame._element.nvGraphicFramePr.cNvPr


def log_scale(axis: Any, base: int = 10) -> None:
    """Draw a value axis on a logarithmic scale (`c:scaling/c:logBase`, first in its sequence)."""
    scaling = axis._element.find(qn("c:scaling"))
    for old in scaling.findall(qn("c:logBase")):
        scaling.remove(old)
    log = etree.Element(qn("c:logBase"))
    log.set("val", str(base))
    scaling.insert(0, log)


def label_number_format(data_label: Any, code: str) -> None:
    """A point's data label shows its value in its own number format (`c:numFmt` after `c:tx`)."""
    d_lbl = data_label._get_or_add_dLbl()
    for old in d_lbl.findall(qn("c:numFmt")):
        d_lbl.remove(old)
    num_fmt = etree.Element(qn("c:numFmt"))
    num_fmt.set("formatCode", code)
    num_fmt.set("sourceLinked", "0")
    anchor = d_lbl.find(qn("c:tx"))
    (anchor if anchor is not None else d_lbl.find(qn("c:idx"))).addnext(num_fmt)


def unsigned_axis_ids(chart: Any) -> None:
    """python-pptx numbers a chart's axes with negative ids, which the schema (0 to 2^31 - 1) refuses:
    each id renumbered in document order (50001, 50002 ...), every reference with it."""
    numbers: dict[str, str] = {}
    for node in chart._chartSpace.iter(qn("c:axId"), qn("c:crossAx")):
        node.set("val", numbers.setdefault(node.get("val"), str(50001 + len(numbers))))


def label_no_wrap(data_label: Any) -> None:
    """A data label on one line, as wide as its text (renderers otherwise wrap it at a width of their own)."""
    for body in data_label._get_or_add_dLbl().iter(qn("a:bodyPr")):
        body.set("wrap", "none")


def value_axis_at_end(axis: Any) -> None:
    """The value axis crosses the category axis at its last category (`c:crosses` max): below the
    bars when the categories run top to bottom. (python-pptx sets only the category axis' crossing.)"""
    crosses = axis._element.find(qn("c:crosses"))
    if crosses is None:
        crosses = etree.SubElement(axis._element, qn("c:crosses"))
        axis._element.find(qn("c:crossAx")).addnext(crosses)
    crosses.set("val", "max")


def plot_area_layout(chart: Any, x: float, y: float, width: float, height: float) -> None:
    """Place the plot's inner area (between the axes) at fixed shares of the chart frame, so shapes
    beside the chart can line up with its rows (`c:plotArea/c:layout/c:manualLayout`)."""
    plot_area = chart._chartSpace.chart.plotArea
    for old in plot_area.findall(qn("c:layout")):
        plot_area.remove(old)
    layout = etree.Element(qn("c:layout"))
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    etree.SubElement(manual, qn("c:layoutTarget")).set("val", "inner")
    for tag, value in (("c:xMode", "edge"), ("c:yMode", "edge"), ("c:x", x), ("c:y", y), ("c:w", width), ("c:h", height)):
        etree.SubElement(manual, qn(tag)).set("val", str(value))
    plot_area.insert(0, layout)


def hide_chart_fill(chart: Any, lang_tag: str) -> None:
    """No fill and no border on the chart space and the plot area; square corners; the chart's language."""
    space = chart._chartSpace
    for tag in ("c:lang", "c:roundedCorners"):
        for old in space.findall(qn(tag)):
            space.remove(old)
    lang = etree.Element(qn("c:lang"))
    lang.set("val", lang_tag)
    corners = etree.Element(qn("c:roundedCorners"))
    corners.set("val", "0")
    space.insert(1 if space.find(qn("c:date1904")) is not None else 0, lang)  # after c:date1904, when there is one
    lang.addnext(corners)
    plot_area = space.chart.plotArea
    for parent, place in ((space, space.chart.addnext), (plot_area, plot_area.append)):  # schema order
        for old in parent.findall(qn("c:spPr")):
            parent.remove(old)
        sp_pr = etree.Element(qn("c:spPr"))
        etree.SubElement(sp_pr, qn("a:noFill"))
        etree.SubElement(etree.SubElement(sp_pr, qn("a:ln")), qn("a:noFill"))
        place(sp_pr)


_SECOND_AXES = """<c:plotArea {ns}>
<c:catAx><c:axId val="{cat}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="1"/><c:axPos val="b"/>
<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="{val}"/>
<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>
<c:valAx><c:axId val="{val}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="r"/>
<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>
<c:tickLblPos val="nextTo"/><c:crossAx val="{cat}"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>
</c:plotArea>"""


def as_line_plot(chart: Any, indexes: list[int], secondary: bool = False) -> ValueAxis | None:
    """Move the series at `indexes` of a category chart's first plot (a bar or column chart) into a new
    `c:lineChart` after it: a combo chart. On the plot's own axes, or (`secondary`) on a new pair: a hidden
    category axis and a value axis at the right, which is returned for styling. The series keep their
    cells in the workbook; each becomes a line series (no invert-if-negative, a marker, not smoothed)."""
    plot_area = chart._chartSpace.chart.plotArea
    first = plot_area.xCharts[0]
    series = [s for i, s in enumerate(first.findall(qn("c:ser"))) if i in indexes]
    axis_ids = [node.get("val") for node in first.findall(qn("c:axId"))]
    if secondary:
        axis_ids = list(_free_ids({node.get("val") for node in plot_area.iter(qn("c:axId"))}))
    line = parse_xml(f'<c:lineChart {nsdecls("c")}><c:grouping val="standard"/><c:varyColors val="0"/>'
                     + "".join(f'<c:axId val="{i}"/>' for i in axis_ids) + "</c:lineChart>")
    anchor = line.find(qn("c:axId"))
    for ser in series:
        for tag in ("c:invertIfNegative", "c:pictureOptions", "c:shape"):
            for old in ser.findall(qn(tag)):
                ser.remove(old)
        marker = parse_xml(f'<c:marker {nsdecls("c")}><c:symbol val="none"/></c:marker>')
        ahead = ser.find(qn("c:spPr"))
        ahead = ahead if ahead is not None else ser.find(qn("c:tx"))
        (ahead if ahead is not None else ser.find(qn("c:order"))).addnext(marker)
        ser.find(qn("c:val")).addnext(parse_xml(f'<c:smooth {nsdecls("c")} val="0"/>'))
        anchor.addprevious(ser)
    anchor.addprevious(parse_xml(f'<c:marker {nsdecls("c")} val="1"/>'))
    plot_area.xCharts[-1].addnext(line)
    if not secondary:
        return None
    axes = parse_xml(_SECOND_AXES.format(ns=nsdecls("c"), cat=axis_ids[0], val=axis_ids[1]))
    last = [node for node in plot_area if node.tag in (qn("c:catAx"), qn("c:valAx"), qn("c:dateAx"), qn("c:serAx"))][-1]
    for node in reversed(list(axes)):
        last.addnext(node)
    return ValueAxis(plot_area.findall(qn("c:valAx"))[-1])


def _free_ids(taken: set[str]) -> tuple[str, str]:
    free = (str(n) for n in range(60001, 70000) if str(n) not in taken)
    return next(free), next(free)


def hide_legend_entries(chart: Any, indexes: list[int]) -> None:
    """Leave the series at `indexes` (their `c:idx`) out of the chart's legend (`c:legendEntry/c:delete`).
    Applications read an entry's idx as the series' `c:idx` or as the entry's place in the legend (LibreOffice,
    which lists the series of the primary axes first): write the series so that these agree, their `c:idx` in
    plot order and the series of a second axis last."""
    legend = chart._chartSpace.chart.legend
    position = legend.find(qn("c:legendPos"))
    for index in sorted(indexes, reverse=True):
        entry = parse_xml(f'<c:legendEntry {nsdecls("c")}><c:idx val="{index}"/><c:delete val="1"/></c:legendEntry>')
        if position is None:
            legend.insert(0, entry)  # the schema's order: c:legendPos?, c:legendEntry*, c:layout? ...
        else:
            position.addnext(entry)
