"""The slide master: open it, and find the layout each slide kind uses.

A layout is found by name: first the name `layouts:` in report.yaml maps the kind to, then the
names of the default master and of python-pptx's own template. A master that names its layouts
otherwise is still used when one layout has the placeholders the kind needs (its structure).
A kind with no layout is one error that lists the layouts the master has.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout

from reportgen.errors import fail
from reportgen.inputs.spec import SlideKind
from reportgen.writers.deck.pptx_internals import slide_id_list

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
    "bullets": ("Title and Content",),
    "recommendation": TITLE_ONLY,
    "sources": TITLE_ONLY,
}
KINDS = tuple(SlideKind.__args__)

_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
_TEXT = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE}
_FOOTERS = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}


def _kinds(layout: SlideLayout) -> list[PP_PLACEHOLDER]:
    return [ph.placeholder_format.type for ph in layout.placeholders if ph.placeholder_format.type not in _FOOTERS]


def _is_cover(layout: SlideLayout) -> bool:
    kinds = _kinds(layout)
    return PP_PLACEHOLDER.CENTER_TITLE in kinds or (PP_PLACEHOLDER.TITLE in kinds and PP_PLACEHOLDER.SUBTITLE in kinds)


def _is_title_and_text(layout: SlideLayout) -> bool:
    kinds = _kinds(layout)
    return len(kinds) == 2 and PP_PLACEHOLDER.TITLE in kinds and any(k in _TEXT for k in kinds)


def _is_divider(layout: SlideLayout) -> bool:
    """A title and a plain text placeholder (a section header's), not a content placeholder."""
    return _is_title_and_text(layout) and PP_PLACEHOLDER.BODY in _kinds(layout)


def _is_title_only(layout: SlideLayout) -> bool:
    return _kinds(layout) == [PP_PLACEHOLDER.TITLE]


STRUCTURES: dict[str, tuple[str, Callable[[SlideLayout], bool]]] = {
    "title": ("a centred title, or a title and a subtitle", _is_cover),
    "section": ("a title and one text placeholder", _is_divider),
    "bullets": ("a title and one text placeholder", _is_title_and_text),
}
DEFAULT_STRUCTURE = ("a title placeholder and nothing else", _is_title_only)


def open_master(path: Path | None) -> PresentationType:
    """The master's presentation with its slides removed (layouts, theme and size kept)."""
    if path is None:
        path = DEFAULT_MASTER
    if not path.is_file():
        raise fail(path, "", "no slide master here: expected a .pptx file")
    if path.suffix.lower() != ".pptx":
        raise fail(path, "", f"is a {path.suffix or 'file without extension'}, not a slide master: expected a PowerPoint "
                   "file (.pptx); save the master from PowerPoint as .pptx")
    try:
        prs = Presentation(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = "it is not a PowerPoint package" if "PowerPoint" in str(exc) else "the file is damaged or incomplete"
        raise fail(path, "", f"cannot be read as a PowerPoint file (.pptx): {reason}; save it again from PowerPoint") from None
    _remove_slides(prs)
    return prs


def _remove_slides(prs: PresentationType) -> None:
    id_list = slide_id_list(prs)
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def layout_names(prs: PresentationType) -> list[str]:
    return [layout.name for master in prs.slide_masters for layout in master.slide_layouts]


def find_layouts(prs: PresentationType, kinds: Iterable[str], mapping: dict[str, str], master: Path) -> dict[str, SlideLayout]:
    """The layout of every slide kind in `kinds`; one error naming every kind without one."""
    layouts = [layout for m in prs.slide_masters for layout in m.slide_layouts]
    by_name = {layout.name: layout for layout in reversed(layouts)}
    have = ", ".join(repr(n) for n in layout_names(prs)) or "(none)"
    unknown = sorted(set(mapping) - set(KINDS))
    if unknown:
        raise fail(master, "layouts", f"unknown slide kind(s) {', '.join(unknown)} in `layouts:`; kinds: {', '.join(KINDS)}")
    found: dict[str, SlideLayout] = {}
    missing: list[str] = []
    for kind in dict.fromkeys(kinds):
        if kind in mapping:
            if mapping[kind] not in by_name:
                missing.append(f"`layouts: {{{kind}: {mapping[kind]!r}}}` names no layout of the master")
                continue
            found[kind] = by_name[mapping[kind]]
            continue
        names = LAYOUT_NAMES[kind]
        layout = next((by_name[n] for n in names if n in by_name), None)
        described, test = STRUCTURES.get(kind, DEFAULT_STRUCTURE)
        layout = layout or next((candidate for candidate in layouts if test(candidate)), None)
        if layout is None:
            looked = " or ".join(repr(n) for n in names)
            missing.append(f"no layout for {kind} slides (looked for {looked}, then for one with {described})")
        else:
            found[kind] = layout
    if missing:
        hint = "; map a kind to a layout in report.yaml, e.g. `layouts: {chart: \"Title Only\"}`"
        raise fail(master, "layouts", f"{'; '.join(missing)}. The master's layouts are: {have}{hint}")
    return found
