"""What each output of a build depends on, as named digests: the parts of its key (see manifest.py).

A deck or memo of one language depends on reportgen's code, the libraries that write it, the fonts,
the build date, the spec files, that language's text files, the dataset's descriptor, the dataset rows
it reads, the pictures of its charts and (a deck) the master. Parts are named as a person would name
them (`text/en/story.yaml`, `data/ai_services.csv`), so that a changed part reads as the reason for a
rebuild: `deck.en: text/en/story.yaml changed`.

The rows an output reads: the rows its language's text read (the narrative stage records each read),
the KPIs' rows, and whole tables where a table is shown whole or filtered (charts, tables) or listed in
the memo's data appendix. The deck numbers its sources as the memo does, so when the report has a memo
the deck depends on the same whole tables.

A chart file depends on its picture's cache key, which hashes the chart's data, theme and drawing code.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from reportgen.charts.worker import Job
from reportgen.context import BuildContext
from reportgen.fonts import WEIGHTS, font_path
from reportgen.inputs.dataset import Table
from reportgen.inputs.master_layouts import beside
from reportgen.manifest import code_digest, digest, file_sha256
from reportgen.narrative.texts import text_files

LIBRARIES = ("python-pptx", "reportlab", "matplotlib", "Pillow", "koreanize-matplotlib", "Babel", "Jinja2", "PyYAML",
             "openpyxl", "pydantic")
MODULES = ("pptx", "reportlab", "matplotlib", "PIL", "koreanize_matplotlib", "babel", "jinja2", "yaml", "openpyxl", "pydantic")

Digests = Mapping[str, str | None]  # absolute path -> digest of the file's bytes


@cache
def library_versions() -> str:
    return digest({name: metadata.version(name) for name in LIBRARIES})


@cache
def font_digests() -> str:
    return digest({weight: file_sha256(font_path(weight)) for weight in WEIGHTS})


def watched_files() -> list[str]:
    """Installed files whose size and time tell a reinstall: the fonts and each library's package file."""
    paths = [str(font_path(weight)) for weight in WEIGHTS]
    for module in MODULES:
        spec = find_spec(module)
        if spec is not None and spec.origin:
            paths.append(spec.origin)
    return paths


def input_files(ctx: BuildContext, template: Path | None, kinds: set[str]) -> list[Path]:
    """Every file the build reads: spec, charts file, text of each language, descriptor, tables, master."""
    files = [ctx.spec_path, ctx.report.charts_path, ctx.dataset.path, *(t.path for t in ctx.dataset.tables.values())]
    for lang in ctx.texts:
        files += text_files(ctx.report.folder, lang)
    master = ctx.report.master_file(template) if "deck" in kinds else None
    files += [master, beside(master)] if master else []  # the mapping beside it, there or not
    return list(dict.fromkeys(p.absolute() for p in files))


class Parts:
    """The named digests of each output of one build."""

    def __init__(self, ctx: BuildContext, jobs: Mapping[tuple[str, str], Job], template: Path | None, date: str,
                 files: Digests):
        self.ctx, self.jobs, self.template, self.files = ctx, jobs, template, files
        self.common = {"reportgen": code_digest(), "libraries": library_versions(), "fonts": font_digests(), "build date": date}

    def deck(self, lang: str) -> dict[str, str]:
        parts = self._document(lang, "deck")
        master = self.ctx.report.master_file(self.template)
        if master is not None:
            parts[f"master {self._label(master)}"] = self._file(master)
            mapping = beside(master)
            parts[f"master's mapping {self._label(mapping)}"] = self._file(mapping) if mapping.is_file() else "none"
        return parts

    def memo(self, lang: str) -> dict[str, str]:
        return self._document(lang, "memo")

    def chart(self, lang: str, chart_id: str) -> dict[str, str]:
        return {"chart": self.jobs[(lang, chart_id)].key}

    def _document(self, lang: str, kind: str) -> dict[str, str]:
        ctx = self.ctx
        parts = dict(self.common)
        for path in dict.fromkeys([ctx.spec_path, ctx.report.charts_path, *text_files(ctx.report.folder, lang), ctx.dataset.path]):
            parts[self._label(path)] = self._file(path)
        for name, rows in sorted(rows_read(ctx, lang, kind).items()):
            table = ctx.dataset.tables[name]
            parts[self._label(table.path)] = rows_digest(table, rows)
        parts[f"charts ({lang})"] = digest(sorted(job.key for (job_lang, _), job in self.jobs.items() if job_lang == lang))
        return parts

    def _file(self, path: Path) -> str:
        known = self.files.get(str(path.absolute()))
        return known if known is not None else file_sha256(path)

    def _label(self, path: Path) -> str:
        """A file's name as a person reads it: inside the report folder relative to it, a dataset file
        relative to the dataset folder's parent (`data/ai_services.csv`)."""
        for root in (self.ctx.report.folder, self.ctx.dataset.path.parent.parent):
            relative = os.path.relpath(path.absolute(), root.absolute())
            if not relative.startswith(".."):
                return Path(relative).as_posix()
        return path.absolute().as_posix()


def rows_read(ctx: BuildContext, lang: str, kind: str) -> dict[str, frozenset[str] | None]:
    """The rows an output of `kind` in `lang` reads, by table: a set of row ids, or None for every row."""
    report = ctx.report
    found: dict[str, set[str] | None] = {}

    def whole(table: str) -> None:
        found[table] = None

    def some(table: str, row_id: str) -> None:
        rows = found.setdefault(table, set())
        if rows is not None:
            rows.add(row_id)

    for chart in report.charts:
        whole(chart.table)
    for slide in report.slides:
        if slide.table is not None:
            whole(slide.table.table)
        for kpi in slide.kpis:
            table, row_id, _ = kpi.figure.split(".")
            some(table, row_id)
    for section in report.memo:
        for block in section.blocks:
            if block.table is not None:
                whole(block.table.table)
    for record in ctx.texts[lang].records.values():
        for read in record.reads:
            whole(read.table) if read.row is None else some(read.table, read.row)
    if kind == "memo" or report.memo:  # the appendix lists whole tables; the deck numbers sources as the memo does
        found = dict.fromkeys(found)
    return {name: None if rows is None else frozenset(rows) for name, rows in found.items() if name in ctx.dataset.tables}


def rows_digest(table: Table, rows: frozenset[str] | None) -> str:
    """The digest of a table's rows (all, or those with the given ids) and of its columns' definitions."""
    chosen = [r for r in table.rows if rows is None or str(r.get("id")) in rows]
    return digest([repr(table.fields), [sorted(dict(r).items()) for r in chosen]])
