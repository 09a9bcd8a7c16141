"""A slide master checked before python-pptx opens it: a hostile or damaged .pptx is one clear error.

A master often comes from elsewhere (a colleague, an intranet); its content reaches every deck built on it.
Read with zipfile and lxml only (entities never expanded, no DTD loaded, nothing fetched):
- the package is capped before anything is unpacked: its size on disk, the parts it holds, their unpacked
  size together, and each XML part's;
- every XML part must be well-formed, without a DTD (`<!DOCTYPE`: entities python-pptx would leave
  unexpanded, making a deck PowerPoint cannot open), and the main parts must be what they claim;
- macros (a VBA project) are REMOVED, with a warning: a .pptx cannot run them, and a deck never needs them;
- links that PowerPoint follows by itself, to a file or an address outside the master (a linked
  picture, sound or object, a `file:` or `\\\\server` target), and embedded objects (OLE objects, packages,
  ActiveX controls) are REFUSED, naming the part and what it points to: they could run or fetch something
  when the deck opens, and removing them would leave a hole in a layout. A hyperlink to an http(s) or
  mailto address stays (it is followed only when clicked);
- a password-protected, encrypted, damaged or odd package (duplicate or escaping part names) is refused.
`checked_master` returns the bytes to open: the file's own, or a copy without its macros.
"""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from reportgen.errors import ReportgenError, display_path, fail

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_INFLATED_BYTES = 300 * 1024 * 1024  # every part unpacked, together
MAX_PARTS = 3_000
MAX_XML_PART_BYTES = 32 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a password-protected (encrypted) Office file, or an old .ppt

XmlElement = Any  # lxml's element (its class is private: named here, never imported)
SAFE_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                              remove_blank_text=False)

PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MACRO_PRESENTATION = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
ROOTS = {  # what the main parts must hold, by content type
    PRESENTATION: f"{P}presentation",
    MACRO_PRESENTATION: f"{P}presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml": f"{P}sldMaster",
    "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml": f"{P}sldLayout",
    "application/vnd.openxmlformats-officedocument.presentationml.slide+xml": f"{P}sld",
    "application/vnd.openxmlformats-officedocument.theme+xml": f"{A}theme",
}
MACROS = ("vbaProject",)
EMBEDDED = {"oleObject": "an embedded object (OLE)", "package": "an embedded file", "control": "an ActiveX control",
            "activeXControlBinary": "an ActiveX control"}
SAFE_LINKS = ("http://", "https://", "mailto:")


def checked_master(path: Path) -> bytes:
    """The bytes of the master at `path` for python-pptx to open, once checked (see the module's docstring)."""
    data = _read(path)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise _damaged(path) from None
    with package:
        infos = _check_entries(path, package)
        names = {info.filename for info in infos}
        xml = {name: _parse(path, package, name) for name in sorted(names) if _is_xml(name)}
        if "[Content_Types].xml" not in xml:
            raise fail(path, "", "cannot be read as a PowerPoint file (.pptx): it is not a PowerPoint package; save it "
                       "again from PowerPoint")
        types = _content_types(xml["[Content_Types].xml"])
        for name, tree in xml.items():
            expected = f"{CONTENT_TYPES}Types" if name == "[Content_Types].xml" else (
                f"{PKG_RELS}Relationships" if name.endswith(".rels") else ROOTS.get(types.get(name, "")))
            if expected is not None and tree.tag != expected:
                raise fail(path, name, f"is not the part it claims to be (holds <{etree.QName(tree).localname}>); the file "
                           "is damaged: save it again from PowerPoint")
        macros = _macros(path, xml, names)
        _check_references(path, xml, names, types)
    if not macros:
        return data
    warnings.warn(f"{display_path(path)}: its macros ({', '.join(sorted(macros))}) are left out of the deck; a .pptx "
                  "cannot run them", UserWarning, stacklevel=2)
    return _without(data, xml, macros)


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(path, "", f"is {size / 2**20:,.0f} MB; a slide master reportgen reads is at most "
                       f"{MAX_FILE_BYTES // 2**20} MB: make its pictures smaller in PowerPoint (Compress Pictures)")
        data = path.read_bytes()
    except OSError as exc:
        raise fail(path, "", f"cannot be read ({exc.strerror or exc})") from None
    if data.startswith(OLE_SIGNATURE):
        raise fail(path, "", "is protected by a password (or is an old .ppt file); save it from PowerPoint as .pptx "
                   "without a password")
    return data


def _damaged(path: Path, part: str = "") -> ReportgenError:
    return fail(path, part, "cannot be read as a PowerPoint file (.pptx): the file is damaged or incomplete; save it "
                "again from PowerPoint")


def _check_entries(path: Path, package: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = package.infolist()
    if len(infos) > MAX_PARTS:
        raise fail(path, "", f"holds {len(infos):,} parts; a slide master reportgen reads holds at most {MAX_PARTS:,}")
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_INFLATED_BYTES:
        raise fail(path, "", f"unpacks to {inflated / 2**20:,.0f} MB; a slide master reportgen reads unpacks to at most "
                   f"{MAX_INFLATED_BYTES // 2**20} MB: make its pictures smaller in PowerPoint (Compress Pictures)")
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if name.casefold() in seen:
            raise fail(path, name, "appears twice in the package; the file is damaged or was made to mislead: save it "
                       "again from PowerPoint")
        seen.add(name.casefold())
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or "\\" in name or "\x00" in name:
            raise fail(path, name, "is not a part name a PowerPoint file holds; the file is damaged or was made to "
                       "mislead: save it again from PowerPoint")
        if info.flag_bits & 0x1:
            raise fail(path, name, "is encrypted; save the master from PowerPoint without a password")
    return infos


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _parse(path: Path, package: zipfile.ZipFile, name: str) -> XmlElement:
    info = package.getinfo(name)
    if info.file_size > MAX_XML_PART_BYTES:
        raise fail(path, name, f"unpacks to {info.file_size / 2**20:,.0f} MB of XML; a part of a slide master holds at "
                   f"most {MAX_XML_PART_BYTES // 2**20} MB")
    try:
        with package.open(info) as fh:
            data = fh.read(MAX_XML_PART_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        raise _damaged(path, name) from None
    if len(data) > MAX_XML_PART_BYTES:
        raise _damaged(path, name)
    dtd = fail(path, name, "declares a DTD (<!DOCTYPE …>), which no PowerPoint file holds (its entities could expand "
               "without end or read other files); save the master again from PowerPoint")
    if b"<!DOCTYPE" in data[:4096]:  # named before parsing: libxml2 may stop at the entities first
        raise dtd
    try:
        tree = etree.fromstring(data, SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        line = f" at line {exc.lineno}" if exc.lineno else ""
        raise fail(path, name, f"is not well-formed XML{line}; the file is damaged: save it again from PowerPoint") from None
    if tree.getroottree().docinfo.doctype:  # one the byte search missed (another encoding)
        raise dtd
    return tree


def _content_types(tree: XmlElement) -> dict[str, str]:
    """Part name (without its leading /) -> content type, from [Content_Types].xml's overrides."""
    return {(o.get("PartName") or "").lstrip("/"): o.get("ContentType") or "" for o in tree.iter(f"{CONTENT_TYPES}Override")}


def _rels_source(rels: str) -> str:
    """`ppt/slideLayouts/_rels/slideLayout1.xml.rels` -> `ppt/slideLayouts/slideLayout1.xml`."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


def _target(rels: str, target: str) -> str:
    """A relationship's internal target as a part name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(_rels_source(rels)), target))


def _macros(path: Path, xml: dict[str, XmlElement], names: set[str]) -> set[str]:
    """Check every relationship (see the module's docstring); return the macro parts to leave out."""
    macros: set[str] = set()
    for rels, tree in xml.items():
        if not rels.endswith(".rels"):
            continue
        source = _rels_source(rels) or "the package"
        for rel in tree.iter(f"{PKG_RELS}Relationship"):
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                if kind == "hyperlink" and target.lower().startswith(SAFE_LINKS):
                    continue
                raise fail(path, source, f"links to {target[:120]!r}, outside the master (a {_described(kind)}); "
                           "PowerPoint could fetch or open it when the deck is shown. Remove the link in PowerPoint (embed "
                           "the picture instead) and save the master again")
            if kind in EMBEDDED:
                raise fail(path, source, f"holds {EMBEDDED[kind]} ({_target(rels, target)}); a deck built on this master "
                           "would carry it. Remove it from the master in PowerPoint and save the master again")
            if kind in MACROS:
                macros.add(_target(rels, target))
    for macro in list(macros):  # a macro project's own parts (its signatures)
        own = xml.get(posixpath.join(posixpath.dirname(macro), "_rels", posixpath.basename(macro) + ".rels"))
        if own is not None:
            macros |= {_target(macro_rels(macro), r.get("Target") or "") for r in own.iter(f"{PKG_RELS}Relationship")}
    return macros & names


R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STRUCTURE = {  # relationship type -> the content type its target must have (python-pptx relies on these)
    OFFICE_RELS + "slideMaster": "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml",
    OFFICE_RELS + "slideLayout": "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml",
    OFFICE_RELS + "slide": "application/vnd.openxmlformats-officedocument.presentationml.slide+xml",
    OFFICE_RELS + "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
}


def _check_references(path: Path, xml: dict[str, XmlElement], names: set[str], types: dict[str, str]) -> None:
    """Every relationship leads to a part the file holds (of the kind it says), and every relationship id a part
    uses (r:id, r:embed) is one of its relationships: python-pptx fails on either, deep inside."""
    ids: dict[str, set[str]] = {}
    for rels, tree in xml.items():
        if not rels.endswith(".rels"):
            continue
        source = _rels_source(rels) or "the package"
        ids[source] = set()
        for rel in tree.iter(f"{PKG_RELS}Relationship"):
            ids[source].add(rel.get("Id") or "")
            if rel.get("TargetMode") == "External":
                continue
            target = _target(rels, rel.get("Target") or "")
            if target not in names:
                raise fail(path, source, f"refers to the part {target}, which the file lacks; the file is damaged: save it "
                           "again from PowerPoint")
            kind = rel.get("Type") or ""
            if kind in STRUCTURE and types.get(target) not in (None, STRUCTURE[kind]) or (
                    kind in STRUCTURE and target.endswith(".xml") and types.get(target) is None):
                raise fail(path, source, f"refers to {target} as a {kind.rsplit('/', 1)[-1]}, which it is not; the file is "
                           "damaged: save it again from PowerPoint")
    for name, tree in xml.items():
        if name.endswith(".rels") or name == "[Content_Types].xml":
            continue
        _check_placeholders(path, name, tree)
        known = ids.get(name, set())
        for element in tree.iter():
            for attribute, value in element.attrib.items():
                if attribute.startswith(R) and value and value not in known:
                    raise fail(path, name, f"uses the relationship {value!r}, which the file lacks; the file is damaged: "
                               "save it again from PowerPoint")


PLACEHOLDER = {  # <p:ph> attributes the schema allows (ECMA-376 ST_PlaceholderType, ST_PlaceholderSize, ST_Direction)
    "type": {"title", "body", "ctrTitle", "subTitle", "dt", "sldNum", "ftr", "hdr", "obj", "chart", "tbl", "clipArt",
             "dgm", "media", "sldImg", "pic"},
    "sz": {"full", "half", "quarter"},
    "orient": {"horz", "vert"},
}


def _check_placeholders(path: Path, name: str, tree: XmlElement) -> None:
    """A placeholder of a kind the schema does not know is damage python-pptx fails on when a slide is laid out."""
    for ph in tree.iter(f"{P}ph"):
        for attribute, allowed in PLACEHOLDER.items():
            value = ph.get(attribute)
            if value is not None and value not in allowed:
                raise fail(path, name, f"has a placeholder with {attribute}={value!r}, which PowerPoint does not know; the "
                           "file is damaged: save it again from PowerPoint")
        index = ph.get("idx")
        if index is not None and not (index.isdigit() and int(index) < 2**32):
            raise fail(path, name, f"has a placeholder with idx={index!r}, which is not a number; the file is damaged: save "
                       "it again from PowerPoint")


def macro_rels(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _described(kind: str) -> str:
    return {"image": "linked picture", "hyperlink": "hyperlink", "oleObject": "linked object", "video": "linked video",
            "audio": "linked sound", "media": "linked media file"}.get(kind, f"{kind} link")


def _without(data: bytes, xml: dict[str, XmlElement], macros: set[str]) -> bytes:
    """A copy of the package without the macro parts, the relationships to them and their content types."""
    dropped = macros | {macro_rels(m) for m in macros}
    changed: dict[str, bytes] = {}
    for rels, tree in xml.items():
        if rels.endswith(".rels") and rels not in dropped:
            gone = [r for r in tree.iter(f"{PKG_RELS}Relationship")
                    if r.get("TargetMode") != "External" and _target(rels, r.get("Target") or "") in macros]
            for rel in gone:
                rel.getparent().remove(rel)
            if gone:
                changed[rels] = _serialized(tree)
    types = xml["[Content_Types].xml"]
    for override in list(types.iter(f"{CONTENT_TYPES}Override")):
        if (override.get("PartName") or "").lstrip("/") in macros:
            types.remove(override)
        elif override.get("ContentType") == MACRO_PRESENTATION:
            override.set("ContentType", PRESENTATION)  # a presentation without macros, as a .pptx must be
    changed["[Content_Types].xml"] = _serialized(types)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in dropped:
                new.writestr(info, changed.get(info.filename) or old.read(info.filename))
    return out.getvalue()


def _serialized(tree: XmlElement) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
