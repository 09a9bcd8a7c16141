"""The audience table: one row per audience, read with the project's table reader and cell checks.

Columns: `id` (names the audience's files), `languages` (empty: every language of the report),
`audience` or `audience_<lang>` (the audience's name, `params.audience` in the text), and one column
per parameter the report declares (empty: the parameter's default).

A problem with the table as a whole (a missing or unknown column, an id that is empty, repeated or
cannot name a file) stops the burst before anything is built. A bad cell in one row fails that
audience alone: its message, naming the file, row and column, goes to the manifest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Collector, fail, problem
from reportgen.inputs.cells import Value, cell_reader
from reportgen.inputs.descriptor import FieldSpec
from reportgen.inputs.params import AUDIENCE, param_field
from reportgen.inputs.spec import Report
from reportgen.inputs.tablefile import read_table

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
MAX_AUDIENCES = 100_000
NAME_FIELD = FieldSpec(name=AUDIENCE, type="string")  # required per language: checked after reading


@dataclass(frozen=True)
class Audience:
    """One row of the table: who it is, in which languages, with which parameter values."""

    id: str
    line: int  # its row in the table (the header is row 1)
    langs: tuple[str, ...]
    values: Mapping[str, Value]  # parameter -> value; `audience` and `audience_<lang>`: the name
    cells: tuple[tuple[str, str], ...]  # (column, cell as written): what the audience's outputs depend on
    error: str | None = None  # a bad cell: the audience fails alone, with this message

    @property
    def name(self) -> str:
        """The audience's name, as the first language reads it (for the summary and the manifest)."""
        for lang in self.langs:
            named = self.values.get(f"{AUDIENCE}_{lang}")
            if named:
                return str(named)
        return str(self.values.get(AUDIENCE) or self.id)


def read_audiences(path: Path, report: Report) -> list[Audience]:
    """Every audience of the table; raise ReportgenError for a problem with the table as a whole."""
    raw = read_table(path)
    columns = _columns(path, raw.header, report)
    if not raw.rows:
        raise fail(path, "", "has a header but no audiences; expected one row per audience")
    if len(raw.rows) > MAX_AUDIENCES:
        raise fail(path, "", f"lists {len(raw.rows):,} audiences; a burst builds at most {MAX_AUDIENCES:,}")
    position = {h: i for i, h in enumerate(raw.header)}
    readers = {name: cell_reader(spec, ("",)) for name, spec in columns.items()}
    ids = Collector()
    seen: dict[str, int] = {}
    audiences = []
    for line, cells in raw.rows:
        text = {h: ("" if i >= len(cells) else str(cells[i]).strip()) for h, i in position.items()}
        audience_id = text["id"]
        if not ID_PATTERN.fullmatch(audience_id):
            ids.add(path, f"row {line}, column id", f"got {audience_id!r}; expected an id that can name a file: letters, digits, "
                    "'_' or '-', starting with a letter or digit, at most 64 characters")
            continue
        if audience_id in seen:
            ids.add(path, f"row {line}, column id", f"audience {audience_id!r} is listed twice (first in row {seen[audience_id]}); "
                    "ids must be unique")
            continue
        seen[audience_id] = line
        audiences.append(_audience(path, line, audience_id, text, cells, position, readers, report))
    ids.raise_if_any()
    return audiences


def _columns(path: Path, header: list[str], report: Report) -> dict[str, FieldSpec]:
    """The columns besides `id` and `languages`, each with the field its cells are read as."""
    names = [f"{AUDIENCE}_{lang}" for lang in report.languages]
    known: dict[str, FieldSpec] = {AUDIENCE: NAME_FIELD, **{n: NAME_FIELD.model_copy(update={"name": n}) for n in names}}
    known.update({p.name: param_field(p) for p in report.params})
    expected = ["id", "languages", *known]
    problems = Collector()
    for column in header:
        if column not in expected:
            problems.add(path, f"row 1 (header), column {column!r}", f"unknown column; expected: {', '.join(expected)} "
                         "(a parameter must be declared under params: in report.yaml)")
    if "id" not in header:
        problems.add(path, "row 1 (header)", "no `id` column; expected one id per audience, which names its files")
    if AUDIENCE not in header and not all(n in header for n in names):
        problems.add(path, "row 1 (header)", f"no `{AUDIENCE}` column (the audience's name), nor one per language: {', '.join(names)}")
    repeated = sorted({c for c in header if header.count(c) > 1})
    for column in repeated:
        problems.add(path, "row 1 (header)", f"column {column!r} appears twice")
    problems.raise_if_any()
    return {c: spec for c, spec in known.items() if c in header}


def _audience(path: Path, line: int, audience_id: str, text: Mapping[str, str], cells: list[object],
              position: Mapping[str, int], readers: Mapping, report: Report) -> Audience:
    errors = []
    values: dict[str, Value] = {}
    for column, read in readers.items():
        i = position[column]
        try:
            value = read(cells[i] if i < len(cells) else "")
        except ValueError as exc:
            errors.append(str(problem(path, f"row {line}, column {column}", str(exc))))
            continue
        if value is not None:
            values[column] = value
    langs = tuple(re.split(r"[\s,;]+", text.get("languages", ""))) if text.get("languages") else tuple(report.languages)
    unknown = [lang for lang in langs if lang not in report.languages]
    if unknown:
        errors.append(str(problem(path, f"row {line}, column languages", f"got {', '.join(map(repr, unknown))}; expected "
                                  f"languages of the report: {', '.join(report.languages)} (several separated by spaces)")))
    for lang in langs:
        if not values.get(AUDIENCE) and not values.get(f"{AUDIENCE}_{lang}") and not errors:
            errors.append(str(problem(path, f"row {line}, column {AUDIENCE}_{lang}", "a value is required here, but the cell "
                                      f"is empty (the audience's name in {lang})")))
    written = tuple(sorted(text.items()))
    return Audience(audience_id, line, tuple(dict.fromkeys(langs)), values, written, "\n".join(errors) or None)
