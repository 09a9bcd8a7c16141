"""The slide master: open it, read every master of the file, and choose the layout of each slide kind.

A kind's layout is, in this order: the one its mapping names (`layouts:` in report.yaml keyed by the
master's file name, else the file beside the master, `our-master.yaml` next to `our-master.pptx`,
else `layouts:` in report.yaml for every master); else a layout with one of the kind's usual names;
else a layout whose placeholders fit the kind. Masters are searched in the order the file's own
slides suggest: the cover's master first for the cover, the master most of its other slides use
first for every other kind, then the rest in file order. A kind with no layout is one error that
lists each layout once and shows the mapping that would fix it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pptx import Presentation
from pptx.exc import PackageNotFoundError
from pptx.presentation import Presentation as PresentationType

from reportgen.errors import Collector, fail
from reportgen.inputs.master_file import checked_master
from reportgen.inputs.master_layouts import beside, read_master_layouts, spec_lines
from reportgen.inputs.spec import SLIDE_KIND_NAMES, BoxSpec, LayoutChoice, LayoutRef, MasterLayouts, PlaceBoxes, Report
from reportgen.writers.deck.anatomy import MASTER_TYPE, TEXT, TITLES, LayoutInfo, MasterInfo, drop_field_stubs, give_indexes, read_masters
from reportgen.writers.deck.layout import EMU_PER_INCH, Box
from reportgen.writers.deck.pptx_internals import slide_id_list
from reportgen.writers.deck.theme import chart_palette

DEFAULT_MASTER = Path(__file__).resolve().parents[2] / "assets" / "master.pptx"

TITLE_ONLY = ("Title Only",)
LAYOUT_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("Title", "Title Slide"),
    "section": ("Section", "Section Header"),
    "summary": TITLE_ONLY,
    "agenda": TITLE_ONLY,
    "chart": TITLE_ONLY,
    "kpi": TITLE_ONLY,
    "table": TITLE_ONLY,
    "bullets": ("Title and Content", "Title, Content"),
    "recommendation": TITLE_ONLY,
    "sources": TITLE_ONLY,
}
KINDS = SLIDE_KIND_NAMES


def _types(layout: LayoutInfo) -> list[str]:
    return [p.type for p in layout.content]


def is_cover(layout: LayoutInfo) -> bool:
    types = _types(layout)
    return "ctrTitle" in types or ("title" in types and "subTitle" in types and len(types) == 2)


def is_title_and_text(layout: LayoutInfo) -> bool:
    types = _types(layout)
    return len(types) == 2 and "title" in types and any(t in TEXT for t in types)


def is_divider(layout: LayoutInfo) -> bool:
    """A title and a plain text placeholder (a section header's), not a content placeholder."""
    return is_title_and_text(layout) and "body" in _types(layout)


def is_title_only(layout: LayoutInfo) -> bool:
    return _types(layout) in (["title"], ["ctrTitle"])


Test = tuple[str, Callable[[LayoutInfo], bool]]
COVER: Test = ("a centred title, or a title and a subtitle", is_cover)
TITLE_AND_TEXT: Test = ("a title and one text placeholder", is_title_and_text)
ONLY_TITLE: Test = ("a title placeholder and nothing else", is_title_only)
STRUCTURES: dict[str, tuple[Test, ...]] = {
    "title": (COVER,),
    "section": (("a title and one plain text placeholder", is_divider), COVER, TITLE_AND_TEXT, ONLY_TITLE),
    "bullets": (TITLE_AND_TEXT,),
}
CONTENT_STRUCTURES = (ONLY_TITLE, TITLE_AND_TEXT)


@dataclass
class MasterFile:
    """An opened master: the presentation (its own slides dropped) and what every master in it holds."""

    prs: PresentationType
    path: Path | None  # None: the default master
    masters: list[MasterInfo]

    @property
    def name(self) -> str:
        return self.path.name if self.path else "the default master"

    def layouts(self) -> list[LayoutInfo]:
        return [layout for master in self.masters for layout in master.layouts]

    def ordered(self, kind: str, first: int | None = None) -> list[MasterInfo]:
        """Masters in the order to search for `kind`: `first` when a mapping names it; else the cover's master
        first for the cover, the master most of the file's other slides use for other kinds; then file order."""
        if kind == "title":
            order = sorted(self.masters, key=lambda m: (not m.first_slide, -m.slides, m.number))
        else:
            order = sorted(self.masters, key=lambda m: (-m.slides, m.number))
        return sorted(order, key=lambda m: m.number != first)


@dataclass(frozen=True)
class Choice:
    layout: LayoutInfo
    why: str


def open_master(path: Path | None) -> MasterFile:
    """The master file with its own slides removed (layouts, theme and size kept), every placeholder indexed."""
    shown = path
    if path is None:
        path = DEFAULT_MASTER
    if not path.is_file():
        raise fail(path, "", "no slide master here: expected a .pptx file")
    if path.suffix.lower() != ".pptx":
        raise fail(path, "", f"is a {path.suffix or 'file without extension'}, not a slide master: expected a PowerPoint "
                   "file (.pptx); save the master from PowerPoint as .pptx")
    try:
        prs = Presentation(io.BytesIO(checked_master(path)))  # checked first: see inputs/master_file.py
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = "it is not a PowerPoint package" if "PowerPoint" in str(exc) else "the file is damaged or incomplete"
        raise fail(path, "", f"cannot be read as a PowerPoint file (.pptx): {reason}; save it again from PowerPoint") from None
    masters = list(prs.slide_masters)
    uses = [(masters.index(slide.slide_layout.slide_master) + 1, i == 0) for i, slide in enumerate(prs.slides)]
    _remove_slides(prs)
    give_indexes(prs)
    drop_field_stubs(prs)
    return MasterFile(prs, shown, read_masters(prs, uses))


def master_palette(path: Path | None) -> tuple[str, ...]:
    """The chart colours of the master content slides use (the mapping's `masters: {content: N}`, else the one most
    of the file's slides use): its theme's accents that read on white, neighbours distinct (`palette: master`)."""
    return palette_of(open_master(path)) if path is not None else ()


def palette_of(file: MasterFile) -> tuple[str, ...]:
    """`master_palette` of an opened master."""
    own = read_master_layouts(file.path) if file.path is not None else None
    first = file.ordered("chart", own.mapping.masters.content if own else None)[0]
    return chart_palette(first.theme)


def _remove_slides(prs: PresentationType) -> None:
    id_list = slide_id_list(prs)
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


@dataclass(frozen=True)
class Mapping:
    """The layout each kind is mapped to, and where each mapping is written (file, YAML path, line)."""

    choices: dict[str, LayoutChoice]
    places: dict[str, tuple[Path, str]]
    own: MasterLayouts = MasterLayouts()  # the file beside the master: positions, boxes, background graphics
    file: Path | None = None  # that file
    lines: dict[tuple, int] | None = None  # the line of each of its YAML paths

    @property
    def cover_master(self) -> int | None:  # the master to search first for the cover
        return self.own.masters.cover

    @property
    def content_master(self) -> int | None:  # ... and for every other kind
        return self.own.masters.content

    def where(self, *path: str) -> str:
        """A YAML path of the file beside the master, with its line."""
        line = (self.lines or {}).get(tuple(path))
        return ".".join(path) + (f" (line {line})" if line else "")

    def first_master(self, kind: str) -> int | None:
        return self.cover_master if kind == "title" else self.content_master


def read_mapping(report: Report, spec_path: Path, master: Path | None) -> Mapping:
    """The layouts the report and the master's own mapping file name, the most specific first."""
    choices: dict[str, LayoutChoice] = {}
    places: dict[str, tuple[Path, str]] = {}
    lines = spec_lines(spec_path) if report.layouts else {}

    def take(given: dict, file: Path, prefix: tuple, known: dict[tuple, int]) -> None:
        for kind, choice in given.items():
            if kind in choices:
                continue
            line = known.get((*prefix, kind))
            where = ".".join(str(p) for p in (*prefix, kind)) + (f" (line {line})" if line else "")
            choices[kind], places[kind] = choice, (file, where)

    if master is not None and isinstance(report.layouts.get(master.name), dict):
        take(report.layouts[master.name], spec_path, ("layouts", master.name), lines)
    own = read_master_layouts(master) if master is not None else None
    if own is not None:
        take(own.mapping.layouts, own.path, ("layouts",), own.lines)
    take({k: v for k, v in report.layouts.items() if k in KINDS}, spec_path, ("layouts",), lines)
    if own is None:
        return Mapping(choices, places)
    return Mapping(choices, places, own.mapping, own.path, own.lines)


def choose(file: MasterFile, kind: str, mapping: Mapping) -> Choice | BadMapping | str:
    """The layout of `kind` and why it was chosen, or what is wrong (a sentence for the error)."""
    if kind in mapping.choices:
        return _mapped(file, kind, mapping)
    ordered = file.ordered(kind, mapping.first_master(kind))
    for name in LAYOUT_NAMES[kind]:
        for master in ordered:
            layout = next((lay for lay in master.layouts if lay.name == name), None)
            if layout is not None:
                return Choice(layout, f"named {name!r}")
    for described, test in STRUCTURES.get(kind, CONTENT_STRUCTURES):
        for master in ordered:
            layout = next((lay for lay in master.layouts if test(lay)), None)
            if layout is not None:
                return Choice(layout, f"no layout is named {_either(LAYOUT_NAMES[kind])}; this one has {described}")
    tried = ", or ".join(d for d, _ in STRUCTURES.get(kind, CONTENT_STRUCTURES))
    return f"none is named {_either(LAYOUT_NAMES[kind])}, and none has {tried}"


@dataclass(frozen=True)
class BadMapping:
    """A mapping that names no layout: where it is written and what is wrong."""

    file: Path
    where: str
    message: str


def _mapped(file: MasterFile, kind: str, mapping: Mapping) -> Choice | BadMapping:
    choice, (path, where) = mapping.choices[kind], mapping.places[kind]
    if isinstance(choice, LayoutRef):
        master = next((m for m in file.masters if m.number == choice.master), None)
        if master is None:
            return BadMapping(path, where, f"names master {choice.master}, but {file.name} has {len(file.masters)} master(s)")
        layout = next((lay for lay in master.layouts if lay.name == choice.layout), None)
        if layout is None:
            names = ", ".join(repr(lay.name) for lay in master.layouts) or "(none)"
            return BadMapping(path, where, f"master {choice.master} of {file.name} has no layout {choice.layout!r}; its layouts: {names}")
        return Choice(layout, f"mapped in {path.name}, {where}")
    for master in file.ordered(kind, mapping.first_master(kind)):
        layout = next((lay for lay in master.layouts if lay.name == choice), None)
        if layout is not None:
            return Choice(layout, f"mapped in {path.name}, {where}")
    return BadMapping(path, where, f"{choice!r} is no layout of {file.name}; its layouts: {layout_list(file)}")


def _either(names: Iterable[str]) -> str:
    return " or ".join(repr(n) for n in names)


def find_layouts(file: MasterFile, kinds: Iterable[str], report: Report, spec_path: Path) -> dict[str, LayoutInfo]:
    """The layout of every slide kind in `kinds`; one error naming every kind without one."""
    mapping = read_mapping(report, spec_path, file.path)
    found: dict[str, LayoutInfo] = {}
    missing: list[tuple[str, str]] = []
    problems = Collector()
    for name, number in (("cover", mapping.cover_master), ("content", mapping.content_master)):
        if number is not None and number > len(file.masters):
            problems.add(beside(file.path), f"masters.{name}", f"names master {number}, but {file.name} has {len(file.masters)} master(s)")
    problems.raise_if_any()
    for kind in dict.fromkeys(kinds):
        result = choose(file, kind, mapping)
        if isinstance(result, Choice):
            found[kind] = placed(file, kind, result.layout, mapping, problems)
        elif isinstance(result, BadMapping):
            problems.add(result.file, result.where, result.message)
        else:
            missing.append((kind, result))
    if missing:
        problems.add(spec_path, "layouts", missing_message(file, missing))
    problems.raise_if_any()
    return found


def placed(file: MasterFile, kind: str, layout: LayoutInfo, mapping: Mapping, problems: Collector) -> LayoutInfo:
    """The layout as the mapping beside the master has it: placeholders where the master puts them, explicit
    boxes, background graphics hidden."""
    placement = mapping.own.positions
    if placement.placeholders == "master":
        layout = at_master_positions(layout)
    width, height = file.prs.slide_width, file.prs.slide_height
    boxes: dict[str, Box] = {}
    if kind in ("title", "section"):
        group = "cover" if kind == "title" else "section"
        given: PlaceBoxes = getattr(placement, group) or PlaceBoxes()
        specs = {"title": (given.title, ("positions", group, "title")), "body": (given.subtitle, ("positions", group, "subtitle"))}
    else:
        specs = {"title": (placement.title, ("positions", "title")), "body": (placement.body, ("positions", "body"))}
    for role, (spec, path) in specs.items():
        if spec is None:
            continue
        box = box_of(spec, width, height)
        if box.width <= 0 or box.height <= 0 or box.right > width or box.bottom > height:
            problems.add(mapping.file, mapping.where(*path),
                         f"the box {_inches(box)} does not lie on the slide ({width / EMU_PER_INCH:.2f} x {height / EMU_PER_INCH:.2f} in): "
                         "expected left + width and top + height within the slide, in inches or percent of it")
            continue
        boxes[role] = box
    if boxes:
        layout = with_boxes(layout, boxes.get("title"), boxes.get("body"))
    if mapping.own.hides_graphics(kind):
        layout = replace(layout, artwork=(), hides_graphics=True, numbered=False)
    return layout


def box_of(spec: BoxSpec, width: int, height: int) -> Box:
    """A box of the mapping in EMU: numbers and `in` are inches, `%` a share of the slide's width or height."""
    def emu(value: float | str, total: int) -> int:
        text = str(value).strip()
        if text.endswith("%"):
            return round(total * float(text[:-1]) / 100)
        return round(float(text.removesuffix("in")) * EMU_PER_INCH)
    return Box(emu(spec.left, width), emu(spec.top, height), emu(spec.width, width), emu(spec.height, height))


def with_boxes(layout: LayoutInfo, title: Box | None, body: Box | None) -> LayoutInfo:
    """The layout with its title and its text placeholders (and its master's) in the boxes given."""
    def moved(kind: str, box: Box | None) -> Box | None:
        if kind in TITLES and title is not None:
            return title
        return body if kind in (*TEXT, "body") and body is not None else box
    placeholders = tuple(replace(p, box=moved(p.type, p.box)) for p in layout.placeholders)
    master_boxes = tuple((kind, moved(kind, box)) for kind, box in layout.master_boxes)
    if body is not None and not any(kind == "body" for kind, _ in master_boxes):
        master_boxes += (("body", body),)
    given = tuple(role for role, box in (("title", title), ("body", body)) if box is not None)
    return replace(layout, placeholders=placeholders, master_boxes=master_boxes, given=given)


def _inches(box: Box) -> str:
    return (f"at {box.left / EMU_PER_INCH:.2f}, {box.top / EMU_PER_INCH:.2f} in, "
            f"{box.width / EMU_PER_INCH:.2f} x {box.height / EMU_PER_INCH:.2f} in")


def at_master_positions(layout: LayoutInfo) -> LayoutInfo:
    """The layout with each placeholder where its slide master puts the placeholder of that type."""
    moved = [replace(p, box=layout.master_box(MASTER_TYPE.get(p.type, p.type)) or p.box) for p in layout.placeholders]
    return replace(layout, placeholders=tuple(moved))


def missing_message(file: MasterFile, missing: list[tuple[str, str]]) -> str:
    """What failed, for which kinds, the mapping that would fix it and where it goes, and the layouts to pick from."""
    reasons: dict[str, list[str]] = {}
    for kind, why in missing:
        reasons.setdefault(why, []).append(kind)
    lines = [f"no layout for {_and(kinds)} slides in {file.name}: {why}" for why, kinds in reasons.items()]
    example = suggestion(file, missing[0][0])
    kinds = _and([kind for kind, _ in missing])
    if file.path is not None:
        lines.append(f"map {kinds} to a layout in {beside(file.path).name} beside the master (or under "
                     f"`layouts: {{{file.path.name}: ...}}` in report.yaml), e.g.\n  layouts:\n    {example}")
    else:
        lines.append(f"map {kinds} to a layout under `layouts:` in report.yaml, e.g. `layouts: {{{example}}}`")
    return "; ".join(lines[:-1]) + ".\n" + lines[-1] + f"\n{file.name} has these layouts: {layout_list(file)}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def suggestion(file: MasterFile, kind: str) -> str:
    """A mapping line for `kind`: the layout with a title and the fewest other placeholders of its master."""
    masters = file.ordered(kind)
    layouts = [lay for m in masters for lay in m.layouts]
    titled = [lay for lay in layouts if any(p.type in TITLES for p in lay.content)]
    pick = min(titled, key=lambda lay: len(lay.content)) if titled else (layouts[0] if layouts else None)
    if pick is None:
        return f"{kind}: Title Only"
    if len(file.masters) == 1:
        return f"{kind}: {pick.name!r}"
    return f"{kind}: {{master: {pick.master}, layout: {pick.name!r}}}"


def layout_list(file: MasterFile) -> str:
    """Each layout name once, with the masters that have it when the file has several."""
    holders: dict[str, list[int]] = {}
    for layout in file.layouts():
        holders.setdefault(layout.name, []).append(layout.master)
    if len(file.masters) <= 1:
        return ", ".join(repr(n) for n in holders) or "(none)"
    return ", ".join(f"{name!r} ({_numbers(numbers)})" for name, numbers in holders.items()) or "(none)"


def _numbers(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"master {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"masters {numbers[0]}-{numbers[-1]}"
    return "masters " + ", ".join(map(str, numbers))
