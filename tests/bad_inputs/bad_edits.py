"""Small edits to a copy of the default report: each returns a function that applies it to a copy's root.

A copy's root holds `data/` (the dataset) and `templates/china-ai-briefing/` (the report), as the repository does.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

REPORT = "templates/china-ai-briefing"
Edit = Callable[[Path], None]


def replace(relative: str, old: str, new: str, count: int = 1) -> Edit:
    """Replace the first `count` occurrences of `old` in a UTF-8 file (the text must be there)."""

    def apply(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def write(relative: str, content: str | bytes) -> Edit:
    def apply(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return apply


def append(relative: str, text: str) -> Edit:
    def apply(root: Path) -> None:
        path = root / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return apply


def reencode(relative: str, encoding: str) -> Edit:
    """Save a UTF-8 file in another encoding (`utf-8-sig` adds a byte-order mark)."""

    def apply(root: Path) -> None:
        path = root / relative
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))

    return apply


def in_rows(relative: str, column: str, row_id: str, value: str) -> Edit:
    """Set one cell of a CSV (found by the row's id and the column's name); quoting as CSV needs."""
    import csv

    def apply(root: Path) -> None:
        path = root / relative
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        col = rows[0].index(column)
        (row,) = [r for r in rows[1:] if r and r[0] == row_id]
        row[col] = value
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return apply


def both(*edits: Edit) -> Edit:
    def apply(root: Path) -> None:
        for edit in edits:
            edit(root)

    return apply


def xlsx_resource(name: str, content: bytes) -> Edit:
    """Point resource `name` at `<name>.xlsx` holding `content`."""
    return both(
        replace("data/datapackage.yaml", f"path: {name}.csv", f"path: {name}.xlsx"),
        write(f"data/{name}.xlsx", content),
    )


def master(content: bytes, name: str = "master.pptx") -> Edit:
    """Replace the report's slide master with `content` saved as `name`."""
    edits = [write(f"{REPORT}/{name}", content)]
    if name != "master.pptx":
        edits.append(replace(f"{REPORT}/report.yaml", "master: master.pptx", f"master: {name}"))
    return both(*edits)


def rezip(source: bytes, drop: Callable[[str], bool] = lambda name: False,
          add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip package without the entries `drop` picks, with `add` added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            if not drop(entry.filename):
                new.writestr(entry, old.read(entry.filename))
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return out.getvalue()
