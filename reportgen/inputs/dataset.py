"""Loading and validating a dataset: typed, frozen tables, their sources, and every problem at once."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from reportgen.errors import Collector, ReportgenError, fail
from reportgen.inputs.cells import Value, cell_reader
from reportgen.inputs.descriptor import Descriptor, FieldSpec, Resource, Source
from reportgen.inputs.qualifiers import QUALIFIERS
from reportgen.inputs.tablefile import read_table
from reportgen.inputs.units import UNITS, declare
from reportgen.inputs.validate import validate_document
from reportgen.inputs.yamlio import load_yaml
from reportgen.paths import inside


class Row(Mapping):
    """One row of a table: column name -> typed value (None where the cell is empty)."""

    __slots__ = ("_cells", "line")

    def __init__(self, cells: dict[str, Value], line: int):
        self._cells = MappingProxyType(cells)
        self.line = line

    def __getitem__(self, key: str) -> Value:
        return self._cells[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._cells)

    def __len__(self) -> int:
        return len(self._cells)

    def __repr__(self) -> str:
        return f"Row({dict(self._cells)!r})"


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    path: Path
    fields: tuple[FieldSpec, ...]
    rows: tuple[Row, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    def by_id(self) -> Mapping[str, Row]:
        """Rows by id, indexed once per table (callers look rows up text by text)."""
        return self._by_id

    @cached_property
    def _by_id(self) -> Mapping[str, Row]:
        return {str(r["id"]): r for r in self.rows if "id" in r}  # a plain dict: a Table stays picklable

    def unit_of(self, row: Row, column: str) -> str | None:
        """The unit of one cell: the field's declared unit, else the row's `unit` column."""
        spec = self.field(column)
        if spec is not None and spec.unit:
            return spec.unit
        unit = row.get("unit")
        return str(unit) if unit else None


@dataclass(frozen=True)
class Dataset:
    path: Path
    name: str
    title: str
    sources: Mapping[str, Source]
    tables: Mapping[str, Table]

    def table(self, name: str) -> Table:
        return self.tables[name]


def load_dataset(descriptor_path: Path) -> Dataset:
    """Read `datapackage.yaml` and every table it lists; raise one ReportgenError listing all problems."""
    doc = load_yaml(descriptor_path)
    declared = [u.get("name") for u in doc.data.get("units") or [] if isinstance(u, dict)] if isinstance(doc.data, dict) else []
    descriptor = validate_document(Descriptor, doc, context={"units": declared})
    declare([u.unit() for u in descriptor.units])
    folder = descriptor_path.parent
    problems = Collector()
    source_ids = {s.id for s in descriptor.sources}
    tables: dict[str, Table] = {}
    for resource in descriptor.resources:
        try:
            tables[resource.name] = _load_table(folder, resource, source_ids, problems)
        except ReportgenError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    return Dataset(
        path=descriptor_path,
        name=descriptor.name,
        title=descriptor.title or descriptor.name,
        sources=MappingProxyType({s.id: s for s in descriptor.sources}),
        tables=MappingProxyType(tables),
    )


def _load_table(folder: Path, resource: Resource, source_ids: set[str], problems: Collector) -> Table:
    path = folder / resource.path
    if inside(folder, resource.path) is None:
        raise fail(path, "", "is a link to a file outside the dataset folder; copy the file into the folder instead")
    raw = read_table(path, resource.sheet)
    fields = resource.schema_.fields
    names = [f.name for f in fields]
    missing = [n for n in names if n not in raw.header]
    extra = list(dict.fromkeys(h for h in raw.header if h not in names))
    if missing or extra:
        parts = [f"missing column {m!r}" for m in missing] + [f"unexpected column {e!r}" for e in extra]
        problems.add(path, "row 1 (header)", f"{'; '.join(parts)}; the schema lists: {', '.join(names)}")
        return Table(resource.name, resource.title or resource.name, path, fields, ())
    if not raw.rows:
        problems.add(path, "", "has a header but no rows of data")
    position = {h: i for i, h in enumerate(raw.header)}
    readers = [(spec.name, position[spec.name], cell_reader(spec, resource.schema_.missingValues)) for spec in fields]
    rows = []
    for line, cells in raw.rows:
        if len(cells) > len(raw.header) and any(str(c).strip() for c in cells[len(raw.header):]):
            problems.add(path, f"row {line}", f"has {len(cells)} cells but the header has {len(raw.header)} columns; "
                         "a value with a comma (like 1,234) must be quoted or written without the comma")
            continue
        values: dict[str, Value] = {}
        for name, i, read in readers:
            try:
                values[name] = read(cells[i] if i < len(cells) else "")
            except ValueError as exc:
                problems.add(path, f"row {line}, column {name}", str(exc))
                values[name] = None
        rows.append(Row(values, line))
    _check_unique(path, resource, rows, problems)
    _check_sources(path, fields, rows, source_ids, problems)
    _check_units(path, rows, problems)
    _check_qualifiers(path, rows, problems)
    _check_derived(path, resource, rows, problems)
    return Table(resource.name, resource.title or resource.name, path, fields, tuple(rows))


def _check_unique(path: Path, resource: Resource, rows: list[Row], problems: Collector) -> None:
    key = resource.schema_.key_fields
    unique = [(f.name,) for f in resource.schema_.fields if f.constraints.unique and (f.name,) != key]
    for cols in [key, *unique]:
        seen: dict[tuple, int] = {}
        for row in rows:
            value = tuple(row[c] for c in cols)
            if any(v is None for v in value):
                continue
            if value in seen:
                shown = ", ".join(str(v) for v in value)
                problems.add(path, f"row {row.line}, column {'+'.join(cols)}",
                             f"duplicate key {shown!r} (first in row {seen[value]}); keys must be unique")
            else:
                seen[value] = row.line


def _check_sources(path: Path, fields: tuple[FieldSpec, ...], rows: list[Row], known: set[str], problems: Collector) -> None:
    columns = [f.name for f in fields if f.name.startswith("source") and f.type == "string"]
    for row in rows:
        for col in columns:
            for ref in re.split(r"[;\s]+", str(row[col] or "")):
                if ref and ref not in known:
                    close = difflib.get_close_matches(ref, sorted(known), n=3)
                    hint = f"; did you mean {', '.join(close)}?" if close else "; add it to sources in datapackage.yaml"
                    problems.add(path, f"row {row.line}, column {col}", f"unknown source id {ref!r}{hint}")


def _check_units(path: Path, rows: list[Row], problems: Collector) -> None:
    for row in rows:
        unit = row.get("unit")
        if unit and unit not in UNITS:
            problems.add(path, f"row {row.line}, column unit", f"unknown unit {unit!r}; known units: {', '.join(UNITS)}")


def _check_qualifiers(path: Path, rows: list[Row], problems: Collector) -> None:
    for row in rows:
        qualifier = row.get("qualifier")
        if qualifier and qualifier not in QUALIFIERS:
            problems.add(path, f"row {row.line}, column qualifier",
                         f"unknown qualifier {qualifier!r}; known qualifiers: {', '.join(QUALIFIERS)} (or empty: stated as is)")


def _check_derived(path: Path, resource: Resource, rows: list[Row], problems: Collector) -> None:
    for check in resource.derived:
        code = compile(check.formula, "<formula>", "eval")
        for row in rows:
            values = {k: v for k, v in row.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
            stated = row[check.field]
            try:
                computed = eval(code, {"__builtins__": {}}, values)  # noqa: S307 - formula_names() allowed arithmetic only
            except (NameError, ZeroDivisionError, TypeError):
                continue  # a missing input: nothing to compare
            if isinstance(stated, (int, float)) and abs(computed - stated) > check.tolerance + 1e-9:
                problems.add(path, f"row {row.line}, column {check.field}",
                             f"is {stated:g} but {check.formula} = {computed:.4g} (tolerance {check.tolerance:g})")
