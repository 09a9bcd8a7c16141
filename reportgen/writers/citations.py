"""Which dataset rows, tables and sources each output names, and one number per source.

Fed by the narrative stage: a text names what it read while it rendered (`Texts.reads`, from the
`TextRecord` of each string), so no writer reads the text YAML again or scans a template. A chart
names the sources of the points it shows (`ChartImage.source_ids`); a table or KPI, its rows.

One numbering per language serves deck and memo (`Citations`): the memo's sources first, in the
order its reader meets them (summary, sections, data appendix), so its endnote marks rise as it is
read; then the sources only the deck names, in dataset order. The memo's endnotes and the deck's
sources slides print each source under the same number. The memo lists its own sources (1 to n,
no gap); the deck lists every numbered source (`Citations.deck_list`), those only the memo cites
marked, so its list has no gap either and a number means the same source in both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from reportgen.context import BuildContext, ChartImage
from reportgen.inputs.dataset import Dataset, Row
from reportgen.inputs.rows import select_rows
from reportgen.inputs.spec import MemoBlock, Slide, TableView
from reportgen.narrative.texts import Read, Texts
from reportgen.wording.figures import row_sources


@dataclass(frozen=True)
class Cited:
    """What one place of an output (a paragraph, a chart, a table, a slide) names."""

    sources: tuple[str, ...] = ()  # source ids, first named first
    tables: tuple[str, ...] = ()  # dataset tables, first named first
    rows: tuple[Row, ...] = ()  # the rows behind it, first named first


def read_rows(dataset: Dataset, reads: Iterable[Read]) -> list[Row]:
    """The rows a text read: the row of each `data.<table>.<row>`, every row of a table it took whole."""
    rows: dict[int, Row] = {}
    for read in reads:
        table = dataset.tables.get(read.table)
        if table is None:
            continue
        if read.row is None:
            rows.update((id(r), r) for r in table.rows)
            continue
        row = table.by_id().get(read.row)  # indexed once per table, not once per read
        if row is not None:
            rows.setdefault(id(row), row)
    return list(rows.values())


def text_cited(dataset: Dataset, texts: Texts, key: str, index: int | None = None) -> Cited:
    """What the text at `key` (and under it; item `index` of a list) names, from what it read."""
    reads = texts.reads(key, index)
    rows = read_rows(dataset, reads)
    tables = tuple(dict.fromkeys(r.table for r in reads if r.table in dataset.tables))
    return Cited(tuple(row_sources(rows)), tables, tuple(rows))


def chart_cited(image: ChartImage, table: str) -> Cited:
    """A chart names the sources of the points it shows and any the chart spec adds."""
    return Cited(tuple(image.source_ids), (table,))


def table_cited(dataset: Dataset, view: TableView) -> Cited:
    rows = select_rows(dataset.tables[view.table], view.where)
    return Cited(tuple(row_sources(rows)), (view.table,), tuple(rows))


def rows_cited(rows: Sequence[Row], table: str) -> Cited:
    return Cited(tuple(row_sources(rows)), (table,), tuple(rows))


def joined(parts: Iterable[Cited]) -> Cited:
    """Several places as one, each source, table and row once, first named first."""
    sources: dict[str, None] = {}
    tables: dict[str, None] = {}
    rows: dict[int, Row] = {}
    for part in parts:
        sources.update(dict.fromkeys(part.sources))
        tables.update(dict.fromkeys(part.tables))
        rows.update((id(r), r) for r in part.rows if id(r) not in rows)
    return Cited(tuple(sources), tuple(tables), tuple(rows.values()))


# the memo -------------------------------------------------------------------------------------

def paragraphs(texts: Texts, block: MemoBlock) -> list[int | None]:
    """The paragraphs of a text block: an index per item of a list, None for a single string."""
    value = texts.get(f"paragraphs.{block.text}")
    return list(range(len(value))) if isinstance(value, list) else [None]


def memo_block_cited(ctx: BuildContext, texts: Texts, charts: Mapping[str, ChartImage], block: MemoBlock) -> list[Cited]:
    """What a memo block names, in reading order: one entry per paragraph of a text block, one for
    a chart, a table or a recommendation."""
    dataset = ctx.dataset
    if block.text is not None:
        return [text_cited(dataset, texts, f"paragraphs.{block.text}", i) for i in paragraphs(texts, block)]
    if block.chart is not None:
        image = charts.get(block.chart)
        return [chart_cited(image, ctx.report.chart(block.chart).table)] if image is not None else []
    if block.table is not None:
        return [table_cited(dataset, block.table)]
    if block.recommendation is not None:
        return [text_cited(dataset, texts, f"recommendations.{block.recommendation}")]
    return []


def memo_body_cited(ctx: BuildContext, texts: Texts, charts: Mapping[str, ChartImage]) -> Iterator[Cited]:
    """Every block of every memo section, in the order the reader meets them."""
    for section in ctx.report.memo:
        for block in section.blocks:
            yield from memo_block_cited(ctx, texts, charts, block)


def appendix_cited(ctx: BuildContext, tables: Iterable[str]) -> list[Cited]:
    """The data appendix lists each table the memo draws on, with the sources of all its rows."""
    return [rows_cited(ctx.dataset.tables[name].rows, name) for name in tables]


def memo_cited(ctx: BuildContext, texts: Texts, charts: Mapping[str, ChartImage]) -> list[Cited]:
    """All the memo names, in reading order: its sections, then the data appendix."""
    body = list(memo_body_cited(ctx, texts, charts))
    return body + appendix_cited(ctx, joined(body).tables)


# the deck -------------------------------------------------------------------------------------

def slide_cited(ctx: BuildContext, texts: Texts, charts: Mapping[str, ChartImage], slide: Slide) -> Cited:
    """What a slide shows (its chart, KPIs, table) and what its text names (the slide's own text,
    its chart's text, its recommendation's text)."""
    dataset, report = ctx.dataset, ctx.report
    parts: list[Cited] = []
    if slide.chart and slide.kind == "chart":
        image = charts.get(slide.chart)
        if image is not None:
            parts.append(chart_cited(image, report.chart(slide.chart).table))
    for kpi in slide.kpis:
        table, row_id, _ = kpi.figure.split(".")
        parts.append(rows_cited([dataset.tables[table].by_id()[row_id]], table))
    if slide.table is not None:
        parts.append(table_cited(dataset, slide.table))
    keys = [f"slides.{slide.id}"]
    keys += [f"charts.{slide.chart}"] if slide.chart else []
    keys += [f"recommendations.{slide.recommendation}"] if slide.recommendation else []
    parts += [text_cited(dataset, texts, key) for key in keys]
    return joined(parts)


def deck_cited(ctx: BuildContext, texts: Texts, charts: Mapping[str, ChartImage]) -> Cited:
    return joined(slide_cited(ctx, texts, charts, slide) for slide in ctx.report.slides)


# one numbering --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Citations:
    """The sources of one language's briefing, each with its one number, and which output names which."""

    lang: str
    numbers: Mapping[str, int]  # source id -> number
    memo: tuple[str, ...]  # the sources the memo names, by number
    deck: tuple[str, ...]  # the sources the deck names, by number

    @property
    def deck_list(self) -> tuple[str, ...]:
        """What the deck's sources slides list: every numbered source, by number (a source the deck
        does not cite is still listed, marked as the memo's: a reader of both finds no gap)."""
        return tuple(sorted(self.numbers, key=self.numbers.__getitem__))

    def memo_only(self, source_id: str) -> bool:
        """Whether only the memo cites `source_id` (the deck lists it, marked)."""
        return source_id not in self.deck

    def number(self, source_id: str) -> int:
        return self.numbers[source_id]

    def numbers_of(self, source_ids: Iterable[str]) -> list[int]:
        """The numbers of `source_ids`, each once, in the order given."""
        return list(dict.fromkeys(self.numbers[s] for s in source_ids))


def citations(ctx: BuildContext, lang: str, charts: Mapping[str, ChartImage]) -> Citations:
    """Number every source the deck or memo of `lang` names (see the module's docstring)."""
    texts = ctx.texts[lang]
    memo = joined(memo_cited(ctx, texts, charts)).sources if ctx.report.memo else ()
    named_by_deck = set(deck_cited(ctx, texts, charts).sources) if ctx.report.deck else set()
    deck_only = [s for s in ctx.dataset.sources if s in named_by_deck and s not in memo]
    numbers = {source: n for n, source in enumerate([*memo, *deck_only], start=1)}
    deck = tuple(sorted(named_by_deck & numbers.keys(), key=numbers.__getitem__))
    return Citations(lang, numbers, tuple(memo), deck)
