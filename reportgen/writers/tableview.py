"""One table view for deck and memo: what a table of the dataset says to the reader, before layout.

A `TableView` of report.yaml (table, columns, `where`) becomes a `TableText`: the header of each
column, every cell as the reader reads it, the rows that start a group, the unit line and the
source line. The deck (python-pptx) and the memo (reportlab) only lay it out, so a cell reads
the same on a slide and on a page:

- a figure prints with its unit in the reader's locale, with its range and qualifier (`figure_text`),
  in its column's style: the view's `formats:` for that column, completed from the column's figures, so
  every cell of a column reads with the same decimals and scale (`63.0` beside `82.6`);
- `X` shows `X_<lang>` whenever the table has it (even beside a code column `X`);
- a date column (type `date`, or a name starting with `date`) reads as words (`2025년 5월`, `May 2025`);
- a year is the year; true/false is a word (`예`/`아니요`, `yes`/`no`): a word reads the same projected
  and on a phone, is read aloud by a screen reader, and is in every font (NanumGothic has no ✓);
- an empty cell is `labels.not_available` (`N/A`);
- a header is `columns.<table>.<column>` from the text (nested or one dotted key), else the field's
  title in the schema, else the column name;
- a label repeated down a text first column is shown once, on the first row of its run (a group).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportgen.inputs.dataset import Dataset, Row, Table
from reportgen.inputs.rows import localized_column, select_rows
from reportgen.inputs.spec import NumberFormat, TableView
from reportgen.inputs.units import CURRENCY_WORDS_KO, UNITS
from reportgen.narrative.texts import Texts
from reportgen.wording import formats
from reportgen.wording.figures import figure_style, figure_text, number_style, row_sources, source_line
from reportgen.writers.words import writer_words

DATE_TEXT = re.compile(r"\d{4}(-\d{2}){0,2}")
CELL_WORDS = ("not_available", "yes", "no")  # shared with deck and memo (writers/words.py); `labels.<name>` overrides each


@dataclass(frozen=True)
class Column:
    name: str  # as report.yaml names it: `company`
    shown: str  # the column the reader sees: `company_en`
    header: str
    numeric: bool  # set right-aligned


@dataclass(frozen=True)
class TableText:
    """A table as the reader reads it; `cells` in full, `shown` with each group's label once."""

    table: Table
    title: str  # `tables.<table>` in the text, else the table's title
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    cells: tuple[tuple[str, ...], ...]
    shown: tuple[tuple[str, ...], ...]
    groups: tuple[int, ...]  # rows that start a group (empty when no label repeats)
    units: tuple[str, ...]  # unit names of the figures shown, in column order: `명`, `USD`
    sources: tuple[str, ...]  # source ids of the rows, first seen first
    source_line: str  # `출처: Aicpb.com (2025)`

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def numeric(self) -> list[bool]:
        return [c.numeric for c in self.columns]

    def pages(self, size: int, dataset: Dataset, lang: str) -> list[TableText]:
        """The view in pages of `size` rows (at least one page), each grouped and sourced on its own."""
        starts = range(0, len(self.rows), size) if self.rows else [0]
        return [_finish(replace(self, rows=self.rows[i:i + size], cells=self.cells[i:i + size]), dataset, lang) for i in starts]


def table_text(view: TableView, dataset: Dataset, texts: Texts) -> TableText:
    """The rows `view` selects, with the columns it names, for the reader of `texts`."""
    table, lang = dataset.tables[view.table], texts.lang
    columns = tuple(Column(c, reader_column(table, c, lang), column_header(texts, table, c), is_numeric(table, c, lang))
                    for c in view.columns)
    words = cell_words(texts)
    rows = tuple(select_rows(table, view.where))
    styles = {c.name: column_styles(table, rows, c.shown, lang, view.formats.get(c.name)) for c in columns}
    cells = tuple(tuple(cell_text(table, row, c.name, lang, words, styles[c.name].get(table.unit_of(row, c.shown)))
                        for c in columns) for row in rows)
    title = str(texts.get(f"tables.{table.name}") or table.title)
    empty = TableText(table, title, columns, rows, cells, (), (), (), (), "")
    return _finish(empty, dataset, lang)


def _finish(text: TableText, dataset: Dataset, lang: str) -> TableText:
    """Groups, units and sources of the rows `text` holds."""
    shown = group_first_column(text.cells) if text.columns and not text.columns[0].numeric else text.cells
    groups = tuple(i for i, line in enumerate(shown) if line[0]) if shown != text.cells else ()
    sources = tuple(row_sources(text.rows))
    units = tuple(table_units(text.table, text.rows, [c.name for c in text.columns], lang))
    return replace(text, shown=shown, groups=groups, units=units, sources=sources,
                   source_line=source_line(dataset, sources, lang))


def cell_words(texts: Texts) -> dict[str, str]:
    """The words of cells without a figure: `labels.not_available`, `labels.yes`, `labels.no`."""
    found = writer_words(texts)
    return {name: found[name] for name in CELL_WORDS}


def reader_column(table: Table, column: str, lang: str) -> str:
    """The column a reader of `lang` sees for `column`: `X_<lang>` whenever the table has it (even
    when a bare `X`, usually a slug like `text` or `semiconductor`, exists too)."""
    if f"{column}_{lang}" in table.columns:
        return f"{column}_{lang}"
    return localized_column(table, column, lang)


def is_numeric(table: Table, column: str, lang: str) -> bool:
    spec = table.field(reader_column(table, column, lang))
    return spec is not None and spec.type in ("number", "integer")


def column_styles(table: Table, rows: Sequence[Row], name: str, lang: str,
                  fmt: NumberFormat | None = None) -> dict[str | None, formats.NumberStyle]:
    """One number style per unit of a column shown (a long table's `value` holds several units): the
    column's `format:` completed from its figures, so every cell reads with the same decimals and scale."""
    if (spec := table.field(name)) is not None and spec.type == "year":
        return {}
    asked = number_style(fmt)
    numbers = [r for r in rows if isinstance(r.get(name), (int, float)) and not isinstance(r.get(name), bool)]
    units = dict.fromkeys(table.unit_of(r, name) for r in numbers)
    return {unit: figure_style(table, [r for r in numbers if table.unit_of(r, name) == unit], [name], lang, asked, groups=True)
            for unit in units}


def cell_text(table: Table, row: Row, column: str, lang: str, words: dict[str, str],
              style: formats.NumberStyle | None = None) -> str:
    """One cell for the reader (see the module's docstring); a figure in its column's `style` when given."""
    name = reader_column(table, column, lang)
    value = row.get(name)
    spec = table.field(name)
    if value is None or value == "":
        return words["not_available"]
    if isinstance(value, bool):
        return words["yes"] if value else words["no"]
    if isinstance(value, (int, float)):
        if spec is not None and spec.type == "year":
            return str(value)
        return figure_text(table, row, name, lang, style=style)
    if isinstance(value, dt.date) or (_is_date_column(table, name) and DATE_TEXT.fullmatch(str(value))):
        return formats.date_text(value, lang)
    return str(value)


def _is_date_column(table: Table, name: str) -> bool:
    spec = table.field(name)
    return (spec is not None and spec.type == "date") or name.startswith("date")


def column_header(texts: Texts, table: Table, column: str) -> str:
    """`columns.<table>.<column>` from the text (nested or one dotted key), else the field's title in
    the schema, else the column name."""
    given = texts.get("columns") or {}
    if isinstance(given, dict):
        nested = given.get(table.name) if isinstance(given.get(table.name), dict) else {}
        label = given.get(f"{table.name}.{column}") or nested.get(column)
        if label:
            return str(label)
    spec = table.field(reader_column(table, column, texts.lang))
    if spec is not None and spec.title:
        return str(spec.title)
    return column.replace("_", " ").capitalize()


def group_first_column(cells: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """A label repeated on consecutive rows of the first column is shown once, on the first row."""
    return tuple(("", *line[1:]) if i > 0 and line[0] == cells[i - 1][0] else tuple(line) for i, line in enumerate(cells))


def unit_name(unit_id: str, lang: str) -> str:
    """`명` / `users`, `달러` / `USD`, `%`: how a unit line names a unit."""
    unit = UNITS[unit_id]
    if unit.kind == "percent":
        return "%"
    if unit.kind == "currency":
        word = CURRENCY_WORDS_KO.get(unit.currency, unit.currency) if lang == "ko" else unit.currency
        return word + (unit.ko if lang == "ko" else unit.en)
    return unit.ko if lang == "ko" else unit.en


def table_units(table: Table, rows: Sequence[Row], columns: Sequence[str], lang: str) -> list[str]:
    """The distinct unit names of the numeric columns shown, in column order."""
    names: dict[str, None] = {}
    for column in columns:
        name = reader_column(table, column, lang)
        for row in rows:
            unit = table.unit_of(row, name) if isinstance(row.get(name), (int, float)) else None
            if unit and unit_name(unit, lang):
                names.setdefault(unit_name(unit, lang), None)
    return list(names)
