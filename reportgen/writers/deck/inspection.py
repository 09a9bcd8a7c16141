"""`reportgen master inspect`: what reportgen reads in a slide master and what it would use it for.

The masters, their layouts and placeholders (type, idx, position and size), the theme's colours and
fonts, the artwork content keeps clear of, and for each slide kind the layout reportgen chooses and why.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.inputs.spec import Report
from reportgen.writers.deck.anatomy import LayoutInfo, MasterInfo
from reportgen.writers.deck.layout import EMU_PER_INCH, Box
from reportgen.writers.deck.master import KINDS, BadMapping, Choice, MasterFile, beside, choose, open_master, read_mapping
from reportgen.writers.deck.theme import chart_palette


def inches(box: Box | None) -> str:
    if box is None:
        return "(no position)"
    return (f"at {box.left / EMU_PER_INCH:.2f}, {box.top / EMU_PER_INCH:.2f} in, "
            f"{box.width / EMU_PER_INCH:.2f} x {box.height / EMU_PER_INCH:.2f} in")


def describe_master(path: Path, report: Report | None = None, spec_path: Path | None = None) -> str:
    """The report of `master inspect` for the master at `path` (with the report's mapping when given)."""
    file = open_master(path)
    width, height = file.prs.slide_width, file.prs.slide_height
    layouts = file.layouts()
    lines = [f"{path.name}: slides {width / EMU_PER_INCH:.2f} x {height / EMU_PER_INCH:.2f} in, "
             f"{len(file.masters)} slide master(s), {len(layouts)} layout(s)"]
    mapping_file = beside(path)
    lines.append(f"mapping beside the master: {mapping_file.name}" if mapping_file.is_file()
                 else f"mapping beside the master: none (write one in {mapping_file.name} to choose layouts)")
    for master in file.masters:
        lines += ["", *_master_lines(master)]
        for layout in master.layouts:
            lines += _layout_lines(layout)
    lines += ["", "slide kinds (the layout reportgen uses, and why):"]
    if len(file.masters) > 1:
        cover, content = file.ordered("title")[0].number, file.ordered("chart")[0].number
        lines.append(f"  (masters are searched from master {cover} for the cover, the master of the file's first slide, "
                     f"and from master {content} for other kinds, the one most of its other slides use)")
    mapping = read_mapping(report or Report.model_construct(layouts={}), spec_path or path, path)
    for kind in KINDS:
        lines.append(f"  {kind:<15}{_choice(file, kind, mapping)}")
    return "\n".join(lines)


def _master_lines(master: MasterInfo) -> list[str]:
    theme = master.theme
    use = []
    if master.first_slide:
        use.append("the file's first slide (so: the cover's master)")
    if master.slides:
        use.append(f"{master.slides} other slide(s) of the file")
    colours = ", ".join(f"{slot} #{value}" for slot, value in theme.colours.items())
    return [
        f"master {master.number}" + (f" — used by {' and '.join(use)}" if use else ""),
        f"  theme colours: {colours or '(none)'}",
        f"  theme fonts: headings {theme.major[0] or '-'} (East Asian: {theme.major[1] or '-'}), "
        f"body {theme.minor[0] or '-'} (East Asian: {theme.minor[1] or '-'})",
        f"  chart colours with `palette: master`: {', '.join('#' + c for c in chart_palette(theme)) or '(none usable)'}",
    ]


def _layout_lines(layout: LayoutInfo) -> list[str]:
    kinds: dict[str, int] = {}
    for art in layout.artwork:
        kinds[art.kind] = kinds.get(art.kind, 0) + 1
    if len(layout.artwork) <= 3:
        art = "; ".join(f"{a.kind} {inches(a.box)}" for a in layout.artwork) or "none"
    else:
        art = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in kinds.items())
    lines = [f"  layout {layout.name!r}: background {', '.join('#' + c for c in layout.background)}; artwork: {art}"]
    for placeholder in layout.placeholders:
        idx = str(placeholder.idx) if placeholder.idx is not None else "-"
        lines.append(f"    {placeholder.type:<9} idx {idx:<4} {inches(placeholder.box)}")
    return lines


def _choice(file: MasterFile, kind: str, mapping: object) -> str:
    result = choose(file, kind, mapping)
    if isinstance(result, Choice):
        own = mapping.own
        given = own.positions.cover if kind == "title" else own.positions.section if kind == "section" else own.positions
        boxes = [name for name in ("title", "body", "subtitle") if getattr(given, name, None) is not None] if given else []
        extra = (f"; boxes from the mapping: {', '.join(boxes)}" if boxes else "") + \
            ("; background graphics hidden" if own.hides_graphics(kind) else "")
        return f"master {result.layout.master}, {result.layout.name!r}: {result.why}{extra}"
    if isinstance(result, BadMapping):
        return f"none: {result.where} in {result.file.name}: {result.message}"
    return f"none: {result}"
