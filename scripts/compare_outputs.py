"""Compare two build output folders: every deck part, every memo's text, every chart file.

    python scripts/compare_outputs.py OLD_DIR NEW_DIR [--context N]

Build both with the same SOURCE_DATE_EPOCH so that identical inputs give identical bytes. For each
`.pptx` present in either folder the zip parts are compared byte for byte, and a changed XML part is
shown as a diff of its text runs (`<a:t>`), then of its XML when the runs are alike. For each `.pdf`
the bytes are compared and a changed file is shown as a diff of `pdftotext -layout` (poppler). Chart
files (PNG, SVG) are compared by bytes. Exit 0 when everything is identical, 1 when something
differs, 2 on a usage error. A maintainer's tool, not a test.
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

RUN = re.compile(rb"<a:t>([^<]*)</a:t>|<a:t/>")
PARA_END = re.compile(rb"</a:p>")


def text_runs(xml: bytes) -> list[str]:
    """The text of an OOXML part, one line per paragraph (runs joined)."""
    lines = []
    for para in PARA_END.split(xml):
        runs = [m.group(1) or b"" for m in RUN.finditer(para)]
        if runs:
            lines.append(b"".join(runs).decode("utf-8", "replace"))
    return lines


def xml_lines(xml: bytes) -> list[str]:
    return xml.decode("utf-8", "replace").replace("><", ">\n<").splitlines()


def diff(old: list[str], new: list[str], old_name: str, new_name: str, context: int) -> list[str]:
    return list(difflib.unified_diff(old, new, old_name, new_name, n=context, lineterm=""))


def slide_order(name: str) -> tuple:
    """ppt/slides/slide10.xml after slide9.xml."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def compare_pptx(old: Path, new: Path, context: int) -> list[str]:
    out: list[str] = []
    with zipfile.ZipFile(old) as a, zipfile.ZipFile(new) as b:
        names_a, names_b = set(a.namelist()), set(b.namelist())
        for name in sorted(names_a - names_b, key=slide_order):
            out.append(f"  part only in old: {name}")
        for name in sorted(names_b - names_a, key=slide_order):
            out.append(f"  part only in new: {name}")
        for name in sorted(names_a & names_b, key=slide_order):
            data_a, data_b = a.read(name), b.read(name)
            if data_a == data_b:
                continue
            out.append(f"  part differs: {name}")
            if not name.endswith((".xml", ".rels")):
                continue
            lines = diff(text_runs(data_a), text_runs(data_b), f"old/{name}", f"new/{name}", context)
            if not lines:
                lines = diff(xml_lines(data_a), xml_lines(data_b), f"old/{name} (xml)", f"new/{name} (xml)", context)
            out += ["    " + line for line in lines]
        info_a = [(i.filename, i.date_time, i.compress_type) for i in a.infolist()]
        info_b = [(i.filename, i.date_time, i.compress_type) for i in b.infolist()]
        if info_a != info_b and names_a == names_b:
            out.append("  zip entries differ in order, date or compression")
    return out


def pdf_text(path: Path) -> list[str]:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace").splitlines()


def compare_pdf(old: Path, new: Path, context: int) -> list[str]:
    if shutil.which("pdftotext") is None:
        return ["  bytes differ (install poppler's pdftotext to see the text diff)"]
    lines = diff(pdf_text(old), pdf_text(new), f"old/{old.name}", f"new/{new.name}", context)
    return ["  bytes differ; the text is the same (layout or metadata changed)"] if not lines else \
        ["  bytes differ; text diff:"] + ["    " + line for line in lines]


def compare_folders(old_dir: Path, new_dir: Path, context: int = 1) -> list[str]:
    """A report of every difference between the two folders; empty when they are identical."""
    report: list[str] = []
    files_a = {p.relative_to(old_dir) for p in old_dir.rglob("*") if p.is_file() and ".cache" not in p.parts}
    files_b = {p.relative_to(new_dir) for p in new_dir.rglob("*") if p.is_file() and ".cache" not in p.parts}
    wanted = {p for p in files_a | files_b if p.suffix in (".pptx", ".pdf", ".png", ".svg")}
    for rel in sorted(wanted):
        old, new = old_dir / rel, new_dir / rel
        if rel not in files_b:
            report.append(f"{rel}: only in {old_dir}")
            continue
        if rel not in files_a:
            report.append(f"{rel}: only in {new_dir}")
            continue
        if old.read_bytes() == new.read_bytes():
            continue
        report.append(f"{rel}: differs")
        if rel.suffix == ".pptx":
            report += compare_pptx(old, new, context)
        elif rel.suffix == ".pdf":
            report += compare_pdf(old, new, context)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--context", type=int, default=1, help="lines of context around each change (default 1)")
    args = parser.parse_args(argv)
    for folder in (args.old, args.new):
        if not folder.is_dir():
            parser.error(f"{folder} is not a folder")
    report = compare_folders(args.old, args.new, args.context)
    if not report:
        print(f"identical: every deck, memo and chart in {args.old} and {args.new}")
        return 0
    print("\n".join(report))
    return 1


if __name__ == "__main__":
    sys.exit(main())
