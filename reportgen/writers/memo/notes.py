"""Endnotes: every source the memo cites gets one number, in the order the reader meets it.

Narrative text is rendered before the memo sees it, so the figures a paragraph names are found in
its template (`data.<table>.<row>...`) and traced to the sources of those rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.inputs.dataset import Dataset
from reportgen.inputs.yamlio import YamlDocument, format_loc, load_yaml
from reportgen.narrative.texts import text_files
from reportgen.wording.figures import row_sources

_DOTTED = re.compile(r"\bdata\s*\.\s*([a-z][a-z0-9_]*)(?:\s*\.\s*([A-Za-z0-9_]+))?")
_INDEXED = re.compile(r"\bdata\s*\[\s*['\"]([a-z][a-z0-9_]*)['\"]\s*\](?:\s*\[\s*['\"]([A-Za-z0-9_]+)['\"]\s*\])?")


def template_refs(template: str) -> list[tuple[str, str | None]]:
    """`(table, row id)` for every figure a template names; row id None when it names a whole table."""
    found = [(m.start(), m.group(1), m.group(2)) for rx in (_DOTTED, _INDEXED) for m in rx.finditer(template)]
    return [(table, row) for _, table, row in sorted(found)]


def template_sources(template: str, dataset: Dataset) -> list[str]:
    """Source ids behind the figures a template names, in the order it names them."""
    seen: dict[str, None] = {}
    for table_name, row_id in template_refs(template):
        table = dataset.tables.get(table_name)
        if table is None:
            continue
        row = table.by_id().get(row_id) if row_id else None
        for source in row_sources([row] if row is not None else table.rows):
            seen.setdefault(source, None)
    return list(seen)


@dataclass(frozen=True)
class RawText:
    """The unrendered text files of one language: templates, and where each key is written."""

    docs: tuple[YamlDocument, ...]

    def _find(self, key: str) -> tuple[YamlDocument, tuple, Any] | None:
        loc = tuple(key.split("."))
        for doc in self.docs:
            node: Any = doc.data
            for part in loc:
                if not isinstance(node, dict) or part not in node:
                    break
                node = node[part]
            else:
                return doc, loc, node
        return None

    def template(self, key: str, index: int | None = None) -> str:
        """The template text of `key` (item `index` of a list); '' when the key is not written."""
        found = self._find(key)
        if found is None:
            return ""
        node = found[2]
        if index is not None:
            node = node[index] if isinstance(node, list) and index < len(node) else ""
        return _flatten(node)

    def place(self, key: str, index: int | None = None, fallback: Path | None = None) -> tuple[Path | str, str]:
        """`(file, "key[index] (line n)")` for error messages."""
        found = self._find(key)
        loc = tuple(key.split(".")) + ((index,) if index is not None else ())
        if found is None:
            return (fallback or "text", format_loc(loc))
        line = found[0].line_of(loc)
        return found[0].path, format_loc(loc) + (f" (line {line})" if line else "")


def _flatten(node: Any) -> str:
    if isinstance(node, dict):
        return " ".join(_flatten(v) for v in node.values())
    if isinstance(node, list):
        return " ".join(_flatten(v) for v in node)
    return "" if node is None else str(node)


def load_raw_text(report_folder: Path, lang: str) -> RawText:
    return RawText(tuple(load_yaml(path) for path in text_files(report_folder, lang)))


@dataclass
class Notes:
    """Source id -> endnote number, assigned on first citation."""

    numbers: dict[str, int] = field(default_factory=dict)

    def cite(self, source_ids: Iterable[str]) -> list[int]:
        cited = []
        for source in source_ids:
            number = self.numbers.setdefault(source, len(self.numbers) + 1)
            if number not in cited:
                cited.append(number)
        return cited

    @property
    def sources(self) -> list[str]:
        return list(self.numbers)


def note_key(number: int) -> str:
    return f"note-{number}"
