"""Reading a written deck and memo back, as a reader sees them: the text of every place that holds text.

The deck is read from its zip and XML with the standard library (python-pptx stays in the writer):
each slide in show order, each shape's paragraphs (table cells and grouped shapes too) and the
speaker notes; a slide-number field is a page number by rule and is left out. The memo is read with
pypdf, page by page and line by line; a superscript run of digits (smaller than the text before it
on its line) is a note marker, the running `n / N` a page number, and a lone number on a contents
page a page reference; all are left out by rule. The outline tells which memo sections a page holds.
"""

from __future__ import annotations

import bisect
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from reportgen.audit.numbers import normalize, without_list_number

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
PAGE_OF = re.compile(r"^\s*\d+\s*/\s*\d+\s*$")  # `3 / 12`: the memo's running page number
CONTINUED = re.compile(r"\s*\(\d+/\d+\)\s*$")  # `(1/2)`: a table continued over slides
NOTE_MARKER = re.compile(r"^[\d,\s–-]+$")
NOTE_LIST = re.compile(r"^\s*\d{1,3}(?:\s*(?:,|–|-)\s*\d{1,3})+\s*$")  # `2, 3, 29`, `26–28`: a cell of note numbers


class UnreadableOutputError(Exception):
    """The file is not a deck or memo this reader can open."""


@dataclass(frozen=True)
class Place:
    """One piece of text in an output: where it is, and the scopes (slide id, memo sections) it falls in."""

    output: str  # file name
    number: int  # slide or page number (from 1)
    where: str  # `slide 5 (users), shape 'Title'` / `page 3, line 12`
    text: str
    scopes: frozenset[str] = field(default_factory=frozenset)  # slide id, or memo section ids on the page
    cell: bool = False  # a table cell: a lone number there is a figure, not a list number
    line_starts: tuple[int, ...] = ()  # a memo page: where each line starts in `text`

    def line_at(self, offset: int) -> int:
        """The line (from 1) holding the character at `offset` of a memo page's text."""
        return bisect.bisect_right(self.line_starts, offset) if self.line_starts else 0


# the deck ---------------------------------------------------------------------------------------

def read_deck(path: Path) -> list[Place]:
    try:
        with zipfile.ZipFile(path) as package:
            return list(_deck_places(package, path.name))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        raise UnreadableOutputError(f"cannot be read as a PowerPoint deck ({exc.__class__.__name__}: {exc})") from None


def _xml(package: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(package.read(name))


def _rels(package: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in package.namelist():
        return {}
    return {rel.get("Id", ""): posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
            for rel in _xml(package, rels_name).findall("rel:Relationship", NS)}


def _deck_places(package: zipfile.ZipFile, output: str) -> Iterator[Place]:
    presentation = "ppt/presentation.xml"
    rels = _rels(package, presentation)
    ids = _xml(package, presentation).findall("p:sldIdLst/p:sldId", NS)
    for number, slide_id in enumerate(ids, start=1):
        part = rels[slide_id.get(f"{{{NS['r']}}}id", "")]
        slide = _xml(package, part)
        c_sld = slide.find("p:cSld", NS)
        name = c_sld.get("name", "") if c_sld is not None else ""
        label = f"slide {number}" + (f" ({name})" if name else "")
        scopes = frozenset({name} if name else set())
        for shape_name, text, cell in _shape_texts(slide):
            yield Place(output, number, f"{label}, shape {shape_name!r}", text, scopes, cell)
        notes = next((t for t in _rels(package, part).values() if "notesSlide" in t), None)
        if notes is not None:
            for shape_name, text, _ in _shape_texts(_xml(package, notes)):
                if shape_name.lower().startswith(("notes", "text")) or "placeholder" in shape_name.lower():
                    yield Place(output, number, f"{label}, speaker notes", text, scopes)


def _shape_texts(part: ElementTree.Element) -> Iterator[tuple[str, str, bool]]:
    """(shape name, paragraph text, in a table) for every paragraph of every shape, in document order."""
    for shape in part.iter():
        tag = shape.tag.rsplit("}", 1)[-1]
        if tag not in ("sp", "graphicFrame"):
            continue
        props = shape.find(".//p:cNvPr", NS)
        name = props.get("name", "") if props is not None else ""
        for paragraph in shape.iter(f"{{{NS['a']}}}p"):
            text = _paragraph_text(paragraph)
            if text.strip():
                yield name, text, tag == "graphicFrame"


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts = []
    for child in paragraph:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "r":
            parts.append("".join(t.text or "" for t in child.findall("a:t", NS)))
        elif tag == "br":
            parts.append("\n")
        elif tag == "fld" and child.get("type") != "slidenum":  # the slide number is a page number, by rule
            parts.append("".join(t.text or "" for t in child.findall("a:t", NS)))
    return CONTINUED.sub("", "".join(parts))


# the memo ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outline:
    """The memo's top-level outline entries: title and first page (from 1), in order."""

    entries: tuple[tuple[str, int], ...]

    def titles_on(self, page: int) -> list[str]:
        """The entries whose pages include `page`: from its first page to the next entry's first page."""
        out = []
        for i, (title, first) in enumerate(self.entries):
            last = self.entries[i + 1][1] if i + 1 < len(self.entries) else 10**9
            if first <= page <= last:
                out.append(title)
        return out


def read_memo(path: Path, section_titles: dict[str, str] | None = None, contents: str = "") -> list[Place]:
    """Every line of the memo; `section_titles` maps a memo section's heading to its id (for scopes),
    `contents` is the title of the contents page."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(str(path))
        outline = _outline(reader)
        pages = [_page_lines(page) for page in reader.pages]
    except (OSError, ValueError, KeyError) as exc:
        raise UnreadableOutputError(f"cannot be read as a PDF ({exc.__class__.__name__}: {exc})") from None
    except PdfReadError as exc:
        raise UnreadableOutputError(f"cannot be read as a PDF ({exc})") from None
    contents_pages = set(range(*_pages_of(outline, contents))) if contents else set()
    places = []
    for number, lines in enumerate(pages, start=1):
        titles = outline.titles_on(number)
        scopes = frozenset(_section_of(t, section_titles or {}) for t in titles) - {""}
        kept, starts, at = [], [], 0
        for line in lines:
            if PAGE_OF.match(line) or NOTE_LIST.match(line) or (number in contents_pages and line.strip().isdigit()):
                line = ""  # the running page number; a list of note numbers; a page reference in the contents
            line = normalize(without_list_number(line))
            starts.append(at)
            kept.append(line)
            at += len(line) + 1
        # one text per page: a number broken over two lines (`1억` / `5,000만`) is read whole
        places.append(Place(path.name, number, f"page {number}", " ".join(kept), scopes, line_starts=tuple(starts)))
    return places


def _outline(reader: object) -> Outline:
    entries = []
    for item in getattr(reader, "outline", []) or []:
        if isinstance(item, list):
            continue  # deeper levels belong to the entry before them
        try:
            entries.append((str(item.title), reader.get_destination_page_number(item) + 1))  # type: ignore[attr-defined]
        except (AttributeError, ValueError, TypeError):
            continue
    return Outline(tuple(entries))


def _pages_of(outline: Outline, title: str) -> tuple[int, int]:
    """First page and the page after the last of the entry called `title` ((0, 0) when there is none)."""
    for i, (name, first) in enumerate(outline.entries):
        if name.strip() == title.strip():
            last = outline.entries[i + 1][1] if i + 1 < len(outline.entries) else first
            return first, last + 1
    return 0, 0


def _section_of(title: str, section_titles: dict[str, str]) -> str:
    """The memo section id whose heading the outline title shows (`3. Driver 2: data` shows `Driver 2: data`)."""
    for heading, section in section_titles.items():
        if heading and (title == heading or title.endswith(" " + heading)):
            return section
    return ""


def _page_lines(page: object) -> list[str]:
    """The page's text, line by line, with superscript note markers left out."""
    chunks: list[str] = []
    last_size = 0.0

    def visit(text: str, cm: object, tm: object, font: object, size: float) -> None:
        nonlocal last_size
        if not text:
            return
        body = text.rstrip("\n")
        if body.strip() and NOTE_MARKER.match(body) and last_size and size < last_size - 0.5:
            chunks.append(" " + text[len(body):])  # a note marker (smaller than the text before it)
            return
        chunks.append(text)
        last_size = 0.0 if text.endswith("\n") else (size if body.strip() else last_size)

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return [line for line in "".join(chunks).split("\n") if line.strip()]
