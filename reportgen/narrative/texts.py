"""Narrative text bound to data: sandboxed Jinja, strict about unknown names, locale-aware filters.

A text file (`text/<lang>.yaml`) is a tree of strings. Every string is a Jinja template that can
name a figure as `data.<table>.<row id>.<column>`; the figure prints itself in the reader's
language (`1억 5,000만 명`, `150M users`). Nothing in the prose is typed by hand.

While a string renders, every value it reads from the dataset is recorded (`Read`), and with the
string's file and line that makes its `TextRecord`: the writers learn from these which rows and
sources a text names, and where it is written, without reading the YAML again.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError

from reportgen.errors import Collector, fail
from reportgen.inputs.cleantext import bad_character, clean_text
from reportgen.inputs.dataset import Dataset, Row, Table
from reportgen.inputs.yamlio import YamlDocument, format_loc, load_yaml
from reportgen.narrative import simple_templates
from reportgen.narrative.claims import CLAIMS, Claim, check_declared, declared_claims, numbers_of
from reportgen.narrative.derived import Derived, derived_functions, figure_use
from reportgen.narrative.provenance import FigureUse, note, recording
from reportgen.narrative.sandbox import BoundedSandbox
from reportgen.paths import inside
from reportgen.wording import formats
from reportgen.wording.figures import figure_text
from reportgen.wording.korean import josa

MAX_TEXT_CHARS = 20_000  # one rendered string; a runaway loop stops here
DATE = re.compile(r"\d{4}(-\d{2}){0,2}")  # a date cell (`2017-06-01`), which `| date` spells out


class UnknownNameError(Exception):
    """A template named a table, row or column the dataset does not have."""


@dataclass(frozen=True)
class Read:
    """One thing a text read from the dataset: `data.<table>.<row>.<column>` (the column as read,
    `name_en` for `name`); row and column are None when it took the whole table (a loop, a count)."""

    table: str
    row: str | None = None
    column: str | None = None


@dataclass(frozen=True)
class TextRecord:
    """One string of the text as rendered: where it is written and what it read, in reading order."""

    loc: tuple  # its path in the YAML: ("paragraphs", "where", 2)
    file: Path
    line: int | None
    reads: tuple[Read, ...] = ()
    figures: tuple[FigureUse, ...] = ()  # what it printed: each figure's forms and origin (narrative/provenance.py)

    @property
    def key(self) -> str:
        """`paragraphs.where[2]`"""
        return format_loc(self.loc)

    @property
    def place(self) -> str:
        """`paragraphs.where[2] (line 14)`, for messages."""
        return self.key + (f" (line {self.line})" if self.line else "")


@dataclass(frozen=True)
class Figure:
    """A number from the dataset with its unit, source and time; prints itself for the reader.

    `str(figure)` carries the row's range and qualifier (`167만 개 이상`); `figure.bare` does not.
    """

    value: float
    unit: str | None
    source: str
    when: str
    lang: str
    text: str
    plain: str  # with qualifier and range but without the unit word: `over 1.67M`
    digits: int = 2
    ref: str = ""  # `table.row.column`, for the provenance
    peers: Callable[[], dict[str, float]] | None = field(default=None, compare=False, repr=False)  # the column, for rank()

    def __str__(self) -> str:
        return self.text

    @property
    def bare(self) -> str:
        """The number with its unit, without qualifier or range: `167만 개`."""
        if self.unit is None:
            return formats.compact_number(self.value, self.lang, self.digits)
        return formats.with_unit(self.value, self.unit, self.lang, self.digits)

    def __float__(self) -> float:
        return float(self.value)

    # arithmetic in text works on the plain number: {{ (a / b) | num(1) }}
    def __truediv__(self, other: Any) -> float:
        return self.value / float(other)

    def __rtruediv__(self, other: Any) -> float:
        return float(other) / self.value

    def __mul__(self, other: Any) -> float:
        return self.value * float(other)

    __rmul__ = __mul__

    def __add__(self, other: Any) -> float:
        return self.value + float(other)

    __radd__ = __add__

    def __sub__(self, other: Any) -> float:
        return self.value - float(other)

    def __rsub__(self, other: Any) -> float:
        return float(other) - self.value


def when_of(row: Row) -> str:
    """The time a row's figures refer to: `2024`, `2025-05`, or a period `2019/2024`."""
    when = str(row.get("date") or row.get("year") or "")
    start = row.get("period_start")
    return f"{start}/{when}" if start and when else when


def label_forms(row: Row, lang: str) -> tuple[str, ...]:
    """The row's own words for what it measures, when they hold a number (`top-2% AI researchers`):
    a sentence may restate them, and the provenance then knows where that number comes from."""
    label = row.get(f"metric_{lang}") or row.get("metric")
    return (str(label).replace("-", " "),) if label and any(ch.isdigit() for ch in str(label)) else ()


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=3)
    return f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(known[:30])}"


class RowView:
    """`data.table.row_id`: columns by name; `name` reads `name_ko`/`name_en` for the reader."""

    def __init__(self, table: Table, row: Row, lang: str, reads: list[Read] | None = None):
        self._table, self._row, self._lang, self._reads = table, row, lang, reads

    def __getattr__(self, column: str) -> Any:
        if column.startswith("_"):
            raise AttributeError(column)
        value = cell(self._table, self._row, column, self._lang)
        if self._reads is not None:
            read = f"{column}_{self._lang}" if f"{column}_{self._lang}" in self._row else column
            self._reads.append(Read(self._table.name, str(self._row.get("id")), read))
        return value

    def __getitem__(self, column: str) -> Any:
        return self.__getattr__(column)


def cell(table: Table, row: Row, column: str, lang: str) -> Any:
    """One cell for the reader: a Figure for numbers with a unit, localized text for `X` -> `X_<lang>`."""
    if f"{column}_{lang}" in row:
        column = f"{column}_{lang}"
    if column not in row:
        raise UnknownNameError(f"table {table.name!r} has no column {column!r}; {_suggest(column, list(row))}")
    value = row[column]
    ref = f"{table.name}.{row.get('id')}.{column}"
    source = str(row.get("source") or "")
    when = when_of(row)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        spec = table.field(column)
        if spec is not None and spec.type == "year":
            note(FigureUse(ref, (str(value),), value, None, tuple(source.replace(";", " ").split()), when))
            return value
        text = figure_text(table, row, column, lang)
        plain = figure_text(table, row, column, lang, unit_word=False)
        figure = Figure(float(value), table.unit_of(row, column), source, when, lang, text, plain, ref=ref,
                        peers=lambda: numbers_of(table, column))
        note(figure_use(figure, (text, plain, figure.bare, *label_forms(row, lang))))
        return figure
    if value is None:
        raise UnknownNameError(f"table {table.name!r}, row {row.get('id')!r}: column {column!r} is empty (N/A)")
    if any(ch.isdigit() for ch in str(value)):  # a date, or words with a number in them: printed as the data has it
        shown = (str(value), formats.date_text(str(value), lang)) if DATE.fullmatch(str(value)) else (str(value),)
        note(FigureUse(ref, shown, str(value), None, tuple(source.replace(";", " ").split()), when))
    return value


class TableView:
    def __init__(self, table: Table, lang: str, reads: list[Read] | None = None):
        self._table, self._lang, self._reads = table, lang, reads
        self._rows = table.by_id()

    def __getattr__(self, row_id: str) -> RowView:
        if row_id.startswith("_"):
            raise AttributeError(row_id)
        if row_id not in self._rows:
            raise UnknownNameError(f"table {self._table.name!r} has no row {row_id!r}; {_suggest(row_id, list(self._rows))}")
        return RowView(self._table, self._rows[row_id], self._lang, self._reads)

    def __getitem__(self, row_id: str) -> RowView:
        return self.__getattr__(row_id)

    def _read_all(self) -> None:
        if self._reads is not None:
            self._reads.append(Read(self._table.name))

    def __iter__(self) -> Iterator[RowView]:
        self._read_all()
        return (RowView(self._table, r, self._lang, self._reads) for r in self._table.rows)

    def __len__(self) -> int:
        self._read_all()
        return len(self._table.rows)


class DataView:
    """`data` in the text. With `reads`, every value taken from the dataset is appended to it."""

    def __init__(self, dataset: Dataset, lang: str, reads: list[Read] | None = None):
        self._dataset, self._lang, self._reads = dataset, lang, reads

    def __getattr__(self, name: str) -> TableView:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._dataset.tables:
            raise UnknownNameError(f"no table {name!r} in the dataset; {_suggest(name, list(self._dataset.tables))}")
        return TableView(self._dataset.tables[name], self._lang, self._reads)

    def __getitem__(self, name: str) -> TableView:
        return self.__getattr__(name)


class ParamsView:
    """`params` in the text: the audience's values of the report's parameters (`params.audience`: its name)."""

    def __init__(self, values: Mapping[str, Any]):
        self._values = dict(values)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._values:
            raise UnknownNameError(f"no parameter {name!r}; {_suggest(name, list(self._values))} (declare it under params: in report.yaml)")
        return self._values[name]

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__(name)


def make_environment(lang: str) -> BoundedSandbox:
    env = BoundedSandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)

    def fmt(value: Any, unit: str | None = None, digits: int = 2, exact: bool = False) -> str:
        """A number with its unit; large figures read as tables print them (`38억 1,195만 명`, `3.81B people`),
        `exact=True` (or the `exact` filter): every digit (`38억 1,195만 3,827명`, `3,811,953,827 people`)."""
        if isinstance(value, (Figure, Derived)):
            unit = unit or value.unit
        if unit is None:
            return traced(value, formats.compact_number(float(value), lang, digits, exact))
        return traced(value, formats.with_unit(float(value), unit, lang, digits, exact))

    env.filters.update(
        fmt=fmt,
        exact=lambda v, unit=None, digits=2: fmt(v, unit, digits, exact=True),
        num=lambda v, digits=2, exact=False: traced(v, formats.compact_number(float(v), lang, digits, exact)),
        pct=lambda v, digits=1: traced(v, formats.percent(float(v), lang, digits)),
        money=lambda v, currency="USD", digits=2, exact=False: traced(v, formats.money(float(v), currency, lang, digits,
                                                                                       exact)),
        date=lambda v: formats.date_text(v, lang),
        josa=josa,
        ordinal=lambda v: traced(v, formats.ordinal(float(v), lang)),
        cap=lambda v: (lambda t: t[:1].upper() + t[1:])(str(v)),
    )
    env.globals.update(derived_functions(lang))
    return env


def traced(value: Any, shown: str) -> str:
    """A figure formatted by a filter keeps its origin in the provenance (a bare number has none)."""
    if isinstance(value, (Figure, Derived)):
        note(figure_use(value, (shown,)))
    return shown


@dataclass(frozen=True)
class Texts:
    """The rendered text of one language: a tree of strings, looked up by dotted key, and the record
    of every string (its file, line and the dataset values it read)."""

    lang: str
    path: Path
    tree: dict
    origins: Mapping[str, Path] = field(default_factory=dict)  # top-level key -> the file that defines it
    records: Mapping[tuple, TextRecord] = field(default_factory=dict)  # YAML path -> record, in reading order
    claims: tuple[Claim, ...] = ()  # every claim declared beside the text, each checked on the data

    def file_of(self, key: str) -> Path:
        """The file that holds `key` (or would: the file of its top-level key), for messages."""
        return self.origins.get(key.split(".", 1)[0], self.path)

    def get(self, key: str, default: Any = None) -> Any:
        """`a.b.c` in the tree; a key may itself hold dots (`columns: {ai_services.mau: MAU}`)."""
        loc = self.loc(key)
        if loc is None:
            return default
        node: Any = self.tree
        for part in loc:
            node = node[part]
        return node

    def loc(self, key: str) -> tuple | None:
        """The YAML path of a dotted key (`columns.ai_services.mau` -> ("columns", "ai_services.mau")), or None."""
        node: Any = self.tree
        parts = key.split(".")
        loc: list = []
        while parts:
            if not isinstance(node, dict):
                return None
            for n in range(len(parts), 0, -1):
                head = ".".join(parts[:n])
                if head in node:
                    node, parts = node[head], parts[n:]
                    loc.append(head)
                    break
            else:
                return None
        return tuple(loc)

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def record(self, key: str, index: int | None = None) -> TextRecord | None:
        """The record of the string at `key` (item `index` of a list), or None when it is not written."""
        loc = self.loc(key)
        if loc is None:
            return None
        return self.records.get(loc + ((index,) if index is not None else ()))

    def place(self, key: str, index: int | None = None) -> tuple[Path, str]:
        """`(file, "key[index] (line n)")` for messages; the file its top-level key would be in when not written."""
        record = self.record(key, index)
        if record is not None:
            return record.file, record.place
        loc = tuple(key.split(".")) + ((index,) if index is not None else ())
        return self.file_of(key), format_loc(loc)

    def reads(self, key: str, index: int | None = None) -> list[Read]:
        """Every dataset value the strings at and under `key` read, in reading order, each once."""
        loc = self.loc(key)
        if loc is None:
            return []
        if index is not None:
            loc += (index,)
        found: dict[Read, None] = {}
        for at, record in self.records.items():
            if at[:len(loc)] == loc:
                found.update(dict.fromkeys(record.reads))
        return list(found)


def text_files(report_folder: Path, lang: str) -> list[Path]:
    """`text/<lang>.yaml`, and every `text/<lang>/*.yaml` (merged in name order)."""
    single = report_folder / "text" / f"{lang}.yaml"
    folder = report_folder / "text" / lang
    files = ([single] if single.is_file() else []) + (sorted(folder.glob("*.yaml")) if folder.is_dir() else [])
    for path in files:
        if inside(report_folder, path.relative_to(report_folder)) is None:
            raise fail(path, "", "is a link to a file outside the report folder; copy the file into the folder instead")
    return files


def load_texts(report_folder: Path, dataset: Dataset, lang: str, params: Mapping[str, Any] | None = None) -> Texts:
    """All text of one language, rendered and merged; a key defined in two files is an error.
    `params`: what the text reads as `params.<name>` (the audience's values)."""
    files = text_files(report_folder, lang)
    problems = Collector()
    if not files:
        problems.add(report_folder / "text", "", f"no text for language {lang!r}: expected text/{lang}.yaml")
        problems.raise_if_any()
    tree: dict = {}
    origin: dict[str, Path] = {}
    records: dict[tuple, TextRecord] = {}
    claims: list[Claim] = []
    for path in files:
        part = render_texts(path, dataset, lang, {"params": ParamsView(params or {"audience": None})})
        records.update((loc, r) for loc, r in part.records.items() if loc not in records)
        claims.extend(part.claims)
        for key, value in part.tree.items():
            if key in tree and not (isinstance(tree[key], dict) and isinstance(value, dict)):
                problems.add(path, str(key), f"also defined in {origin[key].name}")
            elif key in tree:
                clash = sorted(set(tree[key]) & set(value))
                for sub in clash:
                    problems.add(path, f"{key}.{sub}", f"also defined in {origin[key].name}")
                tree[key] = {**tree[key], **value}
            else:
                tree[key], origin[key] = value, path
    problems.raise_if_any()
    return Texts(lang, files[0], tree, MappingProxyType(origin), MappingProxyType(records), tuple(claims))


def render_texts(path: Path, dataset: Dataset, lang: str, extra: dict | None = None) -> Texts:
    """Render every string of a text file; every problem is reported together."""
    doc = load_yaml(path)
    problems = Collector()
    if not isinstance(doc.data, dict):
        problems.add(path, "(top level)", "expected a mapping of text keys")
        problems.raise_if_any()
    env = make_environment(lang)
    reads: list[Read] = []
    context = {"data": DataView(dataset, lang, reads), "lang": lang, **(extra or {})}
    records: dict[tuple, TextRecord] = {}
    claims = declared_claims(doc, problems)
    rendering = Rendering(doc, env, context, problems, reads, records)
    tree = rendering.node(doc.data, ())
    for claim in claims:
        check_declared(claim, doc.path, dataset, env, context, problems, UnknownNameError)
    problems.raise_if_any()
    return Texts(lang, path, tree, records=MappingProxyType(records), claims=tuple(claims))


@dataclass
class Rendering:
    """One text file being rendered: each string is rendered and recorded with what it read."""

    doc: YamlDocument
    env: BoundedSandbox
    context: dict
    problems: Collector
    reads: list[Read]  # what the string being rendered has read so far (the DataView appends here)
    records: dict[tuple, TextRecord]

    def node(self, node: Any, loc: tuple) -> Any:
        if isinstance(node, dict):  # `claims:` beside a text is checked on the data, not printed
            return {k: self.node(v, loc + (k,)) for k, v in node.items() if k != CLAIMS}
        if isinstance(node, list):
            return [self.node(v, loc + (i,)) for i, v in enumerate(node)]
        self.reads.clear()
        with recording() as printed:
            if node is not None and not isinstance(node, (bool, int, float)):
                node = _render_string(node, loc, self.doc, self.env, self.context, self.problems)
        self.records[loc] = TextRecord(loc, self.doc.path, self.doc.line_of(loc), tuple(dict.fromkeys(self.reads)),
                                       tuple(printed.figures.values()))
        return node


def _render_string(node: Any, loc: tuple, doc: YamlDocument, env: BoundedSandbox, context: dict, problems: Collector) -> str:
    text = clean_text(str(node))
    bad = bad_character(text)
    if bad is None and "{" not in text:
        return text
    line = doc.line_of(loc)
    where = format_loc(loc) + (f" (line {line})" if line else "")
    if bad is not None:
        problems.add(doc.path, where, bad)
        return text
    try:
        rendered = simple_templates.render(env, text, context)  # Jinja (within the sandbox's budgets) unless plain
    except UnknownNameError as exc:
        problems.add(doc.path, where, str(exc))
        return text
    except TemplateSyntaxError as exc:
        problems.add(doc.path, where, f"template syntax error: {exc.message}")
        return text
    except TemplateError as exc:
        problems.add(doc.path, where, f"template error: {exc.message or exc}")
        return text
    except RecursionError:
        problems.add(doc.path, where, "template error: calls nest too deeply; does a macro call itself?")
        return text
    except (ValueError, TypeError, ArithmeticError, LookupError) as exc:
        problems.add(doc.path, where, f"cannot render: {exc}")
        return text
    if len(rendered) > MAX_TEXT_CHARS:
        problems.add(doc.path, where, f"renders to {len(rendered):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    rendered = clean_text(rendered)
    bad = bad_character(rendered)
    if bad is not None:
        problems.add(doc.path, where, f"renders text that {bad}")
    return rendered
