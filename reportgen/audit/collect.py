"""Every figure a language's deck and memo can show, with where it is meant to appear.

Figures come from the rendered text (each string's record: the cells it read, the figures it
derived), the KPI cards, the table cells, the chart values, the sources (their dates and titles)
and the report's own dates. Each carries its scope: the deck slides (by id) and memo sections (by
id) whose text can hold it, or `*` for text printed on every page (the cover, running lines, sources).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from reportgen.context import BuildContext
from reportgen.inputs.dataset import Row, Table
from reportgen.inputs.spec import Report, TableView
from reportgen.inputs.units import UNITS
from reportgen.narrative.derived import sources_of
from reportgen.narrative.provenance import FigureUse
from reportgen.narrative.texts import label_forms, when_of
from reportgen.wording import formats
from reportgen.wording.figures import kpi_text, row_years, source_entry, source_label
from reportgen.writers.tableview import table_text

EVERYWHERE = "*"


@dataclass
class Entry:
    """One figure of the provenance: what it prints, where it comes from, where it may and does appear."""

    use: FigureUse
    deck: set[str] = field(default_factory=set)  # slide ids, or EVERYWHERE
    memo: set[str] = field(default_factory=set)  # memo section ids, or EVERYWHERE
    texts: list[dict[str, Any]] = field(default_factory=list)  # {key, file, line} of the texts that print it
    appears: list[dict[str, Any]] = field(default_factory=list)  # {output, slide|page, where}


class Ledger:
    """The figures of one language, merged by (ref, printed forms)."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, tuple[str, ...]], Entry] = {}

    def add(self, use: FigureUse, deck: set[str], memo: set[str], text: dict[str, Any] | None = None) -> None:
        entry = self.entries.setdefault((use.ref, use.shown), Entry(use))
        entry.deck |= deck
        entry.memo |= memo
        if text is not None and text not in entry.texts:
            entry.texts.append(text)


def collect(ctx: BuildContext, lang: str, chart_points: dict[str, list[FigureUse]], deck_sources: int | None = None) -> Ledger:
    """Every figure of `lang`: text, KPIs, tables, charts (`chart_points`: chart id -> its values), sources, dates;
    `deck_sources`: how many sources the deck lists (its sources slide counts them)."""
    report, ledger = ctx.report, Ledger()
    texts = ctx.texts[lang]
    for record in texts.records.values():
        deck, memo = key_scopes(report, record.key)
        for use in record.figures:
            ledger.add(use, deck, memo, {"key": record.key, "file": str(record.file), "line": record.line})
    for slide in report.slides:
        for i, kpi in enumerate(slide.kpis):
            table, row, shown = kpi_text(ctx.dataset, kpi, lang)
            column = kpi.figure.split(".")[2]
            place = {"key": f"slides.{slide.id}.kpis[{i}]", "file": str(ctx.spec_path), "line": None}
            ledger.add(_cell_use(table, row, column, (shown, *label_forms(row, lang))), {slide.id}, set(), place)
            _add_row_date(ledger, table, row, lang, {slide.id}, set())
        if slide.table is not None:
            _add_table(ledger, ctx, slide.table, lang, {slide.id}, set())
    for section in report.memo:
        for block in section.blocks:
            if block.table is not None:
                _add_table(ledger, ctx, block.table, lang, set(), {section.id})
    for chart in report.charts:
        deck = {s.id for s in report.slides if s.chart == chart.id}
        memo = {m.id for m in report.memo if any(b.chart == chart.id for b in m.blocks)}
        for use in chart_points.get(chart.id, []):
            ledger.add(use, deck, memo, {"key": f"charts.{chart.id} (value label)", "file": str(ctx.spec_path), "line": None})
    _add_everywhere(ledger, ctx, lang)
    slides = {s.id for s in ctx.report.slides if s.kind == "sources"}
    if slides and deck_sources is not None:
        ledger.add(FigureUse("deck sources (count)", (str(deck_sources),), deck_sources, derivation="count",
                             inputs=("writers.citations",), rounding="whole number"), slides, set())
    return ledger


def key_scopes(report: Report, key: str) -> tuple[set[str], set[str]]:
    """The deck slides and memo sections a text key prints on."""
    head, _, rest = key.partition(".")
    name = rest.split(".", 1)[0].split("[", 1)[0]
    if head == "slides":
        return {name}, set()
    if head == "charts":
        return ({s.id for s in report.slides if s.chart == name},
                {m.id for m in report.memo if any(b.chart == name for b in m.blocks)})
    if head == "recommendations":
        return ({s.id for s in report.slides if s.recommendation == name},
                {m.id for m in report.memo if any(b.recommendation == name for b in m.blocks)})
    if head == "paragraphs":
        return set(), {m.id for m in report.memo if any(b.text == name for b in m.blocks)}
    if head == "memo":
        return set(), {name}
    return {EVERYWHERE}, {EVERYWHERE}


def _cell_use(table: Table, row: Row, column: str, shown: tuple[str, ...]) -> FigureUse:
    value = row.get(column)
    return FigureUse(f"{table.name}.{row.get('id')}.{column}", shown, value if isinstance(value, (int, float, str)) else str(value),
                     table.unit_of(row, column) if isinstance(value, (int, float)) else None,
                     sources_of(_SourceOf(row)), when_of(row))


class _SourceOf:
    def __init__(self, row: Row):
        self.source = " ".join(str(row.get(k) or "") for k in ("source", "source2"))


def _add_row_date(ledger: Ledger, table: Table, row: Row, lang: str, deck: set[str], memo: set[str]) -> None:
    for column in ("date", "year"):
        if row.get(column):
            shown = (str(row[column]), formats.date_text(str(row[column]), lang))
            ledger.add(_cell_use(table, row, column, shown), deck, memo)


def _add_table(ledger: Ledger, ctx: BuildContext, view: TableView, lang: str, deck: set[str], memo: set[str]) -> None:
    printed = table_text(view, ctx.dataset, ctx.texts[lang])  # the cells as deck and memo print them
    table = printed.table
    for row, cells in zip(printed.rows, printed.cells, strict=True):
        for column, cell in zip(printed.columns, cells, strict=True):
            name = column.shown
            value = row.get(name)
            if isinstance(value, bool) or value is None or value == "":
                continue
            spec = table.field(name)
            if isinstance(value, (int, float)) and not (spec is not None and spec.type == "year"):
                ledger.add(_cell_use(table, row, name, (cell,)), deck, memo)
            elif any(ch.isdigit() for ch in str(value)):
                text = str(value)
                shown = (text, formats.date_text(value, lang)) if isinstance(value, dt.date) or _is_date(text) else (text,)
                ledger.add(_cell_use(table, row, name, shown), deck, memo)


def _is_date(text: str) -> bool:
    parts = text.split("-")
    return 1 <= len(parts) <= 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts)


def _add_everywhere(ledger: Ledger, ctx: BuildContext, lang: str) -> None:
    """What any page may print: the sources (labels, entries, dates), the report's date and the build's date,
    and the memo appendix's row counts and periods."""
    everywhere = {EVERYWHERE}
    dataset = ctx.dataset
    for source_id, source in dataset.sources.items():
        shown = [source_label(dataset, source_id, lang), source_entry(dataset, source_id, lang), source.title or "",
                 source.date or "", source.note or ""]  # the note says what the figures are (`2005 international dollars`)
        ledger.add(FigureUse(f"sources.{source_id}", tuple(s for s in shown if s), source.date or "", None, (source_id,),
                             source.date or ""), everywhere, everywhere)
    for unit in UNITS.values():  # a unit's own words (`per 1M tokens`, `/100만 토큰`) may be restated
        word = unit.ko if lang == "ko" else unit.en
        if any(ch.isdigit() for ch in word):
            ledger.add(FigureUse(f"unit {unit.name}", (word.lstrip("/"),), unit.name), everywhere, everywhere)
    for ref, day in (("report.date", ctx.report.date), ("build.date", ctx.built_at.date())):
        ledger.add(FigureUse(ref, (str(day), formats.date_text(day, lang)), str(day)), everywhere, everywhere)
    for table in dataset.tables.values():
        if table.title and any(ch.isdigit() for ch in table.title):  # the appendix lists it; a slide of the table may restate it
            ledger.add(FigureUse(f"{table.name} (title)", (table.title,), table.title), _slides_of(ctx, table.name), everywhere)
        count = formats.plain_number(len(table.rows), lang, 0)
        ledger.add(FigureUse(f"{table.name} (rows)", (count,), len(table.rows), derivation="count",
                             inputs=(table.path.name,), rounding="whole number"), set(), everywhere)
        periods = sorted(row_years(table.rows))
        if periods:
            ledger.add(FigureUse(f"{table.name} (period)", tuple(periods), f"{periods[0]}–{periods[-1]}",
                                 derivation="period", inputs=(table.path.name,)), set(), everywhere)


def _slides_of(ctx: BuildContext, table: str) -> set[str]:
    """The deck slides that show `table`: its charts, its table views, its KPIs."""
    charts = {c.id for c in ctx.report.charts if c.table == table}
    return {s.id for s in ctx.report.slides
            if (s.kind == "chart" and s.chart in charts) or (s.table is not None and s.table.table == table)
            or any(k.figure.split(".")[0] == table for k in s.kpis)}
